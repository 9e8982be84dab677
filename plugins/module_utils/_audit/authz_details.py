# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading the snapshot's `authorization_details` (GetAccountAuthorizationDetails) (pure):
who has which policies, default policy documents, and what counts as full admin."""

from __future__ import annotations

from .._core import arn as _arn
from .._policy import admin as _admin
from .._policy import document as _policy
from .._policy import evaluate as _evaluate

# Entity kinds: (key in authorization_details, name field, inline policy list field, resource type).
ENTITIES = {
    "user": ("users", "UserName", "UserPolicyList", "AwsIamUser"),
    "group": ("groups", "GroupName", "GroupPolicyList", "AwsIamGroup"),
    "role": ("roles", "RoleName", "RolePolicyList", "AwsIamRole"),
}


def entities(details, kind):
    return list((details or {}).get(ENTITIES[kind][0]) or [])


def name_of(entity, kind):
    return entity[ENTITIES[kind][1]]


def resource_type(kind):
    return ENTITIES[kind][3]


def attached_arns(entity):
    return [p["PolicyArn"] for p in entity.get("AttachedManagedPolicies") or []]


def inline_documents(entity, kind):
    """{policy name: document dict} of an entity's inline policies."""
    return {p["PolicyName"]: _policy.load(p["PolicyDocument"]) for p in entity.get(ENTITIES[kind][2]) or []}


def policy_name(policy):
    """A managed policy's name (the local simulator leaves PolicyName out of the details)."""
    return policy.get("PolicyName") or _arn.resource_name(policy["Arn"])


def policies_by_arn(details):
    """Customer managed policies by ARN."""
    return {p["Arn"]: p for p in (details or {}).get("policies") or []}


def default_document(policy):
    """The document of a managed policy's default version (None when it is not in the snapshot)."""
    for version in policy.get("PolicyVersionList") or []:
        if version.get("IsDefaultVersion"):
            return _policy.load(version["Document"])
    return None


# Allows every action on every resource (`*` / `*:*` on `*`): the audit's one definition.
allows_full_admin = _admin.grants_star


def admin_policy_arn(partition):
    return _arn.aws_managed_policy_arn(partition, _admin.ADMIN_POLICY_NAME)


def full_admin_sources(entity, kind, policies, partition):
    """What gives an entity full admin: AdministratorAccess, or customer managed / inline policies
    allowing * on * (names of the policies, empty when none)."""
    sources = []
    for arn in attached_arns(entity):
        if arn == admin_policy_arn(partition):
            sources.append("AdministratorAccess")
        elif arn in policies:
            document = default_document(policies[arn])
            if document is not None and allows_full_admin(document):
                sources.append(_arn.resource_name(arn))
    sources += ["%s (inline)" % name for name, doc in sorted(inline_documents(entity, kind).items()) if allows_full_admin(doc)]
    return sources


def policy_documents(entity, kind, policies):
    """[(label, document)] of an entity's customer managed policies (default versions) and inline
    policies ("name (inline)"). AWS managed policies are left out: their documents are not in the
    snapshot, so they can never be the proof of anything."""
    documents = []
    for arn in attached_arns(entity):
        document = default_document(policies[arn]) if arn in policies else None
        if document is not None:
            documents.append((_arn.resource_name(arn), document))
    documents += [("%s (inline)" % name, doc) for name, doc in sorted(inline_documents(entity, kind).items())]
    return documents


def _unread_policies(entity, policies):
    """Names of attached customer managed policies whose default document is not in the snapshot."""
    return [
        _arn.resource_name(arn)
        for arn in attached_arns(entity)
        if _arn.account_of(arn) != "aws" and (arn not in policies or default_document(policies[arn]) is None)
    ]


def mfa_verdict(group, policies, allowed_without_mfa=()):
    """_evaluate.forces_mfa() over a group's managed and inline policies: does the group force MFA?"""
    verdict = _evaluate.forces_mfa(policy_documents(group, "group", policies), allowed_without_mfa)
    if not verdict["forced"]:
        verdict["problems"] = ["%s: its document was not read" % name for name in _unread_policies(group, policies)] + verdict["problems"]
    return verdict


def mfa_verdict_words(verdict):
    """(status, words for the finding's message, actual) of a force-MFA verdict."""
    if verdict["forced"]:
        return "PASS", "MFA is forced by %s" % ", ".join(verdict["by"]), verdict["by"]
    return "FAIL", "no policy of it is proven to force MFA: %s" % "; ".join(verdict["problems"]), "not forced"
