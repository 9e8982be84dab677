# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account password policy as plain data: translation to and from the IAM API, input
validation and the desired policy (pure; the module makes the calls)."""

from __future__ import annotations

from .._core.errors import InputError

# option name -> (IAM API field, lowest, highest, the value meaning "off" that the API expresses
# by leaving the field out). Booleans have no range.
INT_FIELDS = {
    "minimum_length": ("MinimumPasswordLength", 6, 128, None),
    "max_age_days": ("MaxPasswordAge", 1, 1095, 0),
    "reuse_prevention": ("PasswordReusePrevention", 1, 24, 0),
}
BOOL_FIELDS = {
    "require_symbols": "RequireSymbols",
    "require_numbers": "RequireNumbers",
    "require_uppercase": "RequireUppercaseCharacters",
    "require_lowercase": "RequireLowercaseCharacters",
    "allow_users_to_change_password": "AllowUsersToChangePassword",
    "hard_expiry": "HardExpiry",
}
OPTIONS = tuple(INT_FIELDS) + tuple(BOOL_FIELDS)

# What IAM applies to any field an UpdateAccountPasswordPolicy call leaves out.
AWS_DEFAULTS = {
    "minimum_length": 8,
    "max_age_days": 0,
    "reuse_prevention": 0,
    "require_symbols": False,
    "require_numbers": False,
    "require_uppercase": False,
    "require_lowercase": False,
    "allow_users_to_change_password": False,
    "hard_expiry": False,
}


def validate(params):
    """Raises InputError for the first problem with the requested values."""
    for option, (_api, low, high, off) in INT_FIELDS.items():
        value = params.get(option)
        if value is None or value == off:
            continue
        if not low <= value <= high:
            allowed = "between %d and %d" % (low, high)
            if off is not None:
                allowed += " (or %d to turn it off)" % off
            raise InputError(option, "must be %s, got %s" % (allowed, value))
    if params.get("hard_expiry") and not params.get("allow_hard_expiry"):
        raise InputError(
            "hard_expiry",
            "true stops users with an expired password from signing in until an administrator resets it; "
            "set allow_hard_expiry: true to confirm",
        )


def from_api(api_policy):
    """The option-named policy from GetAccountPasswordPolicy's PasswordPolicy (None stays None)."""
    if api_policy is None:
        return None
    policy = {}
    for option, (api, _low, _high, off) in INT_FIELDS.items():
        policy[option] = int(api_policy.get(api) or (off if off is not None else AWS_DEFAULTS[option]))
    for option, api in BOOL_FIELDS.items():
        policy[option] = bool(api_policy.get(api, False))
    return policy


def to_api(policy):
    """UpdateAccountPasswordPolicy arguments for a complete option-named policy."""
    arguments = {}
    for option, (api, _low, _high, off) in INT_FIELDS.items():
        if policy[option] != off:
            arguments[api] = policy[option]
    for option, api in BOOL_FIELDS.items():
        arguments[api] = policy[option]
    return arguments


def desired(current, requested):
    """The policy after the change: the current one (or IAM's defaults when there is none) with
    the requested options on top. Options left out (None) keep their current value."""
    policy = dict(current if current is not None else AWS_DEFAULTS)
    policy.update({option: requested[option] for option in OPTIONS if requested.get(option) is not None})
    return policy
