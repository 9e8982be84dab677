# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an account has now, as the iam_baseline_* variables that would keep it so (pure).

Shapes follow the family variables (DESIGN §4): iam_baseline_password_policy (the password
policy module's option names), iam_baseline_groups ({name, path, managed_policies,
inline_policies, members}), iam_baseline_trust.roles ({name, document, max_session_duration}),
iam_baseline_identity_providers ({type: saml, name, metadata_document} or {type: oidc, url,
client_ids, thumbprints}). Applying the exported variables to the same account changes nothing.
"""

from __future__ import annotations

from .._core import arn as _arn
from .._mfa import model as _mfa_policy
from .._password_policy import model as _password_policy
from .._policy import document as _policy

# Roles whose trust IAM does not let anyone change (service-linked) or that IAM Identity Center
# manages (aws-reserved): exporting them would only make apply fail.
SKIPPED_ROLE_PATHS = ("/aws-service-role/", "/aws-reserved/")


def password_policy(api_policy):
    """The policy in the module's option names, or None when the account has none."""
    policy = _password_policy.from_api(api_policy)
    if policy is None:
        return None
    # An account that already has hard expiry keeps it: the module asks for the confirmation.
    policy["allow_hard_expiry"] = policy["hard_expiry"]
    return policy


def groups(details):
    """The groups of GetAccountAuthorizationDetails with their policies and members."""
    members = {}
    for user in details.get("users", []):
        for group in user.get("GroupList", []):
            members.setdefault(group, []).append(user["UserName"])
    exported = []
    for group in sorted(details.get("groups", []), key=lambda g: g["GroupName"]):
        exported.append(
            {
                "name": group["GroupName"],
                "path": group.get("Path", "/"),
                "managed_policies": sorted(p["PolicyArn"] for p in group.get("AttachedManagedPolicies", [])),
                "inline_policies": {
                    p["PolicyName"]: p["PolicyDocument"] for p in sorted(group.get("GroupPolicyList", []), key=lambda p: p["PolicyName"])
                },
                "members": sorted(members.get(group["GroupName"], [])),
            }
        )
    return exported


def _left_out(role, protection):
    path = role.get("Path", "/")
    if path.startswith(SKIPPED_ROLE_PATHS):
        return "its trust is managed by AWS (path %s)" % path
    return protection.role_reason(role["RoleName"], role.get("Arn"))


def roles(listed, protection):
    """(roles, skipped): the trust and session length of each role of ListRoles, and the roles
    left out with the reason (service-linked / reserved, the caller's own role, protected)."""
    exported, skipped = [], []
    for role in sorted(listed, key=lambda r: r["RoleName"]):
        reason = _left_out(role, protection)
        if reason:
            skipped.append({"name": role["RoleName"], "reason": reason})
            continue
        exported.append(
            {
                "name": role["RoleName"],
                "document": role["AssumeRolePolicyDocument"],
                "max_session_duration": int(role.get("MaxSessionDuration") or 3600),
            }
        )
    return exported, skipped


def _https(url):
    return url if url.startswith("https://") else "https://" + url


def identity_providers(saml, oidc):
    """The SAML providers (with metadata) and OIDC providers (with audiences and thumbprints)."""
    exported = [
        {"type": "saml", "name": _arn.resource_name(p["arn"]), "metadata_document": p["metadata_document"]}
        for p in sorted(saml, key=lambda p: p["arn"])
    ]
    exported.extend(
        {
            "type": "oidc",
            "url": _https(p["url"]),
            "client_ids": sorted(p["client_ids"] or []),
            "thumbprints": sorted(t.lower() for t in p["thumbprints"] or []),
        }
        for p in sorted(oidc, key=lambda p: p["arn"])
    )
    return exported


def mfa(details):
    """The force-MFA settings when the account has the baseline's policy (default name, a baseline
    document as default version), with the groups it is attached to; else None."""
    for policy in details.get("policies", []):
        if _arn.resource_name(policy["Arn"]) != _mfa_policy.DEFAULT_NAME:
            continue
        current = next((v["Document"] for v in policy.get("PolicyVersionList", []) if v.get("IsDefaultVersion")), None)
        partition = _arn.partition_of(policy["Arn"])
        for allow_password in (False, True):
            if current is not None and _policy.equal(current, _mfa_policy.document(partition, allow_password), partition):
                attached = [
                    g["GroupName"]
                    for g in details.get("groups", [])
                    if policy["Arn"] in {p["PolicyArn"] for p in g.get("AttachedManagedPolicies", [])}
                ]
                return {
                    "name": _mfa_policy.DEFAULT_NAME,
                    "path": policy.get("Path", "/"),
                    "groups": sorted(attached),
                    "allow_change_password_without_mfa": allow_password,
                }
    return None


def variables(policy, exported_groups, exported_roles, providers, mfa_settings=None):
    """The variables file's content, in a fixed order (so a second export is identical)."""
    result = {}
    controls = {}
    if policy is None:
        # No policy to keep: turning PP.MISSING off keeps the account as it is until the team
        # decides on one (apply would otherwise create the CIS policy).
        controls["PP.MISSING"] = {"enabled": False}
    else:
        result["iam_baseline_password_policy"] = policy
    if mfa_settings is None:
        # Likewise for the force-MFA policy: apply would create it (and attach it to the groups
        # listed in iam_baseline_mfa.groups).
        controls["MFA.POLICY_DRIFT"] = {"enabled": False}
    else:
        result["iam_baseline_mfa"] = mfa_settings
    if controls:
        result["iam_baseline_controls"] = controls
    result["iam_baseline_groups"] = exported_groups
    result["iam_baseline_trust"] = {"roles": exported_roles}
    result["iam_baseline_identity_providers"] = providers
    return result
