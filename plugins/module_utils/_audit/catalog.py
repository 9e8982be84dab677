# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The control catalog: the single source of control ids, titles, severities, references,
parameters, snapshot sources and remediation (docs/controls.md is generated from it).

`params` name the family variables a control reads (`access_keys.max_age_days` is
`iam_baseline_access_keys.max_age_days`), so apply and verify share one value. `sources` are the
snapshot parts a control needs: when one could not be read, the control is ERROR (fail closed).
"""

from __future__ import annotations

SEVERITIES = ("critical", "high", "medium", "low", "info")
STATUSES = ("PASS", "FAIL", "ERROR", "WAIVED", "NOT_APPLICABLE")
FAMILIES = ("password_policy", "root", "users", "policies", "groups", "mfa", "trust", "federation", "account")

# Roles that remediate, by family variable (the remediation text names them).
ROLES = {
    "password_policy": "baseline.iam.password_policy",
    "groups": "baseline.iam.groups",
    "mfa": "baseline.iam.mfa",
    "trust": "baseline.iam.role_trust",
    "identity_providers": "baseline.iam.role_trust",
    "access_keys": "baseline.iam.access_keys",
}


def _control(cid, family, title, severity, sources, resource_type, remediation, role=None, params=(), refs=None, enabled=True):
    refs = refs or {}
    return {
        "id": cid,
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
    }


def _cis(v3, v5, v6, fsbp=None):
    return {"cis_v3": v3, "cis_v5": v5, "cis_v6": v6, "fsbp": fsbp}


_PP = ("password_policy",)
_CR = ("credential_report",)
_AUTH = ("authorization_details",)
_PP_FIX = "Apply the baseline with role baseline.iam.password_policy (variable iam_baseline_password_policy)."

CONTROLS = (
    # Password policy
    _control("PP.MISSING", "password_policy", "An account password policy exists", "medium", _PP, "AwsAccount", _PP_FIX, "password_policy"),
    _control(
        "PP.MIN_LENGTH",
        "password_policy",
        "Minimum password length is at least N",
        "medium",
        _PP,
        "AwsAccount",
        _PP_FIX,
        "password_policy",
        ("password_policy.minimum_length",),
        _cis("1.8", "1.7", "2.7", "IAM.15"),
    ),
    _control(
        "PP.REUSE",
        "password_policy",
        "Password reuse prevention remembers at least N passwords",
        "medium",
        _PP,
        "AwsAccount",
        _PP_FIX,
        "password_policy",
        ("password_policy.reuse_prevention",),
        _cis("1.9", "1.8", "2.8", "IAM.16"),
    ),
    _control(
        "PP.COMPLEXITY",
        "password_policy",
        "Passwords require uppercase, lowercase, numbers and symbols",
        "medium",
        _PP,
        "AwsAccount",
        _PP_FIX,
        "password_policy",
        (
            "password_policy.require_uppercase",
            "password_policy.require_lowercase",
            "password_policy.require_numbers",
            "password_policy.require_symbols",
        ),
        {"fsbp": "IAM.7"},
    ),
    _control(
        "PP.MAX_AGE",
        "password_policy",
        "Passwords expire within N days",
        "low",
        _PP,
        "AwsAccount",
        _PP_FIX,
        "password_policy",
        ("password_policy.max_age_days",),
        {"fsbp": "IAM.7"},
    ),
    _control(
        "PP.SELF_SERVICE",
        "password_policy",
        "Users may change their own password",
        "low",
        _PP,
        "AwsAccount",
        _PP_FIX,
        "password_policy",
        ("password_policy.allow_users_to_change_password",),
    ),
    # Root account
    _control(
        "ROOT.ACCESS_KEY",
        "root",
        "The root user has no access keys, active or not",
        "critical",
        _CR + ("account_summary",),
        "AwsAccount",
        "Sign in as the root user and delete its access keys (no API can do this for you).",
        refs=_cis("1.4", "1.3", "2.3", "IAM.4"),
    ),
    _control(
        "ROOT.MFA",
        "root",
        "The root user has MFA enabled",
        "critical",
        ("account_summary",) + _CR,
        "AwsAccount",
        "Sign in as the root user and enable MFA, preferably a hardware or FIDO security key.",
        refs=_cis("1.5", "1.4", "2.4", "IAM.9"),
    ),
    _control(
        "ROOT.HARDWARE_MFA",
        "root",
        "The root user's MFA is not a virtual device",
        "high",
        ("account_summary", "virtual_mfa_devices"),
        "AwsAccount",
        "Replace the root user's virtual MFA device with a hardware token or FIDO security key.",
        refs=_cis("1.6", "1.5", "2.5", "IAM.6"),
    ),
    _control(
        "ROOT.RECENT_USE",
        "root",
        "The root user was not used in the last N days",
        "high",
        _CR,
        "AwsAccount",
        "Investigate the root user's recent sign-in or key use; use IAM roles for daily work.",
        params=("audit.root_recent_use_days",),
        refs=_cis("1.7", "1.6", "2.6"),
    ),
    # Users and credentials
    _control(
        "USER.CONSOLE_NO_MFA",
        "users",
        "Every user with a console password has MFA",
        "high",
        _CR,
        "AwsIamUser",
        "Have the user enrol an MFA device; role baseline.iam.mfa attaches the force-MFA policy and can remove "
        "console access after the grace period (iam_baseline_mfa.console_user_action).",
        "mfa",
        refs=_cis("1.10", "1.9", "2.9", "IAM.5"),
    ),
    _control(
        "USER.SETUP_KEY",
        "users",
        "No access key created at user setup and never used",
        "low",
        _CR,
        "AwsIamUser",
        "Delete keys that were never used; role baseline.iam.access_keys (action delete) does it safely.",
        "access_keys",
        refs=_cis("1.11", "1.10", "2.10"),
    ),
    _control(
        "USER.KEY_UNUSED",
        "users",
        "Active access keys were used within N days",
        "medium",
        _CR,
        "AwsIamAccessKey",
        "Deactivate unused keys with role baseline.iam.access_keys (action deactivate).",
        "access_keys",
        ("access_keys.unused_days",),
        _cis("1.12", "1.11", "2.11", "IAM.22"),
    ),
    _control(
        "USER.CONSOLE_UNUSED",
        "users",
        "Console passwords were used within N days",
        "medium",
        _CR,
        "AwsIamUser",
        "Remove the login profile of users who no longer sign in.",
        None,
        ("access_keys.unused_days",),
        _cis("1.12", "1.11", "2.11", "IAM.22"),
    ),
    _control(
        "USER.TWO_ACTIVE_KEYS",
        "users",
        "At most N active access keys per user",
        "medium",
        _CR,
        "AwsIamUser",
        "Deactivate the older key with role baseline.iam.access_keys.",
        "access_keys",
        ("access_keys.max_active_keys",),
        _cis("1.13", "1.12", "2.12"),
    ),
    _control(
        "USER.KEY_AGE",
        "users",
        "Active access keys are younger than N days",
        "medium",
        _CR,
        "AwsIamAccessKey",
        "Rotate the key with role baseline.iam.access_keys (action rotate).",
        "access_keys",
        ("access_keys.max_age_days",),
        _cis("1.14", "1.13", "2.13", "IAM.3"),
    ),
    _control(
        "USER.DIRECT_POLICY",
        "users",
        "No managed or inline policy is attached to a user",
        "low",
        _AUTH,
        "AwsIamUser",
        "Grant permissions through groups (role baseline.iam.groups) and detach the user's own policies.",
        "groups",
        refs=_cis("1.15", "1.14", "2.14", "IAM.2"),
    ),
    _control(
        "USER.NO_GROUP",
        "users",
        "Every user belongs to at least one group",
        "low",
        _AUTH,
        "AwsIamUser",
        "Add the user to a group declared in iam_baseline_groups (role baseline.iam.groups).",
        "groups",
    ),
    _control(
        "USER.ADMIN_STRONG_MFA",
        "users",
        "Users with admin rights use a hardware or FIDO MFA device",
        "low",
        _AUTH + ("admin_mfa_devices",),
        "AwsIamUser",
        "Have the admin user register a FIDO security key or hardware token instead of a virtual device.",
    ),
    _control(
        "USER.FEDERATION",
        "users",
        "Humans sign in through federation, not IAM user passwords",
        "info",
        _CR,
        "AwsIamUser",
        "Move the user to IAM Identity Center or your IdP; list real break-glass users in iam_baseline_audit.federation_break_glass_users.",
        params=("audit.federation_break_glass_users",),
        refs=_cis("1.21", "1.20", "2.20"),
        enabled=False,
    ),
    # Policies and groups
    _control(
        "POL.ADMIN_STAR",
        "policies",
        "No attached customer managed or inline policy allows * on *",
        "high",
        _AUTH,
        "AwsIamPolicy",
        "Replace the full-admin statement with scoped permissions; use AdministratorAccess through a group with the force-MFA policy.",
        "groups",
        refs=_cis("1.16", "1.15", "2.15", "IAM.1"),
    ),
    _control(
        "POL.SUPPORT_ROLE",
        "policies",
        "A role with AWSSupportAccess exists",
        "low",
        _AUTH,
        "AwsAccount",
        "Create a role for incident handling with the AWS managed policy AWSSupportAccess.",
        refs=_cis("1.17", "1.16", "2.16", "IAM.18"),
    ),
    _control(
        "POL.CLOUDSHELL",
        "policies",
        "AWSCloudShellFullAccess is attached to nobody",
        "medium",
        _AUTH,
        "AwsIamPolicy",
        "Detach AWSCloudShellFullAccess; grant the narrower AWSCloudShellPowerUser if needed.",
        "groups",
        refs=_cis("1.22", "1.21", "2.21", "IAM.27"),
    ),
    _control(
        "GROUP.DECLARED",
        "groups",
        "Declared groups exist with exactly the declared policies and members",
        "medium",
        _AUTH,
        "AwsIamGroup",
        "Apply the baseline with role baseline.iam.groups (variable iam_baseline_groups).",
        "groups",
        ("groups",),
    ),
    _control(
        "GROUP.ADMIN_NO_MFA_POLICY",
        "groups",
        "Groups granting admin force MFA (judged by what their policies do, whatever their names)",
        "high",
        _AUTH,
        "AwsIamGroup",
        "Add the group to iam_baseline_mfa.groups and apply role baseline.iam.mfa, or fix the group's own force-MFA policy "
        "as the finding says (BoolIfExists, every action but MFA self-service, every resource).",
        "mfa",
        ("mfa.extra_not_actions",),
    ),
    _control(
        "MFA.POLICY_DRIFT",
        "mfa",
        "The force-MFA policy exists with the baseline document as default version",
        "high",
        _AUTH,
        "AwsIamPolicy",
        "Apply the baseline with role baseline.iam.mfa (variable iam_baseline_mfa).",
        "mfa",
        ("mfa.name", "mfa.path", "mfa.allow_change_password_without_mfa", "mfa.extra_not_actions"),
    ),
    _control(
        "MFA.POLICY_ATTACHED",
        "mfa",
        "Every group in iam_baseline_mfa.groups forces MFA (the baseline's policy or one with the same effect)",
        "high",
        _AUTH,
        "AwsIamGroup",
        "Apply the baseline with role baseline.iam.mfa (variable iam_baseline_mfa.groups).",
        "mfa",
        ("mfa.name", "mfa.path", "mfa.groups", "mfa.extra_not_actions"),
    ),
    # Role trust
    _control(
        "TRUST.WILDCARD",
        "trust",
        "No role trusts * without a restricting condition",
        "critical",
        _AUTH,
        "AwsIamRole",
        "Restrict the trust policy with aws:PrincipalOrgID, aws:SourceAccount or aws:PrincipalArn (role baseline.iam.role_trust).",
        "trust",
    ),
    _control(
        "TRUST.FOREIGN_ACCOUNT",
        "trust",
        "Cross-account trust is limited to the organization, the allow-list, or requires an ExternalId",
        "high",
        _AUTH,
        "AwsIamRole",
        "Add the account to iam_baseline_trust.allowed_accounts or require sts:ExternalId (role baseline.iam.role_trust).",
        "trust",
        ("trust.organization_id", "trust.allowed_accounts", "trust.third_party_accounts"),
    ),
    _control(
        "TRUST.NO_MFA",
        "trust",
        "Cross-account trust for human roles requires MFA",
        "medium",
        _AUTH,
        "AwsIamRole",
        "Set require_mfa on the trusted account (role baseline.iam.role_trust).",
        "trust",
        ("trust.human_role_patterns",),
    ),
    _control(
        "TRUST.OIDC_NO_SUB",
        "trust",
        "OIDC trust checks aud and sub (GitHub: an org and a repo)",
        "critical",
        _AUTH,
        "AwsIamRole",
        "Pin the OIDC trust to an audience and a subject naming the repository (role baseline.iam.role_trust).",
        "trust",
    ),
    _control(
        "TRUST.SAML_NO_AUD",
        "trust",
        "SAML trust checks SAML:aud",
        "medium",
        _AUTH,
        "AwsIamRole",
        "Add a SAML:aud condition to the trust policy (role baseline.iam.role_trust).",
        "trust",
    ),
    _control(
        "TRUST.LONG_SESSION",
        "trust",
        "Role MaxSessionDuration is at most N seconds (a declared role's longer value counts only with a reason)",
        "low",
        _AUTH + ("roles",),
        "AwsIamRole",
        "Lower max_session_duration (role baseline.iam.role_trust, iam_baseline_trust.max_session_duration), or declare the "
        "role's longer max_session_duration with max_session_duration_reason in iam_baseline_trust.roles.",
        "trust",
        ("trust.max_session_duration", "trust.roles"),
    ),
    _control(
        "TRUST.DECLARED",
        "trust",
        "Declared roles have exactly the declared trust",
        "medium",
        _AUTH + ("roles",),
        "AwsIamRole",
        "Apply the baseline with role baseline.iam.role_trust (variable iam_baseline_trust.roles).",
        "trust",
        ("trust.roles",),
    ),
    # Account-level services
    _control(
        "ACCT.CLOUDTRAIL",
        "account",
        "A multi-region CloudTrail trail is logging management events (all, or at least writes)",
        "high",
        ("trails",),
        "AwsAccount",
        "Create a multi-region trail (or an organization trail), start logging, and keep management events in its event "
        "selectors (ReadWriteType All, IncludeManagementEvents true).",
        params=("audit.require_cloudtrail",),
        refs=_cis("3.1", "3.1", "4.1", "CloudTrail.1"),
    ),
    _control(
        "ACCT.EXPIRED_CERTS",
        "account",
        "No expired IAM server certificates",
        "medium",
        ("server_certificates",),
        "AwsIamServerCertificate",
        "Delete expired server certificates (aws iam delete-server-certificate).",
        refs=_cis("1.19", "1.18", "2.18", "IAM.26"),
    ),
    _control(
        "ACCT.EC2_INSTANCE_ROLE",
        "account",
        "Running EC2 instances have an instance profile",
        "low",
        ("instances",),
        "AwsEc2Instance",
        "Attach an instance profile to the instance and remove long-lived keys from it.",
        params=("audit.regions",),
        refs=_cis("1.18", "1.17", "2.17"),
    ),
    _control(
        "ACCT.ACCESS_ANALYZER",
        "account",
        "IAM Access Analyzer is enabled in the audited regions",
        "low",
        ("analyzers",),
        "AwsAccount",
        "Create an account or organization analyzer in each audited region.",
        params=("audit.require_access_analyzer", "audit.regions"),
        refs=_cis("1.20", "1.19", "2.19", "IAM.28"),
    ),
    _control(
        "FED.PROVIDERS",
        "federation",
        "Declared SAML/OIDC providers exist with the declared configuration",
        "medium",
        ("saml_providers", "oidc_providers"),
        "AwsIamIdentityProvider",
        "Apply the baseline with role baseline.iam.role_trust (variable iam_baseline_identity_providers).",
        "identity_providers",
        ("identity_providers",),
    ),
    _control(
        "ACCT.ACCESS",
        "account",
        "The account could be read",
        "high",
        (),
        "AwsAccount",
        "Check that the member role exists, trusts the automation, and allows the read-only audit permissions (docs/permissions.md).",
    ),
)

BY_ID = {c["id"]: c for c in CONTROLS}


def get(control_id):
    """The catalog entry of a control id (KeyError for an unknown id)."""
    return BY_ID[control_id]


def tag_of(control_id):
    """The Ansible tag of a control: PP.MIN_LENGTH -> control_pp_min_length."""
    return "control_" + control_id.lower().replace(".", "_")


def remediation_role(control):
    """The FQCN of the role that remediates a control, or None."""
    return ROLES.get(control["role"]) if control["role"] else None
