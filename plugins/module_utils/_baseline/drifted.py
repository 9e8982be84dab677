# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which family roles an apply with iam_baseline_apply_only_drifted runs on an account (pure).

The audit before the apply gives each account's failing controls ({control id: ERROR, FAIL or
WAIVED}). A family role runs when one of them is a control it remediates (the catalog's `role`),
except where its settings make it report only (it would change nothing); a family whose settings
act on state no control judges always runs. Whatever cannot be told runs every family: no audit
answer, an account that could not be read (ACCT.ACCESS ERROR), a control the catalog lacks.

The result narrows the families the user selected (iam_baseline_apply_families), never widens
them: the account role runs one selection, whichever of the two made it.
"""

from __future__ import annotations

from .._audit import catalog as _catalog
from .._audit.findings import FAILING
from . import defaults as _defaults

# The family roles of the account role, in the order it runs them.
FAMILY_ROLES = _catalog.APPLY_FAMILIES


def family_role(control_id):
    """The short name of the family role that remediates a control, or None."""
    fqcn = _catalog.remediation_role(_catalog.get(control_id))
    return fqcn.rsplit(".", 1)[-1] if fqcn else None


def _settings(mfa, access_keys, access_keys_action):
    mfa, keys = _defaults.complete("mfa", mfa), _defaults.complete("access_keys", access_keys)
    return {
        "console_user_action": mfa["console_user_action"],
        "purge_attachments": mfa["purge_attachments"],
        "key_action": access_keys_action or keys["action"],
    }


def _reports_only(control_id, role, settings):
    """True when the role, with these settings, changes nothing about this control."""
    if role == "access_keys":
        return settings["key_action"] == "report"
    if control_id == "USER.CONSOLE_NO_MFA":
        return settings["console_user_action"] == "report"
    return False


def _always(settings):
    """Families that act on state no control judges: keys waiting for deletion or in a rotation
    (access_keys delete / rotate), attachments outside iam_baseline_mfa.groups (purge_attachments)."""
    families = set()
    if settings["key_action"] in ("delete", "rotate"):
        families.add("access_keys")
    if settings["purge_attachments"]:
        families.add("mfa")
    return families


def cannot_tell(failing_controls):
    """True when the audit's answer does not allow skipping anything."""
    if not isinstance(failing_controls, dict):
        return True
    if failing_controls.get("ACCT.ACCESS") in FAILING:
        return True
    return any(c not in _catalog.BY_ID or s not in FAILING for c, s in failing_controls.items())


def _drifted(failing_controls, settings):
    """The families with something to do, or every family when that cannot be told."""
    if cannot_tell(failing_controls):
        return set(FAMILY_ROLES)
    families = _always(settings)
    for control_id in failing_controls:
        role = family_role(control_id)
        if role is not None and not _reports_only(control_id, role, settings):
            families.add(role)
    return families


def families_to_apply(failing_controls, mfa=None, access_keys=None, access_keys_action="", families=FAMILY_ROLES):
    """The family roles to run on an account, in the account role's order.

    failing_controls: the audit's per-account map, or None when the audit gave no answer for it.
    mfa, access_keys: iam_baseline_mfa / iam_baseline_access_keys (keys left out take the
    defaults); access_keys_action: iam_baseline_access_keys_action (overrides the action);
    families: iam_baseline_apply_families, the selection this narrows."""
    drifted = _drifted(failing_controls, _settings(mfa, access_keys, access_keys_action))
    return [role for role in FAMILY_ROLES if role in drifted and role in families]
