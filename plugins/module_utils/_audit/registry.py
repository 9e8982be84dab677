# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a control family declares its controls and registers their evaluators (pure).

- `control(id=..., family=..., ...)`, keyword arguments only: one catalog entry, declared in the
  family package's controls.py (catalog.py assembles them);
- `@evaluates("PP.MIN_LENGTH")` on a function of the family's evaluators.py: that function is the
  control's evaluator, `(snapshot, params) -> findings`; `not_applicable=rule` adds
  `rule(params) -> reason or None`, for a control the baseline may not ask for at all;
- `evaluators_of(modules)`: the marked functions of the evaluator modules (engine.py).

No imports, so the family packages use it without importing the catalog (findings.py reads the
catalog and every evaluator module imports findings.py).
"""

from __future__ import annotations


def cis(v3, v5, v6, fsbp=None):
    """References of a control: its numbers in CIS AWS Foundations Benchmark v3.0.0 / v5.0.0 /
    v6.0.0 (None where a version has none) and its Security Hub FSBP control."""
    return {"cis_v3": v3, "cis_v5": v5, "cis_v6": v6, "fsbp": fsbp}


def control(
    *, id, family, title, severity, resource_type, sources, remediation, params=(), refs=None, role=None, enabled=True, scope="account",
    enabled_when=None,
):  # fmt: skip
    """One catalog entry.

    family: the section of docs/controls.md (catalog.FAMILIES); resource_type: the ASFF type of
    its findings' resources; sources: the snapshot parts it needs (unread: ERROR); params: the
    family variables it reads (`access_keys.max_age_days`); refs: cis(...) or {"fsbp": ...};
    role: the family variable whose role remediates it (catalog.ROLES), or None (manual);
    scope: "account" (every account's snapshot) or "organization" (once per organization, in the
    organization snapshot); enabled_when: a parameter path that, when set (non-empty), turns a
    control that is off by default on (iam_baseline_controls still decides when it names it).
    """
    refs = refs or {}
    return {
        "id": id,
        "family": family,
        "title": title,
        "severity": severity,
        "references": {
            "cis_v3": refs.get("cis_v3"),
            "cis_v5": refs.get("cis_v5"),
            "cis_v6": refs.get("cis_v6"),
            "fsbp": refs.get("fsbp"),
        },
        "params": tuple(params),
        "sources": tuple(sources),
        "resource_type": resource_type,
        "remediation": remediation,
        "role": role,
        "enabled": enabled,
        "scope": scope,
        "enabled_when": enabled_when,
    }


def evaluates(control_id, not_applicable=None):
    """Marks a function as the evaluator of `control_id`."""

    def mark(function):
        function.control_id = control_id
        function.not_applicable = not_applicable
        return function

    return mark


def evaluators_of(modules):
    """({control id: evaluator}, {control id: not-applicable rule}) of the functions the modules
    define with @evaluates; ValueError when two functions evaluate the same control."""
    evaluators, not_applicable = {}, {}
    for module in modules:
        for function in vars(module).values():
            control_id = getattr(function, "control_id", None)
            if control_id is None or getattr(function, "__module__", None) != module.__name__:
                continue  # not marked, or marked where it is defined (another module of the list)
            if control_id in evaluators:
                raise ValueError("%s has two evaluators: %s and %s" % (control_id, _name(evaluators[control_id]), _name(function)))
            evaluators[control_id] = function
            if function.not_applicable is not None:
                not_applicable[control_id] = function.not_applicable
    return evaluators, not_applicable


def _name(function):
    return "%s.%s" % (function.__module__, function.__name__)
