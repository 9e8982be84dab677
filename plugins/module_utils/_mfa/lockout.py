# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who a force-MFA deny would lock out (pure): the one rule baseline.iam.mfa_policy and
baseline.iam.group apply before a deny of that effect reaches a group's members (DESIGN §8.4).

AWS' pattern denies with `BoolIfExists aws:MultiFactorAuthPresent false`, and a request signed
with a long-term access key carries no MFA key at all: every such call is denied until the user
calls sts:GetSessionToken with MFA. So a member is at risk when it is

- the caller of the run, or a protected principal (never overridable: the run would cut off
  itself or the break-glass user);
- an access-key-only user (active keys, no console password), as documented since the first
  release;
- a user with an active access key used within `key_use_window_days` (default 30), with or
  without a console password: something signs calls with that key today.

The last two are allowed with `allow_key_only_members: true` (they will need MFA sessions).

A member is a dict {"name", "arn", "console" (has a console password), "keys" [{"access_key_id",
"last_used" (ISO or None)}] of its *active* keys}.
"""

from __future__ import annotations

import datetime

from .._core import dates as _time

DEFAULT_KEY_USE_WINDOW_DAYS = 30
PROTECTED, KEY_USER = "protected", "key_user"
OVERRIDE = "allow_key_only_members"


def _recent_key(member, now, window_days):
    """(key id, last used) of the member's most recently used active key if used within the
    window, else None."""
    window = datetime.timedelta(days=window_days)
    used = [(k["last_used"], k["access_key_id"]) for k in member["keys"] if k.get("last_used")]
    if not used:
        return None
    last, key_id = max(used, key=lambda pair: _time.parse(pair[0]))
    return (key_id, last) if _time.parse(now) - _time.parse(last) <= window else None


def member_risk(member, protected_reason, now, window_days=DEFAULT_KEY_USE_WINDOW_DAYS):
    """(PROTECTED | KEY_USER, why) when a force-MFA deny would cut the member off, else None.

    `protected_reason`: _caller.Protection.user_reason for the member (the caller included)."""
    if protected_reason:
        return PROTECTED, "is protected (%s)" % protected_reason
    if member["keys"] and not member["console"]:
        return KEY_USER, (
            "has active access keys and no console password, so the deny would stop its API calls "
            "until it uses sts:GetSessionToken with MFA"
        )
    recent = _recent_key(member, now, window_days)
    if recent:
        return KEY_USER, (
            "signs API calls with access key %s (last used %s, within key_use_window_days %d); the deny stops every call "
            "signed with a long-term key until it uses sts:GetSessionToken with MFA" % (recent[0], _time.iso(recent[1]), window_days)
        )
    return None


def is_refused(risk, allow_key_users):
    """A risk refuses the change unless it is a key user's and key users are allowed."""
    return risk is not None and not (risk[0] == KEY_USER and allow_key_users)


def refusal(lead, name, risk):
    """The sentence that refuses a change because of one member; `lead` says what is refused
    ("cannot attach the force-MFA policy to group admins")."""
    text = "%s: member %s %s" % (lead, name, risk[1])
    if risk[0] == KEY_USER:
        text += "; set %s: true to allow it anyway" % OVERRIDE
    return text


def refused_members(members, protection, now, window_days, allow_key_users):
    """[(member, risk)] of the members the rule refuses, in the order given."""
    found = []
    for member in members:
        risk = member_risk(member, protection.user_reason(member["name"], member.get("arn")), now, window_days)
        if is_refused(risk, allow_key_users):
            found.append((member, risk))
    return found


def window_problem(value):
    """Why key_use_window_days is not usable, or None."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 3650:
        return "must be a whole number of days from 1 to 3650, got %r" % (value,)
    return None
