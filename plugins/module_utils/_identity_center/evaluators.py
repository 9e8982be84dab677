# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluators of the IAM Identity Center controls (pure): IDC.SESSION_DURATION, IDC.ADMIN_TO_USER,
IDC.ADMIN_SCOPE, IDC.DECLARED, over the organization snapshot (_audit/snapshot.py): its
`identity_center` ({"instance_arn", "permission_sets": [model.py state with "assignments"]}) and
`organization` (the accounts, for OU paths). A permission set grants admin when it has
AdministratorAccess or an inline policy allowing * on * (model.grants_admin).
"""

from __future__ import annotations

from .._audit.findings import account_finding, new_finding
from .._audit.registry import evaluates
from .._organization import accounts as _accounts
from . import assignments as _assignments
from . import declared as _declared
from . import model as _model

RESOURCE = "AwsSsoPermissionSet"
COMPARED = ("description", "session_duration", "managed_policies", "customer_managed_policies", "inline_policy")


def _permission_sets(snapshot):
    return (snapshot["identity_center"] or {}).get("permission_sets") or []


def _organization_accounts(snapshot):
    return [a for a in (snapshot["organization"] or {}).get("accounts") or [] if a.get("state") == _accounts.ACTIVE]


def _finding(control_id, snapshot, permission_set, status, message, expected=None, actual=None):
    return new_finding(
        control_id, snapshot, status, "Permission set %s: %s" % (permission_set["name"], message), RESOURCE, permission_set["name"],
        permission_set.get("arn") or "%s/%s" % ((snapshot["identity_center"] or {}).get("instance_arn"), permission_set["name"]),
        expected, actual,
    )  # fmt: skip


def _without_instance(control_id, snapshot):
    if not (snapshot["identity_center"] or {}).get("instance_arn"):
        return [account_finding(control_id, snapshot, "NOT_APPLICABLE", "IAM Identity Center is not enabled in the organization")]
    return None


def _admin_sets(control_id, snapshot):
    """(admin permission sets, or the findings to return instead)."""
    early = _without_instance(control_id, snapshot)
    if early:
        return None, early
    admins = [p for p in _permission_sets(snapshot) if _model.grants_admin(p)]
    if not admins:
        return None, [account_finding(control_id, snapshot, "NOT_APPLICABLE", "No permission set grants admin")]
    return admins, None


@evaluates("IDC.SESSION_DURATION")
def session_duration(snapshot, params):
    settings = params["identity_center"]
    early = _without_instance("IDC.SESSION_DURATION", snapshot)
    if early:
        return early
    findings = []
    for permission_set in _permission_sets(snapshot):
        admin = _model.grants_admin(permission_set)
        limit = settings["admin_max_session_duration" if admin else "max_session_duration"]
        seconds = _model.session_seconds(permission_set["session_duration"])
        ok = seconds is not None and seconds <= _model.session_seconds(limit)
        message = "sessions last %s (baseline: at most %s%s)" % (permission_set["session_duration"], limit, " for admin" if admin else "")
        findings.append(_finding("IDC.SESSION_DURATION", snapshot, permission_set, "PASS" if ok else "FAIL", message, "<= %s" % limit,
                                 permission_set["session_duration"]))  # fmt: skip
    return findings or [account_finding("IDC.SESSION_DURATION", snapshot, "NOT_APPLICABLE", "The instance has no permission set")]


def _assigned(permission_set, principal_type=None):
    return [a for a in permission_set.get("assignments") or [] if principal_type in (None, a["principal_type"])]


@evaluates("IDC.ADMIN_TO_USER")
def admin_to_user(snapshot, params):
    admins, early = _admin_sets("IDC.ADMIN_TO_USER", snapshot)
    if early:
        return early
    findings = []
    for permission_set in admins:
        users = sorted("%s in %s" % (a["principal"], a["account_id"]) for a in _assigned(permission_set, "USER"))
        message = "grants admin and is assigned to user(s) %s" % ", ".join(users) if users else "grants admin, assigned to groups only"
        findings.append(_finding("IDC.ADMIN_TO_USER", snapshot, permission_set, "FAIL" if users else "PASS", message, "groups only",
                                 users or "groups only"))  # fmt: skip
    return findings


def _no_admin_accounts(params):
    return None if params["identity_center"].get("admin_accounts") is not None else "identity_center.admin_accounts is not set"


@evaluates("IDC.ADMIN_SCOPE", not_applicable=_no_admin_accounts)
def admin_scope(snapshot, params):
    admins, early = _admin_sets("IDC.ADMIN_SCOPE", snapshot)
    if early:
        return early
    try:
        allowed = set(_declared.resolve_accounts(params["identity_center"]["admin_accounts"], _organization_accounts(snapshot)))
    except ValueError as e:
        return [account_finding("IDC.ADMIN_SCOPE", snapshot, "ERROR", "identity_center.admin_accounts: %s" % e)]
    findings = []
    for permission_set in admins:
        outside = sorted({a["account_id"] for a in _assigned(permission_set)} - allowed)
        message = (
            "grants admin in %s, outside the admin accounts" % ", ".join(outside) if outside else "grants admin in admin accounts only"
        )
        findings.append(_finding("IDC.ADMIN_SCOPE", snapshot, permission_set, "FAIL" if outside else "PASS", message, sorted(allowed),
                                 outside or "admin accounts only"))  # fmt: skip
    return findings


# IDC.DECLARED ----------------------------------------------------------------------------------


def _assignment_drift(task, current):
    have = {(a["account_id"], a["principal_type"], str(a["principal"]).lower()) for a in _assigned(current)}
    drift, declared = [], set()
    for _index, item in _assignments.items(task):
        key = (item["account_id"], item["principal_type"], item["principal"].lower())
        declared.add(key)
        what = "%s %s in %s" % (item["principal_type"].lower(), item["principal"], item["account_id"])
        if item["state"] == "present" and key not in have:
            drift.append("assignment of %s is missing" % what)
        elif item["state"] == "absent" and key in have:
            drift.append("assignment of %s is declared absent" % what)
    if task.get("purge_assignments"):
        drift += ["undeclared assignment of %s %s in %s" % (t.lower(), p, a) for a, t, p in sorted(have - declared)]
    return drift


def _drift(task, current, partition):
    wanted = _model.desired(current, task, partition, _model.validate(task))
    keys = list(COMPARED) + [k for k in ("permissions_boundary", "tags") if k in wanted]
    drift = []
    for key in keys:
        if key not in current:
            drift.append("%s was not read" % key)
        elif wanted[key] != current[key]:
            drift.append("%s differs" % key.replace("_", " "))
    return drift + _assignment_drift(task, current)


@evaluates("IDC.DECLARED")
def declared(snapshot, params):
    settings = params["identity_center"]
    if not settings.get("permission_sets"):
        return [account_finding("IDC.DECLARED", snapshot, "NOT_APPLICABLE", "No permission set is declared (iam_baseline_identity_center)")]
    tasks, problems = _declared.tasks(settings, _organization_accounts(snapshot))
    if problems:
        return [account_finding("IDC.DECLARED", snapshot, "ERROR", "The declaration is invalid: %s" % "; ".join(problems))]
    if not (snapshot["identity_center"] or {}).get("instance_arn"):
        return [account_finding("IDC.DECLARED", snapshot, "FAIL", "Permission sets are declared but IAM Identity Center is not enabled")]
    current = {p["name"]: p for p in _permission_sets(snapshot)}
    findings = []
    for task in tasks:
        found = current.get(task["name"])
        if task["state"] == "absent":
            status, message = ("FAIL", "exists but is declared absent") if found else ("PASS", "absent as declared")
        elif found is None:
            status, message = "FAIL", "declared but missing"
        else:
            drift = _drift(task, found, snapshot.get("partition") or "aws")
            status, message = ("FAIL", "; ".join(drift)) if drift else ("PASS", "as declared")
        findings.append(_finding("IDC.DECLARED", snapshot, found or {"name": task["name"]}, status, message, "as declared", message))
    return findings
