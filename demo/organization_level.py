"""IAM Identity Center and Organizations guardrails in `make demo`: drift seeded in the management
account (an Administrators permission set with 12-hour sessions, assigned to a user; service
control policies never enabled, so no guardrail), the declaration that fixes it on the
inventory's organization host, and the checks read back from the API after the apply."""

import datetime

from demo.organization import MANAGEMENT

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
PROD = "111111111111"
DRIFT = "Administrators: 12-hour sessions, assigned to user alice in payments-prod; no guardrail (SCPs never enabled)"

# The baseline the demo applies on the organization host (group_vars/all/organization.yml).
VARIABLES = {
    "iam_baseline_identity_center": {
        "permission_sets": [
            {"name": "Administrators", "description": "Full administration, for the platform team", "session_duration": "PT1H",
             "managed_policies": ["AdministratorAccess"]},
            {"name": "ReadOnly", "description": "Read-only for developers", "session_duration": "PT4H",
             "managed_policies": ["job-function/ViewOnlyAccess"]},
        ],
        "assignments": [
            {"permission_set": "Administrators", "group": "platform-admins", "accounts": ["/Root/Workloads/Prod"]},
            {"permission_set": "ReadOnly", "group": "developers", "accounts": ["/Root/Workloads"]},
        ],
        "purge_assignments": True,
        "admin_accounts": ["/Root/Workloads/Prod"],
    },
    "iam_baseline_guardrails": {"targets": ["/Root/Workloads", "/Root/Sandbox"], "enable_policy_type": True},
}  # fmt: skip


def exemption(today):
    """Declaring Identity Center turns USER.FEDERATION on in every account: the demo's IAM users
    with console passwords move to Identity Center - a decision with a reason and an expiry."""
    expires = (today + datetime.timedelta(days=30)).isoformat()
    return {"control": "USER.FEDERATION", "reason": "people move to IAM Identity Center this quarter (DEMO-43)", "expires": expires}


def seed(management):
    """The drift: groups and a user in the identity store, and a hand-made Administrators."""
    sso, store = management.client("sso-admin"), management.client("identitystore")
    instance = sso.list_instances()["Instances"][0]
    for group in ("platform-admins", "developers"):
        store.create_group(IdentityStoreId=instance["IdentityStoreId"], DisplayName=group)
    alice = store.create_user(IdentityStoreId=instance["IdentityStoreId"], UserName="alice", DisplayName="Alice",
                              Name={"GivenName": "Alice", "FamilyName": "Example"})["UserId"]  # fmt: skip
    arn = sso.create_permission_set(InstanceArn=instance["InstanceArn"], Name="Administrators", SessionDuration="PT12H")["PermissionSet"][
        "PermissionSetArn"
    ]
    sso.attach_managed_policy_to_permission_set(InstanceArn=instance["InstanceArn"], PermissionSetArn=arn, ManagedPolicyArn=ADMIN)
    sso.create_account_assignment(InstanceArn=instance["InstanceArn"], TargetId=PROD, TargetType="AWS_ACCOUNT", PermissionSetArn=arn,
                                  PrincipalType="USER", PrincipalId=alice)  # fmt: skip


def _administrators(management):
    sso = management.client("sso-admin")
    instance = sso.list_instances()["Instances"][0]["InstanceArn"]
    for arn in sso.list_permission_sets(InstanceArn=instance)["PermissionSets"]:
        described = sso.describe_permission_set(InstanceArn=instance, PermissionSetArn=arn)["PermissionSet"]
        if described["Name"] == "Administrators":
            assigned = sso.list_account_assignments(InstanceArn=instance, AccountId=PROD, PermissionSetArn=arn)["AccountAssignments"]
            return described["SessionDuration"], sorted(a["PrincipalType"] for a in assigned)
    return None, []


def _guardrails(management):
    org = management.client("organizations")
    root = org.list_roots()["Roots"][0]
    enabled = any(t["Type"] == "SERVICE_CONTROL_POLICY" and t["Status"] == "ENABLED" for t in root["PolicyTypes"])
    ous = {o["Name"]: o["Id"] for o in org.list_organizational_units_for_parent(ParentId=root["Id"])["OrganizationalUnits"]}
    attached = {name: sorted(p["Name"] for p in org.list_policies_for_target(TargetId=ou, Filter="SERVICE_CONTROL_POLICY")["Policies"])
                for name, ou in ous.items()}  # fmt: skip
    return enabled, attached


def checks(management, final_findings):
    """(label, ok) pairs read back from the API after the apply, and from the final drift check."""
    session, principals = _administrators(management)
    enabled, attached = _guardrails(management)
    organization = [f for f in final_findings if f["control_id"].startswith(("IDC.", "ORG."))]
    return [
        ("Identity Center: Administrators has 1-hour sessions and is assigned to a group, not to a user",
         session == "PT1H" and principals == ["GROUP"]),
        ("guardrails: SCPs enabled and the guardrail SCP next to FullAWSAccess on both OUs",
         enabled and all(v == ["FullAWSAccess", "baseline-iam-guardrails"] for v in attached.values()) and len(attached) == 2),
        ("organization controls (IDC.*, ORG.*) audited once, on the management account, none failing",
         bool(organization) and {f["account_id"] for f in organization} == {MANAGEMENT}
         and not [f for f in organization if f["status"] in ("FAIL", "ERROR")]),
    ]  # fmt: skip
