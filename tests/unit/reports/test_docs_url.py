"""iam_baseline_docs_url: the only link findings.sarif and asff.json carry to the controls' docs.
Without it they carry none (they used to name a repository that does not exist)."""

import json

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.baseline.iam.plugins.filter import report as _filters
from ansible_collections.baseline.iam.plugins.module_utils._reports import asff as _report_asff
from ansible_collections.baseline.iam.plugins.module_utils._reports import files as _report_files
from ansible_collections.baseline.iam.plugins.module_utils._reports import sarif as _report_sarif
from tests.support import report_samples as samples
from tests.unit.reports.test_sarif import schema_errors

DOCS = "https://docs.example.com/baseline.iam/docsite/controls.html"


def recommendations(batches):
    return [f["Remediation"]["Recommendation"] for batch in batches for f in batch["Findings"]]


def test_without_a_docs_url_nothing_links_anywhere():
    document = samples.sample_document()
    files = _report_files.render_all(document)["files"]
    assert "http" not in files["asff.json"].replace("https://json.schemastore.org", "")
    sarif = json.loads(files["findings.sarif"])
    assert "informationUri" not in sarif["runs"][0]["tool"]["driver"]
    assert all("helpUri" not in rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"])
    assert schema_errors(sarif) == []
    assert all(set(r) == {"Text"} for r in recommendations(json.loads(files["asff.json"])))


def test_the_docs_url_is_the_link_of_every_rule_and_finding():
    document = samples.sample_document()
    sarif = json.loads(json.dumps(_report_sarif.render(document, DOCS)))
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == DOCS
    assert {rule["helpUri"] for rule in driver["rules"]} == {DOCS}
    assert schema_errors(sarif) == []
    found = recommendations(_report_asff.render(document, "us-east-1", DOCS))
    assert found and {r["Url"] for r in found} == {DOCS}
    assert all(r["Text"] for r in found)


def test_the_one_pass_filter_carries_it():
    document = samples.sample_document()
    files = _filters.findings_reports(document, docs_url=DOCS)["files"]
    assert json.loads(files["findings.sarif"])["runs"][0]["tool"]["driver"]["informationUri"] == DOCS
    assert {r["Url"] for r in recommendations(json.loads(files["asff.json"]))} == {DOCS}


@pytest.mark.parametrize("bad", ["docs.example.com/controls", "ftp://docs.example.com/x", "javascript:alert(1)", "https://"])
def test_anything_but_an_http_url_is_refused(bad):
    document = samples.sample_document()
    for call in (
        lambda: _filters.findings_reports(document, docs_url=bad),
        lambda: _filters.findings_sarif(document, docs_url=bad),
        lambda: _filters.findings_asff(document, docs_url=bad),
    ):
        with pytest.raises(AnsibleFilterError, match="iam_baseline_docs_url must be an http"):
            call()


@pytest.mark.parametrize("empty", [None, ""])
def test_empty_means_no_link(empty):
    sarif = _filters.findings_sarif(samples.sample_document(), docs_url=empty)
    assert "informationUri" not in sarif["runs"][0]["tool"]["driver"]
