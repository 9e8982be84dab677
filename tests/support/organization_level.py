"""A small simulated organization for the organization-level families (IAM Identity Center,
service control policies): a management account with AWS managed policies loaded, three member
accounts in two OUs, the Identity Center instance moto creates for the management account, and
identity-store groups and users. Plus readers of the state back from the API.

    org = seed(simulator)
    org.accounts["prod-1"], org.ou_ids["/Root/Workloads/Prod"], org.instance_arn, org.groups["platform-admins"]
"""

import json
from dataclasses import dataclass, field

OUS = ("Workloads", "Workloads/Prod", "Sandbox")
MEMBERS = {"prod-1": "Workloads/Prod", "prod-2": "Workloads/Prod", "sandbox-1": "Sandbox"}
GROUPS = ("platform-admins", "developers", "auditors")
USERS = ("alice", "bob")
SCP = "SERVICE_CONTROL_POLICY"


@dataclass
class OrganizationLevel:
    management: object  # tests.support.simulator.Account
    organization_id: str
    root_id: str
    instance_arn: str
    store_id: str
    ou_ids: dict = field(default_factory=dict)  # "/Root/Workloads/Prod" -> id
    accounts: dict = field(default_factory=dict)  # name -> account id
    groups: dict = field(default_factory=dict)  # display name -> group id
    users: dict = field(default_factory=dict)  # user name -> user id

    @property
    def account_id(self):
        return self.management.account_id

    def client(self, service):
        return self.management.client(service)

    def enable_scps(self):
        self.client("organizations").enable_policy_type(RootId=self.root_id, PolicyType=SCP)


def seed(simulator):
    management = simulator.new_account()
    org = management.client("organizations")
    organization_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root_id = org.list_roots()["Roots"][0]["Id"]
    ou_ids = {"/Root": root_id}
    for path in OUS:
        parent = "/Root/" + path.rsplit("/", 1)[0] if "/" in path else "/Root"
        ou_ids["/Root/" + path] = org.create_organizational_unit(ParentId=ou_ids[parent], Name=path.rsplit("/", 1)[-1])[
            "OrganizationalUnit"
        ]["Id"]
    accounts = {}
    for name, path in MEMBERS.items():
        account_id = org.create_account(AccountName=name, Email="%s@example.com" % name)["CreateAccountStatus"]["AccountId"]
        org.move_account(AccountId=account_id, SourceParentId=root_id, DestinationParentId=ou_ids["/Root/" + path])
        accounts[name] = account_id
    instance = management.client("sso-admin").list_instances()["Instances"][0]
    level = OrganizationLevel(management, organization_id, root_id, instance["InstanceArn"], instance["IdentityStoreId"], ou_ids, accounts)
    store = management.client("identitystore")
    for name in GROUPS:
        level.groups[name] = store.create_group(IdentityStoreId=level.store_id, DisplayName=name)["GroupId"]
    for name in USERS:
        answer = store.create_user(
            IdentityStoreId=level.store_id, UserName=name, DisplayName=name, Name={"GivenName": name, "FamilyName": "Example"}
        )
        level.users[name] = answer["UserId"]
    return level


# Reading back ----------------------------------------------------------------------------------


def permission_set_arn(level, name):
    sso = level.client("sso-admin")
    for arn in sso.list_permission_sets(InstanceArn=level.instance_arn)["PermissionSets"]:
        if sso.describe_permission_set(InstanceArn=level.instance_arn, PermissionSetArn=arn)["PermissionSet"]["Name"] == name:
            return arn
    return None


def permission_set(level, name, with_assignments=True):
    """The permission set as the API returns it (None when absent): description, session
    duration, managed policy ARNs, customer managed references, inline document, assignments as
    (account id, principal type, principal name)."""
    arn = permission_set_arn(level, name)
    if arn is None:
        return None
    sso, instance = level.client("sso-admin"), level.instance_arn
    described = sso.describe_permission_set(InstanceArn=instance, PermissionSetArn=arn)["PermissionSet"]
    inline = sso.get_inline_policy_for_permission_set(InstanceArn=instance, PermissionSetArn=arn)["InlinePolicy"]
    managed = sso.list_managed_policies_in_permission_set(InstanceArn=instance, PermissionSetArn=arn)["AttachedManagedPolicies"]
    references = sso.list_customer_managed_policy_references_in_permission_set(InstanceArn=instance, PermissionSetArn=arn)
    state = {
        "description": described.get("Description"),
        "session_duration": described.get("SessionDuration"),
        "managed_policies": sorted(p["Arn"] for p in managed),
        "customer_managed_policies": sorted((r["Path"], r["Name"]) for r in references["CustomerManagedPolicyReferences"]),
        "inline_policy": json.loads(inline) if inline else None,
    }
    if with_assignments:
        state["assignments"] = assignments(level, arn)
    return state


def assignments(level, arn):
    sso, names = level.client("sso-admin"), {**{v: k for k, v in level.groups.items()}, **{v: k for k, v in level.users.items()}}
    found = []
    for account_id in level.accounts.values():
        for item in sso.list_account_assignments(InstanceArn=level.instance_arn, AccountId=account_id, PermissionSetArn=arn)[
            "AccountAssignments"
        ]:
            found.append((account_id, item["PrincipalType"], names.get(item["PrincipalId"], item["PrincipalId"])))
    return sorted(found)


def scp(level, name):
    """{"content": document, "description", "targets": sorted target ids} of an SCP by name, or None."""
    org = level.client("organizations")
    for summary in org.list_policies(Filter=SCP)["Policies"]:
        if summary["Name"] == name:
            policy = org.describe_policy(PolicyId=summary["Id"])["Policy"]
            targets = org.list_targets_for_policy(PolicyId=summary["Id"])["Targets"]
            return {
                "content": json.loads(policy["Content"]),
                "description": policy["PolicySummary"].get("Description"),
                "targets": sorted(t["TargetId"] for t in targets),
            }
    return None


def scps_on(level, target_id):
    """Names of the SCPs attached to a target."""
    policies = level.client("organizations").list_policies_for_target(TargetId=target_id, Filter=SCP)["Policies"]
    return sorted(p["Name"] for p in policies)
