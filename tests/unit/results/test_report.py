"""Reports of runs in a (local) results store: which run, which previous run, what an incomplete
run looks like, and the deprecated findings.json inputs."""

import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._results.errors import ResultsError
from ansible_collections.baseline.iam.plugins.module_utils._results.report import import_document, report
from tests.support import report_samples as samples
from tests.support.results import local_store, store_document

T = samples.GENERATED_AT


@pytest.fixture()
def store(tmp_path):
    return local_store(tmp_path / "results")


def run_report(store, tmp_path, run_id="", **options):
    options.setdefault("compare_with", "previous")
    return report(store, run_id, tmp_path / "out", T, "high", "us-east-1", options)


def document(tmp_path):
    return json.loads((tmp_path / "out" / "findings.json").read_text())


def test_the_latest_complete_run_by_default_and_errors_naming_the_run_id(store, tmp_path):
    with pytest.raises(ResultsError) as error:
        run_report(store, tmp_path)
    assert error.value.field == "iam_baseline_run_id" and "no complete run in" in str(error.value)
    store_document(store, "old", samples.previous_document(), "2026-11-20T11:00:00Z", "2026-11-20T12:00:00Z")
    store_document(store, "new", samples.sample_document(), "2026-11-27T11:00:00Z", T)
    store_document(store, "unfinished", samples.sample_document(), "2026-11-28T11:00:00Z")
    result = run_report(store, tmp_path)
    assert (result["run_id"], result["previous_run_id"]) == ("new", "old")
    assert "### Changes since 2026-11-20T12:00:00Z" in (tmp_path / "out" / "report.md").read_text()
    with pytest.raises(ResultsError, match="run nope is not in"):
        run_report(store, tmp_path, "nope")
    with pytest.raises(ResultsError, match="is not a run id"):
        run_report(store, tmp_path, "../new")


def test_compare_with_a_named_run_or_none(store, tmp_path):
    store_document(store, "old", samples.previous_document(), "2026-11-20T11:00:00Z", "2026-11-20T12:00:00Z")
    store_document(store, "new", samples.sample_document(), "2026-11-27T11:00:00Z", T)
    assert run_report(store, tmp_path, "old", compare_with="new")["previous_run_id"] == "new"
    assert run_report(store, tmp_path, "new", compare_with="none")["previous_run_id"] is None
    assert "Changes since" not in (tmp_path / "out" / "report.md").read_text()
    # The previous run of the oldest run: none finished before it started.
    assert run_report(store, tmp_path, "old")["previous_run_id"] is None


def test_an_unfinished_run_named_explicitly_is_reported_as_incomplete(store, tmp_path):
    store_document(store, "cut", samples.sample_document(), "2026-11-27T11:00:00Z")
    result = run_report(store, tmp_path, "cut")
    assert result["verdict"]["reason"] == "incomplete" and result["run"]["complete"] is False
    assert document(tmp_path)["run"]["problems"] == ["the run did not finish (started 2026-11-27T11:00:00Z)"]


def test_inventory_accounts_without_results_are_errors_of_their_own(store, tmp_path):
    store_document(store, "r", samples.sample_document(), "2026-11-27T11:00:00Z", T)
    expected = {samples.PROD: "prod", "555555555555": "forgotten"}
    result = run_report(store, tmp_path, "r", expected=expected)
    assert result["verdict"]["reason"] == "incomplete"
    written = document(tmp_path)
    (lost,) = [f for f in written["findings"] if f["account_id"] == "555555555555"]
    assert (lost["control_id"], lost["status"], lost["actual"]) == ("ACCT.ACCESS", "ERROR", "NotReported")
    assert {"account_id": "555555555555", "name": "forgotten", "status": "not_audited"} in written["accounts"]
    assert written["run"]["problems"] == ["1 account(s) of the inventory were not reported by any slice: 555555555555"]


def test_the_report_of_one_slice_holds_its_accounts_only(store, tmp_path):
    whole = samples.sample_document()
    one = {"key": "1-of-2", "number": 1, "count": 2}
    store_document(store, "r", whole, "2026-11-27T11:00:00Z", T, one, accounts={samples.PROD, samples.DEV})
    result = run_report(store, tmp_path, "r", slice="1-of-2", slice_count=2)
    assert result["run"]["complete"] is True  # the other slice is not this report's business
    assert [a["account_id"] for a in document(tmp_path)["accounts"]] == [samples.PROD, samples.DEV]
    whole_run = run_report(store, tmp_path, "r", slice_count=2)
    assert whole_run["run"]["problems"] == ["slice 2 of 2 did not report"]
    with pytest.raises(ResultsError, match="run r has no slice 9-of-9"):
        run_report(store, tmp_path, "r", slice="9-of-9")


def test_nothing_audited_writes_nothing(store, tmp_path):
    store_document(store, "empty", {"findings": [], "accounts": []}, "2026-11-27T11:00:00Z", T)
    result = run_report(store, tmp_path, "empty")
    assert result["verdict"]["reason"] == "nothing_audited" and result["files"] == []
    assert not (tmp_path / "out").exists()


def test_merging_findings_documents_keeps_the_later_evidence(store, tmp_path):
    whole = samples.sample_document()
    store_document(store, "r", whole, "2026-11-27T11:00:00Z", T, accounts={samples.PROD})
    later = json.loads(json.dumps(whole))
    for finding in later["findings"]:
        if finding["account_id"] == samples.PROD and finding["control_id"] == "ROOT.MFA":
            finding.update(status="PASS", evidence_time="2026-11-27T11:59:59Z")
    assert sorted(import_document(store, "r", later, T)) == sorted(a["account_id"] for a in whole["accounts"])
    with store.account("r", samples.PROD) as (_head, findings):
        statuses = {f["control_id"]: f["status"] for f in findings}
    assert statuses["ROOT.MFA"] == "PASS"  # later evidence wins, as in findings_merge
    assert statuses["PP.MIN_LENGTH"] == "FAIL"


def test_docs_url_links_sarif_and_asff_written_from_the_store_as_the_document_renderers_do(store, tmp_path):
    """iam_baseline_docs_url (merged from issue 17's part) reaches the reports written from the store."""
    from ansible_collections.baseline.iam.plugins.module_utils._reports import files as _report_files

    url = "https://docs.example.org/baseline/controls.html"
    store_document(store, "run-now", samples.sample_document(), samples.EVIDENCE, T)
    run_report(store, tmp_path, compare_with="none", docs_url=url)
    sarif = json.loads((tmp_path / "out" / "findings.sarif").read_text())
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == url and {r["helpUri"] for r in driver["rules"]} == {url}
    asff = json.loads((tmp_path / "out" / "asff.json").read_text())
    assert {f["Remediation"]["Recommendation"]["Url"] for batch in asff for f in batch["Findings"]} == {url}
    whole = _report_files.render_all(samples.sample_document(), None, "high", "us-east-1", url)["files"]
    for name in ("findings.sarif", "asff.json"):
        assert (tmp_path / "out" / name).read_text() == whole[name], name
