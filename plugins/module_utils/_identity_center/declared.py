# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What iam_baseline_identity_center declares, as baseline.iam.permission_set tasks (pure).

`tasks(identity_center, organization_accounts)` is the one builder: the role runs the tasks it
returns and the audit's IDC.DECLARED compares the organization with them, so apply and verify
agree. Assignments name a permission set, a group (or a user) and accounts - account ids or OU
paths, resolved here with the organization's accounts (the Organizations inventory gives them
to the organization host as aws_organization_accounts).

Checked here, before any call, naming the variable and field: every permission set (model.py),
every assignment, and what the IDC.* controls would fail - a session longer than the limit (the
lower admin limit for a permission set that grants admin), an admin permission set assigned to a
user, or in an account outside admin_accounts.
"""

from __future__ import annotations

from .._core import arn as _arn
from .._core.errors import InputError
from .._organization import accounts as _accounts
from . import assignments as _assignments
from . import model as _model

SPEC_KEYS = ("name", "description", "session_duration", "managed_policies", "customer_managed_policies", "inline_policy",
             "permissions_boundary", "tags", "purge_policies", "state")  # fmt: skip
ASSIGNMENT_KEYS = ("permission_set", "group", "user", "accounts", "state")
VARIABLE = "iam_baseline_identity_center"


def _spec(entry):
    spec = dict.fromkeys(SPEC_KEYS)
    spec.update(managed_policies=[], customer_managed_policies=[], purge_policies=False, state="present")
    spec.update({k: v for k, v in entry.items() if v is not None})
    return spec


def resolve_accounts(values, organization_accounts):
    """Account ids from ids and OU paths (an OU path: every active account in it or below).
    With organization_accounts None (the organization is not known here) OU paths are left out:
    the checks that need them run where it is known."""
    found = []
    for value in values:
        text = str(value)
        if text.startswith("/") and organization_accounts is None:
            continue
        if text.startswith("/"):
            paths = {a.get("ou_path") for a in organization_accounts}
            if not any(_accounts.in_subtree(p or "", text) for p in paths) and text not in {"/Root"}:
                raise ValueError("no account of the organization is in OU %s (or the inventory does not give the OU tree)" % text)
            found += [a["id"] for a in organization_accounts if _accounts.in_subtree(a.get("ou_path") or "", text)]
        elif _arn.ACCOUNT_ID.match(text):
            found.append(text)
        else:
            raise ValueError("%r is neither a 12-digit account id (quote it in YAML) nor an OU path (/Root/...)" % value)
    return sorted(set(found))


def _assignment_item(where, item, specs, organization_accounts):
    """(permission set name, module assignment item) or raises ValueError with the message."""
    if not isinstance(item, dict) or set(item) - set(ASSIGNMENT_KEYS):
        raise ValueError("%s: must be a dict with %s" % (where, ", ".join(ASSIGNMENT_KEYS)))
    if item.get("permission_set") not in specs:
        raise ValueError("%s.permission_set: %r is not a declared permission set" % (where, item.get("permission_set")))
    if bool(item.get("group")) == bool(item.get("user")):
        raise ValueError("%s: give exactly one of group or user" % where)
    try:
        accounts = resolve_accounts(item.get("accounts") or [], organization_accounts)
    except ValueError as e:
        raise ValueError("%s.accounts: %s" % (where, e)) from None
    principal_type = "GROUP" if item.get("group") else "USER"
    module_item = {"principal_type": principal_type, "principal": str(item.get("group") or item.get("user")), "accounts": accounts,
                   "state": item.get("state") or "present"}  # fmt: skip
    return item["permission_set"], module_item


def _limit_problem(where, spec, settings, admin):
    seconds = _model.session_seconds(spec.get("session_duration") or _model.DEFAULT_SESSION)
    key = "admin_max_session_duration" if admin else "max_session_duration"
    limit = _model.session_seconds(settings[key])
    if seconds is not None and limit is not None and seconds > limit:
        values = (where, spec.get("session_duration"), VARIABLE, key, settings[key])
        return "%s.session_duration: %s is longer than %s.%s (%s) (IDC.SESSION_DURATION)" % values
    return None


def _admin_problems(where, task, allowed):
    """IDC.ADMIN_TO_USER and IDC.ADMIN_SCOPE of a permission set that grants admin."""
    problems = []
    problem = _assignments.admin_to_user_problem(task)
    if problem:
        problems.append("%s.%s: %s" % (where, problem[0], problem[1]))
    if allowed is not None:
        outside = sorted({item["account_id"] for _i, item in _assignments.items(task) if item["state"] == "present"} - allowed)
        if outside:
            problems.append("%s: grants admin and would be assigned in %s, outside %s.admin_accounts (IDC.ADMIN_SCOPE)" % (
                where, ", ".join(outside), VARIABLE))  # fmt: skip
    return problems


def settings_problems(settings, organization_accounts):
    """(admin accounts as a set or None, problems) of the family's own settings."""
    problems = []
    for key in ("max_session_duration", "admin_max_session_duration"):
        problem = _model.duration_problem(settings.get(key))
        if problem:
            problems.append("%s.%s: %s" % (VARIABLE, key, problem))
    allowed = None
    if settings.get("admin_accounts") is not None:
        try:
            allowed = set(resolve_accounts(settings["admin_accounts"], organization_accounts))
        except ValueError as e:
            problems.append("%s.admin_accounts: %s" % (VARIABLE, e))
    # Without the organization, OU paths are not resolved: IDC.ADMIN_SCOPE is checked where it is.
    return (allowed if organization_accounts is not None else None), problems


def _checked_spec(index, entry, settings):
    where = "%s.permission_sets[%d]" % (VARIABLE, index)
    if not isinstance(entry, dict) or not entry.get("name") or set(entry) - set(SPEC_KEYS):
        return None, ["%s: must be a dict with name and only the keys %s" % (where, ", ".join(SPEC_KEYS))]
    spec = _spec(entry)
    where = "%s (%s)" % (where, spec["name"])
    try:
        inline = _model.validate(spec)
    except InputError as e:
        return None, ["%s.%s: %s" % (where, e.field, e.problem)]
    spec["_admin"] = _model.grants_admin(_model.desired(None, spec, "aws", inline))
    spec["_where"] = where
    problem = _limit_problem(where, spec, settings, spec["_admin"]) if spec["state"] == "present" else None
    return spec, [problem] if problem else []


def tasks(identity_center, organization_accounts=None):
    """(tasks, problems): one baseline.iam.permission_set parameter set per declared permission
    set, with its assignments; every problem as a message naming the variable and field."""
    settings = identity_center
    organization_accounts = None if organization_accounts is None else list(organization_accounts)
    allowed, problems = settings_problems(settings, organization_accounts)
    if problems:
        return [], problems
    specs = {}
    for index, entry in enumerate(settings.get("permission_sets") or []):
        spec, found = _checked_spec(index, entry, settings)
        problems += found
        if spec is not None:
            if spec["name"] in specs:
                problems.append("%s: permission set %s is declared twice" % (spec["_where"], spec["name"]))
            specs[spec["name"]] = spec
    assigned = {name: [] for name in specs}
    for index, item in enumerate(settings.get("assignments") or []):
        try:
            name, module_item = _assignment_item("%s.assignments[%d]" % (VARIABLE, index), item, specs, organization_accounts)
        except ValueError as e:
            problems.append(str(e))
            continue
        assigned[name].append(module_item)
    result = []
    for name, spec in specs.items():
        task = {k: spec[k] for k in SPEC_KEYS}
        task.update(assignments=assigned[name] or None, purge_assignments=bool(settings.get("purge_assignments")))
        task.update(instance_arn=settings.get("instance_arn"), provisioning_timeout=settings.get("provisioning_timeout") or 300)
        problem = _assignments.validate(task) if organization_accounts is not None else None
        if problem:
            problems.append("%s.%s: %s" % (spec["_where"], problem[0], problem[1]))
        elif spec["_admin"]:
            problems += _admin_problems(spec["_where"], task, allowed)
        result.append(task)
    return result, problems
