# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every baseline variable checked at once, before an apply changes anything (pure).

Each family role checks its own input before its own calls, but the roles run one after the
other: without this, a bad group spec would be found only after the password policy had already
been changed. The checks are the families' own validators, so the messages are theirs, prefixed
with the variable: `iam_baseline_groups[0] (admins).inline_policies: ...`.
"""

from __future__ import annotations

from .._access_keys import model as _access_keys
from .._audit import engine as _engine
from .._audit import exemptions as _exemptions
from .._core import arn as _arn
from .._core import caller as _caller
from .._core.errors import InputError
from .._groups import model as _group
from .._guardrails import library as _guardrails
from .._identity_center import declared as _identity_center
from .._mfa import model as _mfa_policy
from .._password_policy import model as _password_policy
from .._trust import identity_provider as _identity_provider
from .._trust import model as _role_trust
from . import defaults as _defaults


def _problem(variable, validate, *args):
    """[] when validate(*args) passes, else its InputError with the field under `variable`."""
    try:
        validate(*args)
    except InputError as e:
        return [e.under(variable)]
    return []


def _password_policy_problems(values):
    return _problem("iam_baseline_password_policy", _password_policy.validate, _defaults.complete("password_policy", values))


def _group_problems(specs):
    found = []
    for index, spec in enumerate(specs or []):
        spec = _group.complete_spec(spec)
        found += _problem("iam_baseline_groups[%d] (%s)" % (index, spec.get("name")), _group.validate, spec)
    return found


def _mfa_problems(values):
    return _problem("iam_baseline_mfa", _mfa_policy.validate, _defaults.complete("mfa", values))


def _trust_problems(values, account_id, protection):
    trust = _defaults.complete("trust", values)
    context = {
        "organization_id": trust.get("organization_id"),
        "allowed_accounts": [*trust["allowed_accounts"], *([account_id] if account_id else [])],
    }
    found = []
    for index, spec in enumerate(trust["roles"] or []):
        where = "iam_baseline_trust.roles[%d] (%s)" % (index, spec.get("name"))
        reason = protection.role_reason(spec.get("name"))
        if reason:
            found.append("%s: refused, %s" % (where, reason))
        else:
            found += _problem(where, _role_trust.validate, spec, "aws", context)
    return found


def _provider_problems(specs):
    found = []
    for index, spec in enumerate(specs or []):
        found += _problem("iam_baseline_identity_providers[%d]" % index, _identity_provider.validate, spec)
    return found


def _access_key_problems(values):
    return _problem("iam_baseline_access_keys", _access_keys.validate, _defaults.complete("access_keys", values))


def _organization_problems(identity_center, guardrails, organization_accounts):
    """The organization-level families, checked on every host (their roles run on the organization
    host only, maybe after other hosts changed): OU paths are resolved where the organization's
    accounts are known (organization_accounts), else only checked for shape."""
    _tasks, problems = _identity_center.tasks(_defaults.complete("identity_center", identity_center), organization_accounts)
    _policies, found = _guardrails.declared_policies(_defaults.complete("guardrails", guardrails))
    return problems + found


def _settings_problems(controls, exemptions):
    found = []
    for validate, value in ((_engine.validate_controls, controls), (_exemptions.validate, exemptions)):
        try:
            validate(value)
        except InputError as e:  # the field (controls.X, exemptions[0]...) completes the variable's name
            found.append("iam_baseline_%s" % e)
    return found


def problems(variables, account_id=None, role_arn=None, organization_accounts=None):
    """Every problem of the baseline variables (dict: family -> value as the user set it, plus
    `controls`, `exemptions`, `protected_principals`), as messages naming the variable and field.
    `role_arn`: the role the run comes in through (a declared role must not be it);
    `organization_accounts`: the organization's accounts, when known (the organization host)."""
    caller = {"kind": "role", "name": _arn.resource_name(role_arn)} if role_arn else {}
    protection = _caller.Protection(caller, variables.get("protected_principals") or [])
    return [
        *_password_policy_problems(variables.get("password_policy")),
        *_group_problems(variables.get("groups")),
        *_mfa_problems(variables.get("mfa")),
        *_trust_problems(variables.get("trust"), account_id, protection),
        *_provider_problems(variables.get("identity_providers")),
        *_access_key_problems(variables.get("access_keys")),
        *_organization_problems(variables.get("identity_center"), variables.get("guardrails"), organization_accounts),
        *_settings_problems(variables.get("controls"), variables.get("exemptions")),
    ]
