# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account-level controls (root use, CloudTrail, certificates, instance profiles, Access
Analyzer, federation, admin MFA devices, the account read itself): their catalog entries (the
evaluators are in evaluators.py). None has a role that fixes it: the remediation is manual."""

from __future__ import annotations

from .._audit.registry import cis, control

CONTROLS = (
    control(
        id="ROOT.RECENT_USE",
        family="root",
        title="The root user was not used in the last N days",
        severity="high",
        resource_type="AwsAccount",
        sources=("credential_report",),
        params=("audit.root_recent_use_days",),
        refs=cis("1.7", "1.6", "2.6"),
        remediation="Investigate the root user's recent sign-in or key use; use IAM roles for daily work.",
    ),
    control(
        id="USER.ADMIN_STRONG_MFA",
        family="users",
        title="Users with admin rights use a hardware or FIDO MFA device",
        severity="low",
        resource_type="AwsIamUser",
        sources=("authorization_details", "admin_mfa_devices"),
        remediation="Have the admin user register a FIDO security key or hardware token instead of a virtual device.",
    ),
    control(
        id="USER.FEDERATION",
        family="users",
        title="Humans sign in through federation, not IAM user passwords",
        severity="info",
        resource_type="AwsIamUser",
        sources=("credential_report",),
        params=("audit.federation_break_glass_users",),
        refs=cis("1.21", "1.20", "2.20"),
        remediation="Move the user to IAM Identity Center or your IdP; list real break-glass users in "
        "iam_baseline_audit.federation_break_glass_users.",
        enabled=False,
        # An organization that uses Identity Center should have no IAM users with console passwords
        # in its accounts (issue 16): declaring permission sets turns the control on.
        enabled_when="identity_center.permission_sets",
    ),
    control(
        id="ACCT.CLOUDTRAIL",
        family="account",
        title="A multi-region CloudTrail trail is logging management events (all, or at least writes)",
        severity="high",
        resource_type="AwsAccount",
        sources=("trails",),
        params=("audit.require_cloudtrail",),
        refs=cis("3.1", "3.1", "4.1", "CloudTrail.1"),
        remediation="Create a multi-region trail (or an organization trail), start logging, and keep management events in its event "
        "selectors (ReadWriteType All, IncludeManagementEvents true).",
    ),
    control(
        id="ACCT.EXPIRED_CERTS",
        family="account",
        title="No expired IAM server certificates",
        severity="medium",
        resource_type="AwsIamServerCertificate",
        sources=("server_certificates",),
        refs=cis("1.19", "1.18", "2.18", "IAM.26"),
        remediation="Delete expired server certificates (aws iam delete-server-certificate).",
    ),
    control(
        id="ACCT.EC2_INSTANCE_ROLE",
        family="account",
        title="Running EC2 instances have an instance profile",
        severity="low",
        resource_type="AwsEc2Instance",
        sources=("instances",),
        params=("audit.regions",),
        refs=cis("1.18", "1.17", "2.17"),
        remediation="Attach an instance profile to the instance and remove long-lived keys from it.",
    ),
    control(
        id="ACCT.ACCESS_ANALYZER",
        family="account",
        title="IAM Access Analyzer is enabled in the audited regions",
        severity="low",
        resource_type="AwsAccount",
        sources=("analyzers",),
        params=("audit.require_access_analyzer", "audit.regions"),
        refs=cis("1.20", "1.19", "2.19", "IAM.28"),
        remediation="Create an account or organization analyzer in each audited region.",
    ),
    control(
        id="ACCT.ACCESS",
        family="account",
        title="The account could be read",
        severity="high",
        resource_type="AwsAccount",
        sources=(),
        remediation="Check that the member role exists, trusts the automation, and allows the read-only audit permissions "
        "(docs/permissions.md).",
    ),
)
