# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluators of the account-level controls (pure): ROOT.RECENT_USE, ACCT.*, USER.FEDERATION,
USER.ADMIN_STRONG_MFA."""

from __future__ import annotations

from .._audit import credential_report as _credential_report
from .._audit import credential_report_coverage as _coverage
from .._audit.findings import new_finding
from .._audit.registry import evaluates
from .._core import arn as _arn
from .._core import dates as _time
from .._policy import admin as _admin
from . import model as _mfa_kind
from . import trail_events as _trail_events


def _now(snapshot):
    return snapshot["taken_at"]


def _unless_audit(setting):
    """The not-applicable rule of a control the baseline asks for only when audit.<setting> is true."""

    def reason(params):
        return None if params["audit"][setting] else "audit.%s is false" % setting

    return reason


def _account(control_id, snapshot, ok, message, expected=None, actual=None, status=None):
    return new_finding(control_id, snapshot, status or ("PASS" if ok else "FAIL"), message, expected=expected, actual=actual)


@evaluates("ROOT.RECENT_USE")
def root_recent_use(snapshot, params):
    days = params["audit"]["root_recent_use_days"]
    report = snapshot["credential_report"]
    row = _credential_report.root_row(report["rows"])
    if row is None:
        message = "The credential report has no root row: root use cannot be judged"
        return [_account("ROOT.RECENT_USE", snapshot, False, message, status="ERROR", expected="a root row", actual="none")]
    uses = [_time.iso(row.get("password_last_used"))] + [
        _credential_report.key_slot(row, s)["last_used"] for s in _credential_report.KEY_SLOTS
    ]
    uses = [u for u in uses if u]
    last = max(uses) if uses else None
    recent = last is not None and _time.days_between(last, _now(snapshot)) < days
    actual = last or "never used"
    message = "Root user last used %s (baseline: not within %d days)" % (actual, days)
    finding = _account("ROOT.RECENT_USE", snapshot, not recent, message, "not used in the last %d days" % days, actual)
    finding["evidence_time"] = report["generated_time"] or finding["evidence_time"]
    return [finding]


def _trail_problem(trail):
    """Why a multi-region trail does not count for ACCT.CLOUDTRAIL, or None."""
    if not trail["is_logging"]:
        return "is not logging"
    events = trail.get("management_events")
    if events is None:
        return "has event selectors that could not be read (%s)" % trail.get("management_events_error")
    if events == _trail_events.NONE:
        return "is logging but records no management events"
    if events == _trail_events.READ:
        return "is logging but records only read management events"
    return None


@evaluates("ACCT.CLOUDTRAIL", not_applicable=_unless_audit("require_cloudtrail"))
def cloudtrail(snapshot, params):
    """A multi-region trail that is logging and records management events (all, or at least
    writes, read from its event selectors). ERROR when no trail is proven good and one could be
    but its selectors could not be read."""
    multi = [t for t in snapshot["trails"] if t["is_multi_region"]]
    good = [t for t in multi if _trail_problem(t) is None]
    if good:
        message = "Multi-region trail %s is logging %s management events" % (good[0]["name"], good[0]["management_events"])
        return [_account("ACCT.CLOUDTRAIL", snapshot, True, message, "a logging multi-region trail", [t["name"] for t in good])]
    problems = ["%s %s" % (t["name"], _trail_problem(t)) for t in multi]
    unread = [t for t in multi if t["is_logging"] and t.get("management_events") is None]
    message = "Multi-region trail %s" % "; ".join(problems) if problems else "No multi-region CloudTrail trail"
    status = "ERROR" if unread else None
    return [_account("ACCT.CLOUDTRAIL", snapshot, False, message, "a logging multi-region trail", "none logging", status=status)]


@evaluates("ACCT.EXPIRED_CERTS")
def expired_certs(snapshot, params):
    certificates = snapshot["server_certificates"]
    if not certificates:
        return [_account("ACCT.EXPIRED_CERTS", snapshot, True, "No IAM server certificates", "no expired certificate", "none")]
    findings = []
    for cert in certificates:
        expiration = cert.get("Expiration")
        expired = _time.parse(expiration) is not None and _time.parse(expiration) < _time.parse(_now(snapshot))
        message = "Server certificate %s %s %s" % (cert["ServerCertificateName"], "expired" if expired else "expires", expiration)
        findings.append(
            new_finding(
                "ACCT.EXPIRED_CERTS", snapshot, "FAIL" if expired else "PASS", message,
                resource_id=cert["ServerCertificateName"], resource_arn=cert["Arn"], expected="not expired", actual=expiration,
            )
        )  # fmt: skip
    return findings


@evaluates("ACCT.EC2_INSTANCE_ROLE")
def ec2_instance_role(snapshot, params):
    findings = []
    for region, instances in sorted(snapshot["instances"].items()):
        for instance in instances:
            profile = instance.get("IamInstanceProfile")
            instance_id = instance["InstanceId"]
            arn = _arn.build(snapshot["partition"], "ec2", snapshot["account_id"], "instance/%s" % instance_id, region)
            message = "Instance %s %s" % (
                instance_id,
                "uses instance profile %s" % profile.get("Arn") if profile else "has no instance profile",
            )
            findings.append(
                new_finding(
                    "ACCT.EC2_INSTANCE_ROLE", snapshot, "PASS" if profile else "FAIL", message, resource_id=instance_id,
                    resource_arn=arn, region=region, expected="an instance profile", actual=profile.get("Arn") if profile else None,
                )
            )  # fmt: skip
    if not findings:
        regions = ", ".join(sorted(snapshot["instances"]))
        findings.append(_account("ACCT.EC2_INSTANCE_ROLE", snapshot, True, "No running instances in %s" % regions, actual="none"))
    return findings


@evaluates("ACCT.ACCESS_ANALYZER", not_applicable=_unless_audit("require_access_analyzer"))
def access_analyzer(snapshot, params):
    findings = []
    for region in params["audit"]["regions"]:
        analyzers = snapshot["analyzers"].get(region)
        active = [a for a in analyzers or [] if a.get("status") == "ACTIVE"]
        arn = _arn.build(snapshot["partition"], "access-analyzer", snapshot["account_id"], "analyzer", region)
        message = "Access Analyzer %s in %s" % ("%s is active" % active[0]["name"] if active else "is not enabled", region)
        findings.append(
            new_finding(
                "ACCT.ACCESS_ANALYZER", snapshot, "PASS" if active else "FAIL", message, resource_id="%s/%s" % (snapshot["account_id"], region),
                resource_arn=arn, region=region, expected="an active analyzer", actual=[a["name"] for a in active] or "none",
            )
        )  # fmt: skip
    return findings


def _user_finding(control_id, snapshot, user, ok, message, expected=None, actual=None):
    return new_finding(
        control_id,
        snapshot,
        "PASS" if ok else "FAIL",
        message,
        resource_id=user["name"],
        resource_arn=user["arn"],
        expected=expected,
        actual=actual,
    )


@evaluates("USER.FEDERATION")
def federation(snapshot, params):
    allowed = {u.lower() for u in params["audit"]["federation_break_glass_users"]}
    # With Identity Center declared for the organization, people sign in there, not as IAM users.
    where = "; people sign in through IAM Identity Center" if (params.get("identity_center") or {}).get("permission_sets") else ""
    findings = []
    for row in _credential_report.user_rows(snapshot["credential_report"]["rows"]):
        if not _credential_report.has_password(row):
            continue
        user = {"name": row["user"], "arn": row["arn"]}
        listed = row["user"].lower() in allowed
        message = "IAM user %s signs in with a password%s%s" % (
            row["user"],
            " (listed break-glass user)" if listed else where,
            _coverage.source_note(row),
        )
        findings.append(_user_finding("USER.FEDERATION", snapshot, user, listed, message, "federated sign-in", "console password"))
    findings += _coverage.unreadable_findings("USER.FEDERATION", snapshot)
    if not findings:
        findings.append(_account("USER.FEDERATION", snapshot, True, "No IAM user has a console password", actual="none"))
    return findings


def _strong(device):
    serial = device.get("SerialNumber", "")
    # Virtual devices are ARNs ending in mfa/<name>; FIDO keys are u2f/ ARNs; hardware TOTP
    # tokens have a plain serial number.
    return ":mfa/" not in serial


@evaluates("USER.ADMIN_STRONG_MFA")
def admin_strong_mfa(snapshot, params):
    # The audit lists an admin's devices (ListMFADevices) only when the credential report and
    # ListVirtualMFADevices leave the kind open (model.py); an admin neither settles is ERROR.
    report, listed = snapshot["credential_report"], snapshot["admin_mfa_devices"]
    admins = _admin.admin_users(snapshot["authorization_details"])
    evidence = _mfa_kind.admin_evidence(admins, report, snapshot["virtual_mfa_devices"])
    verdicts = {
        _mfa_kind.STRONG: ("PASS", "hardware/FIDO"),
        _mfa_kind.VIRTUAL: ("FAIL", "virtual only"),
        _mfa_kind.NONE: ("FAIL", "no MFA device"),
        None: ("ERROR", "MFA kind unknown"),
    }
    findings = []
    for user in admins:
        name, evidence_time = user["UserName"], None
        if name in listed:
            devices = listed[name]
            kind = _mfa_kind.STRONG if any(_strong(d) for d in devices) else (_mfa_kind.VIRTUAL if devices else _mfa_kind.NONE)
            source = "ListMFADevices"
        elif evidence[name] is not None:
            kind, evidence_time = evidence[name], report["generated_time"]
            source = "credential report of %s, ListVirtualMFADevices" % evidence_time
        else:
            kind, source = None, "a virtual device or no credential report row, and ListMFADevices was not read"
        status, actual = verdicts[kind]
        findings.append(
            new_finding(
                "USER.ADMIN_STRONG_MFA", snapshot, status, "Admin user %s: %s (%s)" % (name, actual, source), resource_id=name,
                resource_arn=user["Arn"], expected="hardware or FIDO", actual=actual, evidence_time=evidence_time,
            )
        )  # fmt: skip
    if not findings:
        findings.append(_account("USER.ADMIN_STRONG_MFA", snapshot, True, "No IAM user has admin rights", actual="none"))
    return findings


# Without these the account cannot be judged at all; other unread sources only make their own
# controls ERROR.
CORE_SOURCES = ("authorization_details", "credential_report")


@evaluates("ACCT.ACCESS")
def account_access(snapshot, params):
    unread = snapshot["errors"]
    listed = ", ".join("%s (%s)" % kv for kv in sorted(unread.items()))
    if any(source in unread for source in CORE_SOURCES):
        message = "The account could not be read: %s" % listed
        return [_account("ACCT.ACCESS", snapshot, False, message, "the account can be read", sorted(unread), status="ERROR")]
    message = "Account read; these sources failed and their controls are ERROR: %s" % listed if unread else "Account read completely"
    return [_account("ACCT.ACCESS", snapshot, True, message, "the account can be read", sorted(unread) or "all sources")]
