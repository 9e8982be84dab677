"""asff.json: BatchImportFindings batches of <= 100 findings, one account per batch, every
required ASFF field, deterministic Ids."""

import json
import re

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import findings as _findings
from ansible_collections.baseline.iam.plugins.module_utils._reports import asff as _report_asff
from ansible_collections.baseline.iam.plugins.module_utils._reports import document as _report_document
from tests.support import report_samples as samples

REQUIRED = (
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
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")
TYPE = re.compile(r"^[^/]+(/[^/]+){0,2}$")  # namespace/category/classifier


def render(document=None, region="eu-west-1"):
    return json.loads(json.dumps(_report_asff.render(document or samples.sample_document(), region)))


def every(batches):
    return [f for batch in batches for f in batch["Findings"]]


def test_required_fields_on_every_finding():
    assert _report_asff.REQUIRED_FIELDS == REQUIRED  # 12 required top-level attributes
    findings = every(render())
    assert len(findings) == 27
    for f in findings:
        missing = [k for k in REQUIRED if f.get(k) in (None, "", [], {})]
        assert missing == [], (f["Id"], missing)
        assert f["SchemaVersion"] == "2018-10-08"
        assert re.fullmatch(r"\d{12}", f["AwsAccountId"])
        assert f["ProductArn"] == "arn:aws:securityhub:eu-west-1:%s:product/%s/default" % (f["AwsAccountId"], f["AwsAccountId"])
        assert TIMESTAMP.match(f["CreatedAt"]) and TIMESTAMP.match(f["UpdatedAt"])
        assert f["UpdatedAt"] == samples.GENERATED_AT
        assert f["Severity"]["Label"] in ("INFORMATIONAL", "LOW", "MEDIUM", "HIGH", "CRITICAL")
        assert all(TYPE.match(t) for t in f["Types"]) and 1 <= len(f["Types"]) <= 50
        assert len(f["Title"]) <= 256 and len(f["Description"]) <= 1024
        assert f["Compliance"]["Status"] in ("PASSED", "FAILED", "WARNING", "NOT_AVAILABLE")
        assert f["Remediation"]["Recommendation"]["Text"] and len(f["Remediation"]["Recommendation"]["Text"]) <= 512
        for resource in f["Resources"]:
            assert resource["Type"] and resource["Id"]
            assert resource["Partition"] in ("aws", "aws-cn", "aws-us-gov")
            assert resource["Region"] in ("eu-west-1", "us-east-1")


def test_ids_are_the_finding_ids():
    document = samples.sample_document()
    assert [f["Id"] for f in every(render(document))] == [f["finding_id"] for f in document["findings"]]
    assert [f["Id"] for f in every(render(document))] == [f["Id"] for f in every(render(samples.sample_document()))]


@pytest.mark.parametrize(
    ("status", "severity", "label", "compliance"),
    [
        ("FAIL", "critical", "CRITICAL", "FAILED"),
        ("FAIL", "high", "HIGH", "FAILED"),
        ("ERROR", "medium", "MEDIUM", "NOT_AVAILABLE"),
        ("WAIVED", "low", "LOW", "WARNING"),
        ("FAIL", "info", "INFORMATIONAL", "FAILED"),
        ("PASS", "critical", "INFORMATIONAL", "PASSED"),
        ("NOT_APPLICABLE", "high", "INFORMATIONAL", "NOT_AVAILABLE"),
    ],
)
def test_severity_label_and_compliance_status(status, severity, label, compliance):
    finding = _findings.new_finding("ROOT.MFA", {"account_id": samples.PROD, "partition": "aws"}, status, "m")
    finding["severity"] = severity
    asff = _report_asff.asff_finding(finding, samples.GENERATED_AT)
    assert asff["Severity"] == {"Label": label, "Original": severity}
    assert asff["Compliance"]["Status"] == compliance


def test_batches_of_at_most_100_one_account_each():
    many = []
    for account in ("123456789012", "210987654321"):
        for i in range(130):
            many.append(
                _findings.new_finding(
                    "USER.NO_GROUP",
                    {"account_id": account, "partition": "aws"},
                    "FAIL",
                    "m",
                    resource_id="u%d" % i,
                    resource_arn="arn:aws:iam::%s:user/u%d" % (account, i),
                )
            )
    batches = render(_report_document.build(many, generated_at=samples.GENERATED_AT))
    assert [len(b["Findings"]) for b in batches] == [100, 30, 100, 30]
    for batch in batches:
        assert set(batch) == {"Findings"}  # the request body, nothing else
        assert len({f["AwsAccountId"] for f in batch["Findings"]}) == 1


def test_content():
    findings = {(f["AwsAccountId"], f["GeneratorId"]): f for f in every(render())}
    root = findings[(samples.PROD, "baseline.iam/ROOT.MFA")]
    assert root["Title"] == "ROOT.MFA: The root user has MFA enabled"
    assert root["Resources"] == [
        {"Type": "AwsAccount", "Id": "arn:aws:iam::%s:root" % samples.PROD, "Partition": "aws", "Region": "eu-west-1"}
    ]
    assert "CIS AWS Foundations Benchmark v3.0.0/1.5" in root["Compliance"]["RelatedRequirements"]
    assert any("CIS AWS Foundations Benchmark" in t for t in root["Types"])
    assert root["Remediation"]["Recommendation"]["Text"].startswith("Sign in as the root user")
    analyzer = findings[(samples.PROD, "baseline.iam/ACCT.ACCESS_ANALYZER")]
    assert analyzer["Resources"][0]["Region"] == "us-east-1"  # the finding's own region
    waived = findings[(samples.PROD, "baseline.iam/USER.DIRECT_POLICY")]
    assert waived["ProductFields"]["baseline.iam/WaiverReason"] == samples.WAIVER["reason"]
    assert waived["ProductFields"]["baseline.iam/Status"] == "WAIVED"
    key = findings[(samples.PROD, "baseline.iam/USER.KEY_AGE")]
    assert key["Resources"][0]["Type"] == "AwsIamAccessKey"
    assert "\n" not in key["Description"] and "Expected: <= 90 days." in key["Description"]


def test_long_texts_are_cut_to_the_asff_limits():
    finding = _findings.new_finding("ROOT.MFA", {"account_id": samples.PROD, "partition": "aws"}, "FAIL", "x" * 5000)
    finding["title"] = "t" * 400
    finding["remediation"] = "r" * 900
    asff = _report_asff.asff_finding(finding, samples.GENERATED_AT)
    assert len(asff["Title"]) == 256 and len(asff["Description"]) == 1024
    assert len(asff["Remediation"]["Recommendation"]["Text"]) == 512
    assert asff["Description"].endswith("\u2026")


def test_unknown_resource_types_are_other_and_partition_follows_the_arn():
    finding = _findings.new_finding(
        "ACCT.EXPIRED_CERTS",
        {"account_id": samples.PROD, "partition": "aws-us-gov"},
        "FAIL",
        "expired",
        resource_id="old-cert",
        resource_arn="arn:aws-us-gov:iam::%s:server-certificate/old-cert" % samples.PROD,
    )
    asff = _report_asff.asff_finding(finding, samples.GENERATED_AT, "us-gov-west-1")
    assert asff["Resources"][0]["Type"] == "Other"
    assert asff["Resources"][0]["Partition"] == "aws-us-gov"
    assert asff["ProductArn"].startswith("arn:aws-us-gov:securityhub:us-gov-west-1:")


def test_findings_of_a_non_account_id_are_left_out():
    finding = _findings.new_finding("ACCT.ACCESS", {"account_id": "inventory-host", "partition": "aws"}, "ERROR", "no session")
    assert render(_report_document.build([finding], generated_at=samples.GENERATED_AT)) == []
