"""baseline.iam.group against the simulator: state read back from the API, call counts from the
recording proxy, the protected-member rules tried from every side."""

import json

import pytest

from tests.support.calls import is_mutating
from tests.support.playbook import run_tasks
from tests.support.principals import create_user, user_env
from tests.support.state import group as read_group
from tests.support.steps import four_steps

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
S3_READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}
# The same document as IAM would see it: other order, other case, a one-element list.
S3_READ_REORDERED = {
    "Version": "2012-10-17",
    "Statement": [{"Resource": ["*"], "Action": ["S3:ListBucket", "s3:getobject"], "Effect": "Allow"}],
}
BILLING = {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "aws-portal:ViewBilling", "Resource": "*"}}


def writes_since(account, mark):
    """Mutating calls (tests/support/calls.py) made in the account since the mark."""
    return [c["action"] for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])]


def task(**options):
    return [{"name": "group", "baseline.iam.group": options, "register": "out"}]


def test_four_steps_create_with_policies_and_members(account):
    for user in ("alice", "bob"):
        create_user(account, user)
    options = dict(
        name="admins",
        path="/ops/",
        managed_policies=["AdministratorAccess", READ_ONLY],
        inline_policies={"s3-read": S3_READ, "billing": json.dumps(BILLING)},
        members=["alice", "bob"],
    )
    expected = {
        "path": "/ops/",
        "managed_policies": [ADMIN, READ_ONLY],
        "inline_policies": {"billing": BILLING, "s3-read": S3_READ},
        "members": ["alice", "bob"],
    }
    results = four_steps(account, task(**options), lambda: read_group(account, "admins"), expected)
    predicted = results[0].result("group")["group"]
    assert predicted == {
        "name": "admins",
        "arn": "arn:aws:iam::%s:group/ops/admins" % account.account_id,
        "path": "/ops/",
        "managed_policies": [ADMIN, READ_ONLY],
        "inline_policies": ["billing", "s3-read"],
        "members": ["alice", "bob"],
    }
    assert results[1].result("group")["group"] == predicted
    assert results[0].result("group")["diff"]["after"]["inline_policies"]["s3-read"] == S3_READ


def seed_group(account, members=(), policies=(), inline=None, name="devs"):
    iam = account.client("iam")
    iam.create_group(GroupName=name)
    for user in members:
        iam.add_user_to_group(GroupName=name, UserName=user)
    for arn in policies:
        iam.attach_group_policy(GroupName=name, PolicyArn=arn)
    for policy_name, document in (inline or {}).items():
        iam.put_group_policy(GroupName=name, PolicyName=policy_name, PolicyDocument=json.dumps(document))


def test_without_purge_only_adds(account):
    for user in ("alice", "bob", "carol"):
        create_user(account, user)
    seed_group(account, members=["carol"], policies=[READ_ONLY], inline={"old": BILLING})
    expected = {
        "path": "/",
        "managed_policies": [ADMIN, READ_ONLY],
        "inline_policies": {"old": BILLING, "s3-read": S3_READ},
        "members": ["alice", "carol"],
    }
    options = dict(name="devs", managed_policies=["AdministratorAccess"], inline_policies={"s3-read": S3_READ}, members=["alice"])
    four_steps(account, task(**options), lambda: read_group(account, "devs"), expected)


def test_purge_removes_what_is_not_declared(account):
    for user in ("alice", "carol"):
        create_user(account, user)
    seed_group(account, members=["alice", "carol"], policies=[READ_ONLY, ADMIN], inline={"old": BILLING, "s3-read": S3_READ})
    options = dict(
        name="devs",
        managed_policies=[ADMIN],
        inline_policies={"s3-read": S3_READ},
        members=["alice"],
        purge_policies=True,
        purge_inline_policies=True,
        purge_members=True,
    )
    expected = {"path": "/", "managed_policies": [ADMIN], "inline_policies": {"s3-read": S3_READ}, "members": ["alice"]}
    four_steps(account, task(**options), lambda: read_group(account, "devs"), expected)


def test_semantically_equal_inline_policy_is_not_a_change(account):
    seed_group(account, inline={"s3-read": S3_READ_REORDERED})
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(name="devs", inline_policies={"s3-read": S3_READ}), account.env(), diff=True).assert_ok()
    assert not result.changed
    assert writes_since(account, mark) == []
    assert read_group(account, "devs")["inline_policies"]["s3-read"] == S3_READ_REORDERED


def test_inline_policy_differing_only_in_sid_and_statement_order_is_not_rewritten(account):
    # Issue 13: a Sid names a statement and grants nothing; IAM treats these documents as equal.
    stored = {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "Billing", "Effect": "Allow", "Action": "aws-portal:ViewBilling", "Resource": "*"},
            {"Sid": "ReadObjects", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"},
        ],
    }
    declared = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["*"]},
            {"Sid": "ViewBilling", "Effect": "Allow", "Action": "aws-portal:ViewBilling", "Resource": "*"},
        ],
    }
    seed_group(account, inline={"mixed": stored})
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(name="devs", inline_policies={"mixed": declared}), account.env(), diff=True).assert_ok()
    assert not result.changed
    assert writes_since(account, mark) == []
    assert read_group(account, "devs")["inline_policies"]["mixed"] == stored


def test_changed_inline_policy_is_rewritten(account):
    seed_group(account, inline={"s3-read": BILLING})
    run_tasks(task(name="devs", inline_policies={"s3-read": S3_READ}), account.env()).assert_ok()
    assert read_group(account, "devs")["inline_policies"]["s3-read"] == S3_READ


def test_four_steps_absent_removes_attachments_inline_and_members_first(account):
    create_user(account, "alice")
    seed_group(account, members=["alice"], policies=[ADMIN], inline={"s3-read": S3_READ})
    mark = account.simulator.proxy.mark()
    four_steps(account, task(name="devs", state="absent"), lambda: read_group(account, "devs"), None)
    assert writes_since(account, mark) == ["DetachGroupPolicy", "DeleteGroupPolicy", "RemoveUserFromGroup", "DeleteGroup"]
    assert account.client("iam").get_user(UserName="alice")["User"]["UserName"] == "alice"  # the user stays


def test_path_change_moves_the_group(account):
    # The simulator moves the group as AWS does (tests/support/moto_patches.py).
    seed_group(account)
    check = run_tasks(task(name="devs", path="/team/"), account.env(), check=True, diff=True).assert_ok()
    assert check.result("group")["diff"]["before"]["path"] == "/"
    assert check.result("group")["group"]["path"] == "/team/"
    mark = account.simulator.proxy.mark()
    run_tasks(task(name="devs", path="/team/"), account.env()).assert_ok()
    assert [c["action"] for c in account.simulator.proxy.calls_since(mark, account.account_id) if c["action"] == "UpdateGroup"] == [
        "UpdateGroup"
    ]
    group = account.client("iam").get_group(GroupName="devs")["Group"]
    assert (group["Path"], group["Arn"]) == ("/team/", "arn:aws:iam::%s:group/team/devs" % account.account_id)
    assert not run_tasks(task(name="devs", path="/team/"), account.env()).assert_ok().changed


OVERSIZED = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get%04d" % i for i in range(600)], "Resource": "*"}]}
NON_LATIN = {"Version": "2012-10-17", "Statement": [{"Sid": "Read\u2019s", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


BAD_INPUT = [
    ({"inline_policies": {"p": "{not json"}}, "inline_policies.p", "not valid JSON"),
    ({"inline_policies": {"p": "[1, 2]"}}, "inline_policies.p", "JSON object"),
    ({"inline_policies": {"p": OVERSIZED}}, "inline_policies.p", "5120"),
    ({"inline_policies": {"p": NON_LATIN}}, "inline_policies.p", "U+2019"),
    ({"inline_policies": {"p": {"Version": "2012-10-17"}}}, "inline_policies.p", "Statement"),
    ({"inline_policies": {"p": {"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}}}, "inline_policies.p", "Effect"),
    ({"inline_policies": {"bad name!": S3_READ}}, "inline_policies", "policy name"),
    ({"managed_policies": ["arn:aws:s3:::bucket"]}, "managed_policies", "policy ARN"),
    ({"managed_policies": ["Admin Access"]}, "managed_policies", "policy ARN"),
    ({"members": ["bad user!"]}, "members", "user name"),
    ({"path": "no-slashes"}, "path", "start and end"),
    ({"name": "bad/name"}, "name", "letters"),
]


def test_bad_input_fails_before_any_call_naming_the_field(account):
    # One playbook, one task per bad input (each may fail on its own): no call at all may reach AWS.
    seed_group(account, inline={"keep": BILLING})
    before = read_group(account, "devs")
    tasks = [
        {"name": "bad %02d" % i, "baseline.iam.group": {"name": "devs", **options}, "ignore_errors": True}
        for i, (options, _field, _words) in enumerate(BAD_INPUT)
    ]
    mark = account.simulator.proxy.mark()
    result = run_tasks(tasks, account.env()).assert_ok()
    for i, (_options, field, words) in enumerate(BAD_INPUT):
        assert [r["status"] for r in result.tasks("bad %02d" % i)] == ["ignored"], i
        out = result.result("bad %02d" % i)
        assert out["msg"].startswith(field + ":"), out["msg"]
        assert words in out["msg"], out["msg"]
        assert out["invalid_field"] == field
    assert account.simulator.proxy.calls_since(mark, account.account_id) == []  # not even a read
    assert read_group(account, "devs") == before


def test_oversized_total_of_inline_policies_is_refused(account):
    half = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get%04d" % i for i in range(300)], "Resource": "*"}]}
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(name="devs", inline_policies={"a": half, "b": half}), account.env())
    assert result.rc != 0
    assert result.result("group")["msg"].startswith("inline_policies: together the inline policies")
    assert account.simulator.proxy.calls_since(mark, account.account_id) == []


@pytest.mark.parametrize(
    ("options", "field", "words"),
    [
        ({"members": ["ghost"]}, "members", "user ghost does not exist"),
        ({"managed_policies": ["NoSuchPolicy"]}, "managed_policies", "policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist"),
    ],
)
def test_missing_user_or_policy_fails_before_any_write(account, options, field, words):
    mark = account.simulator.proxy.mark()
    for check in (True, False):
        result = run_tasks(task(name="devs", **options), account.env(), check=check)
        assert result.rc != 0
        assert result.result("group")["msg"] == "%s: %s" % (field, words)
    assert writes_since(account, mark) == []
    assert read_group(account, "devs") is None


def test_aws_error_is_reported_with_code(account):
    proxy = account.simulator.proxy
    with proxy.failing("CreateGroup", "AccessDenied", account=account.account_id, status=403) as fault:
        result = run_tasks(task(name="devs", managed_policies=["AdministratorAccess"]), account.env())
    assert fault.hits == 1
    assert result.rc != 0
    out = result.result("group")
    assert out["error_code"] == "AccessDenied"
    assert "manage group devs" in out["msg"]
    assert out["msg"].startswith("Could not manage group devs (iam:CreateGroup): AccessDenied: "), out["msg"]  # the failing operation
    assert read_group(account, "devs") is None


# Safety (DESIGN §8.1): the caller and protected principals.


def test_purge_keeps_protected_members_and_says_so(account):
    for user in ("alice", "break-glass", "ops-robot"):
        create_user(account, user)
    seed_group(account, members=["alice", "break-glass", "ops-robot"])
    protected = ["break-glass", "arn:aws:iam::*:user/ops-*"]
    result = run_tasks(task(name="devs", members=[], purge_members=True, protected_principals=protected), account.env()).assert_ok()
    assert read_group(account, "devs")["members"] == ["break-glass", "ops-robot"]
    kept = result.result("group")["kept_members"]
    assert [k["name"] for k in kept] == ["break-glass", "ops-robot"]
    assert "protected principal 'break-glass'" in kept[0]["reason"]
    assert "kept member break-glass" in result.output


def test_declared_protected_member_is_added(account):
    create_user(account, "break-glass")
    seed_group(account)
    run_tasks(task(name="devs", members=["break-glass"], protected_principals=["break-glass"]), account.env()).assert_ok()
    assert read_group(account, "devs")["members"] == ["break-glass"]


def test_absent_refuses_a_protected_member_unless_declared(account):
    create_user(account, "break-glass")
    seed_group(account, members=["break-glass"], policies=[ADMIN])
    before = read_group(account, "devs")
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(name="devs", state="absent", protected_principals=["break-glass"]), account.env())
    assert result.rc != 0
    assert result.result("group")["msg"].startswith("members: group member break-glass is protected")
    assert writes_since(account, mark) == []
    assert read_group(account, "devs") == before
    # Declared, the member may go with the group; the group's policy too, once that is allowed
    # (issue 13: a group holding a protected principal never loses a policy by default).
    options = dict(name="devs", state="absent", members=["break-glass"], protected_principals=["break-glass"])
    run_tasks(task(allow_caller_group_changes=True, **options), account.env()).assert_ok()
    assert read_group(account, "devs") is None


def test_the_caller_is_never_added(account):
    create_user(account, "automation")
    seed_group(account)
    env = user_env(account, "automation")
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(name="devs", members=["automation"]), env)
    assert result.rc != 0
    assert result.result("group")["msg"] == "members: automation is the caller of this run; a run never changes its own group memberships"
    assert writes_since(account, mark) == []
    assert read_group(account, "devs")["members"] == []


def test_the_caller_is_never_removed(account):
    create_user(account, "automation")
    seed_group(account, members=["automation"])
    env = user_env(account, "automation")
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(name="devs", members=[], purge_members=True), env).assert_ok()
    assert result.result("group")["kept_members"] == [{"name": "automation", "reason": "it is the caller of this run"}]
    assert not result.changed
    result = run_tasks(task(name="devs", state="absent", members=["automation"]), env)
    assert result.rc != 0
    assert result.result("group")["invalid_field"] == "state"
    assert writes_since(account, mark) == []
    assert read_group(account, "devs")["members"] == ["automation"]


# Issue 13: the force-MFA lockout guard on the group module's paths (DESIGN §8.4), and the
# caller's own groups never lose a policy (DESIGN §8.1).

# AWS' documented "deny everything but MFA self-service without MFA" statement, as another
# policy than the baseline's (the guard judges the effect, not the name).
AWS_EXAMPLE_DENY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "BlockMostAccessUnlessSignedInWithMFA",
            "Effect": "Deny",
            "NotAction": [
                "iam:CreateVirtualMFADevice",
                "iam:EnableMFADevice",
                "iam:GetUser",
                "iam:ListMFADevices",
                "iam:ListVirtualMFADevices",
                "iam:ResyncMFADevice",
                "sts:GetSessionToken",
            ],
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        }
    ],
}


def baseline_mfa_policy(account):
    from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import document

    return account.client("iam").create_policy(PolicyName="BaselineRequireMFA", PolicyDocument=json.dumps(document("aws")))["Policy"]["Arn"]


def refused(account, options, field, words, env=None):
    """The task fails in check mode and for real, naming the field, with no write at all."""
    before = read_group(account, options["name"])
    mark = account.simulator.proxy.mark()
    for check in (True, False):
        result = run_tasks(task(**options), env or account.env(), check=check)
        assert result.rc != 0, result.output[-2000:]
        out = result.result("group")
        assert out["invalid_field"] == field, out
        for word in words:
            assert word in out["msg"], out["msg"]
    assert writes_since(account, mark) == []
    assert read_group(account, options["name"]) == before


def test_adding_a_key_only_user_to_a_group_under_the_force_mfa_deny_is_refused(account):
    create_user(account, "deployer", access_key=True)
    seed_group(account, policies=[baseline_mfa_policy(account)])
    words = ("member deployer", "group devs", "no console password", "allow_key_only_members")
    refused(account, dict(name="devs", members=["deployer"]), "members", words)
    run_tasks(task(name="devs", members=["deployer"], allow_key_only_members=True), account.env()).assert_ok()
    assert read_group(account, "devs")["members"] == ["deployer"]


def test_adding_a_console_user_whose_key_signs_calls_is_refused(account):
    # BoolIfExists denies every call signed with a long-term key, password or not; the deny is
    # another policy than the baseline's (an inline one): its effect counts.
    from tests.support import key_dates

    create_user(account, "dev", console=True)
    key = key_dates.seed_key(account, "dev", created_days_ago=100, last_used_days_ago=3)
    seed_group(account, inline={"require-mfa": AWS_EXAMPLE_DENY})
    words = ("member dev", "access key %s" % key, "key_use_window_days 30", "allow_key_only_members")
    refused(account, dict(name="devs", members=["dev"]), "members", words)
    run_tasks(task(name="devs", members=["dev"], key_use_window_days=2), account.env()).assert_ok()  # used 3 days ago
    assert read_group(account, "devs")["members"] == ["dev"]


def test_a_protected_member_is_never_put_under_the_deny(account):
    create_user(account, "break-glass", console=True)
    seed_group(account, policies=[baseline_mfa_policy(account)])
    options = dict(name="devs", members=["break-glass"], protected_principals=["break-glass"], allow_key_only_members=True)
    refused(account, options, "members", ("member break-glass", "protected principal 'break-glass'"))


def test_attaching_a_force_mfa_policy_through_the_group_is_refused(account):
    create_user(account, "deployer", access_key=True)
    create_user(account, "carol", console=True)
    seed_group(account, members=["deployer", "carol"])
    arn = baseline_mfa_policy(account)
    refused(account, dict(name="devs", managed_policies=[arn]), "managed_policies", ("member deployer", "group devs"))
    refused(account, dict(name="devs", inline_policies={"require-mfa": AWS_EXAMPLE_DENY}), "inline_policies", ("member deployer",))
    run_tasks(task(name="devs", managed_policies=[arn], allow_key_only_members=True), account.env()).assert_ok()
    assert read_group(account, "devs")["managed_policies"] == [arn]


def test_a_group_without_the_deny_takes_key_users(account):
    create_user(account, "deployer", access_key=True)
    seed_group(account, policies=[READ_ONLY])
    run_tasks(task(name="devs", members=["deployer"]), account.env()).assert_ok()
    assert read_group(account, "devs")["members"] == ["deployer"]


def test_the_callers_group_never_loses_a_policy(account):
    create_user(account, "automation")
    seed_group(account, name="ops", members=["automation"], policies=[ADMIN, READ_ONLY], inline={"s3-read": S3_READ})
    env = user_env(account, "automation")
    options = dict(name="ops", managed_policies=[READ_ONLY], purge_policies=True)
    refused(
        account,
        options,
        "purge_policies",
        ("group ops holds automation", "detach AdministratorAccess", "allow_caller_group_changes"),
        env=env,
    )
    refused(account, dict(name="ops", purge_inline_policies=True), "purge_inline_policies", ("delete inline policy s3-read",), env=env)
    refused(account, dict(name="ops", inline_policies={"s3-read": BILLING}), "inline_policies.s3-read", ("replace the document",), env=env)
    # Adding is fine.
    run_tasks(task(name="ops", inline_policies={"billing": BILLING}), env).assert_ok()
    assert sorted(read_group(account, "ops")["inline_policies"]) == ["billing", "s3-read"]
    run_tasks(task(allow_caller_group_changes=True, **options), env).assert_ok()
    assert read_group(account, "ops")["managed_policies"] == [READ_ONLY]


def test_a_protected_members_group_never_loses_a_policy_even_when_absent(account):
    create_user(account, "break-glass")
    seed_group(account, members=["break-glass"], policies=[ADMIN])
    options = dict(name="devs", state="absent", members=["break-glass"], protected_principals=["break-glass"])
    refused(account, options, "state", ("group devs holds break-glass", "detach AdministratorAccess"))
    run_tasks(task(allow_caller_group_changes=True, **options), account.env()).assert_ok()
    assert read_group(account, "devs") is None
