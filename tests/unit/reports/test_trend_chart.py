"""report.html's trend chart (inline SVG) and the matrix cells that changed since the previous run."""

import re

from ansible_collections.baseline.iam.plugins.module_utils._reports import html as _report_html
from ansible_collections.baseline.iam.plugins.module_utils._reports import trend_chart as _chart
from ansible_collections.baseline.iam.plugins.module_utils._reports.source import DocumentSource
from ansible_collections.baseline.iam.plugins.module_utils._reports.summary import collect
from tests.support import report_samples as samples


def points(*values, complete=True):
    return [
        {
            "run_id": "run-%d" % n,
            "finished_at": "2026-11-%02dT06:00:00Z" % (n + 1),
            "fail": f,
            "error": e,
            "accounts": 3,
            "complete": complete,
        }
        for n, (f, e) in enumerate(values)
    ]


def dots(svg, series):
    """{run_id: (cx, cy, value)} of one series' points."""
    found = re.findall(r'<circle class="dot-%s[^"]*" cx="([\d.]+)" cy="([\d.]+)" r="4" data-run="([^"]+)" data-value="(\d+)"' % series, svg)
    return {run: (float(x), float(y), int(v)) for x, y, run, v in found}


def test_points_are_placed_by_value_and_in_run_order():
    svg = _chart.svg(points((10, 0), (5, 2), (0, 10)))
    fail, error = dots(svg, "fail"), dots(svg, "error")
    assert [fail[r][2] for r in ("run-0", "run-1", "run-2")] == [10, 5, 0]
    bottom, top = _chart._y(0, 10), _chart._y(10, 10)
    assert fail["run-0"][1] == top == error["run-2"][1] and fail["run-2"][1] == bottom == error["run-0"][1]
    assert fail["run-1"][1] == (top + bottom) / 2
    assert fail["run-0"][0] < fail["run-1"][0] < fail["run-2"][0]
    assert svg.count("<polyline") == 2


def test_one_run_is_one_dot_per_series_without_a_line_and_all_zero_is_on_the_axis():
    svg = _chart.svg(points((0, 0)))
    assert "<polyline" not in svg
    assert dots(svg, "fail")["run-0"][1] == _chart._y(0, 1) == dots(svg, "error")["run-0"][1]


def test_incomplete_runs_are_hollow_and_names_are_escaped():
    data = points((1, 1), complete=False)
    data[0]["run_id"] = '<script>alert("x")</script>'
    section = _chart.section(data)
    assert "<script>" not in section and "&lt;script&gt;" in section
    assert 'class="dot-fail incomplete"' in section and "incomplete run" in section


def test_no_points_no_section():
    assert _chart.section([]) == ""


def summary_of(current, previous):
    return collect(DocumentSource(current, "current"), DocumentSource(previous, "previous") if previous else None)


def expected_changes(current, previous):
    """Cells whose status (the most urgent of their findings) differs, computed here from the documents."""

    def cells(document):
        by_cell = {}
        for f in document["findings"]:
            by_cell.setdefault((f["account_id"], f["control_id"]), set()).add(f["status"])
        return {k: next(s for s in _report_html.CELL_PRECEDENCE if s in v) for k, v in by_cell.items()}

    now, before = cells(current), cells(previous)
    return {k: before.get(k) for k, status in now.items() if before.get(k) != status}


def test_the_matrix_outlines_the_cells_that_changed_since_the_previous_run():
    current, previous = samples.sample_document(), samples.previous_document()
    want = expected_changes(current, previous)
    assert want, "the samples must differ for this test to mean anything"
    summary = summary_of(current, previous)
    got = {(a, c): was for a, controls in summary.changed.items() for c, was in controls.items()}
    assert got == want
    html = _report_html.render(current, previous)
    marked = set(re.findall(r'<td class="cell st-\w+ changed" data-status="\w+" data-account="(\d+)" data-control="([\w.]+)"', html))
    assert marked == set(want)
    assert "Outlined cells changed status since the previous run." in html


def test_without_a_previous_run_nothing_is_outlined():
    html = _report_html.render(samples.sample_document())
    assert 'changed" data-status' not in html and "Outlined cells" not in html
