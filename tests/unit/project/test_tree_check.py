"""The check conftest.py runs around every test session: what a test writes into the checkout
(new, ignored, rewritten or deleted files) is found; the tools' caches and tests/output are not."""

import os
import subprocess

import pytest

from tests.support.tree import tree_changes, tree_state


@pytest.fixture()
def checkout(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / ".gitignore").write_text("/reports/\n/tests/output/\n__pycache__/\n")
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "playbooks" / "apply.yml").write_text("---\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text("")
    (tmp_path / "edited.txt").write_text("work in progress\n")
    git("add", ".gitignore", "playbooks", "tests")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "init")
    return tmp_path


def test_a_clean_run_changes_nothing(checkout):
    before = tree_state(checkout)
    assert "edited.txt" in before  # the developer's own untracked file is part of the state
    (checkout / "__pycache__").mkdir()
    (checkout / "tests" / "output").mkdir(parents=True)
    (checkout / "tests" / "output" / "screenshot.png").write_bytes(b"png")
    assert tree_changes(before, tree_state(checkout)) == []


def test_writes_into_the_checkout_are_found(checkout):
    before = tree_state(checkout)
    (checkout / "reports").mkdir()  # ignored by git, still a write into the tree
    (checkout / "reports" / "changes.json").write_text("{}")
    (checkout / "playbooks" / "reports").mkdir()
    (checkout / "playbooks" / "reports" / "changes.md").write_text("#")
    (checkout / "playbooks" / "apply.yml").write_text("--- # changed\n")
    assert tree_changes(before, tree_state(checkout)) == ["playbooks/apply.yml", "playbooks/reports/", "reports/"]


def test_a_rewritten_file_that_was_already_changed_is_found(checkout):
    before = tree_state(checkout)
    edited = checkout / "edited.txt"
    edited.write_text("overwritten by a test\n")
    mtime = before["edited.txt"][1]
    os.utime(edited, ns=(mtime + 10**9, mtime + 10**9))  # a filesystem with coarse timestamps
    assert tree_changes(before, tree_state(checkout)) == ["edited.txt"]


def test_outside_a_checkout_there_is_no_state(tmp_path):
    assert tree_state(tmp_path) is None
