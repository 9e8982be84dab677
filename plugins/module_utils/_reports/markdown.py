# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.md from a findings document (pure): short summary tables for a chat or CI comment
(GitHub-flavoured Markdown). Every value from AWS is escaped: a resource name cannot add
markup, links or HTML to the comment."""

from __future__ import annotations

import re

from .source import DocumentSource
from .summary import collect
from .text import SEVERITY_ORDER, STATUS_ORDER, one_line, resource_label, truncate
from .verdict import DEFAULT_FAIL_ON, check_fail_on, decide

DEFAULT_MAX_ROWS = 50
CELL_MAX = 200
# What makes markup inside a GFM table cell: code, emphasis, links/images, cell breaks, strike.
_MARKUP = re.compile(r"([\\`*_\[\]|~])")
_CONTROL_ID = re.compile(r"^[A-Z0-9._]+$")


def escape(text):
    """Text for a Markdown table cell: one line, HTML-special characters as entities, Markdown
    punctuation backslash-escaped."""
    text = truncate(one_line(text), CELL_MAX)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKUP.sub(r"\\\1", text)


def _table(head, rows, right=()):
    lines = ["| %s |" % " | ".join(head), "|%s|" % "|".join("---:" if i in right else "---" for i in range(len(head)))]
    lines.extend("| %s |" % " | ".join(str(c) for c in row) for row in rows)
    return lines


def _control(f):
    return "`%s`" % f["control_id"] if _CONTROL_ID.match(f["control_id"]) else escape(f["control_id"])


def _finding_row(f):
    return [
        f["severity"],
        f["status"],
        escape(f["account_id"]),
        _control(f),
        escape(resource_label(f)),
        escape(f.get("message") or f["title"]),
    ]


def _rows_with_limit(shortlist, limit, row):
    rows = [row(f) for f in shortlist.findings[:limit]]
    more = shortlist.total - len(rows)
    return rows, (["", "_…and %d more: see report.html or findings.json._" % more] if more > 0 else [])


def _summary(summary):
    lines = _table(["status", "findings"], [[s, summary.by_status.get(s, 0)] for s in STATUS_ORDER], right=(1,))
    counts = summary.failing_by_severity
    lines += [
        "",
        *_table(["severity", "FAIL", "ERROR"], [[s, counts[s]["FAIL"], counts[s]["ERROR"]] for s in SEVERITY_ORDER], right=(1, 2)),
    ]
    return lines


def _accounts(summary):
    rows = []
    for account in summary.accounts:
        counts = (summary.by_account.get(account["account_id"]) or {}).get("by_status", {})
        audited = "yes" if account.get("status", "audited") == "audited" else "**no**"
        rows.append([escape(account["account_id"]), escape(account.get("name") or ""), audited] + [counts.get(s, 0) for s in STATUS_ORDER])
    return _table(["account", "name", "audited", *STATUS_ORDER], rows, right=(3, 4, 5, 6, 7))


def _changes(summary, max_rows):
    lines = [
        "### Changes since %s" % escape(summary.previous_generated_at or "the previous run"),
        "",
        "**%d new, %d fixed**" % (summary.new.total, summary.fixed.total),
    ]
    if summary.new.total:
        rows, more = _rows_with_limit(summary.new, max_rows, _finding_row)
        lines += ["", "#### New", "", *_table(["severity", "status", "account", "control", "resource", "message"], rows), *more]
    if summary.fixed.total:

        def fixed_row(f):
            now = "gone" if f["fixed_by"] == "gone" else "PASS"
            return [f["severity"], f["previous_status"], now, escape(f["account_id"]), _control(f), escape(resource_label(f))]

        rows, more = _rows_with_limit(summary.fixed, max_rows, fixed_row)
        lines += ["", "#### Fixed", "", *_table(["severity", "was", "now", "account", "control", "resource"], rows), *more]
    return lines


def render_summary(summary, fail_on=DEFAULT_FAIL_ON, max_rows=DEFAULT_MAX_ROWS):
    """The report.md text from a run's summary (summary.collect with keep >= max_rows)."""
    decision = decide(summary, fail_on)
    headline = "FAILED" if decision["failed"] else "passed"
    lines = [
        "## baseline.iam drift check: %s" % headline,
        "",
        escape(decision["message"]),
        "",
        "Generated %s by baseline.iam %s; fails on FAIL/ERROR at or above **%s**."
        % (escape(summary.generated_at), escape(summary.collection_version or ""), fail_on),
        "",
        *_summary(summary),
        "",
        "### Accounts",
        "",
        *_accounts(summary),
    ]
    if summary.compared:
        lines += ["", *_changes(summary, max_rows)]
    lines += ["", "### Failing findings (%d)" % summary.failing.total, ""]
    if summary.failing.total:
        rows, more = _rows_with_limit(summary.failing, max_rows, _finding_row)
        lines += [*_table(["severity", "status", "account", "control", "resource", "message"], rows), *more]
    else:
        lines.append("None.")
    return "\n".join(lines).rstrip() + "\n"


def render(document, previous=None, fail_on=DEFAULT_FAIL_ON, max_rows=DEFAULT_MAX_ROWS):
    """The report.md text. `previous`: a previous findings document (adds new / fixed)."""
    check_fail_on(fail_on)
    source = DocumentSource(document)
    summary = collect(source, DocumentSource(previous, "previous findings") if previous is not None else None, max(max_rows, 1))
    return render_summary(summary, fail_on, max_rows)
