# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The TRUST.* and FED.PROVIDERS controls: their catalog entries (the evaluators are in
evaluators.py)."""

from __future__ import annotations

from .._audit.registry import control

DETAILS = ("authorization_details",)
# The authorization details lack MaxSessionDuration; ListRoles has it.
DETAILS_AND_ROLES = DETAILS + ("roles",)

CONTROLS = (
    control(
        id="TRUST.WILDCARD",
        family="trust",
        title="No role trusts * without a restricting condition",
        severity="critical",
        resource_type="AwsIamRole",
        sources=DETAILS,
        role="trust",
        remediation="Restrict the trust policy with aws:PrincipalOrgID, aws:SourceAccount or aws:PrincipalArn (role baseline.iam.role_trust).",
    ),
    control(
        id="TRUST.FOREIGN_ACCOUNT",
        family="trust",
        title="Cross-account trust is limited to the organization, the allow-list, or requires an ExternalId",
        severity="high",
        resource_type="AwsIamRole",
        sources=DETAILS,
        params=("trust.organization_id", "trust.allowed_accounts", "trust.third_party_accounts"),
        role="trust",
        remediation="Add the account to iam_baseline_trust.allowed_accounts or require sts:ExternalId (role baseline.iam.role_trust).",
    ),
    control(
        id="TRUST.NO_MFA",
        family="trust",
        title="Cross-account trust for human roles requires MFA",
        severity="medium",
        resource_type="AwsIamRole",
        sources=DETAILS,
        params=("trust.human_role_patterns",),
        role="trust",
        remediation="Set require_mfa on the trusted account (role baseline.iam.role_trust).",
    ),
    control(
        id="TRUST.OIDC_NO_SUB",
        family="trust",
        title="OIDC trust checks aud and sub (GitHub: an org and a repo)",
        severity="critical",
        resource_type="AwsIamRole",
        sources=DETAILS,
        role="trust",
        remediation="Pin the OIDC trust to an audience and a subject naming the repository (role baseline.iam.role_trust).",
    ),
    control(
        id="TRUST.SAML_NO_AUD",
        family="trust",
        title="SAML trust checks SAML:aud",
        severity="medium",
        resource_type="AwsIamRole",
        sources=DETAILS,
        role="trust",
        remediation="Add a SAML:aud condition to the trust policy (role baseline.iam.role_trust).",
    ),
    control(
        id="TRUST.ROLES_ANYWHERE",
        family="trust",
        title="IAM Roles Anywhere trust pins the trust anchor and the certificate",
        severity="high",
        resource_type="AwsIamRole",
        sources=DETAILS,
        role="trust",
        remediation="Add aws:SourceArn (the trust anchor) and an aws:PrincipalTag/x509Subject/... or x509Issuer/... condition "
        "(role baseline.iam.role_trust, roles_anywhere).",
    ),
    control(
        id="TRUST.LONG_SESSION",
        family="trust",
        title="Role MaxSessionDuration is at most N seconds (a declared role's longer value counts only with a reason)",
        severity="low",
        resource_type="AwsIamRole",
        sources=DETAILS_AND_ROLES,
        params=("trust.max_session_duration", "trust.roles"),
        role="trust",
        remediation="Lower max_session_duration (role baseline.iam.role_trust, iam_baseline_trust.max_session_duration), or declare the "
        "role's longer max_session_duration with max_session_duration_reason in iam_baseline_trust.roles.",
    ),
    control(
        id="TRUST.DECLARED",
        family="trust",
        title="Declared roles have exactly the declared trust",
        severity="medium",
        resource_type="AwsIamRole",
        sources=DETAILS_AND_ROLES,
        params=("trust.roles",),
        role="trust",
        remediation="Apply the baseline with role baseline.iam.role_trust (variable iam_baseline_trust.roles).",
    ),
    control(
        id="FED.PROVIDERS",
        family="federation",
        title="Declared SAML/OIDC providers exist with the declared configuration",
        severity="medium",
        resource_type="AwsIamIdentityProvider",
        sources=("saml_providers", "oidc_providers"),
        params=("identity_providers",),
        role="identity_providers",
        remediation="Apply the baseline with role baseline.iam.role_trust (variable iam_baseline_identity_providers).",
    ),
)
