"""What the Security Hub push sends: new / updated / unchanged / archived, fail closed on
unevaluated controls, retargeting, batching, retry classification (pure, table-driven)."""

import random

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._securityhub import aws, model
from tests.support.fixed import ACCOUNT
from tests.support.securityhub import REGION, run

LATER = "2026-12-24T08:00:00Z"
OTHER = "999999999999"


def by_user(findings, user):
    return next(f for f in findings if user in f["Description"])


def as_held(findings):
    """The findings as Security Hub returns them after an import (it adds fields of its own)."""
    held = []
    for f in findings:
        copy = dict(model.retarget(f, ACCOUNT, REGION, "aws"), Workflow={"Status": "NEW"}, ProductName="Default", CompanyName="Personal")
        copy["Severity"] = dict(copy["Severity"], Normalized=70)
        copy["ProductFields"] = dict(copy["ProductFields"], **{"aws/securityhub/FindingId": "x"})
        held.append(copy)
    return held


def planned(previous, current, send_passed=False):
    desired = [model.retarget(f, ACCOUNT, REGION, "aws") for f in model.wanted(current, send_passed)]
    result = model.plan(desired, as_held(model.wanted(previous, send_passed)), model.evaluated_controls(current), LATER)
    return {k: sorted(x if isinstance(x, str) else x["Id"] for x in v) for k, v in result.items()}


FAIL_BOTH = [("USER.CONSOLE_NO_MFA", "FAIL", "alice"), ("USER.CONSOLE_NO_MFA", "FAIL", "bob"), ("PP.MIN_LENGTH", "FAIL", None)]


def ids(results, *picks):
    findings = run(ACCOUNT, results)
    return sorted(findings[i]["Id"] for i in picks)


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        # The same results: nothing to send, whatever the times.
        (FAIL_BOTH, {"unchanged": (0, 1, 2)}),
        # alice fixed (PASS, not sent): archived; the others unchanged.
        ([("USER.CONSOLE_NO_MFA", "PASS", "alice"), ("USER.CONSOLE_NO_MFA", "FAIL", "bob"), ("PP.MIN_LENGTH", "FAIL", None)],
         {"archived": (0,), "unchanged": (1, 2)}),
        # alice's user deleted (no finding), the control evaluated: archived.
        ([("USER.CONSOLE_NO_MFA", "FAIL", "bob"), ("PP.MIN_LENGTH", "FAIL", None)], {"archived": (0,), "unchanged": (1, 2)}),
        # The control could not be read (ERROR): nothing of it archived, the ERROR is new.
        ([("USER.CONSOLE_NO_MFA", "ERROR", None), ("PP.MIN_LENGTH", "FAIL", None)], {"new": ("error",), "kept": (0, 1), "unchanged": (2,)}),
        # The control not run at all: kept.
        ([("PP.MIN_LENGTH", "FAIL", None)], {"kept": (0, 1), "unchanged": (2,)}),
        # A finding that changed (waived now): updated.
        ([("USER.CONSOLE_NO_MFA", "WAIVED", "alice"), ("USER.CONSOLE_NO_MFA", "FAIL", "bob"), ("PP.MIN_LENGTH", "FAIL", None)],
         {"updated": (0,), "unchanged": (1, 2)}),
        # The account could not be opened: one ACCT.ACCESS ERROR, nothing archived.
        ([("ACCT.ACCESS", "ERROR", None)], {"new": ("error",), "kept": (0, 1, 2)}),
    ],
)  # fmt: skip
def test_plan(current, expected):
    before = run(ACCOUNT, FAIL_BOTH)
    now = run(ACCOUNT, current, LATER)
    new_ids = [f["Id"] for f in now if f["Id"] not in {b["Id"] for b in before} and f["ProductFields"]["baseline.iam/Status"] == "ERROR"]
    want = {k: [] for k in ("new", "updated", "unchanged", "archived", "kept")}
    for key, picks in expected.items():
        want[key] = sorted(new_ids if picks == ("error",) else [before[i]["Id"] for i in picks])
    assert planned(before, now) == want


def test_update_keeps_created_at_and_archive_carries_what_was_written():
    before = as_held(run(ACCOUNT, FAIL_BOTH, "2026-01-01T00:00:00Z"))
    now = run(ACCOUNT, [("USER.CONSOLE_NO_MFA", "WAIVED", "alice"), ("USER.CONSOLE_NO_MFA", "PASS", "bob")], LATER)
    desired = [model.retarget(f, ACCOUNT, REGION, "aws") for f in model.wanted(now, False)]
    result = model.plan(desired, before, model.evaluated_controls(now), LATER)
    assert [f["CreatedAt"] for f in result["updated"]] == ["2026-01-01T00:00:00Z"]
    [archived] = result["archived"]
    assert archived["RecordState"] == "ARCHIVED" and archived["UpdatedAt"] == LATER
    assert "Workflow" not in archived and not any(k.startswith("aws/") for k in archived["ProductFields"])
    assert all(archived.get(k) for k in model.REQUIRED_FIELDS)


@pytest.mark.parametrize(("send_passed", "sent"), [(False, ["FAIL"]), (True, ["FAIL", "NOT_APPLICABLE", "PASS"])])
def test_wanted(send_passed, sent):
    findings = run(ACCOUNT, [("PP.MIN_LENGTH", "FAIL", None), ("PP.REUSE", "PASS", None), ("PP.MAX_AGE", "NOT_APPLICABLE", None)])
    assert sorted(f["ProductFields"]["baseline.iam/Status"] for f in model.wanted(findings, send_passed)) == sent


def test_retarget_to_an_aggregator_keeps_the_audited_account():
    [finding] = run(ACCOUNT, [("PP.MIN_LENGTH", "FAIL", None)])
    moved = model.retarget(finding, OTHER, "eu-west-1", "aws")
    assert moved["AwsAccountId"] == OTHER
    assert moved["ProductArn"] == "arn:aws:securityhub:eu-west-1:%s:product/%s/default" % (OTHER, OTHER)
    assert model.source_account(moved) == ACCOUNT and moved["Id"] == finding["Id"]
    assert moved["FindingProviderFields"] == {"Severity": finding["Severity"], "Types": finding["Types"]}
    assert "baseline.iam/AccountId" not in model.retarget(finding, ACCOUNT, REGION, "aws")["ProductFields"]


def test_same_content_ignores_times_and_what_security_hub_adds():
    [finding] = run(ACCOUNT, [("PP.MIN_LENGTH", "FAIL", None)])
    [held] = as_held([finding])
    later = model.retarget(run(ACCOUNT, [("PP.MIN_LENGTH", "FAIL", None)], LATER)[0], ACCOUNT, REGION, "aws")
    assert model.same_content(later, held)
    assert not model.same_content(dict(later, Title="other"), held)
    assert not model.same_content(dict(later, Resources=later["Resources"] * 2), held)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda f: f.pop("Title"), "findings[1].Title"),
        (lambda f: f.update(AwsAccountId="12"), "findings[1].AwsAccountId"),
        (lambda f: f.update(GeneratorId="someone-else/x"), "findings[1].GeneratorId"),
        (lambda f: f["ProductFields"].pop("baseline.iam/Status"), "findings[1].ProductFields"),
    ],
)
def test_validate_names_the_field(mutate, field):
    findings = run(ACCOUNT, FAIL_BOTH)
    mutate(findings[1])
    with pytest.raises(InputError) as error:
        model.validate(findings)
    assert error.value.field == field


def test_batches_of_100():
    assert [len(b) for b in model.batches(list(range(250)))] == [100, 100, 50]
    assert model.batches([]) == []


def test_retry_classification_and_backoff():
    failed = [
        {"Id": "a", "ErrorCode": "InternalException"},
        {"Id": "b", "ErrorCode": "InvalidInput"},
        {"Id": "c", "ErrorCode": "ThrottlingException"},
    ]
    assert [f["Id"] for f in model.retryable(failed)] == ["a", "c"]
    waits = [model.backoff(n, random.Random(1)) for n in range(1, 10)]
    assert all(0 <= w <= model.BACKOFF_CAP_SECONDS for w in waits)


class RefusingClient:
    """batch_import_findings that refuses the given ids `times` times each, recording calls."""

    def __init__(self, refuse, code="InternalException", times=1):
        self.refuse, self.code, self.left, self.calls = set(refuse), code, dict.fromkeys(refuse, times), []

    def batch_import_findings(self, Findings):  # boto3's argument name
        self.calls.append([f["Id"] for f in Findings])
        failed = []
        for f in Findings:
            if self.left.get(f["Id"], 0) > 0:
                self.left[f["Id"]] -= 1
                failed.append({"Id": f["Id"], "ErrorCode": self.code, "ErrorMessage": "no"})
        return {"FailedFindings": failed}


@pytest.mark.parametrize(
    ("code", "times", "attempts", "calls", "left"),
    [
        ("InternalException", 1, 4, 4, []),  # 3 batches, then one retry of the refused finding
        ("InternalException", 9, 3, 5, ["f150"]),  # bounded: 3 calls for that finding in all
        ("InvalidInput", 1, 4, 3, ["f150"]),  # permanent: not retried
    ],
)
def test_import_findings_retries_bounded(code, times, attempts, calls, left):
    findings = [{"Id": "f%d" % i} for i in range(250)]
    client = RefusingClient(["f150"], code, times)
    waits = []
    retries, failed = aws.import_findings(client, findings, attempts, sleep=waits.append)
    assert [len(c) for c in client.calls[:3]] == [100, 100, 50]
    assert len(client.calls) == calls and [f["Id"] for f in failed] == left
    assert retries == len(waits) == calls - 3
