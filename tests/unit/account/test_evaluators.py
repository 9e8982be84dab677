"""ROOT.RECENT_USE, ACCT.*, USER.FEDERATION, USER.ADMIN_STRONG_MFA with stubbed snapshots
(Access Analyzer included: the simulator does not implement it)."""

import pytest

from tests.support.credential_report import ROOT_USER, credential_report, report_row
from tests.support.snapshots import authorization_details, evaluate, snapshot


def snap(**sources):
    """A snapshot of `sources`; an exception as a value makes that source unreadable with its text."""
    errors = {name: str(value) for name, value in sources.items() if isinstance(value, Exception)}
    return snapshot(errors=errors, **sources)


def run(control, snapshot, params=None):
    return [(f["status"], f["resource_id"]) for f in evaluate(snapshot, control, params=params)]


ROOT_OLD = report_row(ROOT_USER, password_used=330)
ROOT_RECENT = report_row(ROOT_USER, password_used=7)
ROOT_KEY_RECENT = report_row(ROOT_USER, keys=[(True, 400, 1)])


@pytest.mark.parametrize(
    ("rows", "status"),
    [((ROOT_OLD,), "PASS"), ((ROOT_RECENT,), "FAIL"), ((ROOT_KEY_RECENT,), "FAIL"), ((), "ERROR")],
)
def test_root_recent_use(rows, status):
    assert run("ROOT.RECENT_USE", snap(credential_report=credential_report(*rows)))[0][0] == status


def test_root_recent_use_threshold_from_audit_params():
    assert (
        run("ROOT.RECENT_USE", snap(credential_report=credential_report(ROOT_RECENT)), {"audit": {"root_recent_use_days": 5}})[0][0]
        == "PASS"
    )


def test_root_controls_not_applicable_when_managed_centrally():
    findings = evaluate(snap(), "ROOT.RECENT_USE", params={"audit": {"root_credentials_managed_centrally": True}})
    assert findings[0]["status"] == "NOT_APPLICABLE"


def trail(name, multi, logging):
    return {"name": name, "arn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/" + name, "home_region": "us-east-1",
            "is_multi_region": multi, "is_organization_trail": False, "is_logging": logging}  # fmt: skip


@pytest.mark.parametrize(
    ("trails", "status"),
    [([trail("org", True, True)], "PASS"), ([trail("org", True, False)], "FAIL"), ([trail("one", False, None)], "FAIL"), ([], "FAIL")],
)
def test_cloudtrail(trails, status):
    assert run("ACCT.CLOUDTRAIL", snap(trails=trails))[0][0] == status


def test_cloudtrail_unreadable_is_error_and_not_required_is_not_applicable():
    assert run("ACCT.CLOUDTRAIL", snap(trails=RuntimeError("AccessDenied")))[0][0] == "ERROR"
    assert run("ACCT.CLOUDTRAIL", snap(), {"audit": {"require_cloudtrail": False}})[0][0] == "NOT_APPLICABLE"


def test_expired_certificates():
    certs = [
        {"ServerCertificateName": "old", "Arn": "arn:aws:iam::111122223333:server-certificate/old", "Expiration": "2025-01-01T00:00:00Z"},
        {"ServerCertificateName": "new", "Arn": "arn:aws:iam::111122223333:server-certificate/new", "Expiration": "2027-01-01T00:00:00Z"},
    ]
    assert sorted(run("ACCT.EXPIRED_CERTS", snap(server_certificates=certs))) == [("FAIL", "old"), ("PASS", "new")]
    assert run("ACCT.EXPIRED_CERTS", snap(server_certificates=[])) == [("PASS", "111122223333")]


def test_instances_need_a_profile():
    instances = {"us-east-1": [{"InstanceId": "i-1", "IamInstanceProfile": {"Arn": "arn:aws:iam::111122223333:instance-profile/app"}}],
                 "eu-west-1": [{"InstanceId": "i-2"}]}  # fmt: skip
    assert sorted(run("ACCT.EC2_INSTANCE_ROLE", snap(instances=instances))) == [("FAIL", "i-2"), ("PASS", "i-1")]


@pytest.mark.parametrize(
    ("analyzers", "statuses"),
    [
        ({"us-east-1": [{"arn": "a", "name": "org", "type": "ORGANIZATION", "status": "ACTIVE"}], "eu-west-1": []}, ["PASS", "FAIL"]),
        (
            {
                "us-east-1": [{"arn": "a", "name": "x", "type": "ACCOUNT", "status": "DISABLED"}],
                "eu-west-1": [{"arn": "b", "name": "y", "type": "ACCOUNT", "status": "ACTIVE"}],
            },
            ["FAIL", "PASS"],
        ),
    ],
)
def test_access_analyzer_per_region(analyzers, statuses):
    params = {"audit": {"regions": ["us-east-1", "eu-west-1"]}}
    assert [s for s, _resource in run("ACCT.ACCESS_ANALYZER", snap(analyzers=analyzers), params)] == statuses


def test_access_analyzer_unimplemented_is_error():
    assert run("ACCT.ACCESS_ANALYZER", snap(analyzers=RuntimeError("NotImplemented")))[0][0] == "ERROR"


def test_federation_lists_password_users_except_break_glass():
    rows = credential_report(
        report_row("alice", password=True),
        report_row("breakglass", password=True),
        report_row("ci", keys=[(True, 10, None)]),
    )
    params = {"audit": {"federation_break_glass_users": ["BreakGlass"]}}
    findings = evaluate(snap(credential_report=rows), "USER.FEDERATION", params=params, controls={"USER.FEDERATION": {"enabled": True}})
    assert sorted((f["status"], f["resource_id"]) for f in findings) == [("FAIL", "alice"), ("PASS", "breakglass")]
    assert evaluate(snap(credential_report=rows), "USER.FEDERATION") == []  # off by default


ADMIN_GROUP = {"GroupName": "admins", "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}


def user(name, groups=(), attached=(), inline=()):
    return {"UserName": name, "Arn": "arn:aws:iam::111122223333:user/" + name, "GroupList": list(groups),
            "AttachedManagedPolicies": [{"PolicyArn": a} for a in attached], "UserPolicyList": list(inline)}  # fmt: skip


def test_admin_strong_mfa():
    star = {"PolicyName": "star", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}
    d = authorization_details(
        [user("viagroup", ["admins"]), user("inline", inline=[star]), user("fido", ["admins"]), user("reader")], [ADMIN_GROUP]
    )
    devices = {
        "viagroup": [{"SerialNumber": "arn:aws:iam::111122223333:mfa/viagroup"}],
        "inline": [],
        "fido": [{"SerialNumber": "arn:aws:iam::111122223333:u2f/user/fido/key-1"}],
    }
    result = sorted(run("USER.ADMIN_STRONG_MFA", snap(authorization_details=d, admin_mfa_devices=devices)))
    assert result == [("FAIL", "inline"), ("FAIL", "viagroup"), ("PASS", "fido")]


def test_account_access_pass_lists_failed_sources():
    (finding,) = evaluate(snap(trails=RuntimeError("AccessDenied")), "ACCT.ACCESS")
    assert finding["status"] == "PASS"
    assert "trails (AccessDenied)" in finding["message"]


def test_account_access_error_when_a_core_source_failed():
    (finding,) = evaluate(snap(authorization_details=RuntimeError("Throttling")), "ACCT.ACCESS")
    assert finding["status"] == "ERROR"
    assert "Throttling" in finding["message"]
