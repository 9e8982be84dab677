# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluators of permissions-through-groups controls (pure): GROUP.DECLARED, USER.DIRECT_POLICY,
USER.NO_GROUP, POL.ADMIN_STAR, POL.SUPPORT_ROLE, POL.CLOUDSHELL, GROUP.ADMIN_NO_MFA_POLICY.

They read the snapshot's `authorization_details` and the family variables `groups` and `mfa`.
GROUP.DECLARED judges a group the way baseline.iam.group enforces it: extra policies or members
count as drift only where the spec purges them, and undeclared members that purge_members keeps
on purpose (the caller of the audit's run and `protected_principals`, by the module's own rule
_groups/model.undeclared_members) are a PASS with a note, so apply and verify agree.
"""

from __future__ import annotations

from .._audit import authz_details as _details
from .._audit.findings import account_finding, entity_finding, new_finding
from .._audit.registry import evaluates
from .._core import arn as _arn
from .._core.caller import Protection
from .._policy import document as _policy
from . import model as _group

SUPPORT_POLICY = "AWSSupportAccess"
CLOUDSHELL_POLICY = "AWSCloudShellFullAccess"


def _details_of(snapshot):
    return snapshot["authorization_details"] or {}


# USER.DIRECT_POLICY, USER.NO_GROUP


def _per_user(control_id, snapshot, judge):
    users = _details.entities(_details_of(snapshot), "user")
    if not users:
        return [account_finding(control_id, snapshot, "NOT_APPLICABLE", "The account has no IAM users")]
    return [entity_finding(control_id, snapshot, "user", user, *judge(user)) for user in users]


def _own_policies(user):
    """USER.DIRECT_POLICY of one user: (status, message, expected, actual)."""
    policies = [_arn.resource_name(a) for a in _details.attached_arns(user)]
    policies += ["%s (inline)" % name for name in sorted(_details.inline_documents(user, "user"))]
    if policies:
        return "FAIL", "User %s has policies of its own: %s" % (user["UserName"], ", ".join(policies)), "none", policies
    return "PASS", "User %s has no policy of its own" % user["UserName"], "none", []


def _membership(user):
    """USER.NO_GROUP of one user: (status, message, expected, actual)."""
    groups = sorted(user.get("GroupList") or [])
    if groups:
        return "PASS", "User %s is in group(s) %s" % (user["UserName"], ", ".join(groups)), ">= 1 group", groups
    return "FAIL", "User %s belongs to no group" % user["UserName"], ">= 1 group", []


@evaluates("USER.DIRECT_POLICY")
def direct_policy(snapshot, params):
    return _per_user("USER.DIRECT_POLICY", snapshot, _own_policies)


@evaluates("USER.NO_GROUP")
def no_group(snapshot, params):
    return _per_user("USER.NO_GROUP", snapshot, _membership)


# POL.ADMIN_STAR, POL.SUPPORT_ROLE, POL.CLOUDSHELL


@evaluates("POL.ADMIN_STAR")
def admin_star(snapshot, params):
    details = _details_of(snapshot)
    findings = []
    for arn, policy in sorted(_details.policies_by_arn(details).items()):
        document = _details.default_document(policy)
        if policy.get("AttachmentCount") and document is not None and _details.allows_full_admin(document):
            message = "Customer managed policy %s allows * on * and is attached %d time(s)" % (
                _details.policy_name(policy),
                policy["AttachmentCount"],
            )
            findings.append(
                new_finding(
                    "POL.ADMIN_STAR", snapshot, "FAIL", message, "AwsIamPolicy", _details.policy_name(policy), arn, "no * on *", "* on *"
                )
            )
    for kind in ("user", "group", "role"):
        for entity in _details.entities(details, kind):
            star = sorted(name for name, doc in _details.inline_documents(entity, kind).items() if _details.allows_full_admin(doc))
            if star:
                message = "Inline policies of %s %s allow * on *: %s" % (kind, _details.name_of(entity, kind), ", ".join(star))
                findings.append(entity_finding("POL.ADMIN_STAR", snapshot, kind, entity, "FAIL", message, "no * on *", star))
    if not findings:
        findings.append(account_finding("POL.ADMIN_STAR", snapshot, "PASS", "No attached customer managed or inline policy allows * on *"))
    return findings


def _holders(details, policy_arn, kinds=("user", "group", "role")):
    return [(kind, entity) for kind in kinds for entity in _details.entities(details, kind) if policy_arn in _details.attached_arns(entity)]


@evaluates("POL.SUPPORT_ROLE")
def support_role(snapshot, params):
    arn = _arn.aws_managed_policy_arn(snapshot["partition"], SUPPORT_POLICY)
    roles = sorted(_details.name_of(e, k) for k, e in _holders(_details_of(snapshot), arn, ("role",)))
    if roles:
        return [
            account_finding(
                "POL.SUPPORT_ROLE", snapshot, "PASS", "Role(s) with %s: %s" % (SUPPORT_POLICY, ", ".join(roles)), ">= 1 role", roles
            )
        ]
    message = "No role has %s, so nobody can open AWS Support cases through a role" % SUPPORT_POLICY
    return [account_finding("POL.SUPPORT_ROLE", snapshot, "FAIL", message, ">= 1 role", [])]


@evaluates("POL.CLOUDSHELL")
def cloudshell(snapshot, params):
    arn = _arn.aws_managed_policy_arn(snapshot["partition"], CLOUDSHELL_POLICY)
    holders = _holders(_details_of(snapshot), arn)
    if not holders:
        return [account_finding("POL.CLOUDSHELL", snapshot, "PASS", "%s is attached to nobody" % CLOUDSHELL_POLICY)]
    return [
        entity_finding(
            "POL.CLOUDSHELL",
            snapshot,
            kind,
            e,
            "FAIL",
            "%s is attached to %s %s" % (CLOUDSHELL_POLICY, kind, _details.name_of(e, kind)),
            "not attached",
            "attached",
        )
        for kind, e in holders
    ]


# GROUP.ADMIN_NO_MFA_POLICY


@evaluates("GROUP.ADMIN_NO_MFA_POLICY")
def admin_no_mfa_policy(snapshot, params):
    """Judged by effect (_policy/evaluate.forces_mfa): the baseline's own policy, a customer
    managed one of any name, or an inline policy; the finding names the one that does it."""
    details = _details_of(snapshot)
    partition = snapshot["partition"]
    policies = _details.policies_by_arn(details)
    findings = []
    for group in _details.entities(details, "group"):
        sources = _details.full_admin_sources(group, "group", policies, partition)
        if not sources:
            continue
        verdict = _details.mfa_verdict(group, policies, params["mfa"]["extra_not_actions"])
        status, words, actual = _details.mfa_verdict_words(verdict)
        message = "Group %s grants admin (%s) and %s" % (group["GroupName"], ", ".join(sources), words)
        findings.append(
            entity_finding(
                "GROUP.ADMIN_NO_MFA_POLICY",
                snapshot,
                "group",
                group,
                status,
                message,
                "a policy denying everything but MFA self-service without MFA",
                actual,
            )
        )
    if not findings:
        findings.append(account_finding("GROUP.ADMIN_NO_MFA_POLICY", snapshot, "NOT_APPLICABLE", "No group grants admin"))
    return findings


# GROUP.DECLARED


def _members_by_group(details):
    """{lower-cased group name: {lower-cased user name: {"name", "arn"}}}."""
    members = {}
    for user in _details.entities(details, "user"):
        for group in user.get("GroupList") or []:
            members.setdefault(group.lower(), {})[user["UserName"].lower()] = {"name": user["UserName"], "arn": user["Arn"]}
    return members


def _inline_drift(spec, current, partition):
    drift = []
    for name, document in sorted((spec["inline_policies"] or {}).items()):
        try:
            wanted = _policy.load(document)
        except _policy.PolicyError as e:
            drift.append("inline policy %s: the declared document is invalid (%s)" % (name, e))
            continue
        if name not in current:
            drift.append("inline policy %s is missing" % name)
        elif not _policy.equal(current[name], wanted, partition):
            drift.append("inline policy %s differs" % name)
    if spec["purge_inline_policies"]:
        drift += ["undeclared inline policy %s" % name for name in sorted(set(current) - set(spec["inline_policies"] or {}))]
    return drift


def _listed_drift(what, declared, actual, purge, key=lambda x: x, kept=()):
    declared_keys, actual_keys = {key(d) for d in declared}, {key(a) for a in actual}
    drift = ["%s %s is missing" % (what, d) for d in sorted(declared) if key(d) not in actual_keys]
    if purge:
        drift += ["undeclared %s %s" % (what, a) for a in sorted(actual) if key(a) not in declared_keys | set(kept)]
    return drift


def _member_drift(spec, members, guard):
    """(drift, kept): declared members missing, and under purge_members the undeclared ones the
    module would remove; `kept` lists those it keeps on purpose (the same rule as the module)."""
    drift = _listed_drift("member", spec["members"], [m["name"] for m in members.values()], False, key=str.lower)
    if not spec["purge_members"]:
        return drift, []
    declared = {str(name).lower() for name in spec["members"]}
    removable, kept = _group.undeclared_members(members, declared, guard)
    return drift + ["undeclared member %s" % members[key]["name"] for key in sorted(removable)], kept


def group_drift(spec, group, members, context, guard):
    """(what differs between a declared group and the group in the snapshot, members kept on
    purpose); `members`: {lower-cased name: {"name", "arn"}}; `context`: partition, account_id,
    mfa (iam_baseline_mfa: its policy is not undeclared on the groups it lists)."""
    drift, partition = [], context["partition"]
    if group["Path"] != spec["path"]:
        drift.append("path is %s, declared %s" % (group["Path"], spec["path"]))
    declared_arns = [_group.managed_policy_arn(p, partition) for p in spec["managed_policies"]]
    kept = _group.purge_keeps(spec["name"], context["mfa"], partition, context["account_id"])
    drift += _listed_drift("policy", declared_arns, _details.attached_arns(group), spec["purge_policies"], kept=kept)
    drift += _inline_drift(spec, _details.inline_documents(group, "group"), partition)
    member_drift, kept = _member_drift(spec, members, guard)
    return drift + member_drift, kept


def _declared_message(name, drift, kept):
    if drift:
        return "Group %s: %s" % (name, "; ".join(drift))
    message = "Group %s is as declared" % name
    if kept:
        notes = ", ".join("%s (%s)" % (k["name"], k["reason"]) for k in kept)
        message += "; undeclared members kept on purpose (purge_members never removes them): %s" % notes
    return message


@evaluates("GROUP.DECLARED")
def declared(snapshot, params):
    specs = [_group.complete_spec(s) for s in params["groups"] or []]
    if not specs:
        return [account_finding("GROUP.DECLARED", snapshot, "NOT_APPLICABLE", "No groups are declared (iam_baseline_groups)")]
    details = _details_of(snapshot)
    groups = {g["GroupName"].lower(): g for g in _details.entities(details, "group")}
    members = _members_by_group(details)
    partition, account_id = snapshot["partition"], snapshot["account_id"]
    context = {"partition": partition, "account_id": account_id, "mfa": params["mfa"]}
    guard = _group.member_guard(Protection(snapshot.get("caller"), params.get("protected_principals")))
    findings = []
    for spec in specs:
        name = spec["name"]
        group = groups.get(name.lower())
        arn = group["Arn"] if group else _arn.group_arn(partition, account_id, name, spec["path"])
        if spec["state"] == "absent":
            status, message = (
                ("FAIL", "Group %s exists but is declared absent" % name) if group else ("PASS", "Group %s is absent as declared" % name)
            )
            findings.append(
                new_finding(
                    "GROUP.DECLARED", snapshot, status, message, "AwsIamGroup", name, arn, "absent", "present" if group else "absent"
                )
            )
            continue
        drift, kept = (
            (["the group does not exist"], []) if group is None else group_drift(spec, group, members.get(name.lower(), {}), context, guard)
        )
        status = "FAIL" if drift else "PASS"
        message = _declared_message(name, drift, kept)
        findings.append(
            new_finding("GROUP.DECLARED", snapshot, status, message, "AwsIamGroup", name, arn, "as declared", drift or "as declared")
        )
    return findings
