# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""asff.json from a findings document (pure): AWS Security Finding Format, as request bodies
for Security Hub's BatchImportFindings.

The file is a list of batches `{"Findings": [...]}` of at most 100 findings, one account per
batch: with the account's default product ARN, only that account may import its findings.
Id is the finding_id (stable across runs, so a later import updates the same finding).
Severity.Label follows Security Hub's own convention: the control's severity for FAIL, ERROR
and WAIVED, INFORMATIONAL for PASS and NOT_APPLICABLE (Severity.Original keeps the control's).
Findings whose account is not a 12-digit id cannot be imported and are left out.
"""

from __future__ import annotations

from .._audit import catalog as _catalog
from .._core import arn as _arn
from .._core.version import COLLECTION_NAME, COLLECTION_VERSION
from .document import validate
from .text import display, one_line, truncate

ASFF_SCHEMA_VERSION = "2018-10-08"
BATCH_SIZE = 100
DEFAULT_REGION = "us-east-1"
REQUIRED_FIELDS = (
    "SchemaVersion",
    "Id",
    "ProductArn",
    "GeneratorId",
    "AwsAccountId",
    "Types",
    "CreatedAt",
    "UpdatedAt",
    "Severity",
    "Title",
    "Description",
    "Resources",
)
LABEL = {"critical": "CRITICAL", "high": "HIGH", "medium": "MEDIUM", "low": "LOW", "info": "INFORMATIONAL"}
QUIET_STATUSES = ("PASS", "NOT_APPLICABLE")  # graded INFORMATIONAL, as Security Hub grades passed checks
COMPLIANCE = {"PASS": "PASSED", "FAIL": "FAILED", "WAIVED": "WARNING", "ERROR": "NOT_AVAILABLE", "NOT_APPLICABLE": "NOT_AVAILABLE"}
# Resource types ASFF knows; the others are "Other".
RESOURCE_TYPES = frozenset(("AwsAccount", "AwsIamUser", "AwsIamAccessKey", "AwsIamPolicy", "AwsIamGroup", "AwsIamRole", "AwsEc2Instance"))
PARTITIONS = ("aws", "aws-cn", "aws-us-gov")
CIS_TYPE = "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark"
BEST_PRACTICES_TYPE = "Software and Configuration Checks/AWS Security Best Practices"
CIS_NAMES = {
    "cis_v3": "CIS AWS Foundations Benchmark v3.0.0",
    "cis_v5": "CIS AWS Foundations Benchmark v5.0.0",
    "cis_v6": "CIS AWS Foundations Benchmark v6.0.0",
}
# ASFF length limits.
TITLE_MAX, DESCRIPTION_MAX, RECOMMENDATION_MAX, PRODUCT_FIELD_MAX = 256, 1024, 512, 2048


def product_arn(partition, region, account_id):
    """The account's default product: where a custom integration imports its own findings."""
    return "arn:%s:securityhub:%s:%s:product/%s/default" % (partition, region, account_id, account_id)


def _partition(finding):
    partition = _arn.partition_of(finding.get("resource_arn"), "aws")
    return partition if partition in PARTITIONS else "aws"


def _types(references):
    types = [CIS_TYPE] if any((references or {}).get(k) for k in CIS_NAMES) else []
    return types + [BEST_PRACTICES_TYPE]


def _requirements(references):
    refs = references or {}
    related = ["%s/%s" % (name, refs[key]) for key, name in CIS_NAMES.items() if refs.get(key)]
    if refs.get("fsbp"):
        related.append("AWS Foundational Security Best Practices/%s" % refs["fsbp"])
    return related


def _product_fields(finding):
    waiver = finding.get("waiver") or {}
    fields = {
        "ProviderName": COLLECTION_NAME,
        "ProviderVersion": COLLECTION_VERSION,
        "baseline.iam/ControlId": finding["control_id"],
        "baseline.iam/Status": finding["status"],
        "baseline.iam/WaiverReason": waiver.get("reason"),
        "baseline.iam/WaiverExpires": waiver.get("expires"),
    }
    return {k: truncate(one_line(v), PRODUCT_FIELD_MAX) for k, v in fields.items() if v}


def _description(finding):
    text = "%s. Expected: %s. Actual: %s." % (
        one_line(finding.get("message") or finding["title"]),
        one_line(display(finding.get("expected"))),
        one_line(display(finding.get("actual"))),
    )
    return truncate(text, DESCRIPTION_MAX)


def _recommendation(finding, control, docs_url):
    """Remediation.Recommendation: the text, and the controls page when iam_baseline_docs_url names one."""
    text = finding.get("remediation") or control.get("remediation") or "See the control's documentation."
    recommendation = {"Text": truncate(one_line(text), RECOMMENDATION_MAX)}
    if docs_url:
        recommendation["Url"] = docs_url
    return recommendation


def asff_finding(finding, generated_at, region=DEFAULT_REGION, docs_url=None):
    """One ASFF finding for one baseline finding (docs_url: where the controls are documented)."""
    partition = _partition(finding)
    account_id = finding["account_id"]
    resource_region = finding.get("region") if finding.get("region") not in (None, "", "global") else region
    quiet = finding["status"] in QUIET_STATUSES
    control = _catalog.BY_ID.get(finding["control_id"]) or {}
    asff = {
        "SchemaVersion": ASFF_SCHEMA_VERSION,
        "Id": finding["finding_id"],
        "ProductArn": product_arn(partition, region, account_id),
        "ProductName": "baseline.iam drift check",
        "CompanyName": COLLECTION_NAME,
        "GeneratorId": "%s/%s" % (COLLECTION_NAME, finding["control_id"]),
        "AwsAccountId": account_id,
        "Types": _types(finding.get("references")),
        "CreatedAt": finding.get("evidence_time") or generated_at,
        "UpdatedAt": generated_at,
        "LastObservedAt": finding.get("evidence_time") or generated_at,
        "Severity": {"Label": "INFORMATIONAL" if quiet else LABEL[finding["severity"]], "Original": finding["severity"]},
        "Title": truncate(one_line("%s: %s" % (finding["control_id"], finding["title"])), TITLE_MAX),
        "Description": _description(finding),
        "Remediation": {"Recommendation": _recommendation(finding, control, docs_url)},
        "Resources": [
            {
                "Type": finding.get("resource_type") if finding.get("resource_type") in RESOURCE_TYPES else "Other",
                "Id": finding.get("resource_arn") or finding.get("resource_id") or account_id,
                "Partition": partition,
                "Region": resource_region,
            }
        ],
        "Compliance": {"Status": COMPLIANCE[finding["status"]]},
        "ProductFields": _product_fields(finding),
        "RecordState": "ACTIVE",
    }
    related = _requirements(finding.get("references"))
    if related:
        asff["Compliance"]["RelatedRequirements"] = related
    return asff


def render(document, region=DEFAULT_REGION, docs_url=None):
    """[{"Findings": [...]}, ...]: batches of at most 100, one account per batch."""
    validate(document)
    per_account = {}
    for finding in document["findings"]:
        if _arn.ACCOUNT_ID.match(finding["account_id"]):
            per_account.setdefault(finding["account_id"], []).append(asff_finding(finding, document["generated_at"], region, docs_url))
    batches = []
    for account_id in sorted(per_account):
        own = per_account[account_id]
        batches.extend({"Findings": own[i : i + BATCH_SIZE]} for i in range(0, len(own), BATCH_SIZE))
    return batches
