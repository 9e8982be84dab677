# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What baseline.iam.group refuses because of the account's state (found by reads, before any
write, in check mode too): a managed policy that does not exist, a policy taken away from a group
holding the caller or a protected principal (guards.py), a member a force-MFA deny would lock out
(mfa_guard.py).
"""

from __future__ import annotations

import datetime

from .._core import dates as _time
from .._core.errors import InputError
from . import aws as _iam_group
from . import guards as _guards
from . import mfa_guard as _mfa_guard
from . import model as _group


def check_policies_exist(client, arns):
    for arn in arns:
        if _iam_group.get_policy(client, arn) is None:
            raise InputError("managed_policies", "policy %s does not exist" % arn)


def check_change(client, params, before, after, current_members, declared, protection):
    """Raises InputError for the first refusal; `current_members`, `declared`: {lower-cased
    name: {"name", "arn"}} of the group's members now and of the users the task lists."""
    if after is not None:
        check_policies_exist(client, sorted(set(after["managed_policies"]) - set((before or {}).get("managed_policies", []))))
    guard, allowed = _group.member_guard(protection), params["allow_caller_group_changes"]
    refusal = _guards.removal_refusal(params["name"], before, after, current_members, guard, allowed)
    if refusal:
        raise InputError(*refusal)
    users = {**current_members, **declared}
    _mfa_guard.check(client, params, before, after, users, protection, _time.iso(datetime.datetime.now(_time.UTC)))
