# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.html, written account by account (pure; the streams are given): a page people open.

The summary (verdict, counts by status and severity, the accounts), the trend of the last runs
(from the results store), what changed since the previous run, an accounts x controls matrix
coloured by status (cells that changed since the previous run outlined), and the FAIL, ERROR and WAIVED
findings with filters, most urgent first; PASS and NOT_APPLICABLE are counted, not listed (every
finding is in findings.json). Over `paged_over` accounts, report.html keeps the summary and the
matrix and every account gets a page of its own (report-accounts/<id>.html) linked from them, so
the page opens quickly at a thousand accounts.

Self-contained and inert: the CSS and the script are inline and the page's Content Security
Policy allows exactly those two (by hash) and no network at all. Every text from the findings is
HTML-escaped, so a resource name cannot inject markup or script.
"""

from __future__ import annotations

import base64
import hashlib
import tempfile

from . import html_parts as _parts
from . import trend_chart as _trend_chart
from .html_assets import SCRIPT, STYLE
from .html_parts import LISTED, esc
from .stream import render_document
from .text import ATTENTION_ORDER, by_urgency, is_failing, severity_rank
from .verdict import DEFAULT_FAIL_ON, check_fail_on, decide

CHANGES_ROWS = 200  # rows of "new" and of "fixed" shown; the counts are always complete
DEFAULT_PAGED_OVER = 100
CELL_PRECEDENCE = ATTENTION_ORDER


def _csp_hash(text):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def content_security_policy():
    return "default-src 'none'; style-src %s; script-src %s; img-src data:; base-uri 'none'; form-action 'none'" % (
        _csp_hash(STYLE),
        _csp_hash(SCRIPT),
    )


def _cell_status(findings):
    statuses = {f["status"] for f in findings}
    return next(s for s in CELL_PRECEDENCE if s in statuses)


def _head(title):
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="%s">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        "<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n"
    ) % (content_security_policy(), esc(title), STYLE)


def _foot():
    return "\n<script>%s</script>\n</body>\n</html>\n" % SCRIPT


def _problems(problems):
    if not problems:
        return ""
    items = "".join("<li>%s</li>" % esc(p) for p in problems)
    return '<section id="problems"><h2>The run is incomplete</h2><ul>%s</ul></section>' % items


def _changes(summary):
    since = esc(summary.previous_generated_at or "the previous run")
    parts = ['<section id="changes"><h2>Since %s: %d new, %d fixed</h2>' % (since, summary.new.total, summary.fixed.total)]
    head = "<th>severity</th><th>account</th><th>control</th><th>resource</th><th>message</th>"
    for title, shortlist, fixed, table_id, empty in (
        ("New", summary.new, False, "new-findings", "Nothing new."),
        ("Fixed", summary.fixed, True, "fixed-findings", "Nothing fixed."),
    ):
        parts.append("<h3>%s</h3>" % title)
        if shortlist.total:
            first = "<th>was</th><th>now</th>" if fixed else "<th>now</th>"
            rows = _parts.change_rows(shortlist.findings[:CHANGES_ROWS], fixed)
            parts.append('<table id="%s"><thead><tr>%s%s</tr></thead><tbody>%s</tbody></table>' % (table_id, first, head, rows))
            if shortlist.total > CHANGES_ROWS:
                parts.append('<p class="note">…and %d more, less urgent.</p>' % (shortlist.total - CHANGES_ROWS))
        else:
            parts.append('<p class="empty">%s</p>' % empty)
    parts.append("</section>")
    return "".join(parts)


def _bucket(finding):
    """Rows are written into buckets whose order is the urgency order of their findings; within a
    bucket they come in run order (account, control, resource), which is urgency order too."""
    return (not is_failing(finding), -severity_rank(finding["severity"]), ATTENTION_ORDER.index(finding["status"]))


class HtmlWriter:
    """report.html (and, over `paged_over` accounts, one page per account through `open_page`)."""

    def __init__(self, out, summary, fail_on=DEFAULT_FAIL_ON, open_page=None, paged_over=DEFAULT_PAGED_OVER):
        self.out, self.summary, self.fail_on, self.open_page = out, summary, check_fail_on(fail_on), open_page
        self.paged = open_page is not None and paged_over is not None and len(summary.accounts) > paged_over
        self.buckets = {}
        decision = decide(summary, fail_on)
        listed = sum(summary.by_status[s] for s in LISTED)
        out.write(_head("IAM baseline drift report %s" % summary.generated_at))
        out.write(
            '<header><h1>IAM baseline drift report</h1><p class="meta">Generated %s by baseline.iam %s &middot; %d accounts &middot; '
            "%d findings &middot; fails on FAIL/ERROR at or above %s</p>"
            % (esc(summary.generated_at), esc(summary.collection_version), len(summary.accounts), summary.total, esc(fail_on))
        )
        out.write(
            '<p class="verdict %s" id="verdict">%s</p></header>\n'
            % ("failed" if decision["failed"] else "passed", esc(decision["message"]))
        )
        out.write(_problems(summary.problems))
        out.write(
            '<section id="summary"><h2>Summary</h2>%s<h3>FAIL and ERROR by severity</h3>%s<h3>Accounts</h3>%s</section>\n'
            % (
                _parts.cards(summary.by_status),
                _parts.severity_table(summary.failing_by_severity),
                _parts.accounts_table(summary, self.paged),
            )
        )
        out.write(_trend_chart.section(summary.trend))
        if summary.compared:
            out.write(_changes(summary) + "\n")
        out.write('<section id="matrix-section"><h2>Accounts &times; controls</h2>%s</section>\n' % _parts.matrix(summary, self.paged))
        if self.paged:
            out.write(
                '<section id="findings"><h2>Findings</h2><p class="note">%d FAIL, ERROR and WAIVED findings over %d accounts: '
                "open an account (in the table or the matrix) for its own page.</p>%s</section>"
                % (listed, len(summary.accounts), _parts.not_listed(summary.by_status))
            )
        else:
            accounts = [a["account_id"] for a in summary.accounts]
            out.write(
                '<section id="findings"><h2>Findings</h2>%s%s<table class="findings" id="findings-table">%s<tbody>'
                % (_parts.filters(summary.controls, accounts, summary.names), _parts.not_listed(summary.by_status), _parts.FINDINGS_HEAD)
            )

    def account(self, account, findings):
        listed = [f for f in findings if f["status"] in LISTED]
        if self.paged:
            self._account_page(account, findings, sorted(listed, key=by_urgency))
            return
        for finding in listed:
            key = _bucket(finding)
            if key not in self.buckets:
                # closed in close(), after its rows were copied into the page
                self.buckets[key] = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")  # noqa: SIM115
            self.buckets[key].write(_parts.finding_row(finding))

    def _account_page(self, account, findings, listed):
        account_id, summary = account["account_id"], self.summary
        counts = (summary.by_account.get(account_id) or {}).get("by_status", {})
        controls = sorted({f["control_id"] for f in listed}, key=summary.controls.index)
        with self.open_page(_parts.account_page(account_id)) as page:
            page.write(_head("IAM baseline drift report %s: %s" % (summary.generated_at, account_id)))
            page.write(
                '<header><p class="meta"><a href="../report.html" id="back">All accounts</a> &middot; generated %s</p>'
                "<h1>%s</h1><p>%d findings, %d failing (%s)</p></header>\n"
                % (
                    esc(summary.generated_at),
                    esc(_parts.account_label(account_id, summary.names)),
                    len(findings),
                    _parts.failing_count(findings),
                    "audited" if account.get("status", "audited") == "audited" else "not audited",
                )
            )
            page.write('<section id="summary">%s</section>\n' % _parts.cards(counts))
            page.write('<section id="matrix-section"><h2>Controls</h2>%s</section>\n' % _parts.matrix(summary, False, [account]))
            page.write(
                '<section id="findings"><h2>Findings</h2>%s%s<table class="findings" id="findings-table">%s<tbody>%s</tbody></table></section>'
                % (
                    _parts.filters(controls, None, summary.names),
                    _parts.not_listed(counts),
                    _parts.FINDINGS_HEAD,
                    "".join(map(_parts.finding_row, listed)),
                )
            )
            page.write(_foot())

    def close(self):
        if not self.paged:
            for key in sorted(self.buckets):
                bucket = self.buckets[key]
                bucket.seek(0)
                for chunk in iter(lambda b=bucket: b.read(1 << 16), ""):
                    self.out.write(chunk)
                bucket.close()
            self.out.write("</tbody></table></section>")
        self.out.write(_foot())


def render(document, previous=None, fail_on=DEFAULT_FAIL_ON):
    """The report.html text of a findings document, on one page."""
    return render_document(lambda out, summary: HtmlWriter(out, summary, fail_on), document, previous, CHANGES_ROWS)
