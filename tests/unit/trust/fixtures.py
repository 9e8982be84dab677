"""Snapshots with roles and providers for the TRUST.* / FED.PROVIDERS unit tests."""

from tests.support.fixed import ACCOUNT
from tests.support.snapshots import authorization_details, snapshot

ORG = "o-abc123"
ALLOWED = "222233334444"
FOREIGN = "555566667777"
VENDOR = "999988887777"
TRUST = {"organization_id": ORG, "allowed_accounts": [ALLOWED], "third_party_accounts": [VENDOR]}
MEMBER_ROLE = "OrganizationAccountAccessRole"
GITHUB = "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com" % ACCOUNT
SAML = "arn:aws:iam::%s:saml-provider/corp" % ACCOUNT


def doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(principal, condition=None, action="sts:AssumeRole"):
    statement = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition:
        statement["Condition"] = condition
    return statement


def role(name, document, path="/", max_session=3600, partition="aws", account=ACCOUNT):
    arn = "arn:%s:iam::%s:role%s%s" % (partition, account, path, name)
    return {"RoleName": name, "Path": path, "Arn": arn, "AssumeRolePolicyDocument": document, "MaxSessionDuration": max_session}


def trust_snapshot(*roles, caller_role=MEMBER_ROLE, partition="aws", saml=(), oidc=(), errors=None, list_roles=None):
    """The sources of the TRUST.* / FED.PROVIDERS controls: `roles` in the authorization details and
    in ListRoles (which alone has MaxSessionDuration), the providers, and the audit's own caller."""
    caller = None
    if caller_role:
        caller = {
            "arn": "arn:%s:sts::%s:assumed-role/%s/audit" % (partition, ACCOUNT, caller_role),
            "account_id": ACCOUNT,
            "partition": partition,
            "kind": "role",
            "name": caller_role,
            "access_key_id": None,
        }
    details = [{k: v for k, v in r.items() if k != "MaxSessionDuration"} for r in roles]
    listed = list_roles if list_roles is not None else [dict(r) for r in roles]
    return snapshot(
        authorization_details=authorization_details(roles=details),
        roles=listed,
        saml_providers=list(saml),
        oidc_providers=list(oidc),
        errors=errors,
        partition=partition,
        caller=caller,
    )
