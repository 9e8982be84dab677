"""findings.sarif validated against the official SARIF 2.1.0 JSON schema (offline copy in
tests/unit/data/sarif), and its rules, results, fingerprints and severities."""

import copy
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._reports import document as _report_document
from ansible_collections.baseline.iam.plugins.module_utils._reports import sarif as _report_sarif
from tests.support import report_samples as samples

SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text())


def render(document=None):
    return json.loads(json.dumps(_report_sarif.render(document or samples.sample_document())))


def schema_errors(log):
    validator = jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    return ["%s: %s" % (list(e.absolute_path), e.message) for e in validator.iter_errors(log)]


def test_the_schema_is_the_official_one():
    assert SCHEMA["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    assert SCHEMA["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")


def test_valid_sarif_2_1_0():
    log = render()
    assert schema_errors(log) == []
    assert log["version"] == "2.1.0"


@pytest.mark.parametrize(
    "breakage",
    [
        lambda log: log.update(version="2.0.0"),
        lambda log: log["runs"][0]["results"][0].update(level="fatal"),
        lambda log: log["runs"][0]["tool"]["driver"].pop("name"),
        lambda log: log["runs"][0]["results"][0].update(kind="broken"),
    ],
)
def test_the_validation_can_fail(breakage):
    log = render()
    breakage(log)
    assert schema_errors(log) != []


def test_one_rule_per_control_with_security_severity():
    log = render()
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    document = samples.sample_document()
    assert [r["id"] for r in rules] == sorted(
        {f["control_id"] for f in document["findings"]}, key=lambda c: _catalog.CONTROLS.index(_catalog.get(c))
    )
    by_id = {r["id"]: r for r in rules}
    expected = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}
    for rule in rules:
        assert rule["properties"]["security-severity"] == expected[_catalog.get(rule["id"])["severity"]]
    assert by_id["ROOT.MFA"]["defaultConfiguration"]["level"] == "error"
    assert by_id["PP.MIN_LENGTH"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["USER.FEDERATION"]["defaultConfiguration"]["level"] == "note"
    assert by_id["PP.MIN_LENGTH"]["name"] == "PpMinLength"
    help_text = by_id["PP.MIN_LENGTH"]["help"]["text"]
    assert "Remediation: Apply the baseline with role baseline.iam.password_policy" in help_text
    assert "CIS v3 1.8" in help_text and "FSBP IAM.15" in help_text


def test_a_regraded_control_takes_the_severity_of_its_findings():
    document = samples.sample_document()
    for f in document["findings"]:
        if f["control_id"] == "PP.MIN_LENGTH":
            f["severity"] = "critical"
    rules = {r["id"]: r for r in render(document)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["PP.MIN_LENGTH"]["properties"]["security-severity"] == "9.5"


def test_results_for_what_needs_attention():
    document = samples.sample_document()
    results = render(document)["runs"][0]["results"]
    reported = [f for f in document["findings"] if f["status"] in ("FAIL", "ERROR", "WAIVED")]
    assert len(results) == len(reported) == 18
    rules = render(document)["runs"][0]["tool"]["driver"]["rules"]
    for result, finding in zip(results, reported, strict=True):
        assert result["ruleId"] == finding["control_id"] == rules[result["ruleIndex"]]["id"]
        assert result["partialFingerprints"] == {"findingId/v1": finding["finding_id"]}
        assert result["properties"]["status"] == finding["status"]
    suppressed = [r for r in results if r.get("suppressions")]
    assert [r["properties"]["status"] for r in suppressed] == ["WAIVED", "WAIVED"]
    assert suppressed[0]["suppressions"][0]["justification"] == "%s (until 2027-01-31)" % samples.WAIVER["reason"]
    error = next(r for r in results if r["ruleId"] == "ACCT.CLOUDTRAIL")
    assert error["level"] == "error" and error["message"]["text"].startswith("Could not evaluate (ERROR)")


def test_fingerprints_are_stable_across_runs():
    first = render()["runs"][0]["results"]
    later = copy.deepcopy(samples.sample_document())
    later["generated_at"] = "2026-12-01T00:00:00Z"
    again = render(later)["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in again]


def test_synthetic_artifact_uri():
    results = render()["runs"][0]["results"]
    by_rule = {(r["ruleId"], r["properties"]["account_id"]): r for r in results}
    location = by_rule[("ROOT.MFA", samples.PROD)]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "aws/%s/AwsAccount/%s" % (samples.PROD, samples.PROD)
    user = by_rule[("USER.CONSOLE_NO_MFA", samples.PROD)]["locations"][0]
    uri = user["physicalLocation"]["artifactLocation"]["uri"]
    # Percent-encoded: a valid URI reference whose last segment decodes to the user name.
    assert urlsplit(uri).path == uri and " " not in uri and "<" not in uri
    assert [unquote(p) for p in uri.split("/")] == ["aws", samples.PROD, "AwsIamUser", samples.XSS_USER]
    assert user["logicalLocations"][0]["fullyQualifiedName"] == "arn:aws:iam::%s:user/%s" % (samples.PROD, samples.XSS_USER)


def test_empty_document_is_valid_sarif_without_results():
    log = render(_report_document.build([], [], samples.GENERATED_AT))
    assert schema_errors(log) == []
    assert log["runs"][0]["results"] == []
