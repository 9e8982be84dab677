"""The demo's AWS Organization in the simulator: a management account, three member accounts in
OUs (readable ids 111111111111, 222222222222, 333333333333) and a closed one, which the
Organizations inventory leaves out."""

import contextlib

import yaml

MANAGEMENT = "100000000000"
# account id -> (name, OU path below Root)
MEMBERS = {
    "111111111111": ("payments-prod", "Workloads/Prod"),
    "222222222222": ("web-dev", "Workloads/Dev"),
    "333333333333": ("research-sandbox", "Sandbox"),
}
CLOSED = ("444444444444", "old-sandbox", "Sandbox")


@contextlib.contextmanager
def _account_ids(ids):
    """moto gives new accounts random ids; the demo wants readable ones."""
    from moto.organizations import utils

    original, pending = utils.make_random_account_id, list(ids)
    utils.make_random_account_id = lambda: pending.pop(0)
    try:
        yield
    finally:
        utils.make_random_account_id = original


def create(simulator):
    """Creates the organization; returns the management account."""
    management = simulator.new_account(MANAGEMENT)
    org = management.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    ous = {}
    for path in ("Workloads", "Workloads/Prod", "Workloads/Dev", "Sandbox"):
        parent = ous[path.rsplit("/", 1)[0]] if "/" in path else root
        ous[path] = org.create_organizational_unit(ParentId=parent, Name=path.rsplit("/", 1)[-1])["OrganizationalUnit"]["Id"]
    members = {**MEMBERS, CLOSED[0]: CLOSED[1:]}
    with _account_ids(list(members)):
        for account_id, (name, ou) in members.items():
            created = org.create_account(AccountName=name, Email="%s@example.com" % name)["CreateAccountStatus"]["AccountId"]
            assert created == account_id
            org.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=ous[ou])
    org.close_account(AccountId=CLOSED[0])
    return management


def write_inventory(directory):
    """The inventory source: the Organizations inventory plugin, read through the management
    account's OrganizationAccountAccessRole."""
    directory.mkdir(parents=True, exist_ok=True)
    management_role = "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % MANAGEMENT
    config = {
        "plugin": "baseline.iam.aws_accounts",
        "assume_role_arn": management_role,
        "hostnames": "name",
        # The management account's own IAM is baselined on its own, with its own variables...
        "exclude_accounts": [MANAGEMENT],
        # ...but the organization host stands for the organization: Identity Center and the
        # guardrails are applied and audited there, once. (A real management account has no
        # OrganizationAccountAccessRole: give it a role of its own, docs/inventory.md.)
        "organization_host": "organization",
        "organization_role_arn": management_role,
    }
    path = directory / "demo.aws_accounts.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path
