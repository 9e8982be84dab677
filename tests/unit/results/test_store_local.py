"""The results store on a local directory: account objects, slice manifests, runs, and opening and
closing a slice (the S3 backend is tested against the simulator's S3 in
tests/integration/test_results_store.py, through the same functions)."""

import gzip
import json
import os

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._results import manifest as _manifest
from ansible_collections.baseline.iam.plugins.module_utils._results import records as _records
from ansible_collections.baseline.iam.plugins.module_utils._results import settings as _settings
from ansible_collections.baseline.iam.plugins.module_utils._results import slices as _slices
from ansible_collections.baseline.iam.plugins.module_utils._results.errors import ResultsError
from ansible_collections.baseline.iam.plugins.module_utils._results.store import open_store
from tests.support import report_samples as samples

T0, T1 = "2026-11-27T12:00:00Z", "2026-11-27T12:05:00Z"
WHOLE = {"key": "all", "number": None, "count": None}


@pytest.fixture()
def store(tmp_path):
    return open_store(_settings.normalize({}, tmp_path / "reports"))


def own(account_id):
    return [f for f in samples.sample_findings() if f["account_id"] == account_id]


def head(account_id, status="audited"):
    return _records.header("run-1", account_id, status, evidence_time=samples.EVIDENCE, api_calls={"GetCredentialReport": 1})


def test_an_account_object_is_gzip_json_lines_header_first_findings_sorted(store, tmp_path):
    findings = list(reversed(own(samples.PROD)))
    key = store.write_account("run-1", head(samples.PROD), findings)
    assert key == "runs/run-1/accounts/%s.jsonl.gz" % samples.PROD
    path = tmp_path / "reports" / "results" / key
    lines = [json.loads(line) for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()]
    assert lines[0]["record"] == "account" and lines[0]["summary"]["total"] == len(findings) == len(lines) - 1
    document = samples.sample_document()
    assert lines[1:] == [f for f in document["findings"] if f["account_id"] == samples.PROD]  # the report's order
    assert oct(path.stat().st_mode & 0o777) == "0o640" and oct(path.parent.stat().st_mode & 0o777) == "0o750"
    with store.account("run-1", samples.PROD) as (header, stream):
        assert header["api_calls"] == {"GetCredentialReport": 1}
        assert list(stream) == lines[1:]
    assert store.write_account("run-1", head(samples.PROD), findings) == key  # same bytes again: mtime 0
    assert gzip.decompress(path.read_bytes()) == gzip.decompress(path.read_bytes())


def test_bad_findings_are_refused_before_anything_is_written(store, tmp_path):
    broken = own(samples.DEV)
    del broken[2]["status"]
    with pytest.raises(ValueError, match="missing status"):
        store.write_account("run-1", head(samples.DEV), broken)
    assert store.account_ids("run-1") == []


def test_account_ids_are_listed_sorted_and_any_name_survives_the_key(store):
    for account_id in (samples.SANDBOX, samples.PROD, "host/with odd%name"):
        store.write_account("run-1", head(account_id), [])
    assert store.account_ids("run-1") == sorted([samples.SANDBOX, samples.PROD, "host/with odd%name"])
    assert store.account_ids("run-2") == []
    with pytest.raises(ResultsError, match="run run-1 has no results for account 999"):
        store.account_header("run-1", "999")


def test_a_corrupt_object_is_an_error_not_an_empty_account(store, tmp_path):
    store.write_account("run-1", head(samples.PROD), own(samples.PROD))
    path = tmp_path / "reports" / "results" / store.account_key("run-1", samples.PROD)
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(ResultsError, match="is not a readable results object"), store.account("run-1", samples.PROD) as (_h, findings):
        list(findings)


def hosts():
    return [
        {"name": "prod", "account_id": samples.PROD, "has_session": True, "baseline_hash": "aa"},
        {"name": "locked", "account_id": samples.LOCKED, "session_error": samples.SESSION_ERROR},
        {"name": "half", "account_id": "777777777777", "has_session": True},
        {"name": "facts", "account_id": samples.DEV, "findings": own(samples.DEV)},
    ]


def test_open_then_close_a_slice_writes_an_error_for_every_account_without_results(store):
    opened = _slices.open_slice(store, "run-1", WHOLE, hosts(), T0)
    assert opened["status"] == "started" and [a["account_id"] for a in opened["accounts"]] == sorted(
        [samples.PROD, samples.LOCKED, "777777777777", samples.DEV]
    )
    assert _manifest.evaluate(store.slices("run-1"))["problems"] == ["the run did not finish (started %s)" % T0]
    store.write_account("run-1", head(samples.PROD), own(samples.PROD))  # what the audit writes

    closed = _slices.close_slice(store, "run-1", "all", hosts(), T1)
    assert closed["status"] == "complete" and closed["finished_at"] == T1 and closed["baseline_hashes"] == ["aa"]
    assert store.account_ids("run-1") == sorted([samples.PROD, samples.LOCKED, "777777777777", samples.DEV])
    codes = {}
    for account_id in store.account_ids("run-1"):
        with store.account("run-1", account_id) as (header, findings):
            codes[account_id] = (header["status"], header["error"], [(f["control_id"], f["status"]) for f in findings][:1])
    assert codes[samples.LOCKED] == ("not_audited", "AccessDenied", [("ACCT.ACCESS", "ERROR")])
    assert codes["777777777777"] == ("not_audited", "NotAudited", [("ACCT.ACCESS", "ERROR")])
    assert codes[samples.DEV][0] == "audited" and codes[samples.PROD][0] == "audited"
    assert _manifest.evaluate(store.slices("run-1"), store.account_ids("run-1")) == {"complete": True, "problems": [], "count": None}


def test_closing_a_slice_that_was_never_opened_fails(store):
    with pytest.raises(ResultsError, match="run run-1 has no slice all"):
        _slices.close_slice(store, "run-1", "all", hosts(), T1)


def test_runs_and_the_latest_complete_one(store):
    for run_id, start, end in (("r-old", "2026-11-01T00:00:00Z", "2026-11-01T00:10:00Z"), ("r-new", T0, T1), ("r-partial", T1, None)):
        _slices.open_slice(store, run_id, WHOLE, hosts()[:1], start)
        store.write_account(run_id, head(samples.PROD), [])
        if end:
            _slices.close_slice(store, run_id, "all", hosts()[:1], end)
    assert sorted(store.run_ids()) == ["r-new", "r-old", "r-partial"]
    assert store.latest_complete() == "r-new"  # the partial run is never taken for a complete one
    assert store.latest_complete(exclude=("r-new",)) == "r-old"
    assert store.latest_complete(started_before=T0) == "r-old"


def test_an_unwritable_directory_is_refused(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a directory")
    with pytest.raises(ResultsError) as error:
        open_store(_settings.normalize({"dir": str(blocked / "results")})).check()
    assert error.value.field == "iam_baseline_results.dir"
    if os.geteuid() != 0:
        readonly = tmp_path / "ro"
        readonly.mkdir(mode=0o500)
        with pytest.raises(ResultsError, match="is not writable"):
            open_store(_settings.normalize({"dir": str(readonly)})).check()
