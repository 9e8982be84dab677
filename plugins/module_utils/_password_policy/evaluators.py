# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluators of the PP.* controls (pure): (snapshot, params) -> findings.

The account passes when its policy is at least as strict as iam_baseline_password_policy.
A requirement the baseline turns off (0 or false) is NOT_APPLICABLE, not PASS.
"""

from __future__ import annotations

from .._audit.findings import account_finding
from .._audit.registry import evaluates
from .model import from_api

COMPLEXITY = ("require_uppercase", "require_lowercase", "require_numbers", "require_symbols")
NO_POLICY = "no password policy (IAM defaults apply)"


def _policy(snapshot):
    return from_api(snapshot["password_policy"])


def _result(control_id, snapshot, ok, expected, actual, what):
    status = "PASS" if ok else "FAIL"
    message = "%s: %s (baseline: %s)" % (what, actual, expected)
    return [account_finding(control_id, snapshot, status, message, expected, actual)]


def _at_least(control_id, snapshot, field, want, what):
    """PASS when the account's policy sets `field` to `want` or more."""
    policy = _policy(snapshot)
    actual = policy[field] if policy else NO_POLICY
    ok = policy is not None and policy[field] >= want
    return _result(control_id, snapshot, ok, ">= %d" % want, actual, what)


def _not_required(control_id, snapshot, setting):
    message = "Not required by the baseline (iam_baseline_password_policy.%s)" % setting
    return [account_finding(control_id, snapshot, "NOT_APPLICABLE", message)]


@evaluates("PP.MISSING")
def missing(snapshot, params):
    policy = _policy(snapshot)
    actual = "present" if policy else "absent"
    return _result("PP.MISSING", snapshot, policy is not None, "present", actual, "Account password policy")


@evaluates("PP.MIN_LENGTH")
def min_length(snapshot, params):
    want = params["password_policy"]["minimum_length"]
    return _at_least("PP.MIN_LENGTH", snapshot, "minimum_length", want, "Minimum password length")


@evaluates("PP.REUSE")
def reuse(snapshot, params):
    want = params["password_policy"]["reuse_prevention"]
    if not want:
        return _not_required("PP.REUSE", snapshot, "reuse_prevention")
    return _at_least("PP.REUSE", snapshot, "reuse_prevention", want, "Password reuse prevention")


@evaluates("PP.COMPLEXITY")
def complexity(snapshot, params):
    required = [c for c in COMPLEXITY if params["password_policy"][c]]
    if not required:
        return _not_required("PP.COMPLEXITY", snapshot, "require_*")
    policy = _policy(snapshot)
    expected = ", ".join(required)
    if policy is None:
        return _result("PP.COMPLEXITY", snapshot, False, expected, NO_POLICY, "Password complexity")
    lacking = [c for c in required if not policy[c]]
    actual = "missing %s" % ", ".join(lacking) if lacking else expected
    return _result("PP.COMPLEXITY", snapshot, not lacking, expected, actual, "Password complexity")


@evaluates("PP.MAX_AGE")
def max_age(snapshot, params):
    want = params["password_policy"]["max_age_days"]
    if not want:
        return _not_required("PP.MAX_AGE", snapshot, "max_age_days")
    policy = _policy(snapshot)
    actual = NO_POLICY if policy is None else policy["max_age_days"] or "passwords never expire"
    ok = policy is not None and 0 < policy["max_age_days"] <= want
    return _result("PP.MAX_AGE", snapshot, ok, "<= %d days" % want, actual, "Password expiry")


@evaluates("PP.SELF_SERVICE")
def self_service(snapshot, params):
    if not params["password_policy"]["allow_users_to_change_password"]:
        return _not_required("PP.SELF_SERVICE", snapshot, "allow_users_to_change_password")
    policy = _policy(snapshot)
    actual = policy["allow_users_to_change_password"] if policy else NO_POLICY
    ok = policy is not None and policy["allow_users_to_change_password"]
    return _result("PP.SELF_SERVICE", snapshot, ok, True, actual, "Users may change their own password")
