"""Shared pytest set-up: import paths, the offline guard, and the simulator fixtures."""

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


def pytest_configure(config):
    # In-process boto3 (test set-up code) is kept offline too, before any simulator exists.
    os.environ.update(offline_environment("http://127.0.0.1:9"))


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
