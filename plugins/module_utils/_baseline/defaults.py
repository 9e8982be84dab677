# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CIS-aligned defaults of the family variables (iam_baseline_<family>).

The roles' defaults/main.yml carry the same values (a unit test keeps them equal); the audit fills
keys a user left out from here, and so do the roles, so apply and verify read one value.
"""

from __future__ import annotations

import copy

DEFAULTS = {
    "password_policy": {
        "minimum_length": 14,
        "require_symbols": True,
        "require_numbers": True,
        "require_uppercase": True,
        "require_lowercase": True,
        "allow_users_to_change_password": True,
        "max_age_days": 90,
        "reuse_prevention": 24,
        "hard_expiry": False,
        "allow_hard_expiry": False,
    },
    "groups": [],
    "mfa": {
        "name": "BaselineRequireMFA",
        "path": "/",
        "groups": [],
        "allow_change_password_without_mfa": False,
        "extra_not_actions": [],
        "allow_key_only_members": False,
        "purge_attachments": False,
        "console_user_action": "report",
        "console_grace_days": 7,
    },
    "trust": {
        "organization_id": None,
        "allowed_accounts": [],
        "third_party_accounts": [],
        "max_session_duration": 3600,
        "human_role_patterns": [],
        "roles": [],
    },
    "identity_providers": [],
    "access_keys": {
        "max_age_days": 90,
        "unused_days": 45,
        "max_active_keys": 1,
        "grace_days": 14,
        "action": "report",
        "users": [],
        "exclude": [],
        "secret_name_template": "iam-baseline/{account_id}/{user}/access-key",
        "secret_kms_key_id": None,
    },
    "identity_center": {
        "permission_sets": [],
        "assignments": [],
        "purge_assignments": False,
        "max_session_duration": "PT8H",
        "admin_max_session_duration": "PT1H",
        "admin_accounts": None,
        "instance_arn": None,
        "provisioning_timeout": 300,
    },
    "guardrails": {
        "enabled": ["deny_leave_organization", "deny_root_user", "protect_cloudtrail", "protect_access_analyzer", "protect_member_role"],
        "targets": ["root"],
        "custom": [],
        "enable_policy_type": False,
        "purge_targets": False,
        "policy_name": "baseline-iam-guardrails",
        "member_role_name": "OrganizationAccountAccessRole",
        "break_glass_path": "/break-glass/",
        "exempt_principals": [],
    },
    "audit": {
        "regions": ["us-east-1"],
        "root_recent_use_days": 90,
        "require_cloudtrail": True,
        "require_access_analyzer": True,
        "federation_break_glass_users": [],
        "root_credentials_managed_centrally": False,
    },
}


def family_defaults(family):
    """A fresh copy of one family's defaults."""
    return copy.deepcopy(DEFAULTS[family])


def complete(family, values):
    """The family's values with every key the user left out taken from the defaults.

    Dict families merge key by key (one level); list families are taken as given.
    """
    defaults = family_defaults(family)
    if values is None:
        return defaults
    if isinstance(defaults, dict):
        merged = defaults
        merged.update({k: v for k, v in values.items() if v is not None})
        return merged
    return copy.deepcopy(values)


def param_value(params, path):
    """The value of a catalog parameter path ('access_keys.max_age_days') in completed params."""
    value = params
    for part in path.split("."):
        value = value[part]
    return value
