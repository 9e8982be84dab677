# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.html from a findings document (pure): one self-contained page for people.

An account x control matrix coloured by status, counts, filters by severity / status / account /
control, every finding with expected vs actual and its remediation, and — given a previous
document — what is new and what was fixed since.

Self-contained and inert: the CSS and the script are inline and the page's Content Security
Policy allows exactly those two (by hash) and no network at all. Every text from the findings is
HTML-escaped, so a resource name cannot inject markup or script.
"""

from __future__ import annotations

import base64
import hashlib
import html

from .changes import changes
from .document import account_names, validate
from .html_assets import SCRIPT, STYLE
from .text import (
    ATTENTION_ORDER,
    FAILING,
    NONE_TEXT,
    SEVERITY_ORDER,
    STATUS_ORDER,
    by_urgency,
    clean,
    control_position,
    display,
    references_text,
    resource_label,
    waiver_text,
)
from .verdict import DEFAULT_FAIL_ON, verdict

# The status a matrix cell shows when its findings differ: the one that needs most attention.
CELL_PRECEDENCE = ATTENTION_ORDER
STATUS_LABEL = {"NOT_APPLICABLE": "N/A"}


def esc(value):
    return html.escape(clean(value), quote=True)


def _csp_hash(text):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def content_security_policy():
    return "default-src 'none'; style-src %s; script-src %s; img-src data:; base-uri 'none'; form-action 'none'" % (
        _csp_hash(STYLE),
        _csp_hash(SCRIPT),
    )


def _account_label(account_id, names):
    name = names.get(account_id)
    return "%s (%s)" % (name, account_id) if name and name != account_id else account_id


def _badge(status):
    return '<span class="badge st-%s">%s</span>' % (esc(status), esc(STATUS_LABEL.get(status, status)))


def _cards(document):
    by_status = document["summary"]["by_status"]
    cards = "".join(
        '<div class="card st-%s"><span class="n">%d</span>%s</div>' % (s, by_status.get(s, 0), esc(STATUS_LABEL.get(s, s)))
        for s in STATUS_ORDER
    )
    return '<div class="cards" id="status-counts">%s</div>' % cards


def _severity_table(document):
    counts = {s: dict.fromkeys(FAILING, 0) for s in SEVERITY_ORDER}
    for f in document["findings"]:
        if f["status"] in FAILING:
            counts[f["severity"]][f["status"]] += 1
    rows = "".join(
        '<tr><td class="sev">%s</td><td class="num">%d</td><td class="num">%d</td></tr>' % (s, counts[s]["FAIL"], counts[s]["ERROR"])
        for s in SEVERITY_ORDER
    )
    return (
        '<table id="severity-counts"><thead><tr><th>severity</th><th>FAIL</th><th>ERROR</th></tr></thead><tbody>%s</tbody></table>' % rows
    )


def _accounts_table(document, names):
    audited = {a["account_id"]: a.get("status", "audited") for a in document["accounts"]}
    by_account = document["summary"].get("by_account", {})
    head = "".join("<th>%s</th>" % esc(STATUS_LABEL.get(s, s)) for s in STATUS_ORDER)
    rows = []
    for account_id in names:
        counts = (by_account.get(account_id) or {}).get("by_status", {})
        state = "yes" if audited.get(account_id, "audited") == "audited" else "no"
        cells = "".join('<td class="num">%d</td>' % counts.get(s, 0) for s in STATUS_ORDER)
        rows.append("<tr><td>%s</td><td>%s</td>%s</tr>" % (esc(_account_label(account_id, names)), state, cells))
    return '<table id="accounts"><thead><tr><th>account</th><th>audited</th>%s</tr></thead><tbody>%s</tbody></table>' % (
        head,
        "".join(rows),
    )


def _cell_status(findings):
    statuses = {f["status"] for f in findings}
    return next(s for s in CELL_PRECEDENCE if s in statuses)


def _matrix(document, names):
    grid = {}
    titles = {}
    for f in document["findings"]:
        grid.setdefault((f["account_id"], f["control_id"]), []).append(f)
        titles.setdefault(f["control_id"], f["title"])
    controls = sorted(titles, key=control_position)
    head = "".join('<th class="ctl" title="%s">%s</th>' % (esc(titles[c]), esc(c)) for c in controls)
    rows = []
    for account_id in names:
        cells = []
        for control_id in controls:
            own = grid.get((account_id, control_id))
            if not own:
                cells.append('<td class="cell st-NONE" title="not evaluated">%s</td>' % NONE_TEXT)
                continue
            status = _cell_status(own)
            failing = sum(1 for f in own if f["status"] in FAILING)
            counts = ", ".join("%s %d" % (s, n) for s in STATUS_ORDER for n in [sum(1 for f in own if f["status"] == s)] if n)
            text = "%s %d/%d" % (STATUS_LABEL.get(status, status), failing, len(own)) if failing else STATUS_LABEL.get(status, status)
            cells.append(
                '<td class="cell st-%s" data-status="%s" data-account="%s" data-control="%s" title="%s">%s</td>'
                % (status, status, esc(account_id), esc(control_id), esc("%s on %s: %s" % (control_id, account_id, counts)), esc(text))
            )
        rows.append(
            '<tr class="matrix-row" data-account="%s"><th>%s</th>%s</tr>'
            % (esc(account_id), esc(_account_label(account_id, names)), "".join(cells))
        )
    return (
        '<div class="scroll"><table class="matrix" id="matrix"><thead><tr><th>account</th>%s</tr></thead><tbody>%s</tbody></table></div>'
        % (
            head,
            "".join(rows),
        )
    )


def _resource_cell(f):
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


def _finding_row(f):
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
        _badge(f["status"]),
        esc(f["severity"]),
        esc(f["account_id"]),
        esc(f["control_id"]),
        esc(f["title"]),
        _resource_cell(f),
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


def _filters(document, names):
    controls = sorted({f["control_id"] for f in document["findings"]}, key=control_position)
    return (
        '<div class="filters" id="filters">%s%s%s%s<button type="button" id="filter-reset">reset</button>'
        '<span id="shown-count"></span></div>'
    ) % (
        _options("severity", SEVERITY_ORDER),
        _options("status", STATUS_ORDER, STATUS_LABEL),
        _options("account", list(names), {a: _account_label(a, names) for a in names}),
        _options("control", controls),
    )


def _change_rows(findings, fixed=False):
    rows = []
    for f in findings:
        now = ("gone" if f["fixed_by"] == "gone" else _badge("PASS")) if fixed else _badge(f["status"])
        was = _badge(f["previous_status"]) if fixed else ""
        rows.append(
            '<tr>%s<td>%s</td><td class="sev">%s</td><td>%s</td><td><code>%s</code></td><td>%s</td><td>%s</td></tr>'
            % (
                "<td>%s</td>" % was if fixed else "",
                now,
                esc(f["severity"]),
                esc(f["account_id"]),
                esc(f["control_id"]),
                _resource_cell(f),
                esc(f.get("message") or ""),
            )
        )
    return "".join(rows)


def _changes_section(document, previous):
    delta = changes(document, previous)
    since = esc(delta["previous_generated_at"] or "the previous run")
    parts = ['<section id="changes"><h2>Since %s: %d new, %d fixed</h2>' % (since, len(delta["new"]), len(delta["fixed"]))]
    head = "<th>severity</th><th>account</th><th>control</th><th>resource</th><th>message</th>"
    parts.append("<h3>New</h3>")
    if delta["new"]:
        parts.append(
            '<table id="new-findings"><thead><tr><th>now</th>%s</tr></thead><tbody>%s</tbody></table>' % (head, _change_rows(delta["new"]))
        )
    else:
        parts.append('<p class="empty">Nothing new.</p>')
    parts.append("<h3>Fixed</h3>")
    if delta["fixed"]:
        parts.append(
            '<table id="fixed-findings"><thead><tr><th>was</th><th>now</th>%s</tr></thead><tbody>%s</tbody></table>'
            % (head, _change_rows(delta["fixed"], fixed=True))
        )
    else:
        parts.append('<p class="empty">Nothing fixed.</p>')
    parts.append("</section>")
    return "".join(parts)


def render(document, previous=None, fail_on=DEFAULT_FAIL_ON):
    """The report.html text."""
    validate(document)
    names = account_names(document)
    decision = verdict(document, fail_on)
    findings = sorted(document["findings"], key=by_urgency)
    body = [
        "<header><h1>IAM baseline drift report</h1>",
        '<p class="meta">Generated %s by baseline.iam %s &middot; %d accounts &middot; %d findings &middot; fails on FAIL/ERROR at or above %s</p>'
        % (esc(document["generated_at"]), esc(document.get("collection_version") or ""), len(names), len(findings), esc(fail_on)),
        '<p class="verdict %s" id="verdict">%s</p></header>' % ("failed" if decision["failed"] else "passed", esc(decision["message"])),
        '<section id="summary"><h2>Summary</h2>%s<h3>FAIL and ERROR by severity</h3>%s<h3>Accounts</h3>%s</section>'
        % (_cards(document), _severity_table(document), _accounts_table(document, names)),
    ]
    if previous is not None:
        body.append(_changes_section(document, previous))
    body.append('<section id="matrix-section"><h2>Accounts &times; controls</h2>%s</section>' % _matrix(document, names))
    body.append(
        '<section id="findings"><h2>Findings</h2>%s<table class="findings" id="findings-table">%s<tbody>%s</tbody></table></section>'
        % (_filters(document, names), FINDINGS_HEAD, "".join(_finding_row(f) for f in findings))
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="%s">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        "<title>IAM baseline drift report %s</title>\n<style>%s</style>\n</head>\n<body>\n%s\n<script>%s</script>\n</body>\n</html>\n"
    ) % (content_security_policy(), esc(document["generated_at"]), STYLE, "\n".join(body), SCRIPT)
