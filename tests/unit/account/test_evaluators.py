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


ROOT_IDS = ("ROOT.ACCESS_KEY", "ROOT.MFA", "ROOT.HARDWARE_MFA", "ROOT.RECENT_USE")
CENTRAL = {"audit": {"root_credentials_managed_centrally": True}}
NO_ROOT_CREDENTIALS = {"AccountPasswordPresent": 0, "AccountAccessKeysPresent": 0, "AccountMFAEnabled": 0}
ROOT_NONE = report_row(ROOT_USER)
ROOT_ACTIVE_KEY = report_row(ROOT_USER, keys=[(True, 400, None)])


@pytest.mark.parametrize(
    ("sources", "status", "words"),
    [
        # the data confirms: no password, no key
        ({"credential_report": credential_report(ROOT_NONE), "account_summary": NO_ROOT_CREDENTIALS}, "NOT_APPLICABLE", "confirms"),
        # the flag is set but credentials exist: FAIL saying so (issue 14: it used to hide them as NOT_APPLICABLE)
        (
            {"credential_report": credential_report(ROOT_NONE), "account_summary": {**NO_ROOT_CREDENTIALS, "AccountAccessKeysPresent": 1}},
            "FAIL",
            "declared centrally managed",
        ),
        (
            {"credential_report": credential_report(ROOT_ACTIVE_KEY), "account_summary": NO_ROOT_CREDENTIALS},
            "FAIL",
            "access key 1 (active)",
        ),
        (
            {"credential_report": credential_report(ROOT_NONE), "account_summary": {**NO_ROOT_CREDENTIALS, "AccountPasswordPresent": 1}},
            "FAIL",
            "has a password",
        ),
        # nothing says whether root has a password (the report writes not_supported for root)
        (
            {"credential_report": credential_report(ROOT_NONE), "account_summary": {"AccountAccessKeysPresent": 0}},
            "ERROR",
            "no password",
        ),
        # nothing could be read
        (
            {"credential_report": RuntimeError("AccessDenied"), "account_summary": RuntimeError("AccessDenied")},
            "ERROR",
            "credential_report (AccessDenied)",
        ),
    ],
)
def test_root_managed_centrally_is_checked_against_the_data(sources, status, words):
    findings = evaluate(snap(**sources), *ROOT_IDS, params=CENTRAL)
    assert {f["control_id"] for f in findings} == set(ROOT_IDS)
    assert {f["status"] for f in findings} == {status}
    assert all(words in f["message"] for f in findings), findings[0]["message"]


def test_without_the_flag_root_controls_are_evaluated_as_usual():
    findings = evaluate(
        snap(credential_report=credential_report(ROOT_NONE), account_summary=NO_ROOT_CREDENTIALS, virtual_mfa_devices=[]), *ROOT_IDS
    )
    assert {f["control_id"]: f["status"] for f in findings} == {
        "ROOT.ACCESS_KEY": "PASS",
        "ROOT.MFA": "FAIL",
        "ROOT.HARDWARE_MFA": "FAIL",
        "ROOT.RECENT_USE": "PASS",
    }


def trail(name, multi, logging, events="all", error=None):
    return {"name": name, "arn": "arn:aws:cloudtrail:us-east-1:111122223333:trail/" + name, "home_region": "us-east-1",
            "is_multi_region": multi, "is_organization_trail": False, "is_logging": logging,
            "management_events": events if multi else None, "management_events_error": error}  # fmt: skip


@pytest.mark.parametrize(
    ("trails", "status"),
    [([trail("org", True, True)], "PASS"), ([trail("org", True, False)], "FAIL"), ([trail("one", False, None)], "FAIL"), ([], "FAIL")],
)
def test_cloudtrail(trails, status):
    assert run("ACCT.CLOUDTRAIL", snap(trails=trails))[0][0] == status


@pytest.mark.parametrize(
    ("trails", "status", "words"),
    [
        ([trail("org", True, True, "write")], "PASS", "logging write management events"),
        # logging, but no management events, or only reads: not a pass (issue 14)
        ([trail("org", True, True, "none")], "FAIL", "records no management events"),
        ([trail("org", True, True, "read")], "FAIL", "only read management events"),
        ([trail("reads", True, True, "read"), trail("org", True, True, "all")], "PASS", "org is logging all"),
        # selectors that could not be read: unknown, never a pass
        ([trail("org", True, True, None, "AccessDenied")], "ERROR", "could not be read (AccessDenied)"),
        ([trail("org", True, True, None, "AccessDenied"), trail("old", True, False)], "ERROR", "old is not logging"),
    ],
)
def test_cloudtrail_reads_the_event_selectors(trails, status, words):
    (finding,) = evaluate(snap(trails=trails), "ACCT.CLOUDTRAIL")
    assert finding["status"] == status
    assert words in finding["message"]


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


def test_federation_is_on_in_every_account_once_identity_center_is_declared():
    """Issue 16: an organization using Identity Center should have no IAM users with console
    passwords in its accounts; declaring permission sets turns USER.FEDERATION on."""
    rows = credential_report(report_row("alice", password=True))
    params = {"identity_center": {"permission_sets": [{"name": "Admins"}]}}
    findings = evaluate(snap(credential_report=rows), "USER.FEDERATION", params=params)
    assert [(f["status"], f["resource_id"]) for f in findings] == [("FAIL", "alice")]
    assert "IAM Identity Center" in findings[0]["message"]
    disabled = {"USER.FEDERATION": {"enabled": False}}
    assert evaluate(snap(credential_report=rows), "USER.FEDERATION", params=params, controls=disabled) == []


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
