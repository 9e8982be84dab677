"""ROOT.RECENT_USE, ACCT.*, USER.FEDERATION, USER.ADMIN_STRONG_MFA with stubbed snapshots
(Access Analyzer included: the simulator does not implement it)."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot

NOW = "2026-11-27T12:00:00Z"
HEADER = "user,arn,password_enabled,password_last_used,access_key_1_active,access_key_1_last_used_date,access_key_2_active,access_key_2_last_used_date"


def report(*rows):
    keys = HEADER.split(",")
    return {"generated_time": NOW, "rows": [dict(zip(keys, r.split(","), strict=True)) for r in rows]}


def snap(**sources):
    s = _snapshot.new_snapshot("111122223333", "aws", NOW)
    for name, value in sources.items():
        if isinstance(value, Exception):
            _snapshot.record_error(s, name, str(value))
        else:
            _snapshot.record(s, name, value)
    return s


def run(control, snapshot, params=None):
    return [(f["status"], f["resource_id"]) for f in _engine.evaluate(snapshot, params, only=(control,))]


ROOT_OLD = "<root_account>,arn:aws:iam::111122223333:root,not_supported,2026-01-01T00:00:00+00:00,false,N/A,false,N/A"
ROOT_RECENT = "<root_account>,arn:aws:iam::111122223333:root,not_supported,2026-11-20T00:00:00+00:00,false,N/A,false,N/A"
ROOT_KEY_RECENT = "<root_account>,arn:aws:iam::111122223333:root,not_supported,no_information,true,2026-11-26T00:00:00+00:00,false,N/A"


@pytest.mark.parametrize(
    ("rows", "status"),
    [((ROOT_OLD,), "PASS"), ((ROOT_RECENT,), "FAIL"), ((ROOT_KEY_RECENT,), "FAIL"), ((), "ERROR")],
)
def test_root_recent_use(rows, status):
    assert run("ROOT.RECENT_USE", snap(credential_report=report(*rows)))[0][0] == status


def test_root_recent_use_threshold_from_audit_params():
    assert run("ROOT.RECENT_USE", snap(credential_report=report(ROOT_RECENT)), {"audit": {"root_recent_use_days": 5}})[0][0] == "PASS"


def test_root_controls_not_applicable_when_managed_centrally():
    findings = _engine.evaluate(snap(), {"audit": {"root_credentials_managed_centrally": True}}, only=("ROOT.RECENT_USE",))
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
    rows = report(
        "alice,arn:aws:iam::111122223333:user/alice,true,N/A,false,N/A,false,N/A",
        "breakglass,arn:aws:iam::111122223333:user/breakglass,true,N/A,false,N/A,false,N/A",
        "ci,arn:aws:iam::111122223333:user/ci,false,N/A,true,N/A,false,N/A",
    )
    params = {"audit": {"federation_break_glass_users": ["BreakGlass"]}}
    findings = _engine.evaluate(
        snap(credential_report=rows), params, controls={"USER.FEDERATION": {"enabled": True}}, only=("USER.FEDERATION",)
    )
    assert sorted((f["status"], f["resource_id"]) for f in findings) == [("FAIL", "alice"), ("PASS", "breakglass")]
    assert _engine.evaluate(snap(credential_report=rows), only=("USER.FEDERATION",)) == []  # off by default


def test_federation_is_on_in_every_account_once_identity_center_is_declared():
    """Issue 16: an organization using Identity Center should have no IAM users with console
    passwords in its accounts; declaring permission sets turns USER.FEDERATION on."""
    rows = report("alice,arn:aws:iam::111122223333:user/alice,true,N/A,false,N/A,false,N/A")
    params = {"identity_center": {"permission_sets": [{"name": "Admins"}]}}
    findings = _engine.evaluate(snap(credential_report=rows), params, only=("USER.FEDERATION",))
    assert [(f["status"], f["resource_id"]) for f in findings] == [("FAIL", "alice")]
    assert "IAM Identity Center" in findings[0]["message"]
    disabled = {"USER.FEDERATION": {"enabled": False}}
    assert _engine.evaluate(snap(credential_report=rows), params, controls=disabled, only=("USER.FEDERATION",)) == []


def details(users, groups=(), policies=()):
    return {"users": list(users), "groups": list(groups), "roles": [], "policies": list(policies)}


ADMIN_GROUP = {"GroupName": "admins", "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]}


def user(name, groups=(), attached=(), inline=()):
    return {"UserName": name, "Arn": "arn:aws:iam::111122223333:user/" + name, "GroupList": list(groups),
            "AttachedManagedPolicies": [{"PolicyArn": a} for a in attached], "UserPolicyList": list(inline)}  # fmt: skip


def test_admin_strong_mfa():
    star = {"PolicyName": "star", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}
    d = details([user("viagroup", ["admins"]), user("inline", inline=[star]), user("fido", ["admins"]), user("reader")], [ADMIN_GROUP])
    devices = {
        "viagroup": [{"SerialNumber": "arn:aws:iam::111122223333:mfa/viagroup"}],
        "inline": [],
        "fido": [{"SerialNumber": "arn:aws:iam::111122223333:u2f/user/fido/key-1"}],
    }
    result = sorted(run("USER.ADMIN_STRONG_MFA", snap(authorization_details=d, admin_mfa_devices=devices)))
    assert result == [("FAIL", "inline"), ("FAIL", "viagroup"), ("PASS", "fido")]


def test_account_access_pass_lists_failed_sources():
    (finding,) = _engine.evaluate(snap(trails=RuntimeError("AccessDenied")), only=("ACCT.ACCESS",))
    assert finding["status"] == "PASS"
    assert "trails (AccessDenied)" in finding["message"]


def test_account_access_error_when_a_core_source_failed():
    (finding,) = _engine.evaluate(snap(authorization_details=RuntimeError("Throttling")), only=("ACCT.ACCESS",))
    assert finding["status"] == "ERROR"
    assert "Throttling" in finding["message"]
