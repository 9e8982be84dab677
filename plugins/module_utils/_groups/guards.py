# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What baseline.iam.group refuses beyond bad input (pure), on the states of _groups/model.py:

- taking permissions away from a group that holds the caller or a protected principal: the run
  could remove its own permissions mid-run, or the break-glass user's (DESIGN §8.1), unless the
  group is declared with `allow_caller_group_changes: true`. Adding is always fine;
- putting members under a force-MFA deny they would be locked out by (DESIGN §8.4): which
  members a change newly exposes is decided here, who is at risk in _mfa/lockout.py.
"""

from __future__ import annotations

from .._core import arn as _arn

OVERRIDE = "allow_caller_group_changes"


def policy_removals(before, after):
    """[(field, what)] of the policies a change takes away from an existing group: detached
    managed policies, deleted inline policies, inline policies whose document is replaced."""
    if before is None:
        return []
    if after is None:
        return [("state", "detach %s" % _arn.resource_name(a)) for a in before["managed_policies"]] + [
            ("state", "delete inline policy %s" % name) for name in sorted(before["inline_policies"])
        ]
    removals = [
        ("purge_policies", "detach %s" % _arn.resource_name(a))
        for a in sorted(set(before["managed_policies"]) - set(after["managed_policies"]))
    ]
    for name, document in sorted(before["inline_policies"].items()):
        if name not in after["inline_policies"]:
            removals.append(("purge_inline_policies", "delete inline policy %s" % name))
        elif after["inline_policies"][name] != document:
            removals.append(("inline_policies.%s" % name, "replace the document of inline policy %s" % name))
    return removals


def holders(current_members, guard):
    """[(name, reason)] of the group's members that are the caller or protected principals."""
    found = []
    for user in sorted(current_members.values(), key=lambda u: u["name"].lower()):
        verdict = guard(user["name"], user["arn"])
        if verdict:
            found.append((user["name"], verdict[1]))
    return found


def removal_refusal(name, before, after, current_members, guard, allowed):
    """(field, message) refusing a change that takes permissions away from a group holding the
    caller or a protected principal, or None."""
    if allowed:
        return None
    removals = policy_removals(before, after)
    held = holders(current_members, guard) if removals else []
    if not held:
        return None
    field = removals[0][0]
    who = "; ".join("%s (%s)" % pair for pair in held)
    message = "group %s holds %s: the run would %s; set %s: true for this group to allow it" % (
        name,
        who,
        ", ".join(what for _field, what in removals),
        OVERRIDE,
    )
    return field, message


def policies_changed(before, after):
    """True when the change attaches a managed policy or puts an inline document (what can
    create a deny that was not there)."""
    old = before or {"managed_policies": [], "inline_policies": {}}
    if set(after["managed_policies"]) - set(old["managed_policies"]):
        return True
    return any(old["inline_policies"].get(n) != d for n, d in after["inline_policies"].items())


def exposed_members(before, after, forced_before, forced_after):
    """Names of the members a change newly puts under a force-MFA deny: every member when the
    deny is new to the group, the added members when it was there already."""
    if after is None or not forced_after:
        return []
    old = set((before or {}).get("members") or [])
    if not forced_before:
        return list(after["members"])
    return [m for m in after["members"] if m not in old]
