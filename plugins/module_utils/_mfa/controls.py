# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The MFA controls (root MFA, console users' MFA, the force-MFA policy): their catalog entries
(the evaluators are in evaluators.py)."""

from __future__ import annotations

from .._audit.registry import cis, control

DETAILS = ("authorization_details",)

CONTROLS = (
    control(
        id="ROOT.MFA",
        family="root",
        title="The root user has MFA enabled",
        severity="critical",
        resource_type="AwsAccount",
        sources=("account_summary", "credential_report"),
        refs=cis("1.5", "1.4", "2.4", "IAM.9"),
        remediation="Sign in as the root user and enable MFA, preferably a hardware or FIDO security key.",
    ),
    control(
        id="ROOT.HARDWARE_MFA",
        family="root",
        title="The root user's MFA is not a virtual device",
        severity="high",
        resource_type="AwsAccount",
        sources=("account_summary", "virtual_mfa_devices"),
        refs=cis("1.6", "1.5", "2.5", "IAM.6"),
        remediation="Replace the root user's virtual MFA device with a hardware token or FIDO security key.",
    ),
    control(
        id="USER.CONSOLE_NO_MFA",
        family="users",
        title="Every user with a console password has MFA",
        severity="high",
        resource_type="AwsIamUser",
        sources=("credential_report",),
        refs=cis("1.10", "1.9", "2.9", "IAM.5"),
        role="mfa",
        remediation="Have the user enrol an MFA device; role baseline.iam.mfa attaches the force-MFA policy and can remove "
        "console access after the grace period (iam_baseline_mfa.console_user_action).",
    ),
    control(
        id="MFA.POLICY_DRIFT",
        family="mfa",
        title="The force-MFA policy exists with the baseline document as default version",
        severity="high",
        resource_type="AwsIamPolicy",
        sources=DETAILS,
        params=("mfa.name", "mfa.path", "mfa.allow_change_password_without_mfa", "mfa.extra_not_actions"),
        role="mfa",
        remediation="Apply the baseline with role baseline.iam.mfa (variable iam_baseline_mfa).",
    ),
    control(
        id="MFA.POLICY_ATTACHED",
        family="mfa",
        title="Every group in iam_baseline_mfa.groups forces MFA (the baseline's policy or one with the same effect)",
        severity="high",
        resource_type="AwsIamGroup",
        sources=DETAILS,
        params=("mfa.name", "mfa.path", "mfa.groups", "mfa.extra_not_actions"),
        role="mfa",
        remediation="Apply the baseline with role baseline.iam.mfa (variable iam_baseline_mfa.groups).",
    ),
)
