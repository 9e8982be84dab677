# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which CloudTrail events can change a control (pure data).

One row per kind of change: the service that records it, its event names, the snapshot sources
(_audit/snapshot.py) the change alters, and the controls that read them. The event source
`baseline.iam.iam_change_events` keeps only these events, and the EventBridge rule pattern
(files/eda/eventbridge-rule-pattern.json) is made from the same rows. Unit tests hold the rows
to the catalog: every listed control reads one of its row's sources, and every control that
reads a source has an event that can change it.

Left out on purpose: sign-ins (ConsoleLogin) and key use. They change only "last used" dates,
which the audit reads from the credential report that AWS regenerates at most every four hours,
so an audit started by them would not see them yet; the scheduled drift check does.
"""

from __future__ import annotations

from .._audit import catalog as _catalog

IAM = "iam.amazonaws.com"
CLOUDTRAIL = "cloudtrail.amazonaws.com"
ACCESS_ANALYZER = "access-analyzer.amazonaws.com"
EC2 = "ec2.amazonaws.com"
# EventBridge names a service's events "aws.<service>".
EVENTBRIDGE_SOURCES = {IAM: "aws.iam", CLOUDTRAIL: "aws.cloudtrail", ACCESS_ANALYZER: "aws.access-analyzer", EC2: "aws.ec2"}
DETAIL_TYPE = "AWS API Call via CloudTrail"

# The families apply can run on their own: the tags of the roles that remediate, in apply's order.
APPLY_FAMILIES = _catalog.APPLY_FAMILIES

_PP = ("PP.MISSING", "PP.MIN_LENGTH", "PP.REUSE", "PP.COMPLEXITY", "PP.MAX_AGE", "PP.SELF_SERVICE")
_TRUST = (
    "TRUST.WILDCARD",
    "TRUST.FOREIGN_ACCOUNT",
    "TRUST.NO_MFA",
    "TRUST.OIDC_NO_SUB",
    "TRUST.SAML_NO_AUD",
    "TRUST.ROLES_ANYWHERE",
    "TRUST.DECLARED",
)
_CREDENTIALS = (
    "USER.CONSOLE_NO_MFA",
    "USER.SETUP_KEY",
    "USER.KEY_UNUSED",
    "USER.CONSOLE_UNUSED",
    "USER.TWO_ACTIVE_KEYS",
    "USER.KEY_AGE",
    "USER.FEDERATION",
)
_AUTH = ("authorization_details",)


def _row(topic, service, events, sources, controls):
    return {"topic": topic, "service": service, "events": tuple(events), "sources": tuple(sources), "controls": tuple(controls)}


ROWS = (
    _row("password policy", IAM, ("UpdateAccountPasswordPolicy", "DeleteAccountPasswordPolicy"), ("password_policy",), _PP),
    _row(
        "users created, renamed or deleted",
        IAM,
        ("CreateUser", "UpdateUser", "DeleteUser"),
        ("authorization_details", "credential_report"),
        _CREDENTIALS
        + ("USER.DIRECT_POLICY", "USER.NO_GROUP", "USER.ADMIN_STRONG_MFA", "GROUP.DECLARED", "POL.ADMIN_STAR", "POL.CLOUDSHELL"),
    ),
    _row(
        "group membership",
        IAM,
        ("AddUserToGroup", "RemoveUserFromGroup"),
        _AUTH,
        ("USER.NO_GROUP", "USER.ADMIN_STRONG_MFA", "GROUP.DECLARED"),
    ),
    _row(
        "groups and their policies",
        IAM,
        ("CreateGroup", "UpdateGroup", "DeleteGroup", "AttachGroupPolicy", "DetachGroupPolicy", "PutGroupPolicy", "DeleteGroupPolicy"),
        _AUTH,
        ("GROUP.DECLARED", "GROUP.ADMIN_NO_MFA_POLICY", "MFA.POLICY_ATTACHED", "POL.ADMIN_STAR", "POL.CLOUDSHELL", "USER.ADMIN_STRONG_MFA"),
    ),
    _row(
        "policies of users",
        IAM,
        ("AttachUserPolicy", "DetachUserPolicy", "PutUserPolicy", "DeleteUserPolicy"),
        _AUTH,
        ("USER.DIRECT_POLICY", "USER.ADMIN_STRONG_MFA", "POL.ADMIN_STAR", "POL.CLOUDSHELL"),
    ),
    _row(
        "roles created or deleted",
        IAM,
        ("CreateRole", "DeleteRole", "CreateServiceLinkedRole", "DeleteServiceLinkedRole"),
        ("authorization_details", "roles"),
        _TRUST + ("TRUST.LONG_SESSION", "POL.SUPPORT_ROLE", "POL.ADMIN_STAR", "POL.CLOUDSHELL"),
    ),
    _row("role trust", IAM, ("UpdateAssumeRolePolicy",), _AUTH, _TRUST),
    _row("role maximum session", IAM, ("UpdateRole",), ("roles",), ("TRUST.LONG_SESSION", "TRUST.DECLARED")),
    _row(
        "policies of roles",
        IAM,
        ("AttachRolePolicy", "DetachRolePolicy", "PutRolePolicy", "DeleteRolePolicy"),
        _AUTH,
        ("POL.ADMIN_STAR", "POL.SUPPORT_ROLE", "POL.CLOUDSHELL"),
    ),
    _row(
        "customer managed policies and versions",
        IAM,
        ("CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "SetDefaultPolicyVersion"),
        _AUTH,
        (
            "POL.ADMIN_STAR",
            "MFA.POLICY_DRIFT",
            "MFA.POLICY_ATTACHED",
            "GROUP.ADMIN_NO_MFA_POLICY",
            "GROUP.DECLARED",
            "USER.ADMIN_STRONG_MFA",
        ),
    ),
    _row(
        "console passwords (login profiles)",
        IAM,
        ("CreateLoginProfile", "UpdateLoginProfile", "DeleteLoginProfile"),
        ("credential_report",),
        ("USER.CONSOLE_NO_MFA", "USER.CONSOLE_UNUSED", "USER.SETUP_KEY", "USER.FEDERATION"),
    ),
    _row(
        "access keys",
        IAM,
        ("CreateAccessKey", "UpdateAccessKey", "DeleteAccessKey"),
        ("credential_report", "account_summary"),
        ("USER.SETUP_KEY", "USER.KEY_UNUSED", "USER.TWO_ACTIVE_KEYS", "USER.KEY_AGE", "ROOT.ACCESS_KEY"),
    ),
    _row(
        "MFA devices",
        IAM,
        ("CreateVirtualMFADevice", "DeleteVirtualMFADevice", "EnableMFADevice", "DeactivateMFADevice"),
        ("virtual_mfa_devices", "admin_mfa_devices", "credential_report", "account_summary"),
        ("USER.CONSOLE_NO_MFA", "USER.ADMIN_STRONG_MFA", "ROOT.MFA", "ROOT.HARDWARE_MFA"),
    ),
    _row(
        "identity providers",
        IAM,
        (
            "CreateSAMLProvider",
            "UpdateSAMLProvider",
            "DeleteSAMLProvider",
            "CreateOpenIDConnectProvider",
            "DeleteOpenIDConnectProvider",
            "UpdateOpenIDConnectProviderThumbprint",
            "AddClientIDToOpenIDConnectProvider",
            "RemoveClientIDFromOpenIDConnectProvider",
        ),
        ("saml_providers", "oidc_providers"),
        ("FED.PROVIDERS",),
    ),
    _row(
        "server certificates",
        IAM,
        ("UploadServerCertificate", "UpdateServerCertificate", "DeleteServerCertificate"),
        ("server_certificates",),
        ("ACCT.EXPIRED_CERTS",),
    ),
    _row(
        "CloudTrail trails",
        CLOUDTRAIL,
        ("CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"),
        ("trails",),
        ("ACCT.CLOUDTRAIL",),
    ),
    _row("Access Analyzer", ACCESS_ANALYZER, ("CreateAnalyzer", "DeleteAnalyzer"), ("analyzers",), ("ACCT.ACCESS_ANALYZER",)),
    _row(
        "EC2 instance profiles",
        EC2,
        (
            "RunInstances",
            "StartInstances",
            "AssociateIamInstanceProfile",
            "DisassociateIamInstanceProfile",
            "ReplaceIamInstanceProfileAssociation",
        ),
        ("instances",),
        ("ACCT.EC2_INSTANCE_ROLE",),
    ),
)

# Controls no configuration change can affect (the docstring says why), and the organization's
# controls (IDC.*, ORG.*: audited once per organization from the organization snapshot, never by
# the audit of one account this event source starts); the scheduled drift check covers them.
NOT_EVENT_DRIVEN = {
    "ROOT.RECENT_USE": "changed only by root sign-ins and key use",
    **{c["id"]: "audited once per organization, not per account" for c in _catalog.CONTROLS if c["scope"] == "organization"},
}

_BY_EVENT = {}
for _r in ROWS:
    for _name in _r["events"]:
        _BY_EVENT.setdefault((_r["service"], _name), []).append(_r)


def rows_for(service, event_name):
    """The rows an event belongs to ([] when it cannot change any control)."""
    return list(_BY_EVENT.get((service, event_name), ()))


def controls_for(service, event_name):
    """The control ids an event can change, in catalog order."""
    wanted = {cid for row in rows_for(service, event_name) for cid in row["controls"]}
    return [cid for cid in catalog_order() if cid in wanted]


def catalog_order():
    """Every control id, in catalog order."""
    return [c["id"] for c in _catalog.CONTROLS]


def families_for(control_ids):
    """The apply families (the tags of the roles that remediate) of some controls, sorted:
    USER.KEY_AGE -> access_keys, TRUST.DECLARED -> role_trust. Controls no role fixes add none."""
    families = set()
    for cid in control_ids:
        role = _catalog.remediation_role(_catalog.get(cid))
        if role:
            families.add(role.rsplit(".", 1)[-1])
    return sorted(families)


def eventbridge_pattern():
    """The EventBridge rule pattern that delivers exactly the table's events (successful calls only)."""
    services = sorted({r["service"] for r in ROWS})
    names = sorted({name for r in ROWS for name in r["events"]})
    return {
        "source": [EVENTBRIDGE_SOURCES[s] for s in services],
        "detail-type": [DETAIL_TYPE],
        "detail": {"eventSource": services, "eventName": names, "errorCode": [{"exists": False}]},
    }
