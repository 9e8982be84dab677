# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The findings.json document (DESIGN §6) that every other report is rendered from (pure):

    {schema_version, generated_at, collection_version, accounts, summary, findings}

`accounts` lists every account the run looked at, with `status` "audited" (its findings are
complete) or "not_audited" (no session, or the audit did not finish: an ACCT.ACCESS ERROR stands
for it). The JSON Schema of the document is docs/schemas/findings.schema.json.
"""

from __future__ import annotations

import copy

from .._audit import catalog as _catalog
from .._audit import findings as _findings
from .._core import dates as _time
from .._core.version import COLLECTION_VERSION
from .text import control_position

SCHEMA_VERSION = 1
ACCOUNT_STATUSES = ("audited", "not_audited")
# Every finding carries these keys (DESIGN §5); values may be null where the shape allows it.
FINDING_KEYS = (
    "finding_id",
    "control_id",
    "title",
    "severity",
    "status",
    "account_id",
    "region",
    "resource_type",
    "resource_id",
    "resource_arn",
    "message",
    "expected",
    "actual",
    "references",
    "remediation",
    "evidence_time",
    "waiver",
)
_NON_EMPTY_TEXT = ("finding_id", "control_id", "account_id")


class ReportError(ValueError):
    """Findings or a findings document that the reports cannot use; the message says where."""


def validate_finding(finding, where):
    """Raises ReportError when a finding lacks a key or has an unknown status or severity."""
    if not isinstance(finding, dict):
        raise ReportError("%s: a finding must be a dict, got %s" % (where, type(finding).__name__))
    missing = [k for k in FINDING_KEYS if k not in finding]
    if missing:
        raise ReportError("%s: missing %s" % (where, ", ".join(missing)))
    for key in _NON_EMPTY_TEXT:
        if not isinstance(finding[key], str) or not finding[key]:
            raise ReportError("%s: %s must be a non-empty string" % (where, key))
    if finding["status"] not in _catalog.STATUSES:
        raise ReportError("%s: status %r is not one of %s" % (where, finding["status"], ", ".join(_catalog.STATUSES)))
    if finding["severity"] not in _catalog.SEVERITIES:
        raise ReportError("%s: severity %r is not one of %s" % (where, finding["severity"], ", ".join(_catalog.SEVERITIES)))


def validate_findings(findings, source="findings"):
    if not isinstance(findings, list):
        raise ReportError("%s: findings must be a list, got %s" % (source, type(findings).__name__))
    for index, finding in enumerate(findings):
        validate_finding(finding, "%s[%d]" % (source, index))


def validate(document, source="findings document"):
    """Raises ReportError unless `document` is a findings document this version can read."""
    if not isinstance(document, dict):
        raise ReportError("%s: not a findings document (a JSON object was expected)" % source)
    missing = [k for k in ("schema_version", "accounts", "findings") if k not in document]
    if missing:
        raise ReportError("%s: not a findings document (missing %s)" % (source, ", ".join(missing)))
    if document["schema_version"] != SCHEMA_VERSION:
        raise ReportError("%s: schema_version %r; this collection reads %d" % (source, document["schema_version"], SCHEMA_VERSION))
    validate_findings(document["findings"], "%s: findings" % source)
    if not isinstance(document["accounts"], list):
        raise ReportError("%s: accounts must be a list" % source)
    for index, account in enumerate(document["accounts"]):
        if not isinstance(account, dict) or not account.get("account_id"):
            raise ReportError("%s: accounts[%d] needs an account_id" % (source, index))
        if account.get("status", "audited") not in ACCOUNT_STATUSES:
            raise ReportError("%s: accounts[%d].status must be one of %s" % (source, index, ", ".join(ACCOUNT_STATUSES)))


def new_account(account_id, name=None, status="audited"):
    return {"account_id": str(account_id), "name": name, "status": status}


def summarize(findings, accounts):
    """Counts by status, by severity (FAIL and ERROR only: what needs work) and per account."""
    per_account = {a["account_id"]: [] for a in accounts}
    for finding in findings:
        per_account.setdefault(finding["account_id"], []).append(finding)
    summary = _findings.summarize(findings)
    summary["accounts"] = len(accounts)
    summary["by_account"] = {account_id: _findings.summarize(own) for account_id, own in sorted(per_account.items())}
    return summary


def finding_order(finding):
    return (finding["account_id"], control_position(finding["control_id"]), str(finding.get("resource_id") or ""), finding["finding_id"])


def _united_accounts(accounts, findings):
    """One entry per account id (audited wins over not_audited), plus accounts only findings name."""
    united = {}
    for index, account in enumerate(accounts or []):
        if not isinstance(account, dict) or not account.get("account_id"):
            raise ReportError("accounts[%d] needs an account_id" % index)
        entry = new_account(account["account_id"], account.get("name"), account.get("status", "audited"))
        known = united.get(entry["account_id"])
        if known:
            entry["name"] = known["name"] or entry["name"]
            if "audited" in (known["status"], entry["status"]):
                entry["status"] = "audited"
        united[entry["account_id"]] = entry
    for finding in findings:
        united.setdefault(finding["account_id"], new_account(finding["account_id"]))
    return [united[k] for k in sorted(united)]


def build(findings, accounts=None, generated_at=None):
    """A findings document; findings sorted (account, catalog order, resource) and copied."""
    validate_findings(findings)
    findings = sorted((copy.deepcopy(f) for f in findings), key=finding_order)
    accounts = _united_accounts(accounts, findings)
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": _time.iso(generated_at) if generated_at else _time.now_iso(),
        "collection_version": COLLECTION_VERSION,
        "accounts": accounts,
        "summary": summarize(findings, accounts),
        "findings": findings,
    }


def as_document(value, generated_at=None, source="findings"):
    """A findings document from a plain list of findings, or from a document read from elsewhere
    (checked; its accounts and summary recomputed, so a stale summary cannot mislead a report)."""
    if isinstance(value, list):
        return build(value, generated_at=generated_at)
    validate(value, source)
    accounts = _united_accounts(value["accounts"], value["findings"])
    when = value.get("generated_at") or (_time.iso(generated_at) if generated_at else _time.now_iso())
    return dict(
        value,
        generated_at=when,
        collection_version=value.get("collection_version") or COLLECTION_VERSION,
        accounts=accounts,
        summary=summarize(value["findings"], accounts),
    )


def audited_account_ids(document):
    return {a["account_id"] for a in document["accounts"] if a.get("status", "audited") == "audited"}


def account_names(document):
    """{account_id: name or None} of every account in `accounts` or in a finding, sorted by id."""
    names = {f["account_id"]: None for f in document["findings"]}
    names.update({a["account_id"]: a.get("name") for a in document["accounts"]})
    return {k: names[k] for k in sorted(names)}
