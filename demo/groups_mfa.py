"""Groups and MFA in `make demo`: drift seeded in the simulator, the baseline variables that fix
it, and the checks read back from the API after the apply."""

import json

from tests.support.principals import age_user, create_user

# The baseline the demo applies (inventory group_vars).
GROUP_VARS = {
    "iam_baseline_groups": [
        {"name": "administrators", "managed_policies": ["AdministratorAccess"], "members": ["alice"]},
        {"name": "developers", "managed_policies": ["PowerUserAccess"], "members": ["dave"]},
    ],
    "iam_baseline_mfa": {
        "groups": ["administrators", "developers"],
        "console_user_action": "disable_console",
        "console_grace_days": 14,
    },
    "iam_baseline_protected_principals": ["break-glass"],
}
DRIFT = {
    "111111111111": "an administrators group without the force-MFA policy; a user with a policy of its own",
    "222222222222": "a contractor with a console password and no MFA for 60 days; a break-glass user (protected)",
    "333333333333": "no groups at all; a key-only CI user in no group",
}
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
S3_READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


def seed(accounts):
    for account in accounts.values():
        create_user(account, "alice", console=True)  # new administrator, still within the grace period
        create_user(account, "dave", console=True)
        for user in ("alice", "dave"):
            age_user(account, user, 2)
    first = accounts["111111111111"]
    iam = first.client("iam")
    iam.create_group(GroupName="administrators")
    iam.attach_group_policy(GroupName="administrators", PolicyArn=ADMIN)
    create_user(first, "direct-policy-user")
    iam.put_user_policy(UserName="direct-policy-user", PolicyName="own", PolicyDocument=json.dumps(S3_READ))
    second = accounts["222222222222"]
    create_user(second, "old-contractor", console=True, access_key=True)
    age_user(second, "old-contractor", 60)
    create_user(second, "break-glass", console=True)
    age_user(second, "break-glass", 400)
    create_user(accounts["333333333333"], "ci-deployer", access_key=True)


def _console(iam, user):
    try:
        iam.get_login_profile(UserName=user)
    except iam.exceptions.NoSuchEntityException:
        return False
    return True


def _groups_as_declared(account):
    iam = account.client("iam")
    mfa_arn = "arn:aws:iam::%s:policy/BaselineRequireMFA" % account.account_id
    for spec in GROUP_VARS["iam_baseline_groups"]:
        name = spec["name"]
        members = sorted(u["UserName"] for u in iam.get_group(GroupName=name)["Users"])
        attached = {p["PolicyArn"] for p in iam.list_attached_group_policies(GroupName=name)["AttachedPolicies"]}
        if members != spec["members"] or mfa_arn not in attached:
            return False
    return True


def checks(accounts):
    """(label, ok) pairs read back from the API after the apply."""
    second = accounts["222222222222"].client("iam")
    first = accounts["111111111111"].client("iam")
    keys = second.list_access_keys(UserName="old-contractor")["AccessKeyMetadata"]
    return [
        (
            "groups declared, with their members and the force-MFA policy, in every account",
            all(_groups_as_declared(a) for a in accounts.values()),
        ),
        (
            "console password of the contractor without MFA for 60 days removed, its access key kept",
            not _console(second, "old-contractor") and [k["Status"] for k in keys] == ["Active"],
        ),
        (
            "protected break-glass user and users in their grace period untouched",
            _console(second, "break-glass") and _console(first, "alice"),
        ),
        (
            "a user's own policy is reported, not removed (USER.DIRECT_POLICY)",
            first.list_user_policies(UserName="direct-policy-user")["PolicyNames"] == ["own"],
        ),
    ]
