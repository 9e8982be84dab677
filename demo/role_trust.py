"""Role trust in `make demo`: seed risky trusts, declare what the roles should trust, and check
after the apply that the API holds exactly that and the TRUST.* / FED.PROVIDERS evaluators (the
audit's) find nothing left."""

import json

import yaml

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._policy import document as _policy
from ansible_collections.baseline.iam.plugins.module_utils._trust import model as _role_trust
from demo.organization import MANAGEMENT
from tests.support.state import trust_snapshot

ORGANIZATION = "o-demo12345a"
VENDOR = "999988887777"  # a SaaS vendor's account, outside the organization
ACCOUNT_TEMPLATE = "{{ aws_account_id }}"  # Ansible fills in each account's id
CONTROLS = (
    "TRUST.WILDCARD",
    "TRUST.FOREIGN_ACCOUNT",
    "TRUST.NO_MFA",
    "TRUST.OIDC_NO_SUB",
    "TRUST.LONG_SESSION",
    "TRUST.DECLARED",
    "FED.PROVIDERS",
)

WILDCARD = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}
NO_EXTERNAL_ID = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": VENDOR}, "Action": "sts:AssumeRole"}]}
EC2 = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
# account -> [(role, trust, MaxSessionDuration, what is wrong)]
SEEDED = {
    "222222222222": [("ops-admin", WILDCARD, 3600, "trusts '*' (anyone in any account)")],
    "333333333333": [
        ("vendor-audit", NO_EXTERNAL_ID, 3600, "trusts a vendor's account without ExternalId"),
        ("batch-jobs", EC2, 43200, "12-hour sessions"),
    ],
}


def variables(accounts):
    """iam_baseline_trust and iam_baseline_identity_providers for every account of the demo."""
    github = "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com" % ACCOUNT_TEMPLATE
    return {
        "iam_baseline_trust": {
            "organization_id": ORGANIZATION,
            # Every account of the organization, management included (the inventory exposes them
            # as aws_organization_account_ids; the demo lists them so its checks can read them).
            "allowed_accounts": sorted([*accounts, MANAGEMENT]),
            "third_party_accounts": [VENDOR],
            "max_session_duration": 3600,
            "roles": [
                {"name": "ops-admin", "create": True, "trusted_accounts": [{"account_id": "111111111111", "require_mfa": True}]},
                {"name": "vendor-audit", "create": True, "trusted_accounts": [{"account_id": VENDOR, "external_id": "demo-vendor-4f1c"}]},
                {"name": "batch-jobs", "create": True, "services": ["ec2.amazonaws.com"]},
                {
                    "name": "deploy-web",
                    "create": True,
                    "description": "GitHub Actions deployments of my-org/web (main branch)",
                    "oidc_provider": {"arn": github, "audience": "sts.amazonaws.com", "subjects": ["repo:my-org/web:ref:refs/heads/main"]},
                },
            ],
        },
        "iam_baseline_identity_providers": [
            {"type": "oidc", "url": "https://token.actions.githubusercontent.com", "client_ids": ["sts.amazonaws.com"]},
        ],
    }


def _for_account(value, account_id):
    """The variables as Ansible templates them for one account."""
    return json.loads(json.dumps(value).replace(ACCOUNT_TEMPLATE, account_id))


def _failures(accounts):
    """{account: sorted [(control, resource)]} of FAIL findings of the trust controls."""
    found = {}
    for account_id, account in sorted(accounts.items()):
        values = _for_account(variables(accounts), account_id)
        params = {"trust": values["iam_baseline_trust"], "identity_providers": values["iam_baseline_identity_providers"]}
        findings = _engine.evaluate(trust_snapshot(account), params, only=CONTROLS)
        found[account_id] = sorted((f["control_id"], f["resource_id"]) for f in findings if f["status"] in ("FAIL", "ERROR"))
    return found


def seed(accounts, state_dir):
    """Writes the risky roles and the group variables that declare the fixes; returns the trust
    failures the evaluators find right after seeding."""
    for account_id, roles in SEEDED.items():
        iam = accounts[account_id].client("iam")
        for name, trust, seconds, what in roles:
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust), MaxSessionDuration=seconds)
            print("  account %s: role %s %s" % (account_id, name, what))
    group_vars = state_dir / "group_vars" / "all"
    group_vars.mkdir(parents=True, exist_ok=True)
    (group_vars / "role_trust.yml").write_text(yaml.safe_dump(variables(accounts), sort_keys=False))
    return _failures(accounts)


def _declared_roles_hold(accounts):
    for account_id, account in accounts.items():
        iam = account.client("iam")
        for spec in _for_account(variables(accounts), account_id)["iam_baseline_trust"]["roles"]:
            role = iam.get_role(RoleName=spec["name"])["Role"]
            if not _policy.equal(role["AssumeRolePolicyDocument"], _role_trust.desired_document(spec)) or role["MaxSessionDuration"] > 3600:
                return False
    return True


def checks(accounts, before):
    """(label, ok) lines for the demo summary."""
    after = _failures(accounts)
    seeded = sum(len(v) for v in before.values())
    for label, found in (("before", before), ("after", after)):
        print("  role trust findings (FAIL/ERROR) %s the apply:" % label)
        for account_id, items in sorted(found.items()):
            print("    %s: %s" % (account_id, ", ".join("%s %s" % item for item in items) or "none"))
    return [
        (
            "role trust: the evaluators saw the seeded risks before the apply (%d findings)" % seeded,
            bool(before["222222222222"] and before["333333333333"]),
        ),
        ("role trust: every declared role holds the declared trust (read back from the API)", _declared_roles_hold(accounts)),
        ("role trust: no TRUST.* / FED.PROVIDERS failure left", all(not v for v in after.values())),
    ]
