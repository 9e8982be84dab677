"""The pieces of the streaming reports: the JSON list writer, the shortlist of the most urgent
findings, the verdict of an incomplete run, and report.html with one page per account."""

import io
import json
from html.parser import HTMLParser

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._reports import html as _report_html
from ansible_collections.baseline.iam.plugins.module_utils._reports import jsonstream as _jsonstream
from ansible_collections.baseline.iam.plugins.module_utils._reports import summary as _summary
from ansible_collections.baseline.iam.plugins.module_utils._reports import verdict as _verdict
from ansible_collections.baseline.iam.plugins.module_utils._reports.source import DocumentSource
from ansible_collections.baseline.iam.plugins.module_utils._reports.stream import write
from ansible_collections.baseline.iam.plugins.module_utils._reports.text import by_urgency
from tests.support import report_samples as samples


@pytest.mark.parametrize(
    ("document", "items"),
    [
        ({"a": 1, "list": _jsonstream.MARKER, "z": {"b": [1, 2]}}, [{"x": [1, {"y": "ü"}]}, 3, "s", None]),
        ({"list": _jsonstream.MARKER}, []),
        (_jsonstream.MARKER, [{"Findings": [{"Id": "1"}]}, {"Findings": []}]),
        ({"runs": [{"results": _jsonstream.MARKER, "after": True}]}, [{"k": {"n": None}}]),
    ],
)
def test_a_streamed_list_is_what_json_dumps_writes(document, items):
    out = io.StringIO()
    with _jsonstream.ListWriter(out, document) as writer:
        for item in items:
            writer.add(item)

    def filled(value):
        if value == _jsonstream.MARKER:
            return items
        if isinstance(value, dict):
            return {k: filled(v) for k, v in value.items()}
        return [filled(v) for v in value] if isinstance(value, list) else value

    assert out.getvalue() == json.dumps(filled(document), indent=2, ensure_ascii=False)


def test_a_document_without_a_place_for_the_list_is_refused():
    with pytest.raises(ValueError, match="no place for the list"):
        _jsonstream.ListWriter(io.StringIO(), {"a": 1})


def test_the_shortlist_keeps_the_most_urgent_in_order_and_counts_all():
    findings = samples.sample_document()["findings"]
    shortlist = _summary.Shortlist(5)
    for seq, finding in enumerate(reversed(findings)):
        shortlist.add(finding, seq)
    assert shortlist.total == len(findings)
    assert [f["finding_id"] for f in shortlist.findings] == [f["finding_id"] for f in sorted(findings, key=by_urgency)[:5]]


def summary_of(document, problems=()):
    return _summary.collect(DocumentSource(document), problems=problems)


def test_an_incomplete_run_fails_whatever_the_threshold_and_says_why():
    sandbox = [f for f in samples.sample_findings() if f["account_id"] == samples.SANDBOX]  # PASS, WAIVED, N/A only
    from ansible_collections.baseline.iam.plugins.module_utils._reports import document as _document

    document = _document.build(sandbox, generated_at=samples.GENERATED_AT)
    assert _verdict.decide(summary_of(document), "info")["failed"] is False
    decision = _verdict.decide(summary_of(document, ["slice 3 of 4 did not report"]), "critical")
    assert decision["failed"] is True and decision["reason"] == "incomplete"
    assert decision["problems"] == ["slice 3 of 4 did not report"]
    assert decision["message"].startswith("Drift check INCOMPLETE: slice 3 of 4 did not report; no FAIL/ERROR at or above critical")
    blocking = _verdict.decide(summary_of(samples.sample_document(), ["x"]), "high")
    assert blocking["reason"] == "incomplete" and "5 FAIL/ERROR at or above high" in blocking["message"]


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(text):
    parser = Tags()
    parser.feed(text)
    return parser.tags


def test_over_the_limit_every_account_gets_a_page_linked_from_the_matrix():
    document = samples.sample_document()
    source = DocumentSource(document)
    summary = _summary.collect(source)
    pages = {}

    class Page(io.StringIO):
        def __init__(self, name):
            super().__init__()
            self.name = name

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            pages[self.name] = self.getvalue()

    out = io.StringIO()
    write([_report_html.HtmlWriter(out, summary, "high", Page, paged_over=3)], source, summary)
    main = out.getvalue()
    names = ["report-accounts/%s.html" % a for a in (samples.PROD, samples.DEV, samples.SANDBOX, samples.LOCKED)]
    assert sorted(pages) == sorted(names)
    links = {a["href"] for t, a in tags(main) if t == "a"}
    assert set(names) <= links
    assert 'class="finding"' not in main and 'class="matrix paged"' in main  # findings live on the account pages
    assert main.count("<script>") == 1 and _report_html.content_security_policy() in main
    prod = pages["report-accounts/%s.html" % samples.PROD]
    rows = [a for t, a in tags(prod) if t == "tr" and a.get("class") == "finding"]
    listed = sorted(
        (f for f in document["findings"] if f["account_id"] == samples.PROD and f["status"] in ("FAIL", "ERROR", "WAIVED")), key=by_urgency
    )
    assert [r["id"] for r in rows] == ["f-" + f["finding_id"] for f in listed]
    assert {a.get("href") for t, a in tags(prod) if t == "a"} == {"../report.html"}
    assert _report_html.content_security_policy() in prod and samples.XSS_USER not in prod  # escaped
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in prod


def test_under_the_limit_one_page_holds_everything():
    document = samples.sample_document()
    source = DocumentSource(document)
    summary = _summary.collect(source)
    out = io.StringIO()
    write([_report_html.HtmlWriter(out, summary, "high", lambda name: pytest.fail("no page expected"), paged_over=4)], source, summary)
    assert out.getvalue() == _report_html.render(document)
