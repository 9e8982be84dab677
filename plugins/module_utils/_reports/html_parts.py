# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pieces report.html is made of (pure): escaping, badges, counts, the matrix, finding rows,
filters. Every text from the findings goes through esc(), so no value can add markup or script."""

from __future__ import annotations

import html
from urllib.parse import quote

from .text import FAILING, NONE_TEXT, SEVERITY_ORDER, STATUS_ORDER, clean, display, references_text, resource_label, waiver_text

STATUS_LABEL = {"NOT_APPLICABLE": "N/A"}
# Listed finding by finding; PASS and NOT_APPLICABLE are counted (full detail in findings.json).
LISTED = ("FAIL", "ERROR", "WAIVED")
PAGES_DIR = "report-accounts"


def esc(value):
    return html.escape(clean(value), quote=True)


def label(status):
    return STATUS_LABEL.get(status, status)


def account_label(account_id, names):
    name = names.get(account_id)
    return "%s (%s)" % (name, account_id) if name and name != account_id else account_id


def account_page(account_id):
    """The path of an account's page, relative to report.html."""
    return "%s/%s.html" % (PAGES_DIR, quote(account_id, safe=""))


def badge(status):
    return '<span class="badge st-%s">%s</span>' % (esc(status), esc(label(status)))


def cards(by_status):
    cells = "".join(
        '<div class="card st-%s"><span class="n">%d</span>%s</div>' % (s, by_status.get(s, 0), esc(label(s))) for s in STATUS_ORDER
    )
    return '<div class="cards" id="status-counts">%s</div>' % cells


def severity_table(failing_by_severity):
    rows = "".join(
        '<tr><td class="sev">%s</td><td class="num">%d</td><td class="num">%d</td></tr>'
        % (s, failing_by_severity[s]["FAIL"], failing_by_severity[s]["ERROR"])
        for s in SEVERITY_ORDER
    )
    return (
        '<table id="severity-counts"><thead><tr><th>severity</th><th>FAIL</th><th>ERROR</th></tr></thead><tbody>%s</tbody></table>' % rows
    )


def accounts_table(summary, paged):
    head = "".join("<th>%s</th>" % esc(label(s)) for s in STATUS_ORDER)
    rows = []
    for account in summary.accounts:
        account_id = account["account_id"]
        counts = (summary.by_account.get(account_id) or {}).get("by_status", {})
        state = "yes" if account.get("status", "audited") == "audited" else "no"
        name = esc(account_label(account_id, summary.names))
        if paged:
            name = '<a href="%s">%s</a>' % (esc(account_page(account_id)), name)
        cells = "".join('<td class="num">%d</td>' % counts.get(s, 0) for s in STATUS_ORDER)
        rows.append("<tr><td>%s</td><td>%s</td>%s</tr>" % (name, state, cells))
    return '<table id="accounts"><thead><tr><th>account</th><th>audited</th>%s</tr></thead><tbody>%s</tbody></table>' % (
        head,
        "".join(rows),
    )


def _cell(account_id, control_id, cell, compact, was=False):
    """One matrix cell. `compact` (the matrix of a paged report, thousands of rows): the status
    class and the text only; the script finds the control from the column and the account from
    the row, and the counts are on the account's page. `was`: the cell's status in the previous
    run when it changed (None: not evaluated then); False: unchanged or not compared."""
    changed = "" if was is False else " changed"
    if cell is None:
        return (
            '<td class="cell st-NONE%s">%s</td>' % (changed, NONE_TEXT)
            if compact
            else '<td class="cell st-NONE%s" title="not evaluated">%s</td>' % (changed, NONE_TEXT)
        )
    status, failing = cell.status, cell.failing
    text = "%s %d/%d" % (label(status), failing, cell.total) if failing else label(status)
    if compact:
        return '<td class="cell st-%s%s">%s</td>' % (status, changed, esc(text))
    since = "" if was is False else " (was %s)" % (label(was) if was else "not evaluated")
    return '<td class="cell st-%s%s" data-status="%s" data-account="%s" data-control="%s" title="%s">%s</td>' % (
        status,
        changed,
        status,
        esc(account_id),
        esc(control_id),
        esc("%s on %s: %s%s" % (control_id, account_id, cell.text(), since)),
        esc(text),
    )


def matrix(summary, paged, accounts=None):
    """The accounts x controls table; with `paged`, each account links to its own page."""
    controls = summary.controls
    head = "".join('<th class="ctl" title="%s" data-control="%s">%s</th>' % (esc(summary.titles[c]), esc(c), esc(c)) for c in controls)
    rows = []
    for account in accounts if accounts is not None else summary.accounts:
        account_id = account["account_id"]
        own, changed = summary.cells.get(account_id, {}), summary.changed.get(account_id, {})
        name = esc(account_label(account_id, summary.names))
        if paged:
            name = '<a href="%s">%s</a>' % (esc(account_page(account_id)), name)
        cells = "".join(_cell(account_id, c, own.get(c), paged, changed.get(c, False)) for c in controls)
        rows.append('<tr class="matrix-row" data-account="%s"><th>%s</th>%s</tr>' % (esc(account_id), name, cells))
    legend = '<p class="note">Outlined cells changed status since the previous run.</p>' if summary.changed else ""
    return legend + (
        '<div class="scroll"><table class="matrix%s" id="matrix"><thead><tr><th>account</th>%s</tr></thead><tbody>%s</tbody></table></div>'
        % (" paged" if paged else "", head, "".join(rows))
    )


def resource_cell(f):
    arn = f.get("resource_arn")
    text = esc(resource_label(f))
    if f.get("resource_type"):
        text += ' <span class="arn">%s</span>' % esc(f["resource_type"])
    if arn and arn != resource_label(f):
        text += '<span class="arn">%s</span>' % esc(arn)
    return text


def _remediation_cell(f):
    text = esc(f.get("remediation") or "")
    refs = references_text(f.get("references"))
    if refs:
        text += '<span class="refs">%s</span>' % esc(refs)
    if f["status"] == "WAIVED" and f.get("waiver"):
        text += '<span class="waiver">Waived: %s</span>' % esc(waiver_text(f["waiver"]))
    return text


def finding_row(f):
    return (
        '<tr class="finding" id="f-%s" data-severity="%s" data-status="%s" data-account="%s" data-control="%s">'
        '<td>%s</td><td class="sev">%s</td><td>%s</td><td><code>%s</code><br>%s</td><td>%s</td><td>%s</td>'
        '<td><span class="value">%s</span></td><td><span class="value">%s</span></td><td>%s</td></tr>'
    ) % (
        esc(f["finding_id"]),
        esc(f["severity"]),
        esc(f["status"]),
        esc(f["account_id"]),
        esc(f["control_id"]),
        badge(f["status"]),
        esc(f["severity"]),
        esc(f["account_id"]),
        esc(f["control_id"]),
        esc(f["title"]),
        resource_cell(f),
        esc(f.get("message") or ""),
        esc(display(f.get("expected"))),
        esc(display(f.get("actual"))),
        _remediation_cell(f),
    )


FINDINGS_HEAD = (
    "<thead><tr><th>status</th><th>severity</th><th>account</th><th>control</th><th>resource</th><th>message</th>"
    "<th>expected</th><th>actual</th><th>remediation</th></tr></thead>"
)


def _options(key, values, labels=None):
    labels = labels or {}
    options = "".join('<option value="%s">%s</option>' % (esc(v), esc(labels.get(v, v))) for v in values)
    return '<label>%s<select id="filter-%s"><option value="">all</option>%s</select></label>' % (key, key, options)


def filters(controls, accounts, names):
    """Filters by severity, status (of the listed ones), account (when several) and control."""
    parts = [_options("severity", SEVERITY_ORDER), _options("status", LISTED, STATUS_LABEL)]
    if accounts is not None:
        parts.append(_options("account", accounts, {a: account_label(a, names) for a in accounts}))
    parts.append(_options("control", controls))
    return (
        '<div class="filters" id="filters">%s<button type="button" id="filter-reset">reset</button><span id="shown-count"></span></div>'
        % "".join(parts)
    )


def not_listed(by_status):
    """The sentence that says what the page counts but does not list."""
    return '<p class="note" id="not-listed">Counted, not listed: %s PASS, %s N/A (every finding is in findings.json).</p>' % (
        by_status.get("PASS", 0),
        by_status.get("NOT_APPLICABLE", 0),
    )


def change_rows(findings, fixed=False):
    rows = []
    for f in findings:
        now = ("gone" if f["fixed_by"] == "gone" else badge("PASS")) if fixed else badge(f["status"])
        was = "<td>%s</td>" % badge(f["previous_status"]) if fixed else ""
        rows.append(
            '<tr>%s<td>%s</td><td class="sev">%s</td><td>%s</td><td><code>%s</code></td><td>%s</td><td>%s</td></tr>'
            % (was, now, esc(f["severity"]), esc(f["account_id"]), esc(f["control_id"]), resource_cell(f), esc(f.get("message") or ""))
        )
    return "".join(rows)


def failing_count(findings):
    return sum(1 for f in findings if f["status"] in FAILING)
