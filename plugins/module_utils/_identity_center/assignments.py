# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account assignments of one permission set (pure): option checks and what to create and delete.

An assignment is {"account_id", "principal_type" (GROUP or USER), "principal" (the group's display
name or the user's user name), "principal_id"}. Assignments are created and removed only as
declared: an item with state=absent removes it; purge_assignments removes the undeclared ones.
"""

from __future__ import annotations

from .._core import arn as _arn

PRINCIPAL_TYPES = ("GROUP", "USER")


def items(params):
    """The declared assignments one per account: [(index, {"account_id", "principal_type",
    "principal", "state"})], `index` being the option item it comes from."""
    found = []
    for index, item in enumerate(params.get("assignments") or []):
        for account_id in item.get("accounts") or []:
            found.append(
                (
                    index,
                    {
                        "account_id": str(account_id),
                        "principal_type": str(item.get("principal_type") or "GROUP").upper(),
                        "principal": str(item.get("principal") or ""),
                        "state": item.get("state") or "present",
                    },
                )
            )
    return found


def _item_problem(item):
    if not isinstance(item, dict):
        return None, "must be a dict with principal_type, principal, accounts and state"
    if str(item.get("principal_type") or "GROUP").upper() not in PRINCIPAL_TYPES:
        return "principal_type", "must be GROUP or USER, got %r" % item.get("principal_type")
    if not str(item.get("principal") or "").strip():
        return "principal", "the group's display name or the user's user name is required"
    accounts = item.get("accounts")
    if not isinstance(accounts, list) or not accounts:
        return "accounts", "at least one account id is required"
    for account_id in accounts:
        if not _arn.ACCOUNT_ID.match(str(account_id)):
            return "accounts", "must be 12-digit account ids (quote them in YAML), got %r" % account_id
    if (item.get("state") or "present") not in ("present", "absent"):
        return "state", "must be present or absent, got %r" % item.get("state")
    return None


def validate(params):
    """None, or (field, problem) for the first bad assignment item (before any call)."""
    seen = {}
    for index, item in enumerate(params.get("assignments") or []):
        problem = _item_problem(item)
        if problem:
            key, text = problem
            return ("assignments[%d]%s" % (index, "." + key if key else ""), text)
    for index, item in items(params):
        key = _key(item)
        if key in seen and seen[key] != item["state"]:
            what = "%s %s in %s" % (item["principal_type"].lower(), item["principal"], item["account_id"])
            return ("assignments[%d]" % index, "%s is declared both present and absent" % what)
        seen[key] = item["state"]
    return None


def _key(assignment):
    return (assignment["account_id"], assignment["principal_type"], assignment["principal"].lower())


def admin_to_user_problem(params):
    """(field, problem) when an administrator permission set would be assigned to a user."""
    for index, item in items(params):
        if item["state"] == "present" and item["principal_type"] == "USER":
            return (
                "assignments[%d].principal_type" % index,
                "the permission set grants admin and would be assigned to user %s: assign it to a group (IDC.ADMIN_TO_USER)"
                % item["principal"],
            )
    return None


def view(assignment):
    """An assignment as the diff shows it."""
    return {k: assignment[k] for k in ("account_id", "principal_type", "principal")}


def plan(current, declared, purge):
    """(after, to_create, to_delete) from the current assignments and the declared ones (both with
    principal_id; declared ones carry state). Sorted by account, type, principal."""
    current_by_id = {(a["account_id"], a["principal_type"], a["principal_id"]): a for a in current}
    present = {(a["account_id"], a["principal_type"], a["principal_id"]): a for a in declared if a["state"] == "present"}
    absent = {(a["account_id"], a["principal_type"], a["principal_id"]) for a in declared if a["state"] == "absent"}
    to_create = [a for key, a in present.items() if key not in current_by_id]
    to_delete = [a for key, a in current_by_id.items() if key in absent or (purge and key not in present)]
    deleted = {(a["account_id"], a["principal_type"], a["principal_id"]) for a in to_delete}
    after = [a for key, a in current_by_id.items() if key not in deleted] + to_create
    return _sorted(after), _sorted(to_create), _sorted(to_delete)


def _sorted(assignments):
    return sorted(assignments, key=lambda a: (a["account_id"], a["principal_type"], a["principal"].lower(), a["principal_id"]))
