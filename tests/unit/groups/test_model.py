"""_group: validation, desired state, and the membership rules for the caller and protected users."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core import caller as _caller
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._groups import model as _group

ACCOUNT = "111122223333"
S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


def params(**options):
    base = {"name": "devs", "path": "/", "managed_policies": [], "inline_policies": {}, "members": [], "state": "present"}
    base.update({"purge_policies": False, "purge_inline_policies": False, "purge_members": False})
    base.update(options)
    return base


def users(*names):
    return {n.lower(): {"name": n, "arn": "arn:aws:iam::%s:user/%s" % (ACCOUNT, n)} for n in names}


def guard_for(caller_user=None, patterns=()):
    caller = {"kind": "user", "name": caller_user} if caller_user else {"kind": "role", "name": "OrganizationAccountAccessRole"}
    return _group.member_guard(_caller.Protection(caller, patterns))


@pytest.mark.parametrize(
    ("reference", "partition", "arn"),
    [
        ("AdministratorAccess", "aws", "arn:aws:iam::aws:policy/AdministratorAccess"),
        ("job-function/ViewOnlyAccess", "aws-us-gov", "arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess"),
        ("arn:aws-cn:iam::111122223333:policy/x", "aws", "arn:aws-cn:iam::111122223333:policy/x"),
    ],
)
def test_managed_policy_arn(reference, partition, arn):
    assert _group.managed_policy_arn(reference, partition) == arn


def test_validate_returns_loaded_documents():
    docs = _group.validate(params(inline_policies={"a": S3, "b": '{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}'}))
    assert docs["a"] == S3 and docs["b"]["Statement"]["Effect"] == "Deny"


@pytest.mark.parametrize(
    ("options", "field", "words"),
    [
        ({"name": ""}, "name", "must be 1-128 letters"),
        ({"name": "x" * 129}, "name", "must be 1-128 letters"),
        ({"path": "/a"}, "path", "must start and end with '/'"),
        ({"path": "/" + "a" * 511 + "/"}, "path", "at most 512 characters"),
        ({"members": ["x" * 65]}, "members", "is not a valid user name"),
        ({"managed_policies": ["arn:aws:iam::12345:policy/x"]}, "managed_policies", "neither a policy ARN nor"),
        ({"inline_policies": {"p": "nope"}}, "inline_policies.p", "JSON"),
        ({"inline_policies": {"bad name": S3}}, "inline_policies", "is not a valid policy name"),
    ],
)
def test_validate_names_the_field(options, field, words):
    with pytest.raises(InputError) as raised:
        _group.validate(params(**options))
    assert raised.value.field == field
    assert words in raised.value.problem, raised.value.problem
    assert str(raised.value) == "%s: %s" % (field, raised.value.problem)


def test_complete_spec_defaults():
    assert _group.complete_spec({"name": "g", "members": None}) == {**_group.SPEC_DEFAULTS, "name": "g"}


def test_desired_merges_without_purge_and_replaces_with_purge():
    current = {
        "name": "devs",
        "path": "/",
        "arn": "x",
        "managed_policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        "inline_policies": {
            "old": S3,
            "same": {"Version": "2012-10-17", "Statement": [{"Resource": "*", "Action": ["S3:GETOBJECT"], "Effect": "Allow"}]},
        },
        "members": ["carol"],
    }
    wanted = {"same": S3, "new": S3}
    after = _group.desired(current, params(managed_policies=["AdministratorAccess"]), "aws", ACCOUNT, wanted, ["carol"])
    assert after["managed_policies"] == ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"]
    assert set(after["inline_policies"]) == {"old", "same", "new"}
    assert after["inline_policies"]["same"] is current["inline_policies"]["same"]  # equal: the current text stays
    purged = _group.desired(current, params(purge_policies=True, purge_inline_policies=True), "aws", ACCOUNT, wanted, [])
    assert purged["managed_policies"] == [] and set(purged["inline_policies"]) == {"same", "new"}
    assert _group.desired(current, params(state="absent"), "aws", ACCOUNT, {}, []) is None


def test_desired_arn_is_partition_aware_and_follows_the_path():
    after = _group.desired(None, params(path="/ops/"), "aws-us-gov", ACCOUNT, {}, [])
    assert after["arn"] == "arn:aws-us-gov:iam::%s:group/ops/devs" % ACCOUNT


# Membership rules (DESIGN §8.1)


def test_members_added_and_kept_without_purge():
    members, kept = _group.plan_members(users("carol"), users("alice"), params(), guard_for())
    assert members == ["alice", "carol"] and kept == []


def test_purge_removes_only_unprotected():
    current = users("alice", "break-glass", "automation", "carol")
    members, kept = _group.plan_members(current, users("alice"), params(purge_members=True), guard_for("automation", ["break-*"]))
    assert members == ["alice", "automation", "break-glass"]
    assert kept == [
        {"name": "break-glass", "reason": "it matches protected principal 'break-*'"},
        {"name": "automation", "reason": "it is the caller of this run"},
    ]


def test_declared_protected_user_is_added():
    members, _kept = _group.plan_members({}, users("break-glass"), params(), guard_for(patterns=["break-glass"]))
    assert members == ["break-glass"]


def test_caller_is_never_added_even_when_declared():
    with pytest.raises(InputError) as e:
        _group.plan_members({}, users("Automation"), params(), guard_for("automation"))
    assert e.value.field == "members" and "caller" in e.value.problem


def test_caller_already_a_member_is_no_change():
    members, kept = _group.plan_members(users("automation"), users("automation"), params(purge_members=True), guard_for("automation"))
    assert members == ["automation"] and kept == []


@pytest.mark.parametrize(
    ("current", "declared", "guard", "field"),
    [
        (users("automation"), {}, guard_for("automation"), "state"),
        (users("automation"), users("automation"), guard_for("automation"), "state"),
        (users("break-glass"), {}, guard_for(patterns=["arn:aws:iam::*:user/break-*"]), "members"),
    ],
)
def test_absent_refuses_the_caller_and_undeclared_protected_members(current, declared, guard, field):
    with pytest.raises(InputError) as e:
        _group.plan_members(current, declared, params(state="absent"), guard)
    assert e.value.field == field


def test_absent_removes_declared_protected_and_ordinary_members():
    members, kept = _group.plan_members(
        users("break-glass", "alice"), users("break-glass"), params(state="absent"), guard_for(patterns=["break-glass"])
    )
    assert members == [] and kept == []


def test_result_names_inline_policies():
    state = {"name": "g", "arn": "a", "path": "/", "managed_policies": ["x"], "inline_policies": {"b": S3, "a": S3}, "members": ["u"]}
    assert _group.result(state)["inline_policies"] == ["a", "b"]
    assert _group.result(None) == {}


def test_purge_keeps_the_force_mfa_policy_on_the_groups_role_mfa_attaches_it_to():
    mfa_arn = "arn:aws:iam::111122223333:policy/security/RequireMFA"
    current = {"name": "admins", "managed_policies": [mfa_arn, "arn:aws:iam::aws:policy/ReadOnlyAccess"], "inline_policies": {}}
    policy = {"name": "RequireMFA", "path": "/security/", "groups": ["ADMINS"]}
    spec = dict(params(purge_policies=True), name="admins", force_mfa_policy=policy)
    after = _group.desired(current, spec, "aws", "111122223333", {}, [])
    assert after["managed_policies"] == [mfa_arn]  # ReadOnlyAccess goes, the force-MFA policy stays
    spec["force_mfa_policy"] = dict(policy, groups=["others"])
    assert _group.desired(current, spec, "aws", "111122223333", {}, [])["managed_policies"] == []
    assert _group.purge_keeps("admins", None, "aws", "111122223333") == set()
