# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluators of MFA controls (pure): USER.CONSOLE_NO_MFA, MFA.POLICY_DRIFT, MFA.POLICY_ATTACHED,
ROOT.MFA, ROOT.HARDWARE_MFA.

MFA.POLICY_DRIFT compares the policy's default version with `_mfa_policy.document()`, the same
function baseline.iam.mfa_policy writes from, so apply and verify agree.

Root MFA: the credential report's <root_account> row when the report has one (the local
simulator's does not), else the account summary's AccountMFAEnabled. A virtual device is the
root's when its User is the account root or its serial is the root's virtual device serial.
"""

from __future__ import annotations

import json

from .._audit import authz_details as _details
from .._audit import credential_report as _credential_report
from .._audit import credential_report_coverage as _coverage
from .._audit.findings import account_finding, new_finding
from .._audit.registry import evaluates
from .._core import arn as _arn
from .._policy import document as _policy
from . import model as _mfa_policy

ROOT_VIRTUAL_DEVICE = "root-account-mfa-device"


# USER.CONSOLE_NO_MFA


@evaluates("USER.CONSOLE_NO_MFA")
def console_no_mfa(snapshot, params):
    rows = [r for r in _credential_report.user_rows(snapshot["credential_report"]["rows"]) if _credential_report.has_password(r)]
    findings = _coverage.unreadable_findings("USER.CONSOLE_NO_MFA", snapshot)
    if not rows and not findings:
        return [account_finding("USER.CONSOLE_NO_MFA", snapshot, "NOT_APPLICABLE", "No IAM user has a console password")]
    for row in rows:
        has_mfa = _credential_report.is_true(row.get("mfa_active"))
        message = "User %s has a console password %s MFA%s" % (row["user"], "and" if has_mfa else "but no", _coverage.source_note(row))
        findings.append(
            new_finding(
                "USER.CONSOLE_NO_MFA",
                snapshot,
                "PASS" if has_mfa else "FAIL",
                message,
                resource_id=row["user"],
                resource_arn=row.get("arn"),
                expected="MFA active",
                actual="MFA active" if has_mfa else "no MFA",
                evidence_time=None if row.get("source") else snapshot["credential_report"].get("generated_time"),
            )
        )
    return findings


# MFA.POLICY_DRIFT, MFA.POLICY_ATTACHED


def _policy_arn(snapshot, mfa):
    return _mfa_policy.policy_arn(snapshot["partition"], snapshot["account_id"], mfa["name"], mfa["path"])


def _key(statement):
    return json.dumps(statement, sort_keys=True)


def _by_meaning(document, partition):
    """{canonical statement: its Sid or None}: the comparison ignores Sids, the message names them."""
    return {_key(_policy.normalize_statement(s, partition)): s.get("Sid") for s in _policy.statements(document)}


def _differences(actual, expected, partition):
    """Short words for how two documents differ (statements by Sid where they have one)."""
    a, e = _by_meaning(actual, partition), _by_meaning(expected, partition)
    missing = [e[k] or "a statement" for k in sorted(set(e) - set(a))]
    extra = [a[k] or "a statement" for k in sorted(set(a) - set(e))]
    words = []
    if missing:
        words.append("missing or changed: %s" % ", ".join(missing))
    if extra:
        words.append("not in the baseline: %s" % ", ".join(extra))
    return "; ".join(words) or "the documents differ"


@evaluates("MFA.POLICY_DRIFT")
def policy_drift(snapshot, params):
    mfa = params["mfa"]
    arn = _policy_arn(snapshot, mfa)
    policies = _details.policies_by_arn(snapshot["authorization_details"])
    expected = _mfa_policy.document(snapshot["partition"], mfa["allow_change_password_without_mfa"], mfa["extra_not_actions"])
    policy = policies.get(arn)

    def finding(status, message, actual):
        return new_finding(
            "MFA.POLICY_DRIFT", snapshot, status, message, "AwsIamPolicy", mfa["name"], arn, "the baseline force-MFA document", actual
        )

    if policy is None:
        elsewhere = [p for p in policies.values() if _details.policy_name(p) == mfa["name"]]
        where = " (a policy of that name exists with path %s)" % elsewhere[0]["Path"] if elsewhere else ""
        return [finding("FAIL", "The force-MFA policy %s does not exist at path %s%s" % (mfa["name"], mfa["path"], where), "absent")]
    document = _details.default_document(policy)
    version = policy.get("DefaultVersionId")
    if document is None:
        return [finding("ERROR", "The default version %s of %s is not in the snapshot" % (version, mfa["name"]), "unknown")]
    if _policy.equal(document, expected, snapshot["partition"]):
        return [
            finding(
                "PASS", "The force-MFA policy %s has the baseline document as default version %s" % (mfa["name"], version), "as baseline"
            )
        ]
    differences = _differences(document, expected, snapshot["partition"])
    return [
        finding("FAIL", "The default version %s of %s differs from the baseline: %s" % (version, mfa["name"], differences), differences)
    ]


@evaluates("MFA.POLICY_ATTACHED")
def policy_attached(snapshot, params):
    """Each listed group forces MFA, judged by effect: the baseline's policy, or any customer
    managed or inline policy that does the same (the finding names it)."""
    mfa = params["mfa"]
    if not mfa["groups"]:
        return [account_finding("MFA.POLICY_ATTACHED", snapshot, "NOT_APPLICABLE", "No groups are listed in iam_baseline_mfa.groups")]
    arn = _policy_arn(snapshot, mfa)
    details = snapshot["authorization_details"]
    groups = {g["GroupName"].lower(): g for g in _details.entities(details, "group")}
    policies = _details.policies_by_arn(details)
    findings = []
    for name in mfa["groups"]:
        group = groups.get(name.lower())
        if group is None:
            status, message, actual = "FAIL", "Group %s does not exist" % name, "no group"
            group_arn = _arn.group_arn(snapshot["partition"], snapshot["account_id"], name)
        else:
            verdict = _details.mfa_verdict(group, policies, mfa["extra_not_actions"])
            status, words, actual = _details.mfa_verdict_words(verdict)
            attached = "the force-MFA policy %s is %sattached" % (mfa["name"], "" if arn in _details.attached_arns(group) else "not ")
            message = "Group %s: %s; %s" % (name, attached, words)
            group_arn = group["Arn"]
        findings.append(new_finding("MFA.POLICY_ATTACHED", snapshot, status, message, "AwsIamGroup", name, group_arn, "MFA forced", actual))
    return findings


# ROOT.MFA, ROOT.HARDWARE_MFA


def root_mfa_enabled(snapshot):
    """(enabled, where the answer came from)."""
    report = snapshot.get("credential_report") or {}
    row = _credential_report.root_row(report.get("rows") or [])
    if row is not None:
        return _credential_report.is_true(row.get("mfa_active")), "credential report"
    return str((snapshot["account_summary"] or {}).get("AccountMFAEnabled", 0)) == "1", "account summary"


def root_virtual_device(snapshot):
    """The root user's virtual MFA device, or None."""
    partition, account_id = snapshot["partition"], snapshot["account_id"]
    root = _arn.root_arn(partition, account_id)
    serial = _arn.build(partition, "iam", account_id, "mfa/%s" % ROOT_VIRTUAL_DEVICE)
    for device in snapshot["virtual_mfa_devices"] or []:
        user_arn = (device.get("User") or {}).get("Arn")
        if user_arn == root or (device.get("SerialNumber") == serial and device.get("EnableDate")):
            return device
    return None


@evaluates("ROOT.MFA")
def root_mfa(snapshot, params):
    enabled, source = root_mfa_enabled(snapshot)
    message = "The root user %s MFA (%s)" % ("has" if enabled else "has no", source)
    return [account_finding("ROOT.MFA", snapshot, "PASS" if enabled else "FAIL", message, "enabled", "enabled" if enabled else "disabled")]


@evaluates("ROOT.HARDWARE_MFA")
def root_hardware_mfa(snapshot, params):
    enabled, source = root_mfa_enabled(snapshot)
    if not enabled:
        message = "The root user has no MFA at all (%s), so no hardware MFA" % source
        return [account_finding("ROOT.HARDWARE_MFA", snapshot, "FAIL", message, "hardware MFA", "no MFA")]
    device = root_virtual_device(snapshot)
    if device is not None:
        message = "The root user's MFA is a virtual device (%s)" % device.get("SerialNumber")
        return [account_finding("ROOT.HARDWARE_MFA", snapshot, "FAIL", message, "hardware MFA", "virtual MFA")]
    return [
        account_finding(
            "ROOT.HARDWARE_MFA", snapshot, "PASS", "The root user's MFA is not a virtual device", "hardware MFA", "hardware MFA"
        )
    ]
