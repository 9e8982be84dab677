# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the catalog's evaluators over a snapshot (pure).

Per control: skip it when disabled, ERROR when a source it needs was not read, else call its
evaluator; then apply the severity chosen in iam_baseline_controls.
"""

from __future__ import annotations

from . import _catalog, _defaults, _findings, _snapshot
from ._eval_groups import EVALUATORS as _GROUPS
from ._eval_mfa import EVALUATORS as _MFA
from ._eval_password_policy import EVALUATORS as _PASSWORD_POLICY

EVALUATORS = {}
EVALUATORS.update(_PASSWORD_POLICY)
EVALUATORS.update(_GROUPS)
EVALUATORS.update(_MFA)

FAMILY_PARAMS = ("password_policy", "groups", "mfa", "trust", "identity_providers", "access_keys", "audit")


class ControlsError(ValueError):
    """iam_baseline_controls names an unknown control or an unknown severity."""


def complete_params(params):
    """Every family's values with defaults filled in (the evaluators' `params`)."""
    params = params or {}
    return {family: _defaults.complete(family, params.get(family)) for family in FAMILY_PARAMS}


def validate_controls(controls):
    """Checks iam_baseline_controls: known ids, boolean `enabled`, known severities."""
    for control_id, settings in (controls or {}).items():
        field = "controls.%s" % control_id
        if control_id not in _catalog.BY_ID:
            raise ControlsError("%s: unknown control id; known ids are listed in docs/controls.md" % field)
        if not isinstance(settings, dict):
            raise ControlsError("%s: must be a dict with 'enabled' and/or 'severity'" % field)
        unknown = set(settings) - {"enabled", "severity"}
        if unknown:
            raise ControlsError("%s: unknown key(s) %s; thresholds belong in the family variables" % (field, ", ".join(sorted(unknown))))
        if "enabled" in settings and not isinstance(settings["enabled"], bool):
            raise ControlsError("%s.enabled: must be true or false" % field)
        if "severity" in settings and settings["severity"] not in _catalog.SEVERITIES:
            raise ControlsError("%s.severity: must be one of %s" % (field, ", ".join(_catalog.SEVERITIES)))


def is_enabled(control_id, controls=None):
    settings = (controls or {}).get(control_id) or {}
    return settings.get("enabled", _catalog.get(control_id)["enabled"])


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


def evaluate_control(control_id, snapshot, params):
    """The findings of one control (ERROR when its sources are missing)."""
    control = _catalog.get(control_id)
    missing = _snapshot.missing_sources(snapshot, control["sources"])
    if missing:
        return [_error_finding(control_id, snapshot, missing)]
    return EVALUATORS[control_id](snapshot, params)


def evaluate(snapshot, params=None, controls=None, only=None):
    """Findings of every enabled control that has an evaluator (or of the ids in `only`)."""
    validate_controls(controls)
    params = complete_params(params)
    findings = []
    for control in _catalog.CONTROLS:
        control_id = control["id"]
        if control_id not in EVALUATORS or (only and control_id not in only) or not is_enabled(control_id, controls):
            continue
        severity = ((controls or {}).get(control_id) or {}).get("severity")
        for finding in evaluate_control(control_id, snapshot, params):
            if severity:
                finding["severity"] = severity
            findings.append(finding)
    return findings
