"""Gathering a run's findings from its hosts: session errors and unfinished audits become
ACCT.ACCESS ERROR findings, hosts outside the run are ignored."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import findings as _findings
from ansible_collections.baseline.iam.plugins.module_utils._reports import hosts as _report_hosts
from tests.support import report_samples as samples

T = samples.GENERATED_AT


def test_session_error_becomes_one_acct_access_error():
    finding = _report_hosts.session_error_finding(samples.SESSION_ERROR, account_id="ignored", when=T)
    assert finding["control_id"] == "ACCT.ACCESS"
    assert (finding["status"], finding["severity"]) == ("ERROR", "high")
    assert finding["account_id"] == samples.LOCKED  # from the role ARN
    assert finding["resource_arn"] == "arn:aws:iam::%s:root" % samples.LOCKED
    assert finding["finding_id"] == _findings.finding_id("ACCT.ACCESS", samples.LOCKED, finding["resource_arn"])
    assert finding["actual"] == "AccessDenied"
    assert "OrganizationAccountAccessRole" in finding["message"] and "not authorized" in finding["message"]
    assert finding["evidence_time"] == T


def test_session_error_without_role_uses_the_given_account_and_partition():
    error = {"code": "ExpiredToken", "message": "expired", "role_arn": ""}
    finding = _report_hosts.session_error_finding(error, account_id="555555555555", partition="aws-us-gov", when=T)
    assert finding["account_id"] == "555555555555"
    assert finding["resource_arn"] == "arn:aws-us-gov:iam::555555555555:root"
    assert "the run's own credentials" in finding["message"]


def test_session_error_partition_comes_from_the_role_arn():
    error = {"code": "AccessDenied", "message": "no", "role_arn": "arn:aws-cn:iam::666666666666:role/Member"}
    assert _report_hosts.session_error_finding(error)["resource_arn"] == "arn:aws-cn:iam::666666666666:root"


def test_session_error_needs_an_account():
    with pytest.raises(ValueError, match="no account id"):
        _report_hosts.session_error_finding({"code": "AccessDenied", "role_arn": ""})


def test_same_account_same_id_as_the_audits_own_acct_access():
    # The audit reports ACCT.ACCESS on the account root too: merging deduplicates the two.
    ours = _report_hosts.session_error_finding(samples.SESSION_ERROR, when=T)
    audits = _findings.new_finding("ACCT.ACCESS", {"account_id": samples.LOCKED, "partition": "aws"}, "ERROR", "x")
    assert ours["finding_id"] == audits["finding_id"]


def _hosts():
    findings = samples.sample_findings()
    return [
        {
            "name": "prod",
            "findings": [f for f in findings if f["account_id"] == samples.PROD],
            "has_session": True,
            "account_id": samples.PROD,
        },
        {"name": "dev", "findings": [f for f in findings if f["account_id"] == samples.DEV], "has_session": True, "account_name": "Dev"},
        {"name": "locked", "session_error": samples.SESSION_ERROR, "has_session": True, "findings": None},
        {"name": "half", "has_session": True, "account_id": "777777777777", "session_error": {}},
        {"name": "localhost"},  # took no part in the run
        {"name": "empty", "findings": [], "has_session": True, "account_id": "888888888888"},
    ]


def test_from_hosts():
    findings, accounts = _report_hosts.from_hosts(_hosts(), T)
    by_account = {}
    for f in findings:
        by_account.setdefault(f["account_id"], []).append(f)
    assert sorted(by_account) == [samples.PROD, samples.DEV, samples.LOCKED, "777777777777"]
    assert [f["control_id"] for f in by_account[samples.LOCKED]] == ["ACCT.ACCESS"]
    (half,) = by_account["777777777777"]
    assert (half["control_id"], half["status"], half["actual"]) == ("ACCT.ACCESS", "ERROR", "NotAudited")
    assert accounts == [
        {"account_id": samples.PROD, "name": "prod", "status": "audited"},
        {"account_id": samples.DEV, "name": "Dev", "status": "audited"},
        {"account_id": samples.LOCKED, "name": "locked", "status": "not_audited"},
        {"account_id": "777777777777", "name": "half", "status": "not_audited"},
        {"account_id": "888888888888", "name": "empty", "status": "audited"},
    ]


def test_a_session_error_wins_over_stale_findings():
    host = {"name": "x", "session_error": samples.SESSION_ERROR, "findings": samples.sample_findings()}
    findings, _accounts = _report_hosts.from_hosts([host], T)
    assert [f["control_id"] for f in findings] == ["ACCT.ACCESS"]


def test_an_audit_of_several_accounts_on_one_host():
    host = {"name": "org", "findings": samples.sample_findings(), "has_session": True}
    accounts = _report_hosts.from_hosts([host], T)[1]
    assert [a["account_id"] for a in accounts] == [samples.PROD, samples.DEV, samples.SANDBOX]


def test_broken_host_findings_name_the_host():
    bad = samples.sample_findings()[:2]
    del bad[1]["status"]
    with pytest.raises(ValueError, match=r"host prod: iam_baseline_findings\[1\]: missing status"):
        _report_hosts.from_hosts([{"name": "prod", "findings": bad}], T)
