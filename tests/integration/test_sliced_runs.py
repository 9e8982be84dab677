"""Sliced and distributed drift runs (issue 15) through the real playbooks: several
`baseline.iam.drift` processes over disjoint parts of the inventory write into one results store
under one run id, and `baseline.iam.report` puts the run back together.

- the merged findings of a sliced run equal an unsliced run's (ignoring times), local and S3 store;
- a slice that did not report, or an inventory account nobody reported, fails the verdict even
  when nothing else would;
- bad store settings, a malformed run id, an unknown bucket or AccessDenied stop the drift before
  any account is audited (no call reaches any account);
- the previous run is read from the store; the run id reaches the next job of an AWX workflow.
"""

import json
from pathlib import Path

import pytest

from tests.support.playbook import run_playbook, write_inventory
from tests.support.results import local_store

AUDIT = {"require_access_analyzer": False, "require_cloudtrail": False}
WAIVE_ALL = [{"control": "*", "reason": "test: nothing may fail but the run itself", "expires": "2099-12-31"}]
TIMES = ("evidence_time",)
REPORT_FAIL = "baseline.iam.report : RUN | REPORT | Fail the run on FAIL/ERROR at or above the threshold"
_buckets = iter(range(10_000))


def seed(account, weak):
    iam = account.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=8 if weak else 14)
    iam.create_user(UserName="alice-%s" % account.account_id)


@pytest.fixture()
def accounts(simulator):
    created = [simulator.new_account() for _n in range(4)]
    for index, account in enumerate(created):
        seed(account, weak=index % 2 == 0)
    return created


def drift(simulator, inventory, reports, limit=None, **extra):
    extra_vars = {"iam_baseline_audit": AUDIT, "iam_baseline_report_dir": str(reports), "iam_baseline_fleet": True, **extra}
    if limit:  # the reports' play runs on localhost: a --limit must name it too
        limit = ",".join(["acct_%s" % a.account_id for a in limit] + ["localhost"])
    return run_playbook("baseline.iam.drift", simulator.env(), inventory=inventory, extra_vars=extra_vars, limit=limit)


def report(simulator, reports, inventory=None, **extra):
    extra_vars = {"iam_baseline_report_dir": str(reports), **extra}
    return run_playbook("baseline.iam.report", simulator.env(), inventory=inventory, extra_vars=extra_vars)


def findings(reports):
    document = json.loads((Path(reports) / "findings.json").read_text())
    return document, sorted(
        tuple(sorted((k, json.dumps(v, sort_keys=True)) for k, v in f.items() if k not in TIMES)) for f in document["findings"]
    )


def test_four_slices_equal_one_run_local_store(simulator, accounts, tmp_path):
    inventory = write_inventory(tmp_path / "inventory.yml", accounts)
    store = {"iam_baseline_results": {"dir": str(tmp_path / "store")}}
    whole = drift(simulator, inventory, tmp_path / "whole", **store)
    assert whole.rc != 0 and (tmp_path / "whole" / "findings.json").is_file()

    for number, account in enumerate(accounts, start=1):
        mode = {"iam_baseline_fleet": number % 2 == 0}  # per host and fleet slices mixed
        part = drift(simulator, inventory, tmp_path / ("slice%d" % number), limit=[account], iam_baseline_run_id="nightly-1",
                     iam_baseline_slice="%d/4" % number, **mode, **store)  # fmt: skip
        assert (tmp_path / ("slice%d" % number) / "findings.json").is_file(), part.output[-3000:]
        own, _rows = findings(tmp_path / ("slice%d" % number))
        assert [a["account_id"] for a in own["accounts"]] == [account.account_id]  # a slice reports its own accounts
        assert own["run"]["slice"] == "%d-of-4" % number

    merged = report(simulator, tmp_path / "merged", inventory, iam_baseline_run_id="nightly-1", iam_baseline_slice_count=4, **store)
    assert merged.rc != 0  # the weak accounts FAIL: not the run
    document, rows = findings(tmp_path / "merged")
    assert document["run"]["complete"] is True and document["run"]["problems"] == []
    assert [s["key"] for s in document["run"]["slices"]] == ["1-of-4", "2-of-4", "3-of-4", "4-of-4"]
    whole_document, whole_rows = findings(tmp_path / "whole")
    assert rows == whole_rows and len(rows) > 4 * 10
    assert document["summary"]["by_status"] == whole_document["summary"]["by_status"]
    assert "Drift check FAILED" in merged.result(REPORT_FAIL)["msg"]


def test_two_slices_on_s3_equal_one_run_and_kms_encrypts_every_object(simulator, accounts, tmp_path):
    bucket = "iam-sliced-%d" % next(_buckets)
    s3 = simulator.default_client("s3")
    s3.create_bucket(Bucket=bucket)
    key = simulator.default_client("kms").create_key()["KeyMetadata"]["KeyId"]
    store = {"iam_baseline_results": {"s3_bucket": bucket, "s3_prefix": "drift", "kms_key_id": key}}
    inventory = write_inventory(tmp_path / "inventory.yml", accounts)
    drift(simulator, inventory, tmp_path / "whole", **store)
    for number, part in ((1, accounts[:2]), (2, accounts[2:])):
        drift(
            simulator,
            inventory,
            tmp_path / ("slice%d" % number),
            limit=part,
            iam_baseline_run_id="s3-run",
            iam_baseline_slice="%d/2" % number,
            **store,
        )
    merged = report(simulator, tmp_path / "merged", inventory, iam_baseline_run_id="s3-run", **store)
    assert "Drift check FAILED" in merged.result(REPORT_FAIL)["msg"]
    assert findings(tmp_path / "merged")[1] == findings(tmp_path / "whole")[1]
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="drift/runs/s3-run/")["Contents"]]
    assert len(keys) == 4 + 2  # an object per account, a manifest per slice
    for name in keys:
        assert s3.head_object(Bucket=bucket, Key=name)["SSEKMSKeyId"] == key
    assert not (tmp_path / "merged" / "results").exists()  # nothing local: the store is the bucket


def test_a_missing_slice_fails_a_run_that_would_otherwise_pass(simulator, accounts, tmp_path):
    inventory = write_inventory(tmp_path / "inventory.yml", accounts)
    store = {"iam_baseline_results": {"dir": str(tmp_path / "store")}, "iam_baseline_exemptions": WAIVE_ALL}
    for number in (1, 2, 4):  # slice 3 never runs
        part = drift(simulator, inventory, tmp_path / ("slice%d" % number), limit=[accounts[number - 1]],
                     iam_baseline_run_id="gappy", iam_baseline_slice="%d/4" % number, **store)  # fmt: skip
        assert part.rc == 0, part.output[-3000:]  # every finding waived: each slice passes on its own
    merged = report(simulator, tmp_path / "merged", iam_baseline_run_id="gappy", **store)
    assert merged.rc != 0
    verdict = merged.result(REPORT_FAIL)["msg"]
    assert verdict.startswith("Drift check INCOMPLETE: slice 3 of 4 did not report;")
    document, _rows = findings(tmp_path / "merged")
    assert document["run"]["complete"] is False and document["run"]["problems"] == ["slice 3 of 4 did not report"]
    assert "slice 3 of 4 did not report" in (tmp_path / "merged" / "report.md").read_text()
    assert "slice 3 of 4 did not report" in (tmp_path / "merged" / "report.html").read_text()

    # With the inventory, the account of the missing slice is an ERROR finding of its own.
    merged = report(simulator, tmp_path / "with-inventory", inventory, iam_baseline_run_id="gappy", **store)
    document, _rows = findings(tmp_path / "with-inventory")
    (missing,) = [f for f in document["findings"] if f["account_id"] == accounts[2].account_id]
    assert (missing["control_id"], missing["status"], missing["actual"]) == ("ACCT.ACCESS", "ERROR", "NotReported")
    assert document["run"]["problems"][-1] == "1 account(s) of the inventory were not reported by any slice: %s" % accounts[2].account_id

    # The same run with its last slice: complete, and it passes.
    drift(simulator, inventory, tmp_path / "slice3", limit=[accounts[2]], iam_baseline_run_id="gappy", iam_baseline_slice="3/4", **store)
    assert report(simulator, tmp_path / "complete", inventory, iam_baseline_run_id="gappy", **store).rc == 0


def test_an_unfinished_slice_is_never_taken_for_complete(simulator, accounts, tmp_path):
    inventory = write_inventory(tmp_path / "inventory.yml", accounts[:1])
    store_dir = tmp_path / "store"
    store = {"iam_baseline_results": {"dir": str(store_dir)}, "iam_baseline_exemptions": WAIVE_ALL}
    assert drift(simulator, inventory, tmp_path / "done", iam_baseline_run_id="done", **store).rc == 0
    # A slice that started and never closed (its process was killed): only its manifest is there.
    from ansible_collections.baseline.iam.plugins.module_utils._results import slices as _slices

    _slices.open_slice(local_store(store_dir), "killed", {"key": "1-of-1", "number": 1, "count": 1}, [], "2099-01-01T00:00:00Z")
    latest = report(simulator, tmp_path / "latest", **store)
    assert latest.rc == 0 and findings(tmp_path / "latest")[0]["run"]["run_id"] == "done"  # the latest complete run
    named = report(simulator, tmp_path / "named", iam_baseline_run_id="killed", **store)
    assert named.rc != 0
    assert "Nothing was audited" in named.output  # a partial run with no account: no report, never a pass
    assert not (tmp_path / "named" / "findings.json").exists()


@pytest.mark.parametrize(
    ("extra", "field", "problem"),
    [
        ({"iam_baseline_run_id": "../../etc"}, "iam_baseline_run_id", "is not a run id"),
        ({"iam_baseline_slice": "5/4"}, "iam_baseline_slice", "slice 5 of 4 does not exist"),
        ({"iam_baseline_results": {"s3_bucket": "Bad_Name"}}, "iam_baseline_results.s3_bucket", "is not a valid S3 bucket name"),
        ({"iam_baseline_results": {"s3_bucket": "no-such-results-bucket"}}, "iam_baseline_results.s3_bucket", "does not exist"),
        ({"iam_baseline_results": {"bucket": "x"}}, "iam_baseline_results.bucket", "unknown key"),
    ],
)
def test_bad_store_settings_stop_the_drift_before_any_account_is_audited(simulator, accounts, tmp_path, extra, field, problem):
    inventory = write_inventory(tmp_path / "inventory.yml", accounts[:2])
    for fleet in (False, True):
        mark = simulator.proxy.mark()
        result = drift(simulator, inventory, tmp_path / "reports", iam_baseline_fleet=fleet, **extra)
        assert result.rc != 0
        assert "%s: " % field in result.output and problem in result.output, result.output[-3000:]
        assert [c for c in simulator.proxy.calls_since(mark) if c["account"] in {a.account_id for a in accounts}] == []
        assert not (tmp_path / "reports" / "findings.json").exists()


@pytest.mark.parametrize("action", ["HeadBucket", "PutObject"])
def test_access_denied_on_the_bucket_stops_the_drift_before_any_account_is_audited(simulator, accounts, tmp_path, action):
    bucket = "iam-denied-%d" % next(_buckets)
    simulator.default_client("s3").create_bucket(Bucket=bucket)
    inventory = write_inventory(tmp_path / "inventory.yml", accounts[:2])
    simulator.proxy.fail(action, "AccessDenied", status=403, service="s3")
    mark = simulator.proxy.mark()
    try:
        result = drift(simulator, inventory, tmp_path / "reports", iam_baseline_results={"s3_bucket": bucket})
    finally:
        simulator.proxy.clear_faults()
    assert result.rc != 0
    assert "iam_baseline_results: cannot" in result.output and "access denied" in result.output
    assert [c for c in simulator.proxy.calls_since(mark) if c["account"] in {a.account_id for a in accounts}] == []
    assert not (tmp_path / "reports" / "findings.json").exists()


def test_the_previous_run_comes_from_the_store(simulator, accounts, tmp_path):
    account = accounts[0]  # MinimumPasswordLength 8: PP.MIN_LENGTH FAIL
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    store = {"iam_baseline_results": {"dir": str(tmp_path / "store")}}
    drift(simulator, inventory, tmp_path / "first", iam_baseline_run_id="day-1", **store)
    account.client("iam").update_account_password_policy(MinimumPasswordLength=14)
    drift(simulator, inventory, tmp_path / "second", iam_baseline_run_id="day-2", **store)
    document, _rows = findings(tmp_path / "second")
    assert document["run"]["previous_run_id"] == "day-1"
    markdown = (tmp_path / "second" / "report.md").read_text()
    assert "### Changes since " in markdown and "**0 new, 1 fixed**" in markdown
    assert "`PP.MIN_LENGTH`" in markdown.split("#### Fixed")[1]
    none = drift(simulator, inventory, tmp_path / "third", iam_baseline_run_id="day-3", iam_baseline_compare_with="none", **store)
    assert none.rc != 0 and "Changes since" not in (tmp_path / "third" / "report.md").read_text()


def test_awx_slices_share_the_workflow_run_id_and_hand_it_on(simulator, accounts, tmp_path):
    inventory = write_inventory(tmp_path / "inventory.yml", accounts)
    store = {"iam_baseline_results": {"dir": str(tmp_path / "store")}, "iam_baseline_slice_count": 3}
    for job, part in ((101, accounts[:2]), (102, accounts[2:])):
        result = drift(simulator, inventory, tmp_path / str(job), limit=part, awx_job_id=job, awx_workflow_job_id=4711, **store)
        stats = result.result("baseline.iam.audit : RUN | STORE | Hand the run id to the next job of an AWX workflow")
        assert stats["ansible_stats"]["data"] == {"iam_baseline_run_id": "awx-4711"}
        assert findings(tmp_path / str(job))[0]["run"]["slice"] == "awx-job-%d" % job
    merged = report(simulator, tmp_path / "merged", inventory, iam_baseline_run_id="awx-4711", **store)
    assert merged.rc != 0
    assert "2 of 3 slices reported (awx-job-101, awx-job-102); the others did not" in merged.result(REPORT_FAIL)["msg"]
