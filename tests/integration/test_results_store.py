"""The results store on the simulator's S3 (the same functions as the local-directory tests in
tests/unit/results), SSE-KMS read back from the objects, unknown buckets and AccessDenied answered
as AWS does (through the test proxy), and the audit module writing into the store."""

import gzip
import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._results import records as _records
from ansible_collections.baseline.iam.plugins.module_utils._results import settings as _settings
from ansible_collections.baseline.iam.plugins.module_utils._results import slices as _slices
from ansible_collections.baseline.iam.plugins.module_utils._results.errors import ResultsError
from ansible_collections.baseline.iam.plugins.module_utils._results.store import open_store
from tests.support import report_samples as samples
from tests.support.playbook import run_tasks

T0, T1 = "2026-11-27T12:00:00Z", "2026-11-27T12:05:00Z"
WHOLE = {"key": "all", "number": None, "count": None}
AUDIT = {"require_access_analyzer": False, "require_cloudtrail": False}
_buckets = iter(range(10_000))


@pytest.fixture()
def bucket(simulator):
    name = "iam-results-%d" % next(_buckets)
    simulator.default_client("s3").create_bucket(Bucket=name)
    return name


@pytest.fixture()
def kms_key(simulator):
    return simulator.default_client("kms").create_key(Description="results")["KeyMetadata"]["Arn"]


def s3_store(bucket, **extra):
    return open_store(_settings.normalize(dict({"s3_bucket": bucket, "s3_prefix": "drift/prod"}, **extra)))


def objects(simulator, bucket):
    answer = simulator.default_client("s3").list_objects_v2(Bucket=bucket)
    return sorted(o["Key"] for o in answer.get("Contents", []))


def own(account_id):
    return [f for f in samples.sample_findings() if f["account_id"] == account_id]


def test_accounts_slices_and_runs_on_s3_encrypted_with_the_kms_key(simulator, bucket, kms_key):
    store = s3_store(bucket, kms_key_id=kms_key)
    hosts = [
        {"name": "prod", "account_id": samples.PROD, "has_session": True},
        {"name": "dev", "account_id": samples.DEV, "has_session": True},
    ]
    mark = simulator.proxy.mark()
    _slices.open_slice(store, "run-1", WHOLE, hosts, T0)
    for account_id in (samples.PROD, samples.DEV):
        store.write_account("run-1", _records.header("run-1", account_id, "audited"), own(account_id))
    _slices.close_slice(store, "run-1", "all", hosts, T1)
    calls = [c["action"] for c in simulator.proxy.calls_since(mark)]
    assert calls.count("HeadBucket") == 1 and calls.count("PutObject") == 4  # 2 accounts + the manifest twice

    assert objects(simulator, bucket) == [
        "drift/prod/runs/run-1/accounts/%s.jsonl.gz" % samples.PROD,
        "drift/prod/runs/run-1/accounts/%s.jsonl.gz" % samples.DEV,
        "drift/prod/runs/run-1/slices/all.json",
    ]
    s3 = simulator.default_client("s3")
    for key in objects(simulator, bucket):
        head = s3.head_object(Bucket=bucket, Key=key)
        assert (head["ServerSideEncryption"], head["SSEKMSKeyId"]) == ("aws:kms", kms_key), key
    body = s3.get_object(Bucket=bucket, Key=objects(simulator, bucket)[0])["Body"].read()
    lines = gzip.decompress(body).decode("utf-8").splitlines()
    assert [json.loads(line) for line in lines[1:]] == [f for f in samples.sample_document()["findings"] if f["account_id"] == samples.PROD]

    assert store.account_ids("run-1") == [samples.PROD, samples.DEV]
    with store.account("run-1", samples.DEV) as (header, findings):
        assert header["summary"]["total"] == len(own(samples.DEV)) == len(list(findings))
    assert store.run_ids() == ["run-1"] and store.latest_complete() == "run-1"
    assert [m["status"] for m in store.slices("run-1")] == ["complete"]


def test_without_a_kms_key_the_bucket_default_applies(simulator, bucket):
    store = s3_store(bucket)
    store.write_account("run-1", _records.header("run-1", samples.PROD, "audited"), [])
    head = simulator.default_client("s3").head_object(Bucket=bucket, Key=objects(simulator, bucket)[0])
    assert head.get("SSEKMSKeyId") is None


def test_an_unknown_bucket_is_refused_naming_the_setting(simulator):
    with pytest.raises(ResultsError) as error:
        s3_store("no-such-results-bucket").check()
    assert error.value.field == "iam_baseline_results.s3_bucket"
    assert "bucket no-such-results-bucket does not exist" in str(error.value)


@pytest.mark.parametrize(("action", "status"), [("HeadBucket", 403), ("PutObject", 403)])
def test_access_denied_is_refused_and_nothing_is_written(simulator, bucket, action, status):
    simulator.proxy.fail(action, "AccessDenied", status=status, service="s3")
    try:
        with pytest.raises(ResultsError) as error:
            _slices.open_slice(s3_store(bucket), "run-1", WHOLE, [{"name": "prod", "account_id": samples.PROD}], T0)
    finally:
        simulator.proxy.clear_faults()
    assert error.value.field == "iam_baseline_results"
    assert "access denied" in str(error.value) and "s3://%s/drift/prod" % bucket in str(error.value)
    assert objects(simulator, bucket) == []


def test_the_audit_module_writes_each_account_and_returns_no_findings(simulator, bucket, tmp_path):
    accounts = [simulator.new_account(), simulator.new_account()]
    accounts[0].client("iam").update_account_password_policy(MinimumPasswordLength=8)
    results = {"s3_bucket": bucket, "s3_prefix": "drift"}
    task = {
        "name": "audit",
        "baseline.iam.audit": {
            "accounts": [{"role_arn": a.role_arn} for a in accounts],
            "audit": AUDIT,
            "results": results,
            "run_id": "run-fleet",
            "slice": "2-of-3",
        },
        "register": "out",
    }
    result = run_tasks([task], simulator.env()).assert_ok().result("audit")
    assert "findings" not in result
    assert [e["account_id"] for e in result["accounts"]] == [a.account_id for a in accounts]
    assert all("findings" not in e and e["results"].endswith(".jsonl.gz") for e in result["accounts"])
    assert result["results"] == {
        "location": "s3://%s/drift" % bucket,
        "run_id": "run-fleet",
        "baseline_hash": result["accounts"][0]["baseline_hash"],
    }

    store = open_store(_settings.normalize(results))
    assert store.account_ids("run-fleet") == sorted(a.account_id for a in accounts)
    for entry in result["accounts"]:
        with store.account("run-fleet", entry["account_id"]) as (header, findings):
            findings = list(findings)
            assert header["summary"] == entry["summary"] and header["slice"] == "2-of-3"
            assert header["baseline_hash"] == entry["baseline_hash"]
            assert {f["account_id"] for f in findings} == {entry["account_id"]}
    with store.account("run-fleet", accounts[0].account_id) as (_header, findings):
        assert ("PP.MIN_LENGTH", "FAIL") in {(f["control_id"], f["status"]) for f in findings}


def test_the_audit_module_refuses_a_store_without_a_run_before_any_call(simulator, account, bucket):
    mark = simulator.proxy.mark()
    out = run_tasks([{"name": "audit", "baseline.iam.audit": {"results": {"s3_bucket": bucket}}}], account.env())
    assert out.rc != 0 and "run_id: required together with results" in out.output
    assert simulator.proxy.calls_since(mark) == []
    out = run_tasks([{"name": "audit", "baseline.iam.audit": {"results": {"s3_bucket": "Bad_Bucket"}, "run_id": "r"}}], account.env())
    assert out.rc != 0 and "results.s3_bucket: 'Bad_Bucket' is not a valid S3 bucket name" in out.output
    assert simulator.proxy.calls_since(mark) == []
