# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The findings of a run, gathered from its inventory hosts (one host = one account) (pure).

Each host of the run holds one of:
- `iam_baseline_findings` (the audit ran): its findings;
- `iam_baseline_session_error` {code, message, role_arn} (no session): one ACCT.ACCESS ERROR;
- only `iam_baseline_session` (a session, but the audit did not finish): one ACCT.ACCESS ERROR.
A host with none of these did not take part in the run and is left out. No account of the run
can vanish from the reports without an ERROR standing for it (fail closed).
"""

from __future__ import annotations

from .._audit import findings as _findings
from .._core import arn as _arn
from .document import new_account, validate_findings

NOT_AUDITED_CODE = "NotAudited"
NOT_REPORTED_CODE = "NotReported"


def _access_error(account_id, partition, when, code, message, expected):
    snapshot = {"account_id": account_id, "partition": partition or "aws", "taken_at": when}
    return _findings.new_finding("ACCT.ACCESS", snapshot, "ERROR", message, expected=expected, actual=code)


def session_error_finding(session_error, account_id=None, partition=None, when=None):
    """The ACCT.ACCESS ERROR finding of an account whose session could not be opened.

    The account is the one in the role ARN, else `account_id` (e.g. the inventory host's
    aws_account_id, or its name as a last resort).
    """
    error = session_error or {}
    role_arn = error.get("role_arn") or ""
    parsed = _arn.parse(role_arn)
    account_id = (parsed and parsed["account_id"]) or account_id
    if not account_id:
        raise ValueError("no account id (neither in role_arn nor given)")
    code = error.get("code") or "SessionError"
    through = "role %s" % role_arn if role_arn else "the run's own credentials"
    message = "Could not open a session in account %s through %s: %s: %s" % (
        account_id,
        through,
        code,
        error.get("message") or "no message",
    )
    partition = parsed["partition"] if parsed else partition
    return _access_error(str(account_id), partition, when, code, message, "a session in the account")


def not_audited_finding(account_id, partition=None, when=None):
    """The ACCT.ACCESS ERROR finding of an account that has a session but no findings."""
    message = "The audit returned no findings for account %s: it failed or did not run (see the run's output)" % account_id
    return _access_error(str(account_id), partition, when, NOT_AUDITED_CODE, message, "the audit's findings")


def not_reported_finding(account_id, run_id, when=None):
    """The ACCT.ACCESS ERROR finding of an account that should be in a run and is not (its slice
    did not report, or no slice had it)."""
    message = "Account %s has no results in run %s: no slice of the run reported it" % (account_id, run_id)
    return _access_error(str(account_id), None, when, NOT_REPORTED_CODE, message, "the account's results in the run")


def from_hosts(hosts, when=None):
    """(findings, accounts) of the run from host records:

    {"name", "findings" (list or None), "session_error" (dict or None), "has_session" (bool),
     "account_id", "account_name", "partition"} — every key but "name" may be missing.
    """
    findings, accounts = [], []
    for host in hosts:
        name = host["name"]
        label = host.get("account_name") or name
        account_id = host.get("account_id") or name
        error = host.get("session_error") or {}
        if error.get("code"):
            finding = session_error_finding(error, account_id, host.get("partition"), when)
            findings.append(finding)
            accounts.append(new_account(finding["account_id"], label, "not_audited"))
        elif host.get("findings") is not None:
            own = host["findings"]
            validate_findings(own, "host %s: iam_baseline_findings" % name)
            findings.extend(own)
            for owner in sorted({f["account_id"] for f in own} or {str(account_id)}):
                accounts.append(new_account(owner, label, "audited"))
        elif host.get("has_session"):
            finding = not_audited_finding(account_id, host.get("partition"), when)
            findings.append(finding)
            accounts.append(new_account(finding["account_id"], label, "not_audited"))
    return findings, accounts
