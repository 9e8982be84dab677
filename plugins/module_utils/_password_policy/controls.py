# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The PP.* controls: their catalog entries (the evaluators are in evaluators.py)."""

from __future__ import annotations

from .._audit.registry import cis, control

POLICY = ("password_policy",)
FIX = "Apply the baseline with role baseline.iam.password_policy (variable iam_baseline_password_policy)."

CONTROLS = (
    control(
        id="PP.MISSING",
        family="password_policy",
        title="An account password policy exists",
        severity="medium",
        resource_type="AwsAccount",
        sources=POLICY,
        role="password_policy",
        remediation=FIX,
    ),
    control(
        id="PP.MIN_LENGTH",
        family="password_policy",
        title="Minimum password length is at least N",
        severity="medium",
        resource_type="AwsAccount",
        sources=POLICY,
        params=("password_policy.minimum_length",),
        refs=cis("1.8", "1.7", "2.7", "IAM.15"),
        role="password_policy",
        remediation=FIX,
    ),
    control(
        id="PP.REUSE",
        family="password_policy",
        title="Password reuse prevention remembers at least N passwords",
        severity="medium",
        resource_type="AwsAccount",
        sources=POLICY,
        params=("password_policy.reuse_prevention",),
        refs=cis("1.9", "1.8", "2.8", "IAM.16"),
        role="password_policy",
        remediation=FIX,
    ),
    control(
        id="PP.COMPLEXITY",
        family="password_policy",
        title="Passwords require uppercase, lowercase, numbers and symbols",
        severity="medium",
        resource_type="AwsAccount",
        sources=POLICY,
        params=(
            "password_policy.require_uppercase",
            "password_policy.require_lowercase",
            "password_policy.require_numbers",
            "password_policy.require_symbols",
        ),
        refs={"fsbp": "IAM.7"},
        role="password_policy",
        remediation=FIX,
    ),
    control(
        id="PP.MAX_AGE",
        family="password_policy",
        title="Passwords expire within N days",
        severity="low",
        resource_type="AwsAccount",
        sources=POLICY,
        params=("password_policy.max_age_days",),
        refs={"fsbp": "IAM.7"},
        role="password_policy",
        remediation=FIX,
    ),
    control(
        id="PP.SELF_SERVICE",
        family="password_policy",
        title="Users may change their own password",
        severity="low",
        resource_type="AwsAccount",
        sources=POLICY,
        params=("password_policy.allow_users_to_change_password",),
        role="password_policy",
        remediation=FIX,
    ),
)
