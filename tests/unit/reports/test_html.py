"""report.html without a browser: self-contained, escaped, complete (the browser test runs it)."""

import re
from html.parser import HTMLParser

from ansible_collections.baseline.iam.plugins.module_utils._reports import document as _report_document
from ansible_collections.baseline.iam.plugins.module_utils._reports import html as _report_html
from ansible_collections.baseline.iam.plugins.module_utils._reports.text import by_urgency
from tests.support import report_samples as samples


class Collector(HTMLParser):
    """Tags, attributes and text of a page, as a browser's parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(text):
    collector = Collector()
    collector.feed(text)
    return collector


def render(previous=None):
    return _report_html.render(samples.sample_document(), previous)


def test_self_contained_no_network():
    text = render()
    page = parse(text)
    tags = [t for t, _a in page.tags]
    assert tags.count("script") == 1 and tags.count("style") == 1
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        if tag == "link":
            assert attrs["href"] == "data:,", attrs
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)  # no inline handlers
    assert not re.search(r"https?://", text.split("<body>")[0])  # nothing fetched from the head
    (csp,) = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp.startswith("default-src 'none';") and "unsafe-inline" not in csp


def test_csp_hashes_match_the_inline_style_and_script():
    text = render()
    style = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", text, re.S).group(1)
    assert _report_html._csp_hash(style) in text and _report_html._csp_hash(script) in text


def test_every_text_is_escaped():
    text = render(samples.previous_document())
    page = parse(text)
    assert [t for t, _a in page.tags if t in ("img", "x", "b")] == []
    assert [t for t, _a in page.tags].count("script") == 1
    body = "".join(page.text)
    for value in (samples.XSS_USER, samples.QUOTE_USER, samples.UNICODE_USER, samples.MD_ROLE, samples.JINJA_USER, "dev|test <b>"):
        assert value in body, value
    # Attribute values survive as data, not markup.
    accounts = {a.get("data-account") for t, a in page.tags if t == "tr" and "finding" in a.get("class", "")}
    assert accounts == {samples.PROD, samples.DEV, samples.SANDBOX, samples.LOCKED}


def test_matrix_and_findings():
    page = parse(render())
    cells = {(a["data-account"], a["data-control"]): a["class"] for t, a in page.tags if t == "td" and "data-control" in a}
    assert "st-FAIL" in cells[(samples.PROD, "ROOT.MFA")]
    assert "st-PASS" in cells[(samples.SANDBOX, "ROOT.MFA")]
    assert "st-ERROR" in cells[(samples.DEV, "ACCT.CLOUDTRAIL")]
    assert "st-WAIVED" in cells[(samples.PROD, "USER.DIRECT_POLICY")]
    assert "st-NOT_APPLICABLE" in cells[(samples.PROD, "PP.REUSE")]
    rows = [a for t, a in page.tags if t == "tr" and "finding" in a.get("class", "")]
    # Issue 15: FAIL, ERROR and WAIVED findings are listed (13 + 3 + 2); PASS and NOT_APPLICABLE
    # are counted, not listed (every finding stays in findings.json).
    assert len(rows) == 18
    listed = sorted((f for f in samples.sample_document()["findings"] if f["status"] in ("FAIL", "ERROR", "WAIVED")), key=by_urgency)
    assert [r["id"] for r in rows] == ["f-" + f["finding_id"] for f in listed]  # most urgent first
    assert {r["data-status"] for r in rows[:16]} <= {"FAIL", "ERROR"} and rows[0]["data-severity"] == "critical"
    assert len([a for t, a in page.tags if t == "p" and a.get("id") == "not-listed"]) == 1
    assert "Counted, not listed: 7 PASS, 2 N/A" in "".join(page.text)


def test_cell_status_precedence():
    f = {"status": "PASS"}
    assert _report_html._cell_status([f, {"status": "ERROR"}, {"status": "FAIL"}]) == "FAIL"
    assert _report_html._cell_status([f, {"status": "ERROR"}]) == "ERROR"
    assert _report_html._cell_status([f, {"status": "WAIVED"}]) == "WAIVED"
    assert _report_html._cell_status([{"status": "NOT_APPLICABLE"}, f]) == "PASS"


def test_changes_only_with_a_previous_document():
    assert 'id="changes"' not in render()
    text = render(samples.previous_document())
    assert "Since 2026-11-20T12:00:00Z: 2 new, 2 fixed" in text


def test_verdict_banner():
    assert 'class="verdict failed"' in render()
    sandbox = [f for f in samples.sample_findings() if f["account_id"] == samples.SANDBOX]
    assert 'class="verdict passed"' in _report_html.render(_report_document.build(sandbox, generated_at=samples.GENERATED_AT))
