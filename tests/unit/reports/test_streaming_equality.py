"""The reports stay what they were: findings.json, junit.xml, findings.sarif, asff.json and
report.md rendered today equal, byte for byte, the files the whole-document renderers of commit
304be4e wrote for the same findings (tests/unit/data/reports; the large case as sha256 digests) —
both through the filters' whole-document way in and written account by account from a run in a
results store, with the previous run read from the same store. From the store, findings.json also
ends with the run's `run` member, checked here byte for byte too.

The catalog and the collection version are pinned to those of that commit, so a later change to
a control's title or to the version does not read as a renderer change."""

import hashlib
import json
import textwrap
from pathlib import Path

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._core.version import COLLECTION_VERSION
from ansible_collections.baseline.iam.plugins.module_utils._reports import files as _report_files
from ansible_collections.baseline.iam.plugins.module_utils._results.report import report
from tests.support import report_samples as samples
from tests.support.results import local_store, store_document

DATA = Path(__file__).resolve().parents[1] / "data" / "reports"
FORMATS = ("findings.json", "junit.xml", "findings.sarif", "asff.json", "report.md")
PLACEHOLDER = "@@VERSION@@"
CASES = {
    "sample": (samples.sample_document, None, "high", "us-east-1"),
    "sample-previous": (samples.sample_document, samples.previous_document, "medium", "eu-west-1"),
    "many-previous": (samples.many_document, samples.many_previous_document, "low", "us-east-1"),
}


@pytest.fixture(autouse=True)
def pinned_catalog(monkeypatch):
    """The catalog of commit 304be4e (titles, remediation, references and order of the controls)."""
    controls = tuple(json.loads((DATA / "catalog.json").read_text()))
    monkeypatch.setattr(_catalog, "CONTROLS", controls)
    monkeypatch.setattr(_catalog, "BY_ID", {c["id"]: c for c in controls})


def normalized(text):
    """The collection version as the placeholder the reference files carry."""
    return text.replace('"%s"' % COLLECTION_VERSION, '"%s"' % PLACEHOLDER).replace(
        "baseline.iam %s;" % COLLECTION_VERSION, "baseline.iam %s;" % PLACEHOLDER
    )


def render_with_documents(case):
    make, previous, fail_on, region = CASES[case]
    output = _report_files.render_all(make(), previous() if previous else None, fail_on, region)
    return {name: output["files"][name] for name in FORMATS}, output["verdict"]


def expected(case):
    """{file name: text or sha256}, verdict."""
    if (DATA / case).is_dir():
        files = {name: (DATA / case / name).read_text(encoding="utf-8") for name in FORMATS}
        return files, json.loads((DATA / case / "verdict.json").read_text())
    digests = json.loads((DATA / ("%s.json" % case)).read_text())
    return {name: digests[name] for name in FORMATS}, digests["verdict.json"]


def assert_same(case, files, verdict):
    want, want_verdict = expected(case)
    for name in FORMATS:
        text = normalized(files[name])
        if len(want[name]) == 64 and "\n" not in want[name]:
            assert hashlib.sha256(text.encode("utf-8")).hexdigest() == want[name], "%s: %s differs" % (case, name)
        else:
            assert text == want[name], "%s: %s differs" % (case, name)
    assert verdict == want_verdict


@pytest.mark.parametrize("case", sorted(CASES))
def test_document_renderers_write_todays_files(case):
    files, verdict = render_with_documents(case)
    assert_same(case, files, verdict)


def render_from_the_store(case, tmp_path):
    make, previous, fail_on, region = CASES[case]
    store = local_store(tmp_path / "results")
    compare_with = "none"
    if previous:
        earlier = previous()
        store_document(store, "run-before", earlier, "2026-11-20T11:00:00Z", earlier["generated_at"])
        compare_with = "previous"
    store_document(store, "run-now", make(), samples.EVIDENCE, samples.GENERATED_AT)
    out = tmp_path / "reports"
    result = report(store, "", out, samples.GENERATED_AT, fail_on, region, {"compare_with": compare_with})
    assert result["run_id"] == "run-now" and result["previous_run_id"] == ("run-before" if previous else None)
    files = {name: (out / name).read_text(encoding="utf-8") for name in FORMATS}
    return files, result["verdict"], result["run"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_reports_written_from_the_store_are_todays_files(case, tmp_path):
    files, verdict, run = render_from_the_store(case, tmp_path)
    run_member = ',\n  "run": ' + textwrap.indent(json.dumps(run, indent=2, ensure_ascii=False), "  ").lstrip() + "\n}\n"
    assert files["findings.json"].endswith(run_member)
    files["findings.json"] = files["findings.json"][: -len(run_member)] + "\n}\n"
    assert run["complete"] is True and run["problems"] == []
    assert_same(case, files, verdict)
