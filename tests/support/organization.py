"""A simulated AWS Organization for the inventory, CLI-profile and AWX tests.

    org = seed_organization(simulator)
    org.accounts["web-prod"]   # account id
    org.ou_paths["web-prod"]   # "/Root/Workloads/Prod"

Management account ("master") plus 12 member accounts in nested OUs; "sandbox-bob" is suspended (closed),
two accounts share the name "legacy", every account but "lab-1" has an AuditRole tag and
"web-dev"'s AuditRole is not a valid role name (for member_role_arn_template tests).
"""

import contextlib
import os
from dataclasses import dataclass, field

OUS = ("Security", "Workloads", "Workloads/Prod", "Workloads/Dev", "Workloads/Dev/Experiments", "Sandbox")
# key -> (account name, OU below /Root or "", tags)
MEMBERS = {
    "shared-services": ("shared-services", "", {"team": "platform", "AuditRole": "Audit"}),
    "security-audit": ("security-audit", "Security", {"team": "security", "AuditRole": "Audit"}),
    "log-archive": ("log-archive", "Security", {"team": "security", "AuditRole": "Audit"}),
    "payments-prod": ("payments prod", "Workloads/Prod", {"env": "prod", "team": "payments", "AuditRole": "Audit"}),
    "web-prod": ("web-prod", "Workloads/Prod", {"env": "prod", "team": "web", "AuditRole": "Audit"}),
    "payments-dev": ("payments dev", "Workloads/Dev", {"env": "dev", "team": "payments", "AuditRole": "Audit"}),
    "web-dev": ("web-dev", "Workloads/Dev", {"env": "dev", "team": "web", "AuditRole": "not a role name"}),
    "lab-1": ("lab-1", "Workloads/Dev/Experiments", {"env": "dev", "team": "research"}),
    "legacy-workloads": ("legacy", "Workloads", {"team": "platform", "AuditRole": "Audit"}),
    "legacy-sandbox": ("legacy", "Sandbox", {"AuditRole": "Audit"}),
    "sandbox-alice": ("sandbox-alice", "Sandbox", {"env": "sandbox", "AuditRole": "Audit"}),
    "sandbox-bob": ("sandbox-bob", "Sandbox", {"env": "sandbox", "AuditRole": "Audit"}),
}
SUSPENDED = ("sandbox-bob",)


@dataclass
class Organization:
    management: object  # tests.support.simulator.Account
    organization_id: str
    root_id: str
    ou_ids: dict = field(default_factory=dict)  # path -> id ("/Root/Workloads/Prod")
    accounts: dict = field(default_factory=dict)  # key -> account id
    ou_paths: dict = field(default_factory=dict)  # key -> OU path

    @property
    def active(self):
        return {key: account_id for key, account_id in self.accounts.items() if key not in SUSPENDED}

    def key_of(self, account_id):
        return next(key for key, value in self.accounts.items() if value == account_id)


@contextlib.contextmanager
def _managed_policies(load):
    """moto reads MOTO_IAM_LOAD_MANAGED_POLICIES whenever it creates an account's IAM backend
    (~0.3 s and 1,600 policies per account and partition). The simulator runs in this process."""
    saved = os.environ.get("MOTO_IAM_LOAD_MANAGED_POLICIES")
    os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true" if load else "false"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("MOTO_IAM_LOAD_MANAGED_POLICIES", None)
        else:
            os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = saved


def seed_organization(simulator, managed_policies=False):
    """A new organization whose management account is a fresh simulated account. Member accounts
    get AWS managed policies only with managed_policies=True (seeding is ~10x slower with them)."""
    with _managed_policies(managed_policies):
        org = _seed(simulator)
        # A request signed with a key moto did not issue makes it look for the key in every
        # account's IAM backend of every partition, creating those backends: let that happen now.
        simulator.default_client("sts").get_caller_identity()
    return org


def _seed(simulator):
    management = simulator.new_account()
    management.client("iam").list_roles()  # creates its IAM backend now, under the setting above
    client = management.client("organizations")
    organization_id = client.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root_id = client.list_roots()["Roots"][0]["Id"]
    org = Organization(management, organization_id, root_id, ou_ids={"/Root": root_id})
    org.accounts["management"] = management.account_id
    org.ou_paths["management"] = "/Root"
    client.tag_resource(
        ResourceId=management.account_id, Tags=[{"Key": "team", "Value": "platform"}, {"Key": "AuditRole", "Value": "Audit"}]
    )
    for relative in OUS:
        parent = "/Root/" + relative.rsplit("/", 1)[0] if "/" in relative else "/Root"
        name = relative.rsplit("/", 1)[-1]
        answer = client.create_organizational_unit(ParentId=org.ou_ids[parent], Name=name)
        org.ou_ids["/Root/" + relative] = answer["OrganizationalUnit"]["Id"]
    for key, (name, ou, tags) in MEMBERS.items():
        status = client.create_account(
            AccountName=name, Email="%s@example.com" % key, Tags=[{"Key": k, "Value": v} for k, v in tags.items()]
        )["CreateAccountStatus"]
        account_id = status["AccountId"]
        path = "/Root/" + ou if ou else "/Root"
        if ou:
            client.move_account(AccountId=account_id, SourceParentId=root_id, DestinationParentId=org.ou_ids[path])
        org.accounts[key], org.ou_paths[key] = account_id, path
    for key in SUSPENDED:
        client.close_account(AccountId=org.accounts[key])
    return org
