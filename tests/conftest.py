"""Shared pytest set-up: import paths, the offline guard, the simulator fixtures, and the check
that a test run writes nothing into the source tree."""

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# ansible_collections.* imports resolve through the collections dir that `make setup` made
# (the second test leg points ANSIBLE_COLLECTIONS_PATH at its own).
COLLECTIONS = Path(os.environ.get("ANSIBLE_COLLECTIONS_PATH") or REPO / ".collections")
for path in (str(REPO), str(COLLECTIONS)):
    if path not in sys.path:
        sys.path.insert(0, path)

from tests.support.guard import offline_environment  # noqa: E402
from tests.support.simulator import Simulator  # noqa: E402
from tests.support.tree import tree_changes, tree_state  # noqa: E402


def pytest_configure(config):
    # In-process boto3 (test set-up code) is kept offline too, before any simulator exists.
    os.environ.update(offline_environment("http://127.0.0.1:9"))


TREE_BEFORE = pytest.StashKey()


def _is_xdist_worker(config):
    return hasattr(config, "workerinput")


def pytest_sessionstart(session):
    # Once per run: in the main process (xdist workers run inside its session).
    if not _is_xdist_worker(session.config):
        session.config.stash[TREE_BEFORE] = tree_state(REPO)


def pytest_sessionfinish(session, exitstatus):
    before = session.config.stash.get(TREE_BEFORE, None)
    if before is None or _is_xdist_worker(session.config):
        return
    changed = tree_changes(before, tree_state(REPO) or {})
    if changed:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (
            "The test run wrote into the source tree (tests must write into tmp_path; files you "
            "edited yourself during the run are listed too):\n  " + "\n  ".join(changed)
        )
        if reporter:
            reporter.write_line("")
            reporter.write_sep("!", "source tree changed", red=True, bold=True)
            reporter.write_line(message, red=True)
        else:
            sys.stderr.write(message + "\n")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def simulator():
    """One simulator per test process (per xdist worker); tests isolate by account."""
    sim = Simulator().start()
    os.environ.update(sim.env())
    yield sim
    sim.stop()


@pytest.fixture()
def account(simulator):
    """A fresh simulated account with credentials in it."""
    return simulator.new_account()
