"""The six files in one pass: the same text the renderers give one by one."""

import json

from ansible_collections.baseline.iam.plugins.module_utils._reports import asff as _report_asff
from ansible_collections.baseline.iam.plugins.module_utils._reports import files as _report_files
from ansible_collections.baseline.iam.plugins.module_utils._reports import html as _report_html
from ansible_collections.baseline.iam.plugins.module_utils._reports import junit as _report_junit
from ansible_collections.baseline.iam.plugins.module_utils._reports import markdown as _report_markdown
from ansible_collections.baseline.iam.plugins.module_utils._reports import sarif as _report_sarif
from ansible_collections.baseline.iam.plugins.module_utils._reports import verdict as _report_verdict
from tests.support import report_samples as samples


def test_render_all_equals_the_renderers():
    document, previous = samples.sample_document(), samples.previous_document()
    output = _report_files.render_all(document, previous, "medium", "eu-west-1")
    files = output["files"]
    assert tuple(files) == _report_files.FILE_NAMES
    assert json.loads(files["findings.json"]) == document
    assert files["junit.xml"] == _report_junit.render(document)
    assert json.loads(files["findings.sarif"]) == _report_sarif.render(document)
    assert json.loads(files["asff.json"]) == _report_asff.render(document, "eu-west-1")
    assert files["report.md"] == _report_markdown.render(document, previous, "medium")
    assert files["report.html"] == _report_html.render(document, previous, "medium")
    assert output["verdict"] == _report_verdict.verdict(document, "medium")
    assert all(text.endswith("\n") for text in files.values())


def test_json_files_are_readable_utf8():
    files = _report_files.render_all(samples.sample_document())["files"]
    assert samples.UNICODE_USER in files["findings.json"]  # not \\u escapes
    assert files["findings.json"].startswith('{\n  "schema_version": 1,')
