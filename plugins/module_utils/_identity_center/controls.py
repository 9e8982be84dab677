# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The IAM Identity Center controls: their catalog entries (the evaluators are in evaluators.py).
Audited once per organization, on the organization host; their findings carry the management
account's id."""

from __future__ import annotations

from .._audit.registry import control

SOURCES = ("organization", "identity_center")

CONTROLS = (
    control(
        id="IDC.SESSION_DURATION",
        family="identity_center",
        scope="organization",
        title="Permission set sessions are at most N hours (fewer for permission sets that grant admin)",
        severity="medium",
        resource_type="AwsSsoPermissionSet",
        sources=SOURCES,
        params=("identity_center.max_session_duration", "identity_center.admin_max_session_duration"),
        role="identity_center",
        remediation="Shorten the permission set's session_duration (role baseline.iam.identity_center).",
    ),
    control(
        id="IDC.ADMIN_TO_USER",
        family="identity_center",
        scope="organization",
        title="Permission sets that grant admin are assigned to groups, not to users",
        severity="high",
        resource_type="AwsSsoPermissionSet",
        sources=SOURCES,
        role="identity_center",
        remediation="Assign the permission set to a group and remove the user assignment (role baseline.iam.identity_center).",
    ),
    control(
        id="IDC.ADMIN_SCOPE",
        family="identity_center",
        scope="organization",
        title="Permission sets that grant admin are assigned only in the admin accounts",
        severity="high",
        resource_type="AwsSsoPermissionSet",
        sources=SOURCES,
        params=("identity_center.admin_accounts",),
        role="identity_center",
        remediation="Remove the assignment, or add the account to iam_baseline_identity_center.admin_accounts if it is meant.",
    ),
    control(
        id="IDC.DECLARED",
        family="identity_center",
        scope="organization",
        title="Declared permission sets exist with exactly the declared policies, session and assignments",
        severity="medium",
        resource_type="AwsSsoPermissionSet",
        sources=SOURCES,
        params=("identity_center.permission_sets", "identity_center.assignments"),
        role="identity_center",
        remediation="Apply the baseline on the organization host (role baseline.iam.identity_center, iam_baseline_identity_center).",
    ),
)
