"""Evaluators of the groups family: PASS, FAIL, NOT_APPLICABLE and ERROR, table-driven."""

import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import document as force_mfa_document
from tests.support.fixed import ACCOUNT
from tests.support.snapshots import authorization_details, evaluate, snapshot, statuses

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess"
CLOUDSHELL = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
MFA_ARN = "arn:aws:iam::%s:policy/BaselineRequireMFA" % ACCOUNT
STAR = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
GROUP_IDS = (
    "GROUP.DECLARED",
    "USER.DIRECT_POLICY",
    "USER.NO_GROUP",
    "POL.ADMIN_STAR",
    "POL.SUPPORT_ROLE",
    "POL.CLOUDSHELL",
    "GROUP.ADMIN_NO_MFA_POLICY",
)


def user(name, groups=(), attached=(), inline=None):
    return {
        "UserName": name,
        "Arn": "arn:aws:iam::%s:user/%s" % (ACCOUNT, name),
        "Path": "/",
        "GroupList": list(groups),
        "AttachedManagedPolicies": [{"PolicyName": a.rsplit("/", 1)[-1], "PolicyArn": a} for a in attached],
        "UserPolicyList": [{"PolicyName": n, "PolicyDocument": d} for n, d in (inline or {}).items()],
    }


def group(name, attached=(), inline=None, path="/"):
    return {
        "GroupName": name,
        "Arn": "arn:aws:iam::%s:group%s%s" % (ACCOUNT, path, name),
        "Path": path,
        "AttachedManagedPolicies": [{"PolicyName": a.rsplit("/", 1)[-1], "PolicyArn": a} for a in attached],
        "GroupPolicyList": [{"PolicyName": n, "PolicyDocument": d} for n, d in (inline or {}).items()],
    }


def role(name, attached=(), inline=None):
    return {
        "RoleName": name,
        "Arn": "arn:aws:iam::%s:role/%s" % (ACCOUNT, name),
        "Path": "/",
        "AttachedManagedPolicies": [{"PolicyName": a.rsplit("/", 1)[-1], "PolicyArn": a} for a in attached],
        "RolePolicyList": [{"PolicyName": n, "PolicyDocument": d} for n, d in (inline or {}).items()],
    }


def managed(name, document, attachments=1, path="/"):
    return {
        "PolicyName": name,
        "Arn": "arn:aws:iam::%s:policy%s%s" % (ACCOUNT, path, name),
        "Path": path,
        "DefaultVersionId": "v2",
        "AttachmentCount": attachments,
        "PolicyVersionList": [
            {"VersionId": "v1", "IsDefaultVersion": False, "Document": STAR},
            {"VersionId": "v2", "IsDefaultVersion": True, "Document": document},
        ],
    }


def snap(users=(), groups=(), roles=(), policies=(), error=None, partition="aws"):
    """The authorization details the groups controls read, or `error` reading them."""
    details = authorization_details(users, groups, roles, policies)
    errors = {"authorization_details": error} if error else None
    return snapshot(authorization_details=details, errors=errors, partition=partition)


def test_unreadable_details_make_every_control_error_never_pass():
    result = evaluate(snap(error="AccessDenied"), *GROUP_IDS, params={"groups": [{"name": "admins"}], "mfa": {"groups": ["admins"]}})
    assert {f["control_id"] for f in result} == set(GROUP_IDS)
    assert {f["status"] for f in result} == {"ERROR"}
    assert all("AccessDenied" in f["message"] for f in result)


# USER.DIRECT_POLICY and USER.NO_GROUP


def test_direct_policy_per_user():
    users = [user("ok", ["devs"]), user("managed", attached=[READ_ONLY]), user("inline", inline={"own": S3})]
    result = {f["resource_id"]: f for f in evaluate(snap(users), "USER.DIRECT_POLICY")}
    assert {k: f["status"] for k, f in result.items()} == {"ok": "PASS", "managed": "FAIL", "inline": "FAIL"}
    assert result["managed"]["actual"] == ["ReadOnlyAccess"]
    assert result["inline"]["actual"] == ["own (inline)"]
    assert result["inline"]["resource_arn"] == "arn:aws:iam::%s:user/inline" % ACCOUNT
    assert result["inline"]["resource_type"] == "AwsIamUser"


def test_no_group_per_user():
    assert statuses(evaluate(snap([user("in", ["devs"]), user("out")]), "USER.NO_GROUP")) == {"in": "PASS", "out": "FAIL"}


@pytest.mark.parametrize("control", ["USER.DIRECT_POLICY", "USER.NO_GROUP"])
def test_no_users_is_not_applicable(control):
    assert statuses(evaluate(snap(), control)) == {ACCOUNT: "NOT_APPLICABLE"}


# POL.ADMIN_STAR


@pytest.mark.parametrize(
    ("document", "status"),
    [
        (STAR, "FAIL"),
        ({"Statement": {"Effect": "Allow", "Action": ["s3:*", "*:*"], "Resource": ["*"]}}, "FAIL"),
        ({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::bucket/*"}]}, "PASS"),
        ({"Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}, "PASS"),
        ({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}, "PASS"),
        (S3, "PASS"),
    ],
)
def test_admin_star_attached_customer_managed_policy(document, status):
    result = evaluate(snap(policies=[managed("custom", document)]), "POL.ADMIN_STAR")
    assert [f["status"] for f in result] == [status]
    if status == "FAIL":
        assert result[0]["resource_arn"] == "arn:aws:iam::%s:policy/custom" % ACCOUNT
        assert result[0]["resource_type"] == "AwsIamPolicy"


def test_admin_star_ignores_unattached_policies_and_old_versions():
    policies = [managed("unused", STAR, attachments=0), managed("old-star", S3)]  # v1 of each is STAR
    assert [f["status"] for f in evaluate(snap(policies=policies), "POL.ADMIN_STAR")] == ["PASS"]


def test_admin_star_inline_policies_of_users_groups_roles():
    snapshot = snap(
        users=[user("u", inline={"all": json.dumps(STAR)})],
        groups=[group("g", inline={"all": STAR, "s3": S3})],
        roles=[role("r", inline={"s3": S3})],
    )
    result = {f["resource_id"]: f for f in evaluate(snapshot, "POL.ADMIN_STAR")}
    assert set(result) == {"u", "g"}
    assert result["g"]["actual"] == ["all"]
    assert result["g"]["resource_type"] == "AwsIamGroup"


def test_admin_star_aws_managed_administrator_access_is_not_this_control():
    assert [f["status"] for f in evaluate(snap(groups=[group("admins", [ADMIN])]), "POL.ADMIN_STAR")] == ["PASS"]


# POL.SUPPORT_ROLE and POL.CLOUDSHELL


def test_support_role():
    assert statuses(evaluate(snap(roles=[role("support", [SUPPORT])]), "POL.SUPPORT_ROLE")) == {ACCOUNT: "PASS"}
    # attached to a user or group only: no role
    assert statuses(evaluate(snap(users=[user("u", attached=[SUPPORT])], groups=[group("g", [SUPPORT])]), "POL.SUPPORT_ROLE")) == {
        ACCOUNT: "FAIL"
    }


def test_support_role_partition_aware():
    gov = "arn:aws-us-gov:iam::aws:policy/AWSSupportAccess"
    assert statuses(evaluate(snap(roles=[role("support", [gov])], partition="aws-us-gov"), "POL.SUPPORT_ROLE")) == {ACCOUNT: "PASS"}
    assert statuses(evaluate(snap(roles=[role("support", [SUPPORT])], partition="aws-us-gov"), "POL.SUPPORT_ROLE")) == {ACCOUNT: "FAIL"}


def test_cloudshell():
    assert statuses(evaluate(snap(users=[user("u")], roles=[role("r", [READ_ONLY])]), "POL.CLOUDSHELL")) == {ACCOUNT: "PASS"}
    snapshot = snap(users=[user("u", attached=[CLOUDSHELL])], groups=[group("g", [CLOUDSHELL])], roles=[role("r")])
    assert statuses(evaluate(snapshot, "POL.CLOUDSHELL")) == {"u": "FAIL", "g": "FAIL"}


# GROUP.ADMIN_NO_MFA_POLICY


def test_admin_groups_need_the_force_mfa_policy():
    snapshot = snap(
        groups=[
            group("with-mfa", [ADMIN, MFA_ARN]),
            group("without", [ADMIN]),
            group("inline-star", inline={"all": STAR}),
            group("custom-star", ["arn:aws:iam::%s:policy/star" % ACCOUNT]),
            group("readers", [READ_ONLY]),
        ],
        policies=[managed("star", STAR), managed("BaselineRequireMFA", force_mfa_document("aws"))],
    )
    result = {f["resource_id"]: f for f in evaluate(snapshot, "GROUP.ADMIN_NO_MFA_POLICY")}
    assert {k: f["status"] for k, f in result.items()} == {
        "with-mfa": "PASS",
        "without": "FAIL",
        "inline-star": "FAIL",
        "custom-star": "FAIL",
    }
    assert "AdministratorAccess" in result["without"]["message"]
    assert "star" in result["custom-star"]["message"]
    assert "MFA is forced by BaselineRequireMFA" in result["with-mfa"]["message"]


# Judged by effect: what the group's policies do, whatever their names (issue 14).
BOOL_IF_EXISTS = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
SELF_SERVICE = ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:ListMFADevices", "iam:ResyncMFADevice", "sts:GetSessionToken"]


def mfa_deny(condition=None, not_action=None, **extra):
    condition = BOOL_IF_EXISTS if condition is None else condition
    not_action = SELF_SERVICE if not_action is None else not_action
    statement = {"Effect": "Deny", "NotAction": not_action, "Resource": "*", "Condition": condition, **extra}
    return {"Version": "2012-10-17", "Statement": [statement]}


def admins_with(attached=(), inline=None, policies=()):
    return snap(groups=[group("admins", [ADMIN, *attached], inline)], policies=policies)


def admin_finding(snapshot, params=None):
    (finding,) = evaluate(snapshot, "GROUP.ADMIN_NO_MFA_POLICY", params=params)
    return finding


S3_ONLY_DENY = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": BOOL_IF_EXISTS}]}
CORP_MFA = "arn:aws:iam::%s:policy/security/CorpEnforceMFA" % ACCOUNT


@pytest.mark.parametrize(
    ("snapshot", "status", "words"),
    [
        # an organization's own customer managed policy, any name and path
        (admins_with([CORP_MFA], policies=[managed("CorpEnforceMFA", mfa_deny(), path="/security/")]), "PASS", "forced by CorpEnforceMFA"),
        # an inline group policy
        (admins_with(inline={"require-mfa": mfa_deny()}), "PASS", "forced by require-mfa (inline)"),
        # statements split across a managed and an inline policy: Bool for sign-ins, Null for access keys
        (
            admins_with(
                [CORP_MFA],
                {"keys": mfa_deny({"Null": {"aws:MultiFactorAuthPresent": "true"}})},
                [managed("CorpEnforceMFA", mfa_deny({"Bool": {"aws:MultiFactorAuthPresent": "false"}}), path="/security/")],
            ),
            "PASS",
            "forced by CorpEnforceMFA, keys (inline)",
        ),
        # the baseline's own ARN, but its document was edited to Bool: access keys get through
        (
            admins_with([MFA_ARN], policies=[managed("BaselineRequireMFA", mfa_deny({"Bool": {"aws:MultiFactorAuthPresent": "false"}}))]),
            "FAIL",
            "access keys",
        ),
        # the baseline's ARN attached, but its document is not in the snapshot: not proven
        (admins_with([MFA_ARN]), "FAIL", "BaselineRequireMFA: its document was not read"),
        # a deny limited to some services
        (admins_with(inline={"s3-mfa": S3_ONLY_DENY}), "FAIL", "everything except s3:*"),
        # an allow-list too wide
        (admins_with(inline={"wide": mfa_deny(not_action=[*SELF_SERVICE, "iam:*"])}), "FAIL", "iam:*"),
        # a deny that also depends on the region
        (
            admins_with(inline={"eu": mfa_deny({**BOOL_IF_EXISTS, "StringEquals": {"aws:RequestedRegion": "eu-west-1"}})}),
            "FAIL",
            "aws:RequestedRegion",
        ),
    ],
)
def test_admin_groups_are_judged_by_what_their_policies_do(snapshot, status, words):
    finding = admin_finding(snapshot)
    assert finding["status"] == status
    assert words in finding["message"]


def test_an_exemption_the_baseline_accepts_is_accepted_here_too():
    relaxed = force_mfa_document("aws", extra_not_actions=["s3:List*"])
    snapshot = admins_with([MFA_ARN], policies=[managed("BaselineRequireMFA", relaxed)])
    assert admin_finding(snapshot)["status"] == "FAIL"
    assert "s3:List*" in admin_finding(snapshot)["message"]
    assert admin_finding(snapshot, {"mfa": {"extra_not_actions": ["s3:List*"]}})["status"] == "PASS"


def test_no_admin_group_is_not_applicable():
    assert statuses(evaluate(snap(groups=[group("readers", [READ_ONLY])]), "GROUP.ADMIN_NO_MFA_POLICY")) == {ACCOUNT: "NOT_APPLICABLE"}


# GROUP.DECLARED


def declared(snapshot, *specs):
    return {f["resource_id"]: f for f in evaluate(snapshot, "GROUP.DECLARED", params={"groups": list(specs)})}


def test_nothing_declared_is_not_applicable():
    assert statuses(evaluate(snap(groups=[group("g")]), "GROUP.DECLARED")) == {ACCOUNT: "NOT_APPLICABLE"}


def test_declared_group_as_declared_passes():
    snapshot = snap(users=[user("alice", ["admins"])], groups=[group("admins", [ADMIN], {"s3": S3})])
    spec = {"name": "admins", "managed_policies": ["AdministratorAccess"], "inline_policies": {"s3": json.dumps(S3)}, "members": ["Alice"]}
    assert declared(snapshot, spec)["admins"]["status"] == "PASS"


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ({"name": "missing"}, "the group does not exist"),
        ({"name": "admins", "path": "/ops/"}, "path is /, declared /ops/"),
        ({"name": "admins", "managed_policies": [READ_ONLY]}, "policy %s is missing" % READ_ONLY),
        ({"name": "admins", "purge_policies": True}, "undeclared policy %s" % ADMIN),
        ({"name": "admins", "inline_policies": {"s3": STAR}}, "inline policy s3 differs"),
        ({"name": "admins", "inline_policies": {"other": S3}}, "inline policy other is missing"),
        ({"name": "admins", "inline_policies": {"bad": "{nope"}}, "declared document is invalid"),
        ({"name": "admins", "purge_inline_policies": True}, "undeclared inline policy s3"),
        ({"name": "admins", "members": ["bob"]}, "member bob is missing"),
        ({"name": "admins", "purge_members": True}, "undeclared member alice"),
        ({"name": "admins", "state": "absent"}, "exists but is declared absent"),
    ],
)
def test_declared_group_drift_fails_and_says_what(spec, words):
    snapshot = snap(users=[user("alice", ["admins"]), user("bob")], groups=[group("admins", [ADMIN], {"s3": S3})])
    name = spec["name"]
    finding = declared(snapshot, spec)[name]
    assert finding["status"] == "FAIL"
    assert words in finding["message"], finding["message"]


def test_undeclared_extras_are_fine_without_purge():
    snapshot = snap(users=[user("alice", ["admins"]), user("bob", ["admins"])], groups=[group("admins", [ADMIN, READ_ONLY], {"s3": S3})])
    assert declared(snapshot, {"name": "admins", "managed_policies": [ADMIN], "members": ["alice"]})["admins"]["status"] == "PASS"


def test_absent_group_declared_absent_passes_and_missing_arn_is_built():
    result = declared(snap(), {"name": "old", "state": "absent"}, {"name": "new", "path": "/x/"})
    assert result["old"]["status"] == "PASS"
    assert result["new"]["status"] == "FAIL"
    assert result["new"]["resource_arn"] == "arn:aws:iam::%s:group/x/new" % ACCOUNT


def test_members_the_apply_keeps_under_purge_are_a_pass_with_a_note():
    # Issue 13: purge_members never removes the caller or a protected principal; the audit must
    # not FAIL the group for them on every run (one rule: _groups/model.undeclared_members).
    from ansible_collections.baseline.iam.plugins.module_utils._core.caller import caller_from_identity

    users = [user("alice", ["admins"]), user("break-glass", ["admins"]), user("automation", ["admins"])]
    snapshot = snap(users=users, groups=[group("admins")])
    snapshot["caller"] = caller_from_identity({"Arn": "arn:aws:iam::%s:user/automation" % ACCOUNT, "Account": ACCOUNT})
    spec = {"name": "admins", "members": ["alice"], "purge_members": True}
    params = {"groups": [spec], "protected_principals": ["break-*"]}
    finding = {f["resource_id"]: f for f in evaluate(snapshot, "GROUP.DECLARED", params=params)}["admins"]
    assert finding["status"] == "PASS", finding["message"]
    assert "kept on purpose" in finding["message"]
    assert "break-glass (it matches protected principal 'break-*')" in finding["message"]
    assert "automation (it is the caller of this run)" in finding["message"]
    # Not protected any more: the apply would remove it, so the audit says drift.
    params["protected_principals"] = []
    finding = {f["resource_id"]: f for f in evaluate(snapshot, "GROUP.DECLARED", params=params)}["admins"]
    assert finding["status"] == "FAIL"
    assert "undeclared member break-glass" in finding["message"]
    assert "automation" not in finding["message"]


def test_the_force_mfa_policy_is_not_undeclared_on_the_groups_role_mfa_attaches_it_to():
    # Issue 13: role mfa attaches the policy to iam_baseline_mfa.groups after role groups ran;
    # purge_policies keeps it there (_groups/model.purge_keeps), and the audit agrees.
    mfa_arn = "arn:aws:iam::%s:policy/BaselineRequireMFA" % ACCOUNT
    snapshot = snap(groups=[group("auditors", [READ_ONLY, mfa_arn]), group("others", [READ_ONLY, mfa_arn])])
    specs = [{"name": name, "managed_policies": [READ_ONLY], "purge_policies": True} for name in ("auditors", "others")]
    result = {f["resource_id"]: f for f in evaluate(snapshot, "GROUP.DECLARED", params={"groups": specs, "mfa": {"groups": ["Auditors"]}})}
    assert result["auditors"]["status"] == "PASS", result["auditors"]["message"]
    assert result["others"]["status"] == "FAIL"
    assert "undeclared policy %s" % mfa_arn in result["others"]["message"]
