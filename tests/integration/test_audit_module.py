"""baseline.iam.audit against the simulator: findings agree with what the account holds, fail
closed on unreadable data, stable ids, read-only, constant API calls, fleet isolation."""

import datetime
import json

import pytest

from tests.support import principals
from tests.support.calls import is_mutating
from tests.support.playbook import run_tasks

NO_ANALYZER = {"require_access_analyzer": False}  # the simulator has no Access Analyzer


def audit(account, check=False, **options):
    options.setdefault("audit", NO_ANALYZER)
    result = run_tasks([{"name": "audit", "baseline.iam.audit": options, "register": "out"}], account.env(), check=check)
    return result.assert_ok().result("audit")


def by_control(out):
    table = {}
    for f in out["findings"]:
        table.setdefault(f["control_id"], []).append((f["status"], f["resource_id"]))
    return {k: sorted(v) for k, v in table.items()}


def seed_admin(account, name="alice", console=True):
    iam = account.client("iam")
    iam.create_user(UserName=name)
    if console:
        iam.create_login_profile(UserName=name, Password="Correct-Horse-9!")
    iam.create_group(GroupName="admins-%s" % name)
    iam.add_user_to_group(GroupName="admins-%s" % name, UserName=name)
    iam.attach_group_policy(GroupName="admins-%s" % name, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")


def test_findings_match_the_seeded_account(account):
    iam = account.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=8, RequireSymbols=True, RequireNumbers=True,
                                       RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
                                       AllowUsersToChangePassword=True, MaxPasswordAge=90, PasswordReusePrevention=24)  # fmt: skip
    seed_admin(account)
    account.set_root(mfa_active=True, password_last_used=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=3))
    cloudtrail = account.client("cloudtrail")
    account.client("s3").create_bucket(Bucket="trail-%s" % account.account_id)
    cloudtrail.create_trail(Name="org", S3BucketName="trail-%s" % account.account_id, IsMultiRegionTrail=True)
    cloudtrail.start_logging(Name="org")
    ec2 = account.client("ec2")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]

    out = audit(account)
    table = by_control(out)
    assert table["PP.MIN_LENGTH"] == [("FAIL", account.account_id)]
    for control in ("PP.MISSING", "PP.REUSE", "PP.COMPLEXITY", "PP.MAX_AGE", "PP.SELF_SERVICE"):
        assert table[control] == [("PASS", account.account_id)], control
    assert table["ROOT.RECENT_USE"] == [("FAIL", account.account_id)]
    assert table["USER.ADMIN_STRONG_MFA"] == [("FAIL", "alice")]
    assert table["ACCT.CLOUDTRAIL"] == [("PASS", account.account_id)]
    assert table["ACCT.EC2_INSTANCE_ROLE"] == [("FAIL", instance)]
    assert table["ACCT.EXPIRED_CERTS"] == [("PASS", account.account_id)]
    assert table["ACCT.ACCESS_ANALYZER"] == [("NOT_APPLICABLE", account.account_id)]
    assert table["ACCT.ACCESS"] == [("PASS", account.account_id)]
    assert out["account_id"] == account.account_id
    assert out["summary"]["by_status"]["FAIL"] == sum(s == "FAIL" for v in table.values() for s, _resource in v)


def test_unreadable_source_is_error_never_pass(account):
    seed_admin(account)
    proxy = account.simulator.proxy
    with proxy.failing("GetAccountAuthorizationDetails", "AccessDenied", account=account.account_id, status=403) as fault:
        out = audit(account)
    assert fault.hits == 1  # AccessDenied is not retried
    table = by_control(out)
    assert table["USER.ADMIN_STRONG_MFA"] == [("ERROR", account.account_id)]
    assert "AccessDenied" in next(f["message"] for f in out["findings"] if f["control_id"] == "USER.ADMIN_STRONG_MFA")
    assert table["PP.MISSING"] == [("FAIL", account.account_id)]  # other sources still judged
    assert "authorization_details (AccessDenied)" in next(f["message"] for f in out["findings"] if f["control_id"] == "ACCT.ACCESS")


def test_access_analyzer_missing_in_simulator_is_error(account):
    out = audit(account, audit={"require_access_analyzer": True})
    (finding,) = [f for f in out["findings"] if f["control_id"] == "ACCT.ACCESS_ANALYZER"]
    assert finding["status"] == "ERROR"
    assert "NotImplemented" in finding["message"]


def test_same_account_same_finding_ids_and_read_only_in_check_mode(account):
    seed_admin(account)
    proxy = account.simulator.proxy
    first = audit(account)
    mark = proxy.mark()
    second = audit(account, check=True)
    assert [f["finding_id"] for f in first["findings"]] == [f["finding_id"] for f in second["findings"]]
    assert [f["status"] for f in first["findings"]] == [f["status"] for f in second["findings"]]
    writes = [c["action"] for c in proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])]
    assert writes == []


def test_api_calls_do_not_grow_with_users_and_roles(simulator):
    small, large = simulator.new_account(), simulator.new_account()
    trust = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    )
    for index in range(25):
        large.client("iam").create_user(UserName="user%d" % index)
        large.client("iam").create_access_key(UserName="user%d" % index)
        large.client("iam").create_role(RoleName="role%d" % index, AssumeRolePolicyDocument=trust)
    counts = []
    for account in (small, large):
        mark = simulator.proxy.mark()
        audit(account)
        counts.append(len(simulator.proxy.calls_since(mark, account.account_id)))
    assert counts[0] == counts[1]
    assert counts[1] <= 16  # 15 + one regional service in one region


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"controls": {"PP.NOPE": {"enabled": False}}}, "controls.PP.NOPE"),
        ({"controls": {"PP.MIN_LENGTH": {"minimum_length": 3}}}, "controls.PP.MIN_LENGTH"),
        ({"exemptions": [{"control": "PP.MIN_LENGTH", "expires": "2030-01-01"}]}, "exemptions[0].reason"),
        ({"exemptions": [{"control": "PP.MIN_LENGTH", "reason": "accepted"}]}, "exemptions[0].expires"),
        ({"accounts": [{"account_id": "111122223333"}]}, "accounts[0].role_arn"),
    ],
)
def test_bad_input_fails_before_any_call(account, options, field):
    mark = account.simulator.proxy.mark()
    result = run_tasks([{"name": "audit", "baseline.iam.audit": options}], account.env())
    assert result.rc != 0
    assert result.result("audit")["msg"].startswith(field + ":")
    assert account.simulator.proxy.calls_since(mark) == []


def test_fleet_mode_isolates_an_account_that_cannot_be_opened(simulator):
    good, denied, also_good = simulator.new_account(), simulator.new_account(), simulator.new_account()
    good.client("iam").update_account_password_policy(MinimumPasswordLength=20)
    accounts = [{"role_arn": a.role_arn} for a in (good, denied, also_good)]
    with simulator.proxy.failing("AssumeRole", "AccessDenied", status=403, body_contains=denied.account_id) as fault:
        result = run_tasks(
            [{"name": "fleet", "baseline.iam.audit": {"accounts": accounts, "max_workers": 3, "audit": NO_ANALYZER}}], simulator.env()
        )
    out = result.assert_ok().result("fleet")
    assert fault.hits == 1
    assert [a["account_id"] for a in out["accounts"]] == [good.account_id, denied.account_id, also_good.account_id]
    assert [a["error"] for a in out["accounts"]] == [None, "AccessDenied", None]
    denied_findings = [f for f in out["findings"] if f["account_id"] == denied.account_id]
    assert [(f["control_id"], f["status"]) for f in denied_findings] == [("ACCT.ACCESS", "ERROR")]
    min_length = {f["account_id"]: f["status"] for f in out["findings"] if f["control_id"] == "PP.MIN_LENGTH"}
    assert min_length == {good.account_id: "PASS", also_good.account_id: "FAIL"}


def _age_user(account, name, days):
    """The user and its console password made `days` ago (the simulator answers the password's own
    CreateDate, as AWS does)."""
    principals.age_user(account, name, days)


def test_audit_finds_exactly_the_seeded_key_and_trust_violations(account):
    """The access-key and trust controls through the real collectors (credential report,
    authorization details, ListRoles), dates moved in the in-process simulator."""
    from tests.support import key_dates

    iam = account.client("iam")
    key_dates.seed_key(account, "stale", created_days_ago=200, last_used_days_ago=1)  # old, in use
    key_dates.seed_key(account, "idle", created_days_ago=60, last_used_days_ago=50)  # unused 50 days
    key_dates.seed_key(account, "fresh", created_days_ago=10, last_used_days_ago=1)
    key_dates.seed_key(account, "two", created_days_ago=10, last_used_days_ago=1)
    key_dates.seed_key(account, "two", created_days_ago=5, last_used_days_ago=1)
    iam.create_user(UserName="setup")
    iam.create_login_profile(UserName="setup", Password="Correct-Horse-9!")
    key_dates.seed_key(account, "setup", created_days_ago=0, last_used_days_ago=None)  # never used
    iam.create_user(UserName="away")
    iam.create_login_profile(UserName="away", Password="Correct-Horse-9!")
    _age_user(account, "away", 100)  # console password set 100 days ago, never used
    trust = {
        "wildcard": {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"},
        "vendor": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole"},
        "service": {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"},
    }
    for name, statement in trust.items():
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}),
                        MaxSessionDuration=43200 if name == "service" else 3600)  # fmt: skip

    table = by_control(audit(account))

    def failing(control):
        return sorted(resource for status, resource in table[control] if status == "FAIL")

    assert failing("USER.KEY_AGE") == ["stale"]
    assert failing("USER.KEY_UNUSED") == ["idle"]
    assert failing("USER.TWO_ACTIVE_KEYS") == ["two"]
    assert failing("USER.SETUP_KEY") == ["setup"]
    assert failing("USER.CONSOLE_UNUSED") == ["away"]
    assert failing("TRUST.WILDCARD") == ["wildcard"]
    # "*" trusts every account, foreign ones included, so it fails both trust controls
    assert failing("TRUST.FOREIGN_ACCOUNT") == ["vendor", "wildcard"]
    assert failing("TRUST.LONG_SESSION") == ["service"]
    assert ("PASS", "fresh") in table["USER.KEY_AGE"] and ("PASS", "service") in table["TRUST.WILDCARD"]
