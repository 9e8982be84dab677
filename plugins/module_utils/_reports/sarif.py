# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""findings.sarif (SARIF 2.1.0) from a findings document (pure), for GitHub code scanning and
other SARIF viewers.

One rule per control (ruleId = control id, `security-severity` from the severity). A result for
every finding that needs attention: FAIL and ERROR, and WAIVED as a suppressed result; PASS and
NOT_APPLICABLE are left out, so a later upload without a result closes its alert. AWS resources
are not files: each result points at a synthetic artifact aws/<account>/<resource_type>/<resource_id>
and names the resource's ARN as a logical location. partialFingerprints carry the finding_id, so
an alert keeps its identity across runs.
"""

from __future__ import annotations

from urllib.parse import quote

from .._audit import catalog as _catalog
from .._core.version import COLLECTION_NAME, COLLECTION_VERSION
from .document import validate
from .text import control_position, display, one_line, references_text, resource_label, severity_rank

SARIF_VERSION = "2.1.0"
SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
AUTOMATION_ID = "baseline.iam/drift/"
FINGERPRINT_KEY = "findingId/v1"

SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}
REPORTED = ("FAIL", "ERROR", "WAIVED")


def artifact_uri(finding):
    """aws/<account>/<resource_type>/<resource_id>, each part percent-encoded (a valid URI reference)."""
    parts = ("aws", finding["account_id"], finding.get("resource_type") or "Unknown", resource_label(finding))
    return "/".join(quote(str(p), safe="") for p in parts)


def _rule(control_id, findings, docs_url=None):
    """The rule of a control; its severity is the highest its findings carry (a re-graded control).
    docs_url (iam_baseline_docs_url), when given, is where the controls are documented."""
    control = _catalog.BY_ID.get(control_id) or {}
    sample = findings[0]
    severity = max((f["severity"] for f in findings), key=severity_rank)
    title = control.get("title") or sample["title"]
    remediation = control.get("remediation") or sample.get("remediation") or ""
    refs = references_text(control.get("references") or sample.get("references"))
    help_text = "%s\n\nRemediation: %s" % (title, remediation)
    help_markdown = "**%s**\n\n**Remediation:** %s" % (title, remediation)
    if refs:
        help_text += "\n\nReferences: %s" % refs
        help_markdown += "\n\n**References:** %s" % refs
    tags = ["security", "aws", "iam"] + ["%s:%s" % (k, v) for k, v in sorted((control.get("references") or {}).items()) if v]
    rule = {
        "id": control_id,
        "name": rule_name(control_id),
        "shortDescription": {"text": title},
        "fullDescription": {"text": "%s (%s)" % (title, control_id)},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[severity],
            "problem.severity": PROBLEM_SEVERITY[LEVEL[severity]],
            "precision": "very-high",
            "tags": tags,
        },
    }
    if docs_url:
        rule["helpUri"] = docs_url
    return rule


def _message(finding):
    prefix = "Could not evaluate (ERROR): " if finding["status"] == "ERROR" else ""
    return one_line(
        "%s%s — account %s, %s %s. Expected: %s. Actual: %s."
        % (
            prefix,
            finding.get("message") or finding["title"],
            finding["account_id"],
            finding.get("resource_type") or "resource",
            resource_label(finding),
            display(finding.get("expected")),
            display(finding.get("actual")),
        )
    )


def _logical_location(finding):
    location = {"name": resource_label(finding), "kind": "resource"}
    if finding.get("resource_arn"):
        location["fullyQualifiedName"] = finding["resource_arn"]
    return location


def rule_name(control_id):
    """A PascalCase name for a rule: PP.MIN_LENGTH -> PpMinLength."""
    return "".join(part.capitalize() for part in control_id.replace(".", "_").split("_") if part)


def _result(finding, rule_index):
    result = {
        "ruleId": finding["control_id"],
        "ruleIndex": rule_index,
        "kind": "fail",
        "level": LEVEL[finding["severity"]],
        "message": {"text": _message(finding)},
        "locations": [
            {
                "physicalLocation": {"artifactLocation": {"uri": artifact_uri(finding)}, "region": {"startLine": 1}},
                "logicalLocations": [_logical_location(finding)],
            }
        ],
        "partialFingerprints": {FINGERPRINT_KEY: finding["finding_id"]},
        "properties": {
            "status": finding["status"],
            "severity": finding["severity"],
            "account_id": finding["account_id"],
            "region": finding.get("region"),
            "resource_arn": finding.get("resource_arn"),
            "evidence_time": finding.get("evidence_time"),
        },
    }
    if finding["status"] == "WAIVED":
        waiver = finding.get("waiver") or {}
        justification = one_line(waiver.get("reason") or "waived")
        if waiver.get("expires"):
            justification += " (until %s)" % waiver["expires"]
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": justification}]
    return result


def render(document, docs_url=None):
    """The SARIF log as a dict (write it with json.dumps). Without docs_url the log links nowhere."""
    validate(document)
    findings = document["findings"]
    by_control = {}
    for finding in findings:
        by_control.setdefault(finding["control_id"], []).append(finding)
    control_ids = sorted(by_control, key=control_position)
    rules = [_rule(cid, by_control[cid], docs_url) for cid in control_ids]
    index = {cid: i for i, cid in enumerate(control_ids)}
    results = [_result(f, index[f["control_id"]]) for f in findings if f["status"] in REPORTED]
    run = {
        "tool": {
            "driver": {
                "name": COLLECTION_NAME,
                "version": COLLECTION_VERSION,
                "semanticVersion": COLLECTION_VERSION,
                "rules": rules,
            }
        },
        "automationDetails": {"id": AUTOMATION_ID},
        "invocations": [{"executionSuccessful": True, "endTimeUtc": document["generated_at"]}],
        "results": results,
        "properties": {
            "accounts": [a["account_id"] for a in document["accounts"]],
            "summary": document.get("summary"),
        },
    }
    if docs_url:
        run["tool"]["driver"]["informationUri"] = docs_url
    return {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}
