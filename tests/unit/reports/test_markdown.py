"""report.md: the summary tables, new/fixed, limits, and escaping of everything from AWS."""

from ansible_collections.baseline.iam.plugins.module_utils._reports import document as _report_document
from ansible_collections.baseline.iam.plugins.module_utils._reports import markdown as _report_markdown
from tests.support import report_samples as samples


def render(**kwargs):
    return _report_markdown.render(samples.sample_document(), **kwargs)


def table_rows(text, heading):
    """The body rows of the first table after `heading`, as lists of raw cells."""
    lines = text.split("\n")
    start = lines.index(heading)
    rows = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            rows.append(line)
        elif rows:
            break
    return [split_cells(r) for r in rows[2:]]


def split_cells(row):
    """Cells of a GFM table row: split on | that is not backslash-escaped."""
    cells, cell, escaped = [], "", False
    for ch in row.strip()[1:-1]:
        if ch == "|" and not escaped:
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
        escaped = ch == "\\" and not escaped
    return [*cells, cell.strip()]


def test_headline_and_counts():
    text = render()
    assert text.startswith("## baseline.iam drift check: FAILED\n")
    assert "Drift check FAILED: 5 FAIL/ERROR at or above high" in text
    assert "| FAIL | 13 |" in text and "| WAIVED | 2 |" in text
    assert "| critical | 2 | 0 |" in text and "| high | 1 | 2 |" in text


def test_account_table():
    rows = table_rows(render(), "### Accounts")
    assert [r[0] for r in rows] == [samples.PROD, samples.DEV, samples.SANDBOX, samples.LOCKED]
    assert all(len(r) == 8 for r in rows)  # the | in "dev|test" does not split the cell
    assert rows[1][1] == r"dev\|test &lt;b&gt;"
    assert rows[3][2] == "**no**"
    assert rows[0][3:] == ["2", "6", "1", "1", "1"]


def test_failing_findings_most_severe_first_and_escaped():
    rows = table_rows(render(), "### Failing findings (16)")
    assert len(rows) == 16
    assert [r[0] for r in rows][:2] == ["critical", "critical"]
    assert rows[-1][0] == "info"
    assert all(len(r) == 6 for r in rows)
    cells = "\n".join(c for r in rows for c in r)
    assert "<script>" not in cells and "<img" not in cells
    assert "&lt;script&gt;" in cells
    assert r"role\|with\`ticks\`\*and\*\[link\](javascript:alert(1))" in cells  # no link, no code span
    assert "{{ 7 \\* 7 }}" in cells
    assert "\n" not in "".join(c for r in rows for c in r)


def test_new_and_fixed_with_a_previous_document():
    text = render(previous=samples.previous_document())
    assert "### Changes since 2026-11-20T12:00:00Z" in text and "**2 new, 2 fixed**" in text
    new = table_rows(text, "#### New")
    fixed = table_rows(text, "#### Fixed")
    assert [(r[2], r[3]) for r in new] == [(samples.LOCKED, "`ACCT.ACCESS`"), (samples.PROD, "`PP.MIN_LENGTH`")]
    assert [(r[1], r[2], r[4]) for r in fixed] == [("FAIL", "gone", "`POL.ADMIN_STAR`"), ("FAIL", "PASS", "`PP.MISSING`")]


def test_no_changes_section_without_a_previous_document():
    assert "Changes since" not in render()


def test_rows_are_limited():
    text = render(max_rows=3)
    assert len(table_rows(text, "### Failing findings (16)")) == 3
    assert "_…and 13 more: see report.html or findings.json._" in text


def test_fail_on_changes_the_headline():
    text = render(fail_on="critical")
    assert text.startswith("## baseline.iam drift check: FAILED")
    sandbox = [f for f in samples.sample_findings() if f["account_id"] == samples.SANDBOX]
    passing = _report_markdown.render(_report_document.build(sandbox, generated_at=samples.GENERATED_AT))
    assert passing.startswith("## baseline.iam drift check: passed")
    assert "### Failing findings (0)\n\nNone." in passing


def test_escape():
    assert _report_markdown.escape("a|b") == r"a\|b"
    assert _report_markdown.escape("<b>&") == "&lt;b&gt;&amp;"
    assert _report_markdown.escape("[x](http://e)") == r"\[x\](http://e)"
    assert _report_markdown.escape("line\nbreak") == "line break"
    assert len(_report_markdown.escape("x" * 500)) == _report_markdown.CELL_MAX
