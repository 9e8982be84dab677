"""Snapshots with roles and providers for the TRUST.* / FED.PROVIDERS unit tests."""

from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot

ACCOUNT = "111122223333"
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


def snapshot(*roles, caller_role=MEMBER_ROLE, partition="aws", saml=(), oidc=(), errors=None, list_roles=None):
    snap = _snapshot.new_snapshot(ACCOUNT, partition, "2026-11-27T00:00:00Z")
    if caller_role:
        snap["caller"] = {
            "arn": "arn:%s:sts::%s:assumed-role/%s/audit" % (partition, ACCOUNT, caller_role),
            "account_id": ACCOUNT,
            "partition": partition,
            "kind": "role",
            "name": caller_role,
            "access_key_id": None,
        }
    details = [{k: v for k, v in r.items() if k != "MaxSessionDuration"} for r in roles]
    listed = list_roles if list_roles is not None else [dict(r) for r in roles]
    sources = {
        "authorization_details": {"users": [], "groups": [], "roles": details, "policies": []},
        "roles": listed,
        "saml_providers": list(saml),
        "oidc_providers": list(oidc),
    }
    for source, value in sources.items():
        if errors and source in errors:
            _snapshot.record_error(snap, source, errors[source])
        else:
            _snapshot.record(snap, source, value)
    return snap
