# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The trend section of report.html: FAIL and ERROR counts of the last runs as an inline SVG line
chart (no script, no external resource; the colours come from the page's stylesheet) and the
same figures as a table, for readers and for screen readers (pure)."""

from __future__ import annotations

from .html_parts import esc

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 32, 40
LEGEND_Y = 12
SERIES = (("fail", "FAIL"), ("error", "ERROR"))


def _x(index, count):
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(value, top_value):
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top_value)


def _day(point):
    return (point.get("finished_at") or "")[:10] or point["run_id"]


def _axes(top_value):
    bottom, middle = _y(0, top_value), _y(top_value / 2, top_value)
    lines = ['<line class="axis" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>' % (LEFT, bottom, WIDTH - RIGHT, bottom)]
    for value, y in ((0, bottom), (top_value, float(TOP)), (top_value / 2, middle)):
        lines.append('<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>' % (LEFT, y, WIDTH - RIGHT, y))
        lines.append('<text class="tick" x="%d" y="%.1f" text-anchor="end">%s</text>' % (LEFT - 6, y + 4, _number(value)))
    return lines


def _number(value):
    return "%d" % value if float(value).is_integer() else "%.1f" % value


def _anchor(index, count):
    """Dates under the first and last points stay inside the chart."""
    if count > 1 and index == 0:
        return "start"
    if count > 1 and index == count - 1:
        return "end"
    return "middle"


def _labels(points):
    """The date under the first, the last and (for up to 6 runs) every point."""
    count, shown = len(points), set(range(len(points))) if len(points) <= 6 else {0, len(points) - 1}
    return [
        '<text class="tick" x="%.1f" y="%d" text-anchor="%s">%s</text>'
        % (_x(i, count), HEIGHT - BOTTOM + 18, _anchor(i, count), esc(_day(p)))
        for i, p in enumerate(points)
        if i in shown
    ]


def _series(points, key, label, top_value):
    count = len(points)
    coords = [(_x(i, count), _y(p[key], top_value)) for i, p in enumerate(points)]
    parts = []
    if count > 1:
        parts.append('<polyline class="line-%s" points="%s"/>' % (key, " ".join("%.1f,%.1f" % c for c in coords)))
    for (x, y), p in zip(coords, points, strict=True):
        hollow = "" if p.get("complete", True) else " incomplete"
        title = "%s (%s): %s %d%s" % (
            p["run_id"],
            p.get("finished_at") or "unfinished",
            label,
            p[key],
            "" if not hollow else ", incomplete run",
        )
        parts.append(
            '<circle class="dot-%s%s" cx="%.1f" cy="%.1f" r="4" data-run="%s" data-value="%d"><title>%s</title></circle>'
            % (key, hollow, x, y, esc(p["run_id"]), p[key], esc(title))
        )
    return parts


def svg(points):
    """The chart of `points` (oldest first)."""
    top_value = max([p["fail"] for p in points] + [p["error"] for p in points] + [1])
    parts = _axes(top_value) + _labels(points)
    for key, label in SERIES:
        parts.extend(_series(points, key, label, top_value))
    legend = "".join(
        '<circle class="dot-%s" cx="%d" cy="%d" r="4"/><text class="tick" x="%d" y="%d">%s</text>'
        % (key, WIDTH - RIGHT - 150 + n * 75, LEGEND_Y, WIDTH - RIGHT - 142 + n * 75, LEGEND_Y + 4, label)
        for n, (key, label) in enumerate(SERIES)
    )
    summary = "FAIL and ERROR findings of the last %d runs" % len(points)
    return '<svg id="trend-chart" class="trend" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">%s%s</svg>' % (
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        esc(summary),
        "".join(parts),
        legend,
    )


def _table(points):
    rows = "".join(
        '<tr><td>%s</td><td>%s</td><td class="num">%d</td><td class="num">%d</td><td class="num">%d</td><td>%s</td></tr>'
        % (
            esc(p["run_id"]),
            esc(p.get("finished_at") or ""),
            p["accounts"],
            p["fail"],
            p["error"],
            "yes" if p.get("complete", True) else "no",
        )
        for p in reversed(points)
    )
    return (
        '<table id="trend-table"><thead><tr><th>run</th><th>finished</th><th>accounts</th><th>FAIL</th><th>ERROR</th>'
        "<th>complete</th></tr></thead><tbody>%s</tbody></table>" % rows
    )


def section(points):
    """The trend section, or "" without points."""
    if not points:
        return ""
    note = (
        "" if len(points) > 1 else '<p class="note">The first run recorded in this results store: the chart grows with the next runs.</p>'
    )
    return '<section id="trend"><h2>Trend: FAIL and ERROR over the last %d runs</h2>%s%s%s</section>\n' % (
        len(points),
        note,
        svg(points),
        _table(points),
    )
