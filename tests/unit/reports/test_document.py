"""The findings.json document: its JSON Schema, summary, order, accounts, and what it refuses."""

import copy
import json

import jsonschema
import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.version import COLLECTION_VERSION
from ansible_collections.baseline.iam.plugins.module_utils._reports import document as doc
from tests.support import report_samples as samples
from tests.support.playbook import REPO

SCHEMA = json.loads((REPO / "docs" / "schemas" / "findings.schema.json").read_text())


def schema_errors(document):
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    # Through JSON, as the file is written and read.
    return [e.message for e in validator.iter_errors(json.loads(json.dumps(document)))]


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_sample_document_matches_the_schema():
    document = samples.sample_document()
    assert schema_errors(document) == []
    assert document["schema_version"] == doc.SCHEMA_VERSION
    assert document["generated_at"] == samples.GENERATED_AT
    assert document["collection_version"] == COLLECTION_VERSION


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d.pop("summary"),
        lambda d: d.update(schema_version=2),
        lambda d: d["findings"][0].update(status="OK"),
        lambda d: d["findings"][0].update(severity="severe"),
        lambda d: d["findings"][0].pop("remediation"),
        lambda d: d["findings"][0].update(finding_id="not-hex"),
        lambda d: d["accounts"][0].update(status="maybe"),
        lambda d: d["summary"]["by_status"].pop("PASS"),
        lambda d: d.update(generated_at="yesterday"),
    ],
)
def test_schema_rejects_a_broken_document(breakage):
    document = samples.sample_document()
    breakage(document)
    assert schema_errors(document) != []


def test_summary_counts():
    summary = samples.sample_document()["summary"]
    assert summary["total"] == 27
    assert summary["by_status"] == {"PASS": 7, "FAIL": 13, "ERROR": 3, "WAIVED": 2, "NOT_APPLICABLE": 2}
    # by_severity counts FAIL and ERROR only.
    assert summary["by_severity"] == {"critical": 2, "high": 3, "medium": 6, "low": 4, "info": 1}
    assert summary["accounts"] == 4
    assert summary["by_account"][samples.LOCKED]["by_status"]["ERROR"] == 1
    assert sum(a["total"] for a in summary["by_account"].values()) == summary["total"]


def test_findings_sorted_by_account_then_catalog_order():
    findings = samples.sample_document()["findings"]
    accounts = [f["account_id"] for f in findings]
    assert accounts == sorted(accounts)
    prod = [f["control_id"] for f in findings if f["account_id"] == samples.PROD]
    assert prod.index("PP.MISSING") < prod.index("ROOT.MFA") < prod.index("USER.CONSOLE_NO_MFA") < prod.index("ACCT.ACCESS_ANALYZER")


def test_build_is_deterministic_and_does_not_touch_its_input():
    findings = samples.sample_findings()
    before = copy.deepcopy(findings)
    shuffled = list(reversed(findings))
    a = doc.build(findings, samples.sample_accounts(), samples.GENERATED_AT)
    b = doc.build(shuffled, list(reversed(samples.sample_accounts())), samples.GENERATED_AT)
    assert a == b
    assert findings == before
    a["findings"][0]["status"] = "PASS"
    assert findings == before


def test_accounts_united_audited_wins_and_finding_only_accounts_added():
    findings = [f for f in samples.sample_findings() if f["account_id"] == samples.PROD]
    accounts = [doc.new_account(samples.PROD, "prod", "not_audited"), doc.new_account(samples.PROD, None, "audited")]
    document = doc.build(findings + [samples.locked_finding()], accounts, samples.GENERATED_AT)
    assert document["accounts"] == [
        {"account_id": samples.PROD, "name": "prod", "status": "audited"},
        {"account_id": samples.LOCKED, "name": None, "status": "audited"},
    ]


def test_generated_at_defaults_to_now_in_utc():
    generated = doc.build([])["generated_at"]
    assert generated.endswith("Z") and len(generated) == len("2026-11-27T12:00:00Z")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda f: f.pop("status"), "missing status"),
        (lambda f: f.update(status="pass"), "status 'pass'"),
        (lambda f: f.update(severity="urgent"), "severity 'urgent'"),
        (lambda f: f.update(account_id=""), "account_id must be a non-empty string"),
    ],
)
def test_build_names_the_broken_finding(change, words):
    findings = samples.sample_findings()
    change(findings[3])
    with pytest.raises(doc.ReportError, match=r"findings\[3\]") as caught:
        doc.build(findings)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("text", "not a findings document"),
        ({"findings": []}, "missing schema_version, accounts"),
        ({"schema_version": 99, "accounts": [], "findings": []}, "schema_version 99"),
        ({"schema_version": 1, "accounts": [{}], "findings": []}, "accounts[0] needs an account_id"),
        ({"schema_version": 1, "accounts": [], "findings": {}}, "findings must be a list"),
    ],
)
def test_validate_refuses_what_it_cannot_read(value, words):
    with pytest.raises(doc.ReportError, match=r"slice\.json") as caught:
        doc.validate(value, "slice.json")
    assert words in str(caught.value)


def test_as_document_accepts_a_plain_list():
    document = doc.as_document(samples.sample_findings(), samples.GENERATED_AT)
    assert document["summary"]["total"] == 26
    assert {a["status"] for a in document["accounts"]} == {"audited"}


def test_account_names_include_accounts_only_findings_name():
    document = samples.sample_document()
    document["accounts"] = document["accounts"][:1]
    assert list(doc.account_names(document)) == [samples.PROD, samples.DEV, samples.SANDBOX, samples.LOCKED]
    assert doc.account_names(document)[samples.PROD] == "prod"


def test_as_document_recomputes_a_stale_summary_and_fills_what_is_missing():
    document = samples.sample_document()
    document["summary"] = {"total": 0}
    del document["generated_at"]
    fixed = doc.as_document(document, samples.GENERATED_AT)
    assert fixed["summary"] == samples.sample_document()["summary"]
    assert fixed["generated_at"] == samples.GENERATED_AT
    assert schema_errors(fixed) == []


def test_accounts_without_an_id_are_refused():
    with pytest.raises(doc.ReportError, match=r"accounts\[1\] needs an account_id"):
        doc.build([], [doc.new_account(samples.PROD), {"name": "x"}])
