# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who holds admin rights, from GetAccountAuthorizationDetails (pure).

Admin = the AWS managed AdministratorAccess policy, or a customer managed / inline policy with an
Allow of every action on every resource, attached to the principal or to one of its groups.
"""

from __future__ import annotations

from .._core import arn as _arn
from . import document as _policy

ADMIN_POLICY_NAME = "AdministratorAccess"


def _all_actions(value):
    return any(a in ("*", "*:*") for a in (value if isinstance(value, list) else [value]))


def _all_resources(value):
    return "*" in (value if isinstance(value, list) else [value])


def grants_star(document):
    """True when a statement allows Action * on Resource * (whatever its conditions)."""
    for statement in _policy.statements(document):
        if (
            statement.get("Effect") == "Allow"
            and _all_actions(statement.get("Action", []))
            and _all_resources(statement.get("Resource", []))
        ):
            return True
    return False


def _default_document(policy):
    for version in policy.get("PolicyVersionList", []):
        if version.get("IsDefaultVersion"):
            return version.get("Document")
    return None


def star_policy_arns(details):
    """ARNs of customer managed policies whose default version allows * on *."""
    return {p["Arn"] for p in details.get("policies", []) if _default_document(p) and grants_star(_default_document(p))}


def _is_admin_arn(policy_arn, star_arns):
    return policy_arn in star_arns or (_arn.account_of(policy_arn) == "aws" and _arn.resource_name(policy_arn) == ADMIN_POLICY_NAME)


def _entity_is_admin(entity, inline_key, star_arns):
    if any(_is_admin_arn(p["PolicyArn"], star_arns) for p in entity.get("AttachedManagedPolicies", [])):
        return True
    return any(grants_star(p.get("PolicyDocument") or {}) for p in entity.get(inline_key, []))


def admin_groups(details):
    """Names of groups that grant admin."""
    star_arns = star_policy_arns(details)
    return {g["GroupName"] for g in details.get("groups", []) if _entity_is_admin(g, "GroupPolicyList", star_arns)}


def admin_users(details):
    """Users with admin rights, directly or through a group (list of UserDetail dicts)."""
    star_arns = star_policy_arns(details)
    groups = admin_groups(details)
    return [
        u
        for u in details.get("users", [])
        if _entity_is_admin(u, "UserPolicyList", star_arns) or groups.intersection(u.get("GroupList", []))
    ]
