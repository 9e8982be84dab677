# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The permissions-through-groups controls (users, policies, groups): their catalog entries (the
evaluators are in evaluators.py). All read the authorization details."""

from __future__ import annotations

from .._audit.registry import cis, control

DETAILS = ("authorization_details",)

CONTROLS = (
    control(
        id="USER.DIRECT_POLICY",
        family="users",
        title="No managed or inline policy is attached to a user",
        severity="low",
        resource_type="AwsIamUser",
        sources=DETAILS,
        refs=cis("1.15", "1.14", "2.14", "IAM.2"),
        remediation="Grant permissions through groups (role baseline.iam.groups) and detach the user's own policies.",
    ),
    control(
        id="USER.NO_GROUP",
        family="users",
        title="Every user belongs to at least one group",
        severity="low",
        resource_type="AwsIamUser",
        sources=DETAILS,
        role="groups",
        remediation="Add the user to a group declared in iam_baseline_groups (role baseline.iam.groups).",
    ),
    control(
        id="POL.ADMIN_STAR",
        family="policies",
        title="No attached customer managed or inline policy allows * on *",
        severity="high",
        resource_type="AwsIamPolicy",
        sources=DETAILS,
        refs=cis("1.16", "1.15", "2.15", "IAM.1"),
        remediation="Replace the full-admin statement with scoped permissions; use AdministratorAccess through a group with the force-MFA policy.",
    ),
    control(
        id="POL.SUPPORT_ROLE",
        family="policies",
        title="A role with AWSSupportAccess exists",
        severity="low",
        resource_type="AwsAccount",
        sources=DETAILS,
        refs=cis("1.17", "1.16", "2.16", "IAM.18"),
        remediation="Create a role for incident handling with the AWS managed policy AWSSupportAccess.",
    ),
    control(
        id="POL.CLOUDSHELL",
        family="policies",
        title="AWSCloudShellFullAccess is attached to nobody",
        severity="medium",
        resource_type="AwsIamPolicy",
        sources=DETAILS,
        refs=cis("1.22", "1.21", "2.21", "IAM.27"),
        remediation="Detach AWSCloudShellFullAccess; grant the narrower AWSCloudShellPowerUser if needed.",
    ),
    control(
        id="GROUP.DECLARED",
        family="groups",
        title="Declared groups exist with exactly the declared policies and members",
        severity="medium",
        resource_type="AwsIamGroup",
        sources=DETAILS,
        params=("groups",),
        role="groups",
        remediation="Apply the baseline with role baseline.iam.groups (variable iam_baseline_groups).",
    ),
    control(
        id="GROUP.ADMIN_NO_MFA_POLICY",
        family="groups",
        title="Groups granting admin force MFA (judged by what their policies do, whatever their names)",
        severity="high",
        resource_type="AwsIamGroup",
        sources=DETAILS,
        params=("mfa.extra_not_actions",),
        role="mfa",
        remediation="Add the group to iam_baseline_mfa.groups and apply role baseline.iam.mfa, or fix the group's own force-MFA policy "
        "as the finding says (BoolIfExists, every action but MFA self-service, every resource).",
    ),
)
