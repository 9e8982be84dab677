"""The audit's per-account answer for an apply: {control id: worst of ERROR, FAIL, WAIVED}."""

from ansible_collections.baseline.iam.plugins.module_utils._audit import run as _run
from ansible_collections.baseline.iam.plugins.module_utils._audit.findings import failing_controls


def finding(control_id, status):
    return {"control_id": control_id, "status": status}


def test_worst_status_per_control_and_nothing_for_passing_controls():
    findings = [
        finding("PP.MIN_LENGTH", "FAIL"),
        finding("USER.KEY_AGE", "WAIVED"),
        finding("USER.KEY_AGE", "FAIL"),
        finding("USER.KEY_AGE", "PASS"),
        finding("TRUST.DECLARED", "FAIL"),
        finding("TRUST.DECLARED", "ERROR"),
        finding("TRUST.DECLARED", "WAIVED"),
        finding("GROUP.DECLARED", "WAIVED"),
        finding("ROOT.MFA", "PASS"),
        finding("ACCT.CLOUDTRAIL", "NOT_APPLICABLE"),
    ]
    assert failing_controls(findings) == {
        "GROUP.DECLARED": "WAIVED",
        "PP.MIN_LENGTH": "FAIL",
        "TRUST.DECLARED": "ERROR",
        "USER.KEY_AGE": "FAIL",
    }


def test_compliant_account_is_empty():
    assert failing_controls([finding("PP.MIN_LENGTH", "PASS")]) == {}


def test_an_account_that_cannot_be_opened_says_so():
    findings = _run.unreachable("111122223333", "aws", "AccessDenied", "no", "2026-11-27T12:00:00Z")
    result = _run._result("111122223333", findings, {"AssumeRole": 1}, "2026-11-27T12:00:00Z", "AccessDenied")
    assert result["failing_controls"] == {"ACCT.ACCESS": "ERROR"}
