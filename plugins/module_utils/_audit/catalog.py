# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The control catalog: the single source of control ids, titles, severities, references,
parameters, snapshot sources and remediation (docs/controls.md is generated from it).

Each control family declares its own controls in its package's controls.py (with
registry.control) and registers their evaluators in its evaluators.py (with @evaluates); this
module holds what the families share and puts their controls in the catalog's order.

`params` name the family variables a control reads (`access_keys.max_age_days` is
`iam_baseline_access_keys.max_age_days`), so apply and verify share one value. `sources` are the
snapshot parts a control needs: when one could not be read, the control is ERROR (fail closed).
"""

from __future__ import annotations

from .._access_keys import controls as _access_keys
from .._account import controls as _account
from .._groups import controls as _groups
from .._guardrails import controls as _guardrails
from .._identity_center import controls as _identity_center
from .._mfa import controls as _mfa
from .._password_policy import controls as _password_policy
from .._trust import controls as _trust

SEVERITIES = ("critical", "high", "medium", "low", "info")
STATUSES = ("PASS", "FAIL", "ERROR", "WAIVED", "NOT_APPLICABLE")
# The sections of docs/controls.md, a control's `family`.
FAMILIES = ("password_policy", "root", "users", "policies", "groups", "mfa", "trust", "federation", "account", "identity_center",
            "organization")  # fmt: skip
SCOPES = ("account", "organization")

# Roles that remediate, by family variable (the remediation text names them), in apply's order:
# those of every account, then those of the organization host (once per organization).
ROLES = {
    "password_policy": "baseline.iam.password_policy",
    "groups": "baseline.iam.groups",
    "mfa": "baseline.iam.mfa",
    "trust": "baseline.iam.role_trust",
    "identity_providers": "baseline.iam.role_trust",
    "access_keys": "baseline.iam.access_keys",
}
# The families an apply can run on their own (iam_baseline_apply_families, the roles' tags): the
# short names of the roles that remediate, in the order the account role runs them.
APPLY_FAMILIES = tuple(dict.fromkeys(role.rsplit(".", 1)[-1] for role in ROLES.values()))
ORGANIZATION_ROLES = {
    "identity_center": "baseline.iam.identity_center",
    "guardrails": "baseline.iam.guardrails",
}

# The family packages whose controls.py declare controls. A new family: its import and an entry
# here, the same in engine.FAMILY_EVALUATORS.
FAMILY_CONTROLS = (_password_policy, _access_keys, _mfa, _groups, _trust, _account, _identity_center, _guardrails)

# The catalog's order: docs/controls.md lists the controls in it, and an account's findings come
# in it (findings.json sorts by account, then this order).
# fmt: off
ORDER = (
    "PP.MISSING", "PP.MIN_LENGTH", "PP.REUSE", "PP.COMPLEXITY", "PP.MAX_AGE", "PP.SELF_SERVICE",
    "ROOT.ACCESS_KEY", "ROOT.MFA", "ROOT.HARDWARE_MFA", "ROOT.RECENT_USE",
    "USER.CONSOLE_NO_MFA", "USER.SETUP_KEY", "USER.KEY_UNUSED", "USER.CONSOLE_UNUSED", "USER.TWO_ACTIVE_KEYS", "USER.KEY_AGE",
    "USER.DIRECT_POLICY", "USER.NO_GROUP", "USER.ADMIN_STRONG_MFA", "USER.FEDERATION",
    "POL.ADMIN_STAR", "POL.SUPPORT_ROLE", "POL.CLOUDSHELL",
    "GROUP.DECLARED", "GROUP.ADMIN_NO_MFA_POLICY",
    "MFA.POLICY_DRIFT", "MFA.POLICY_ATTACHED",
    "TRUST.WILDCARD", "TRUST.FOREIGN_ACCOUNT", "TRUST.NO_MFA", "TRUST.OIDC_NO_SUB", "TRUST.SAML_NO_AUD", "TRUST.ROLES_ANYWHERE",
    "TRUST.LONG_SESSION", "TRUST.DECLARED",
    "ACCT.CLOUDTRAIL", "ACCT.EXPIRED_CERTS", "ACCT.EC2_INSTANCE_ROLE", "ACCT.ACCESS_ANALYZER",
    "FED.PROVIDERS",
    "ACCT.ACCESS",
    "IDC.SESSION_DURATION", "IDC.ADMIN_TO_USER", "IDC.ADMIN_SCOPE", "IDC.DECLARED",
    "ORG.SCP_ENABLED", "ORG.GUARDRAIL",
)
# fmt: on


def in_order(declared, order):
    """The declared controls in `order`; ValueError when the two do not name the same controls
    once each."""
    by_id = {}
    for control in declared:
        if control["id"] in by_id:
            raise ValueError("control %s is declared twice" % control["id"])
        by_id[control["id"]] = control
    differ = sorted(set(order) ^ set(by_id))
    if differ or len(order) != len(by_id):
        raise ValueError("the catalog order and the declared controls differ: %s" % (", ".join(differ) or "an id is ordered twice"))
    return tuple(by_id[control_id] for control_id in order)


CONTROLS = in_order([c for family in FAMILY_CONTROLS for c in family.CONTROLS], ORDER)

BY_ID = {c["id"]: c for c in CONTROLS}


def get(control_id):
    """The catalog entry of a control id (KeyError for an unknown id)."""
    return BY_ID[control_id]


def tag_of(control_id):
    """The Ansible tag of a control: PP.MIN_LENGTH -> control_pp_min_length."""
    return "control_" + control_id.lower().replace(".", "_")


def remediation_role(control):
    """The FQCN of the role that remediates a control, or None."""
    return {**ROLES, **ORGANIZATION_ROLES}.get(control["role"]) if control["role"] else None
