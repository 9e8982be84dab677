# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An IAM group as plain data (pure): option validation, policy references, the state after the
task, and the membership rules for the caller and protected principals.

A group's state is {"name", "path", "arn", "managed_policies" (sorted ARNs), "inline_policies"
({name: document}), "members" (sorted user names)}, or None when the group does not exist. The
module reads the current state, computes the desired one here, and writes only the difference.
"""

from __future__ import annotations

import re

from .._core import arn as _arn
from .._core.errors import InputError
from .._mfa import lockout as _lockout
from .._mfa import model as _mfa_model
from .._policy import document as _policy
from .._policy.validate import size, size_problem
from .._policy.validate import validate as validate_document

NAME = re.compile(r"^[\w+=,.@-]{1,128}$")
USER_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")
PATH = re.compile(r"^/([\x21-\x7e]*/)?$")
MANAGED_ARN = re.compile(r"^arn:[a-z-]+:iam::(aws|\d{12}):policy/[\w+=,.@/-]+$")
MANAGED_NAME = re.compile(r"^[\w+=,.@-]+(/[\w+=,.@-]+)*$")
INLINE_KIND = "inline_group"

# The keys of a group spec (role variable iam_baseline_groups) and their defaults.
SPEC_DEFAULTS = {
    "path": "/",
    "managed_policies": [],
    "inline_policies": {},
    "members": [],
    "purge_policies": False,
    "purge_inline_policies": False,
    "purge_members": False,
    "allow_caller_group_changes": False,
    "state": "present",
}


def complete_spec(spec):
    """A group spec with the keys left out taken from SPEC_DEFAULTS."""
    completed = dict(SPEC_DEFAULTS)
    completed.update({k: v for k, v in (spec or {}).items() if v is not None})
    return completed


def path_problem(path):
    if not PATH.match(path or "") or len(path) > 512:
        return "must start and end with '/' and contain only printable ASCII (at most 512 characters), got %r" % path
    return None


def managed_policy_arn(reference, partition):
    """An attached-policy ARN from an ARN or an AWS managed policy name (partition-aware)."""
    reference = str(reference).strip()
    if reference.startswith("arn:"):
        return reference
    return _arn.aws_managed_policy_arn(partition, reference)


def _inline_documents(inline_policies):
    """The documents by name, loaded; raises InputError for the first bad one."""
    documents, total = {}, 0
    for name, document in (inline_policies or {}).items():
        if not NAME.match(str(name)):
            raise InputError("inline_policies", "%r is not a valid policy name (1-128 letters, digits or +=,.@-_)" % name)
        loaded, problem = validate_document(document, INLINE_KIND)
        if problem:
            raise InputError("inline_policies.%s" % name, problem)
        documents[name] = loaded
        total += size(loaded)
    problem = size_problem(total, INLINE_KIND, "together the inline policies")
    if problem:
        raise InputError("inline_policies", problem)
    return documents


def validate(params):
    """The inline documents by name, loaded; raises InputError for the first bad option.

    Runs before any AWS call: names, path, policy references and every policy document.
    """
    name = params.get("name") or ""
    if not NAME.match(name):
        raise InputError("name", "must be 1-128 letters, digits or +=,.@-_ characters, got %r" % name)
    problem = path_problem(params.get("path") or "/")
    if problem:
        raise InputError("path", problem)
    for reference in params.get("managed_policies") or []:
        text = str(reference)
        if not (MANAGED_ARN.match(text) if text.startswith("arn:") else MANAGED_NAME.match(text)):
            raise InputError("managed_policies", "%r is neither a policy ARN nor an AWS managed policy name" % reference)
    for member in params.get("members") or []:
        if not USER_NAME.match(str(member)):
            raise InputError("members", "%r is not a valid user name (1-64 letters, digits or +=,.@-_)" % member)
    _validate_mfa_guard(params)
    return _inline_documents(params.get("inline_policies"))


def _validate_mfa_guard(params):
    """The force-MFA guard's options (the same values as iam_baseline_mfa's)."""
    problem = _lockout.window_problem(params.get("key_use_window_days", _lockout.DEFAULT_KEY_USE_WINDOW_DAYS))
    if problem:
        raise InputError("key_use_window_days", problem)
    for action in params.get("mfa_extra_not_actions") or []:
        if not _mfa_model.ACTION_PATTERN.match(str(action)):
            raise InputError("mfa_extra_not_actions", "%r is not an action like 'service:Action' (wildcards * and ? allowed)" % action)


def _merge_inline(current, declared, purge, partition):
    """Declared documents over the current ones; a semantically equal document keeps its current text."""
    merged = {} if purge else dict(current)
    for name, document in declared.items():
        existing = current.get(name)
        merged[name] = existing if existing is not None and _policy.equal(existing, document, partition) else document
    return merged


def member_guard(protection):
    """guard(name, arn) for plan_members from a _caller.Protection."""
    caller = protection.caller

    def guard(name, arn):
        if caller.get("kind") == "user" and (caller.get("name") or "").lower() == name.lower():
            return "caller", "it is the caller of this run"
        reason = protection.user_reason(name, arn)
        return ("protected", reason) if reason else None

    return guard


NEVER_THE_CALLER = "is the caller of this run; a run never changes its own group memberships"


def _kind(guard, user):
    return (guard(user["name"], user["arn"]) or (None, None))[0]


def _removals_when_absent(current, declared, guard):
    """Every member goes with the group, except that the caller and undeclared protected ones refuse."""
    for user in current.values():
        kind, reason = guard(user["name"], user["arn"]) or (None, None)
        if kind == "caller":
            raise InputError("state", "group member %s %s" % (user["name"], NEVER_THE_CALLER))
        if kind == "protected" and user["name"].lower() not in declared:
            raise InputError(
                "members", "group member %s is protected (%s); list it in members to remove it with the group" % (user["name"], reason)
            )
    return []


def plan_members(current, declared, params, guard):
    """(members after the task, members kept back); raises InputError for a forbidden change.

    `current`: the group's members as {lower-cased name: {"name", "arn"}}; `declared`: the same for
    the users listed in `members` (as IAM spells them); `guard(name, arn)`: None, or
    ("caller" | "protected", reason).

    Rules (DESIGN §8.1): the caller's memberships never change; a protected principal is added or
    removed only when it is declared in `members`; purge_members keeps undeclared protected ones.
    """
    if params.get("state") == "absent":
        return _removals_when_absent(current, declared, guard), []
    to_add = [u for key, u in declared.items() if key not in current]
    for user in to_add:
        if _kind(guard, user) == "caller":
            raise InputError("members", "%s %s" % (user["name"], NEVER_THE_CALLER))
    members = {**current, **{u["name"].lower(): u for u in to_add}}
    kept = []
    if params.get("purge_members"):
        removable, kept = undeclared_members(current, declared, guard)
        for key in removable:
            del members[key]
    return sorted(u["name"] for u in members.values()), kept


def undeclared_members(current, declared, guard):
    """(keys of the undeclared members purge_members removes, [{"name", "reason"}] of those it
    keeps: the caller and protected principals). One rule for the module and GROUP.DECLARED, so
    the audit does not FAIL a group for the members the apply keeps on purpose."""
    removable, kept = [], []
    for key, user in current.items():
        if key in declared:
            continue
        reason = (guard(user["name"], user["arn"]) or (None, None))[1]
        if reason:
            kept.append({"name": user["name"], "reason": reason})
        else:
            removable.append(key)
    return removable, kept


def purge_keeps(name, force_mfa_policy, partition, account_id):
    """ARNs purge_policies never detaches from group `name`: the baseline's force-MFA policy on a
    group listed in iam_baseline_mfa.groups (role mfa attaches it there, after role groups).
    `force_mfa_policy`: {"name", "path", "groups"} of iam_baseline_mfa. One rule for the module
    and GROUP.DECLARED, so neither detaches nor reports what the other family puts there."""
    policy = force_mfa_policy or {}
    if str(name).lower() not in {str(g).lower() for g in policy.get("groups") or []}:
        return set()
    return {_mfa_model.policy_arn(partition, account_id, policy.get("name") or _mfa_model.DEFAULT_NAME, policy.get("path") or "/")}


def desired(current, params, partition, account_id, inline_documents, members):
    """The group state after the task (None for state=absent)."""
    if params.get("state") == "absent":
        return None
    current = current or {"managed_policies": [], "inline_policies": {}}
    path = params.get("path") or "/"
    declared_arns = {managed_policy_arn(p, partition) for p in params.get("managed_policies") or []}
    if params.get("purge_policies"):
        kept = purge_keeps(params["name"], params.get("force_mfa_policy"), partition, account_id) & set(current["managed_policies"])
        managed = declared_arns | kept
    else:
        managed = declared_arns | set(current["managed_policies"])
    return {
        "name": current.get("name") or params["name"],
        "path": path,
        "arn": _arn.group_arn(partition, account_id, current.get("name") or params["name"], path),
        "managed_policies": sorted(managed),
        "inline_policies": _merge_inline(current["inline_policies"], inline_documents, params.get("purge_inline_policies"), partition),
        "members": members,
    }


def result(state):
    """The module's `group` result: policy documents are in the diff, the result names them."""
    if state is None:
        return {}
    return {
        "name": state["name"],
        "arn": state["arn"],
        "path": state["path"],
        "managed_policies": list(state["managed_policies"]),
        "inline_policies": sorted(state["inline_policies"]),
        "members": list(state["members"]),
    }
