# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The force-MFA lockout guard of baseline.iam.group (DESIGN §8.4): a change that puts members
under a deny forcing MFA (the baseline's policy or any policy with that effect, judged by
_policy/evaluate.forces_mfa) is refused when one of them would lose access (_mfa/lockout.py, the
rule mfa_policy applies too). Read calls only; nothing is checked when the change adds neither
a member nor a policy.
"""

from __future__ import annotations

from .._core import arn as _arn
from .._core.errors import InputError
from .._mfa import aws as _iam_mfa
from .._mfa import lockout as _lockout
from .._policy.evaluate import forces_mfa
from . import aws as _iam_group
from . import guards as _guards


class _Policies:
    """The documents of a group state's policies, managed ones read once per run."""

    def __init__(self, client):
        self.client, self.read = client, {}

    def of(self, state):
        """[(label, document)]: managed policies by name, inline ones as 'name (inline)'."""
        labelled = []
        for arn in (state or {}).get("managed_policies", []):
            if arn not in self.read:
                self.read[arn] = _iam_group.policy_document(self.client, arn)
            if self.read[arn] is not None:
                labelled.append((_arn.resource_name(arn), self.read[arn]))
        labelled += [("%s (inline)" % name, doc) for name, doc in sorted((state or {}).get("inline_policies", {}).items())]
        return labelled


def _verdict(policies, state, exempt):
    return forces_mfa(policies.of(state), exempt) if state else {"forced": False, "by": []}


def _field(before, after, by):
    """The option that brings the deny: an attached managed policy, else an inline policy."""
    new_managed = {_arn.resource_name(a) for a in set(after["managed_policies"]) - set((before or {}).get("managed_policies", []))}
    return "managed_policies" if new_managed & set(by) else "inline_policies"


def check(client, params, before, after, users, protection, now):
    """Raises InputError naming the first member a change would lock out.

    `users`: {lower-cased name: {"name", "arn"}} of the current and declared members; params:
    the module's (allow_key_only_members, key_use_window_days, mfa_extra_not_actions)."""
    if after is None:
        return
    added = [m for m in after["members"] if m not in set((before or {}).get("members", []))]
    changed = _guards.policies_changed(before, after)
    if not added and not changed:
        return
    policies, exempt = _Policies(client), params["mfa_extra_not_actions"]
    now_forced = _verdict(policies, after, exempt)
    if not now_forced["forced"]:
        return
    forced_before = _verdict(policies, before, exempt)["forced"] if changed else True
    exposed = _guards.exposed_members(before, after, forced_before, True)
    allow = params["allow_key_only_members"]
    members = [_iam_mfa.member(client, users[n.lower()]["name"], users[n.lower()]["arn"], with_credentials=not allow) for n in exposed]
    refused = _lockout.refused_members(members, protection, now, params["key_use_window_days"], allow)
    if not refused:
        return
    member, risk = refused[0]
    through = ", ".join(now_forced["by"])
    if forced_before:
        lead = "cannot add %s to group %s, whose policies force MFA (%s)" % (member["name"], params["name"], through)
        raise InputError("members", _lockout.refusal(lead, member["name"], risk))
    lead = "cannot give group %s a policy that forces MFA (%s)" % (params["name"], through)
    raise InputError(_field(before, after, now_forced["by"]), _lockout.refusal(lead, member["name"], risk))
