"""The fleet audit's progress file: written atomically as accounts finish (from many threads),
read back by the action plugin, one line per report."""

import threading

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import progress


def test_progress_file_counts_accounts_and_errors_from_threads(tmp_path):
    path = str(tmp_path / "progress.json")
    tracker = progress.ProgressFile(path, 40)
    assert progress.read(path) == {"total": 40, "done": 0, "errors": 0}
    results = [{"error": "AccessDenied" if i % 10 == 0 else None} for i in range(40)]
    threads = [threading.Thread(target=tracker.account_done, args=(r,)) for r in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert progress.read(path) == {"total": 40, "done": 40, "errors": 4}
    assert [p.name for p in tmp_path.iterdir()] == ["progress.json"]  # no temporary file left


def test_read_of_a_missing_or_broken_file_is_none(tmp_path):
    assert progress.read(str(tmp_path / "none.json")) is None
    (tmp_path / "broken.json").write_text('{"total": ')
    assert progress.read(str(tmp_path / "broken.json")) is None


@pytest.mark.parametrize(
    ("state", "elapsed", "text"),
    [
        ({"total": 500, "done": 120, "errors": 3}, 45.7, "baseline.iam.audit: 120/500 accounts audited (24%), 3 with errors, 45 s"),
        ({"total": 4, "done": 4, "errors": 0}, 2, "baseline.iam.audit: 4/4 accounts audited (100%), 0 with errors, 2 s"),
        ({"total": 0, "done": 0, "errors": 0}, 0, "baseline.iam.audit: 0/0 accounts audited (100%), 0 with errors, 0 s"),
    ],
)
def test_line(state, elapsed, text):
    assert progress.line(state, elapsed) == text


def test_an_account_opened_but_not_fully_read_counts_as_an_error(tmp_path):
    """docs/drift-audit.md: errors are accounts that could not be opened (ACCT.ACCESS) or read (a
    source ERROR). An account whose every source was read does not count."""
    path = str(tmp_path / "progress.json")
    tracker = progress.ProgressFile(path, 3)
    summary = {"by_status": {"PASS": 5, "FAIL": 2, "ERROR": 0}}
    tracker.account_done({"error": None, "summary": summary})
    tracker.account_done({"error": None, "summary": {"by_status": dict(summary["by_status"], ERROR=1)}})
    tracker.account_done({"error": "AccessDenied", "summary": {"by_status": {"ERROR": 1}}})
    assert progress.read(path) == {"total": 3, "done": 3, "errors": 2}
