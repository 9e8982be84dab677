# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The access-key and console-use controls: their catalog entries (the evaluators are in
evaluators.py). All read the credential report."""

from __future__ import annotations

from .._audit.registry import cis, control

REPORT = ("credential_report",)

CONTROLS = (
    control(
        id="ROOT.ACCESS_KEY",
        family="root",
        title="The root user has no access keys, active or not",
        severity="critical",
        resource_type="AwsAccount",
        sources=REPORT + ("account_summary",),
        refs=cis("1.4", "1.3", "2.3", "IAM.4"),
        remediation="Sign in as the root user and delete its access keys (no API can do this for you).",
    ),
    control(
        id="USER.SETUP_KEY",
        family="users",
        title="No access key created at user setup and never used",
        severity="low",
        resource_type="AwsIamUser",
        sources=REPORT,
        refs=cis("1.11", "1.10", "2.10"),
        remediation="Delete keys that were never used. Role baseline.iam.access_keys (action deactivate or delete) acts on them "
        "once they are older than unused_days (USER.KEY_UNUSED).",
    ),
    control(
        id="USER.KEY_UNUSED",
        family="users",
        title="Active access keys were used within N days",
        severity="medium",
        resource_type="AwsIamAccessKey",
        sources=REPORT,
        params=("access_keys.unused_days",),
        refs=cis("1.12", "1.11", "2.11", "IAM.22"),
        role="access_keys",
        remediation="Deactivate unused keys with role baseline.iam.access_keys (action deactivate).",
    ),
    control(
        id="USER.CONSOLE_UNUSED",
        family="users",
        title="Console passwords were used within N days",
        severity="medium",
        resource_type="AwsIamUser",
        sources=REPORT,
        params=("access_keys.unused_days",),
        refs=cis("1.12", "1.11", "2.11", "IAM.22"),
        remediation="Remove the login profile of users who no longer sign in.",
    ),
    control(
        id="USER.TWO_ACTIVE_KEYS",
        family="users",
        title="At most N active access keys per user",
        severity="medium",
        resource_type="AwsIamUser",
        sources=REPORT,
        params=("access_keys.max_active_keys",),
        refs=cis("1.13", "1.12", "2.12"),
        role="access_keys",
        remediation="Deactivate the older key with role baseline.iam.access_keys.",
    ),
    control(
        id="USER.KEY_AGE",
        family="users",
        title="Active access keys are younger than N days",
        severity="medium",
        resource_type="AwsIamAccessKey",
        sources=REPORT,
        params=("access_keys.max_age_days",),
        refs=cis("1.14", "1.13", "2.13", "IAM.3"),
        role="access_keys",
        remediation="Rotate the key with role baseline.iam.access_keys (action rotate).",
    ),
)
