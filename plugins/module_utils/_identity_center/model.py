# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An IAM Identity Center permission set as plain data (pure): option validation, the state after
the task, and what makes a permission set an administrator's.

A permission set's state is {"name", "arn", "description", "session_duration" (ISO 8601),
"managed_policies" (sorted AWS managed policy ARNs), "customer_managed_policies" (sorted
[{"name", "path"}]), "inline_policy" (a document or None)}, plus "permissions_boundary" and "tags"
only when the task declares them (they are read only then), and "assignments" (assignments.py)
when the task declares assignments; None when it does not exist. The module reads the current
state, computes the desired one here, and writes only the difference.
"""

from __future__ import annotations

import re

from .._core import arn as _arn
from .._core.errors import InputError
from .._policy import admin as _admin
from .._policy import document as _policy
from .._policy.validate import validate as validate_document

NAME = re.compile(r"^[\w+=,.@-]{1,32}$")
DESCRIPTION = re.compile(r"^[\t\n\r\u0020-\u007e\u00a1-\u00ff]{1,700}$")
POLICY_NAME = re.compile(r"^[\w+=,.@-]{1,128}$")
POLICY_PATH = re.compile(r"^/([\x21-\x7e]{1,510}/)?$")
AWS_MANAGED_ARN = re.compile(r"^arn:[a-z-]+:iam::aws:policy/[\w+=,.@/-]+$")
AWS_MANAGED_NAME = re.compile(r"^[\w+=,.@-]+(/[\w+=,.@-]+)*$")
DURATION = re.compile(r"^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$")
MIN_SESSION_SECONDS, MAX_SESSION_SECONDS = 3600, 43200
# IAM Identity Center quota: managed policies (AWS and customer managed together) per permission set.
MAX_ATTACHED_POLICIES = 20
INLINE_KIND = "inline_permission_set"
DEFAULT_SESSION = "PT1H"


# Session durations -----------------------------------------------------------------------------


def session_seconds(text):
    """Seconds of an ISO 8601 duration such as PT4H or PT1H30M, or None when it is not one."""
    match = DURATION.match(str(text or ""))
    if not match or not any(match.groups()):
        return None
    hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def duration_problem(text):
    seconds = session_seconds(text)
    if seconds is None:
        return "must be an ISO 8601 duration such as PT4H or PT1H30M, got %r" % text
    if not MIN_SESSION_SECONDS <= seconds <= MAX_SESSION_SECONDS:
        return "must be between 1 and 12 hours (PT1H to PT12H), got %r" % text
    return None


# Policy references -----------------------------------------------------------------------------


def managed_policy_arn(reference, partition):
    """An AWS managed policy ARN from an ARN or a name such as job-function/ViewOnlyAccess."""
    reference = str(reference).strip()
    return reference if reference.startswith("arn:") else _arn.aws_managed_policy_arn(partition, reference)


def managed_policy_problem(reference):
    text = str(reference)
    if text.startswith("arn:"):
        if AWS_MANAGED_ARN.match(text):
            return None
        parsed = _arn.parse(text) or {}
        if parsed.get("service") == "iam" and _arn.ACCOUNT_ID.match(parsed.get("account_id") or ""):
            return "%r is a customer managed policy: list it in customer_managed_policies as {name, path}" % reference
        return "%r is not an AWS managed policy ARN" % reference
    return None if AWS_MANAGED_NAME.match(text) else "%r is neither an AWS managed policy ARN nor a name" % reference


def customer_reference(entry):
    """{"name", "path"} of a customer managed policy reference (path defaults to /)."""
    return {"name": str(entry.get("name") or ""), "path": str(entry.get("path") or "/")}


def _reference_problem(entry):
    if not isinstance(entry, dict) or set(entry) - {"name", "path"}:
        return "must be a dict with name and optionally path"
    reference = customer_reference(entry)
    if not POLICY_NAME.match(reference["name"]):
        return "name must be 1-128 letters, digits or +=,.@-_ characters, got %r" % entry.get("name")
    if not POLICY_PATH.match(reference["path"]):
        return "path must start and end with '/', got %r" % entry.get("path")
    return None


def boundary(value, partition):
    """The permissions boundary a task declares: None (not managed), {} (none), {"managed_policy_arn"}
    or {"name", "path"} (a customer managed policy of that name in every assigned account)."""
    if value is None:
        return None
    if value in ("", {}):
        return {}
    if isinstance(value, dict):
        return customer_reference(value)
    return {"managed_policy_arn": managed_policy_arn(value, partition)}


def _boundary_problem(value):
    if value is None or value in ("", {}):
        return None
    if isinstance(value, dict):
        return _reference_problem(value)
    if isinstance(value, str):
        return managed_policy_problem(value)
    return "must be an AWS managed policy (ARN or name) or a dict {name, path} of a customer managed policy"


# Validation ------------------------------------------------------------------------------------


def _inline_document(params):
    if params.get("inline_policy") in (None, ""):
        return None
    loaded, problem = validate_document(params["inline_policy"], INLINE_KIND)
    if problem:
        raise InputError("inline_policy", problem)
    return loaded


def _check_policies(params):
    for reference in params.get("managed_policies") or []:
        problem = managed_policy_problem(reference)
        if problem:
            raise InputError("managed_policies", problem)
    for index, entry in enumerate(params.get("customer_managed_policies") or []):
        problem = _reference_problem(entry)
        if problem:
            raise InputError("customer_managed_policies[%d]" % index, problem)
    count = len(params.get("managed_policies") or []) + len(params.get("customer_managed_policies") or [])
    if count > MAX_ATTACHED_POLICIES:
        raise InputError("managed_policies", "%d policies declared; a permission set holds at most %d" % (count, MAX_ATTACHED_POLICIES))
    problem = _boundary_problem(params.get("permissions_boundary"))
    if problem:
        raise InputError("permissions_boundary", problem)


def validate(params):
    """The inline policy document (or None); raises InputError naming the first bad option.

    Runs before any AWS call: name, description, session duration, policy references, the inline
    document (JSON, statement shape, size, characters) and tags.
    """
    if not NAME.match(str(params.get("name") or "")):
        raise InputError("name", "must be 1-32 letters, digits or +=,.@-_ characters, got %r" % params.get("name"))
    if params.get("description") is not None and not DESCRIPTION.match(str(params["description"])):
        raise InputError("description", "must be 1-700 printable characters")
    if params.get("session_duration") is not None:
        problem = duration_problem(params["session_duration"])
        if problem:
            raise InputError("session_duration", problem)
    _check_policies(params)
    for key, value in (params.get("tags") or {}).items():
        if not str(key) or len(str(key)) > 128 or len(str(value)) > 256:
            raise InputError("tags", "tag keys are 1-128 and values at most 256 characters (%r)" % key)
    return _inline_document(params)


# The state after the task ----------------------------------------------------------------------


def _kept_duration(current, declared):
    """The declared duration, or the current text when it means the same (PT60M is PT1H)."""
    if declared is None:
        return current or DEFAULT_SESSION
    if current is not None and session_seconds(current) == session_seconds(declared):
        return current
    return declared


def _inline_after(current, declared, purge, partition):
    if declared is None:
        return None if purge else current
    return current if current is not None and _policy.equal(current, declared, partition) else declared


def _references(entries):
    unique = {(r["path"], r["name"]): r for r in (customer_reference(e) for e in entries)}
    return [unique[k] for k in sorted(unique)]


def desired(current, params, partition, inline_document):
    """The permission set after the task (None for state=absent), without assignments."""
    if params.get("state") == "absent":
        return None
    base = current or {"arn": None, "description": None, "session_duration": None, "managed_policies": [],
                       "customer_managed_policies": [], "inline_policy": None}  # fmt: skip
    purge = bool(params.get("purge_policies"))
    declared_arns = {managed_policy_arn(p, partition) for p in params.get("managed_policies") or []}
    declared_refs = params.get("customer_managed_policies") or []
    state = {
        "name": params["name"],
        "arn": base["arn"],
        "description": params["description"] if params.get("description") is not None else base["description"],
        "session_duration": _kept_duration(base["session_duration"], params.get("session_duration")),
        "managed_policies": sorted(declared_arns if purge else declared_arns | set(base["managed_policies"])),
        "customer_managed_policies": _references(declared_refs if purge else [*base["customer_managed_policies"], *declared_refs]),
        "inline_policy": _inline_after(base["inline_policy"], inline_document, purge, partition),
    }
    declared_boundary = boundary(params.get("permissions_boundary"), partition)
    if declared_boundary is not None:
        state["permissions_boundary"] = declared_boundary
    if params.get("tags") is not None:
        state["tags"] = {**(base.get("tags") or {}), **{str(k): str(v) for k, v in params["tags"].items()}}
    return state


def _is_administrator_access(policy_arn):
    parsed = _arn.parse(policy_arn) or {}
    return parsed.get("account_id") == "aws" and parsed.get("resource") == "policy/" + _admin.ADMIN_POLICY_NAME


def grants_admin(state):
    """Whether a permission set makes its holders administrators: AdministratorAccess attached, or
    an inline policy allowing * on *. (Customer managed policies live in the member accounts and
    are not read here.)"""
    if state is None:
        return False
    if any(_is_administrator_access(a) for a in state["managed_policies"]):
        return True
    return state.get("inline_policy") is not None and _admin.grants_star(state["inline_policy"])


def result(state):
    """The module's `permission_set` result (the inline document is in the diff; the result says
    whether there is one)."""
    if state is None:
        return {}
    shown = {k: v for k, v in state.items() if k != "inline_policy"}
    shown["inline_policy"] = state.get("inline_policy") is not None
    return shown
