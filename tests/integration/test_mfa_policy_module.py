"""baseline.iam.mfa_policy against the simulator: versions, attachments, refusals (DESIGN §8.4)."""

import json

from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import document
from tests.support.calls import is_mutating
from tests.support.playbook import run_tasks
from tests.support.principals import create_user, user_env
from tests.support.state import managed_policy as read_policy
from tests.support.steps import four_steps

OLD = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]}


def arn_of(account, name="BaselineRequireMFA", path="/"):
    return "arn:aws:iam::%s:policy%s%s" % (account.account_id, path, name)


def task(**options):
    return [{"name": "mfa policy", "baseline.iam.mfa_policy": options, "register": "out"}]


def writes_since(account, mark):
    return [c["action"] for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])]


def make_groups(account, *names):
    for name in names:
        account.client("iam").create_group(GroupName=name)


def test_four_steps_create_and_attach(account):
    make_groups(account, "admins", "devs")
    expected = {"path": "/", "default_version_id": "v1", "document": document("aws"), "versions": ["v1"], "groups": ["admins", "devs"]}
    results = four_steps(account, task(groups=["admins", "devs"]), lambda: read_policy(account, arn_of(account)), expected)
    predicted = results[0].result("mfa policy")["policy"]
    assert predicted == {
        "arn": arn_of(account),
        "name": "BaselineRequireMFA",
        "path": "/",
        "default_version_id": "v1",
        "document": document("aws"),
        "attached_groups": ["admins", "devs"],
    }
    assert results[1].result("mfa policy")["policy"] == predicted


def seed_policy(account, versions=1, name="BaselineRequireMFA", path="/"):
    iam = account.client("iam")
    arn = iam.create_policy(PolicyName=name, Path=path, PolicyDocument=json.dumps(OLD))["Policy"]["Arn"]
    for i in range(versions - 1):
        doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:Delete%d" % i, "Resource": "*"}]}
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(doc), SetAsDefault=(i == 0))
    return arn


def test_four_steps_update_at_the_version_limit_prunes_the_oldest_non_default(account):
    arn = seed_policy(account, versions=5)  # v2 is the default; v1 is the oldest non-default
    assert read_policy(account, arn)["default_version_id"] == "v2"
    expected = {
        "path": "/",
        "default_version_id": "v6",
        "document": document("aws"),
        "versions": ["v2", "v3", "v4", "v5", "v6"],
        "groups": [],
    }
    results = four_steps(account, task(), lambda: read_policy(account, arn), expected)
    assert results[0].result("mfa policy")["pruned_version"] == "v1"
    assert results[0].result("mfa policy")["policy"]["default_version_id"] == "v6"
    assert results[2].result("mfa policy")["pruned_version"] is None


def test_baseline_document_with_other_sids_and_order_is_not_a_new_version(account):
    # Issue 13: statement names (Sid) and order grant nothing; no new version is written.
    renamed = document("aws")
    renamed["Statement"] = [dict(s, Sid="Renamed%d" % i) for i, s in enumerate(reversed(renamed["Statement"]))]
    arn = account.client("iam").create_policy(PolicyName="BaselineRequireMFA", PolicyDocument=json.dumps(renamed))["Policy"]["Arn"]
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(), account.env(), diff=True).assert_ok()
    assert not result.changed
    assert writes_since(account, mark) == []
    assert read_policy(account, arn)["versions"] == ["v1"]


def test_update_below_the_limit_keeps_old_versions(account):
    arn = seed_policy(account, versions=2)
    run_tasks(task(allow_change_password_without_mfa=True), account.env()).assert_ok()
    policy = read_policy(account, arn)
    assert policy["versions"] == ["v1", "v2", "v3"]
    assert policy["default_version_id"] == "v3"
    assert policy["document"] == document("aws", allow_change_password_without_mfa=True)


def test_semantically_equal_document_is_not_a_change(account):
    iam = account.client("iam")
    doc = document("aws")
    for statement in doc["Statement"]:
        if isinstance(statement["Action" if "Action" in statement else "NotAction"], list):
            statement["Action" if "Action" in statement else "NotAction"].reverse()
    doc["Statement"].reverse()
    arn = iam.create_policy(PolicyName="BaselineRequireMFA", PolicyDocument=json.dumps(doc))["Policy"]["Arn"]
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(), account.env()).assert_ok()
    assert not result.changed
    assert writes_since(account, mark) == []
    assert read_policy(account, arn)["versions"] == ["v1"]


def test_attachments_added_and_purged(account):
    make_groups(account, "admins", "old")
    arn = seed_policy(account)
    account.client("iam").attach_group_policy(GroupName="old", PolicyArn=arn)
    run_tasks(task(groups=["admins"]), account.env()).assert_ok()
    assert read_policy(account, arn)["groups"] == ["admins", "old"]
    run_tasks(task(groups=["admins"], purge_attachments=True), account.env()).assert_ok()
    assert read_policy(account, arn)["groups"] == ["admins"]


def test_groups_left_out_keep_the_attachments(account):
    make_groups(account, "old")
    arn = seed_policy(account)
    account.client("iam").attach_group_policy(GroupName="old", PolicyArn=arn)
    run_tasks(task(purge_attachments=True), account.env()).assert_ok()
    assert read_policy(account, arn)["groups"] == ["old"]


def test_four_steps_absent_detaches_and_deletes_every_version(account):
    make_groups(account, "admins")
    create_user(account, "alice")
    arn = seed_policy(account, versions=3)
    account.client("iam").attach_group_policy(GroupName="admins", PolicyArn=arn)
    account.client("iam").attach_user_policy(UserName="alice", PolicyArn=arn)
    four_steps(account, task(state="absent"), lambda: read_policy(account, arn), None)


def test_custom_name_and_path(account):
    make_groups(account, "admins")
    run_tasks(task(name="ForceMFA", path="/baseline/", groups=["admins"]), account.env()).assert_ok()
    assert read_policy(account, arn_of(account, "ForceMFA", "/baseline/"))["groups"] == ["admins"]


# Bad input: named field, not a single call.


BAD_INPUT = [
    ({"extra_not_actions": ["iam:*"]}, "extra_not_actions", "iam:DeleteVirtualMFADevice"),
    ({"extra_not_actions": ["iam:Delete*"]}, "extra_not_actions", "iam:DeleteVirtualMFADevice would be allowed without MFA"),
    ({"extra_not_actions": ["iam:deactivatemfadevice"]}, "extra_not_actions", "iam:DeactivateMFADevice"),
    ({"extra_not_actions": ["*"]}, "extra_not_actions", "not an action"),
    ({"extra_not_actions": ["s3 GetObject"]}, "extra_not_actions", "not an action"),
    ({"name": "bad name"}, "name", "letters"),
    ({"path": "baseline"}, "path", "start and end"),
    ({"groups": ["bad/group"]}, "groups", "not a valid group name"),
]


def test_bad_input_fails_before_any_call_naming_the_field(account):
    tasks = [
        {"name": "bad %02d" % i, "baseline.iam.mfa_policy": options, "ignore_errors": True} for i, (options, _f, _w) in enumerate(BAD_INPUT)
    ]
    mark = account.simulator.proxy.mark()
    result = run_tasks(tasks, account.env()).assert_ok()
    for i, (_options, field, words) in enumerate(BAD_INPUT):
        assert [r["status"] for r in result.tasks("bad %02d" % i)] == ["ignored"], i
        out = result.result("bad %02d" % i)
        assert out["invalid_field"] == field, (i, out)
        assert out["msg"].startswith(field + ":")
        assert words in out["msg"], out["msg"]
    assert account.simulator.proxy.calls_since(mark, account.account_id) == []
    assert read_policy(account, arn_of(account)) is None


def test_policy_under_another_path_is_an_error_naming_path(account):
    seed_policy(account, path="/legacy/")
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(), account.env())
    assert result.rc != 0
    assert result.result("mfa policy")["msg"].startswith("path: policy BaselineRequireMFA exists with path /legacy/")
    assert writes_since(account, mark) == []


# Safety (DESIGN §8.4): never attach to a group holding the caller, a protected principal or a
# key-only user; nothing at all is written when one group is refused.


def refused(account, options, env=None, words=()):
    mark = account.simulator.proxy.mark()
    for check in (True, False):
        result = run_tasks(task(**options), env or account.env(), check=check)
        assert result.rc != 0
        out = result.result("mfa policy")
        assert out["invalid_field"] == "groups"
        for word in words:
            assert word in out["msg"], out["msg"]
    assert writes_since(account, mark) == []
    assert read_policy(account, arn_of(account)) is None


def test_refuses_a_group_with_a_protected_principal(account):
    make_groups(account, "admins", "ops")
    create_user(account, "break-glass", console=True)
    account.client("iam").add_user_to_group(GroupName="ops", UserName="break-glass")
    refused(
        account,
        {"groups": ["admins", "ops"], "protected_principals": ["arn:aws:iam::*:user/break-*"]},
        words=("group ops", "break-glass", "protected"),
    )


def test_refuses_the_callers_group(account):
    make_groups(account, "automation")
    create_user(account, "robot", console=True)
    account.client("iam").add_user_to_group(GroupName="automation", UserName="robot")
    refused(account, {"groups": ["automation"]}, env=user_env(account, "robot"), words=("member robot", "caller of this run"))


def test_refuses_a_group_with_a_key_only_user_unless_allowed(account):
    make_groups(account, "ci")
    create_user(account, "deployer", access_key=True)
    account.client("iam").add_user_to_group(GroupName="ci", UserName="deployer")
    refused(account, {"groups": ["ci"]}, words=("deployer", "access keys and no console password", "allow_key_only_members"))
    run_tasks(task(groups=["ci"], allow_key_only_members=True), account.env()).assert_ok()
    assert read_policy(account, arn_of(account))["groups"] == ["ci"]


def test_console_user_with_keys_is_not_key_only(account):
    make_groups(account, "devs")
    create_user(account, "dev", console=True, access_key=True)
    create_user(account, "inactive-keys", access_key=True)
    iam = account.client("iam")
    key = iam.list_access_keys(UserName="inactive-keys")["AccessKeyMetadata"][0]["AccessKeyId"]
    iam.update_access_key(UserName="inactive-keys", AccessKeyId=key, Status="Inactive")
    for user in ("dev", "inactive-keys"):
        iam.add_user_to_group(GroupName="devs", UserName=user)
    run_tasks(task(groups=["devs"]), account.env()).assert_ok()
    assert read_policy(account, arn_of(account))["groups"] == ["devs"]


def test_a_missing_group_fails_a_real_run_and_is_predicted_in_check_mode(account):
    # A preview runs role groups in check mode before role mfa: the group may be about to exist.
    mark = account.simulator.proxy.mark()
    preview = run_tasks(task(groups=["ghost"]), account.env(), check=True).assert_ok()
    assert preview.result("mfa policy")["policy"]["attached_groups"] == ["ghost"]
    assert "group ghost does not exist yet" in preview.output
    result = run_tasks(task(groups=["ghost"]), account.env())
    assert result.rc != 0
    assert result.result("mfa policy")["msg"] == "groups: group ghost does not exist"
    assert writes_since(account, mark) == []
    assert read_policy(account, arn_of(account)) is None


def test_absent_never_detaches_from_a_protected_user(account):
    create_user(account, "break-glass")
    arn = seed_policy(account)
    account.client("iam").attach_user_policy(UserName="break-glass", PolicyArn=arn)
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(state="absent", protected_principals=["break-glass"]), account.env())
    assert result.rc != 0
    assert result.result("mfa policy")["invalid_field"] == "state"
    assert writes_since(account, mark) == []
    assert read_policy(account, arn) is not None


def test_aws_error_is_reported_with_code_and_nothing_attached(account):
    make_groups(account, "admins")
    proxy = account.simulator.proxy
    with proxy.failing("CreatePolicy", "AccessDenied", account=account.account_id, status=403) as fault:
        result = run_tasks(task(groups=["admins"]), account.env())
    assert fault.hits == 1
    out = result.result("mfa policy")
    assert out["error_code"] == "AccessDenied"
    assert read_policy(account, arn_of(account)) is None


# Issue 13: who loses access is decided by one rule (_mfa/lockout.py), shared with the group
# module; existing attachments are re-checked on every run.


def test_refuses_a_console_user_whose_key_signs_calls(account):
    from tests.support import key_dates

    make_groups(account, "devs")
    create_user(account, "dev", console=True)
    key = key_dates.seed_key(account, "dev", created_days_ago=200, last_used_days_ago=3)
    account.client("iam").add_user_to_group(GroupName="devs", UserName="dev")
    refused(account, {"groups": ["devs"]}, words=("member dev", "access key %s" % key, "within key_use_window_days 30"))
    key_dates.set_last_used(account, "dev", key, 31)  # last used outside the window: nothing signs with it today
    run_tasks(task(groups=["devs"]), account.env()).assert_ok()
    assert read_policy(account, arn_of(account))["groups"] == ["devs"]


def test_existing_attachments_are_rechecked_and_members_at_risk_reported(account):
    make_groups(account, "devs")
    run_tasks(task(groups=["devs"]), account.env()).assert_ok()
    # Someone else then puts a key-only user into the group: it is locked out already.
    create_user(account, "deployer", access_key=True)
    account.client("iam").add_user_to_group(GroupName="devs", UserName="deployer")
    mark = account.simulator.proxy.mark()
    for check in (True, False):
        result = run_tasks(task(groups=["devs"]), account.env(), check=check).assert_ok()
        out = result.result("mfa policy")
        assert not result.changed
        (risk,) = out["members_at_risk"]
        assert risk["group"] == "devs" and risk["member"] == "deployer"
        assert "no console password" in risk["reason"]
        assert "[WARNING]" in result.output and "deployer" in result.output
    assert writes_since(account, mark) == []  # reported, never detached on its own
    assert read_policy(account, arn_of(account))["groups"] == ["devs"]
    allowed = run_tasks(task(groups=["devs"], allow_key_only_members=True), account.env()).assert_ok()
    assert allowed.result("mfa policy")["members_at_risk"] == []
