"""Organization snapshots (_audit/snapshot.py, scope organization) for unit tests of the IDC.* and
ORG.* evaluators: a management account, OUs /Root/Workloads/Prod and /Root/Sandbox with one
account each, SCPs and Identity Center as the test gives them.

    snapshot = organization_snapshot(permission_sets=[permission_set("Admins", managed=[ADMIN], assignments=[...])])
"""

from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot

MANAGEMENT, PROD, SANDBOX = "100000000000", "111111111111", "333333333333"
ROOT_ID, PROD_OU, SANDBOX_OU = "r-ab12", "ou-ab12-prod0000", "ou-ab12-sand0000"
ORGANIZATION_ID = "o-abcdefghij"
INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
NOW = "2026-11-27T00:00:00Z"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
FULL_ACCESS = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def organization():
    ous = [
        {"id": ROOT_ID, "name": "Root", "path": "/Root", "parent_id": None, "policy_types": []},
        {"id": "ou-ab12-work0000", "name": "Workloads", "path": "/Root/Workloads", "parent_id": ROOT_ID},
        {"id": PROD_OU, "name": "Prod", "path": "/Root/Workloads/Prod", "parent_id": "ou-ab12-work0000"},
        {"id": SANDBOX_OU, "name": "Sandbox", "path": "/Root/Sandbox", "parent_id": ROOT_ID},
    ]
    accounts = [
        {"id": MANAGEMENT, "name": "management", "state": "ACTIVE", "ou_id": ROOT_ID, "ou_path": "/Root"},
        {"id": PROD, "name": "prod", "state": "ACTIVE", "ou_id": PROD_OU, "ou_path": "/Root/Workloads/Prod"},
        {"id": SANDBOX, "name": "sandbox", "state": "ACTIVE", "ou_id": SANDBOX_OU, "ou_path": "/Root/Sandbox"},
    ]
    summary = {"id": ORGANIZATION_ID, "arn": "arn:aws:organizations::%s:organization/%s" % (MANAGEMENT, ORGANIZATION_ID), "partition": "aws",
               "management_account_id": MANAGEMENT}  # fmt: skip
    return {"organization": summary, "ous": ous, "accounts": accounts}


def scp(name, document, targets, policy_id=None, aws_managed=False):
    policy_id = policy_id or "p-%s" % name.replace("-", "")[:8].lower().ljust(8, "0")
    arn = "arn:aws:organizations::%s:policy/%s/service_control_policy/%s" % (MANAGEMENT, ORGANIZATION_ID, policy_id)
    return {
        "id": policy_id,
        "arn": arn,
        "name": name,
        "aws_managed": aws_managed,
        "description": "",
        "document": document,
        "targets": list(targets),
    }


def full_aws_access(targets=(ROOT_ID, PROD_OU, SANDBOX_OU, MANAGEMENT, PROD, SANDBOX)):
    return scp("FullAWSAccess", FULL_ACCESS, targets, policy_id="p-FullAWSAccess", aws_managed=True)


def permission_set(name, session="PT1H", managed=(), inline=None, assignments=(), references=()):
    """A permission set as the collector records it; assignments as (account, type, principal)."""
    return {
        "name": name,
        "arn": "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-%s" % name.lower(),
        "description": None,
        "session_duration": session,
        "managed_policies": sorted(managed),
        "customer_managed_policies": list(references),
        "inline_policy": inline,
        "assignments": [{"account_id": a, "principal_type": t, "principal": p, "principal_id": "id-" + p} for a, t, p in assignments],
    }


def organization_snapshot(permission_sets=(), policies=None, scps_enabled=True, instance=True, errors=None):
    snapshot = _snapshot.new_organization_snapshot(MANAGEMENT, "aws", NOW)
    sources = {
        "organization": organization(),
        "service_control_policies": {"enabled": scps_enabled, "root_id": ROOT_ID,
                                     "policies": (policies if policies is not None else [full_aws_access()]) if scps_enabled else []},
        "identity_center": {"instance_arn": INSTANCE if instance else None, "identity_store_id": "d-1234567890" if instance else None,
                            "permission_sets": list(permission_sets)},
    }  # fmt: skip
    for source, value in sources.items():
        if errors and source in errors:
            _snapshot.record_error(snapshot, source, errors[source])
        else:
            _snapshot.record(snapshot, source, value)
    return snapshot
