# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the catalog's evaluators over a snapshot (pure).

Per control: skip it when disabled, ERROR when a source it needs was not read, else call its
evaluator; then apply the severity chosen in iam_baseline_controls.
"""

from __future__ import annotations

from .._access_keys import evaluators as _eval_access_keys
from .._account import evaluators as _eval_account
from .._baseline import defaults as _defaults
from .._core.errors import InputError
from .._groups import evaluators as _eval_groups
from .._guardrails import evaluators as _eval_guardrails
from .._identity_center import evaluators as _eval_identity_center
from .._mfa import evaluators as _eval_mfa
from .._password_policy import evaluators as _eval_password_policy
from .._trust import evaluators as _eval_trust
from . import catalog as _catalog
from . import exemptions as _exemptions
from . import findings as _findings
from . import registry as _registry
from . import root_credentials as _root_credentials
from . import snapshot as _snapshot

# The family packages whose evaluators.py mark their evaluators with @evaluates. A new family:
# its import and an entry here, the same in catalog.FAMILY_CONTROLS.
FAMILY_EVALUATORS = (
    _eval_password_policy, _eval_access_keys, _eval_mfa, _eval_groups, _eval_trust, _eval_account, _eval_identity_center, _eval_guardrails,
)  # fmt: skip

# control id -> fn(snapshot, params) -> findings; control id -> fn(params) -> reason, for the
# controls the baseline may not ask for at all.
EVALUATORS, NOT_APPLICABLE = _registry.evaluators_of(FAMILY_EVALUATORS)

FAMILY_PARAMS = ("password_policy", "groups", "mfa", "trust", "identity_providers", "access_keys", "identity_center", "guardrails", "audit")


def complete_params(params):
    """Every family's values with defaults filled in (the evaluators' `params`)."""
    params = params or {}
    return {family: _defaults.complete(family, params.get(family)) for family in FAMILY_PARAMS}


def validate_controls(controls):
    """Checks iam_baseline_controls: known ids, boolean `enabled`, known severities; raises
    InputError naming the first bad entry (controls.<id>...)."""
    for control_id, settings in (controls or {}).items():
        field = "controls.%s" % control_id
        if control_id not in _catalog.BY_ID:
            raise InputError(field, "unknown control id; known ids are listed in docs/controls.md")
        if not isinstance(settings, dict):
            raise InputError(field, "must be a dict with 'enabled' and/or 'severity'")
        unknown = set(settings) - {"enabled", "severity"}
        if unknown:
            raise InputError(field, "unknown key(s) %s; thresholds belong in the family variables" % ", ".join(sorted(unknown)))
        if "enabled" in settings and not isinstance(settings["enabled"], bool):
            raise InputError(field + ".enabled", "must be true or false")
        if "severity" in settings and settings["severity"] not in _catalog.SEVERITIES:
            raise InputError(field + ".severity", "must be one of %s" % ", ".join(_catalog.SEVERITIES))


def is_enabled(control_id, controls=None, params=None):
    """iam_baseline_controls decides when it names the control; else the catalog's default, which
    `enabled_when` turns on when that parameter is set (USER.FEDERATION once Identity Center is
    declared)."""
    settings = (controls or {}).get(control_id) or {}
    if "enabled" in settings:
        return settings["enabled"]
    control = _catalog.get(control_id)
    if control["enabled"] or not control["enabled_when"]:
        return control["enabled"]
    return bool(_defaults.param_value(complete_params(params), control["enabled_when"]))


def _error_finding(control_id, snapshot, missing):
    reasons = ", ".join("%s (%s)" % (source, code) for source, code in sorted(missing.items()))
    return _findings.new_finding(
        control_id,
        snapshot,
        "ERROR",
        "Could not evaluate: unreadable %s" % reasons,
        expected="the data could be read",
        actual=reasons,
    )


def not_applicable_reason(control, params):
    """Why the baseline does not ask for this control, or None."""
    check = NOT_APPLICABLE.get(control["id"])
    return check(params) if check else None


def evaluate_control(control_id, snapshot, params):
    """The findings of one control: NOT_APPLICABLE when not asked for, ERROR when its sources
    are missing, else its evaluator's. Root credentials declared centrally managed are checked
    against the data, not taken on trust (_audit/root_credentials.py)."""
    control = _catalog.get(control_id)
    if control["family"] == "root" and params["audit"]["root_credentials_managed_centrally"]:
        return [_root_credentials.centrally_managed(control_id, snapshot)]
    reason = not_applicable_reason(control, params)
    if reason:
        return [_findings.new_finding(control_id, snapshot, "NOT_APPLICABLE", "Not applicable: %s" % reason)]
    missing = _snapshot.missing_sources(snapshot, control["sources"])
    if missing:
        return [_error_finding(control_id, snapshot, missing)]
    return EVALUATORS[control_id](snapshot, params)


def evaluate(snapshot, params=None, controls=None, only=None, exemptions=None):
    """Findings of every enabled control of the snapshot's scope (an account, or the organization)
    that has an evaluator (or of the ids in `only`), with severities from `controls` and waivers
    from `exemptions` applied."""
    validate_controls(controls)
    waivers = _exemptions.validate(exemptions)
    params = complete_params(params)
    findings = []
    scope = snapshot.get("scope") or "account"
    for control in _catalog.CONTROLS:
        control_id = control["id"]
        if control["scope"] != scope or control_id not in EVALUATORS or (only and control_id not in only):
            continue
        if not is_enabled(control_id, controls, params):
            continue
        severity = ((controls or {}).get(control_id) or {}).get("severity")
        for finding in evaluate_control(control_id, snapshot, params):
            if severity:
                finding["severity"] = severity
            findings.append(finding)
    return _exemptions.apply(findings, waivers, snapshot.get("taken_at") or "1970-01-01T00:00:00Z")


def apply_exemptions(findings, exemptions, today):
    """Waivers on findings made outside evaluate() (e.g. an account that could not be opened)."""
    return _exemptions.apply(findings, _exemptions.validate(exemptions), today)
