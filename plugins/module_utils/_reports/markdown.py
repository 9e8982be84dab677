# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""report.md from a findings document (pure): short summary tables for a chat or CI comment
(GitHub-flavoured Markdown). Every value from AWS is escaped: a resource name cannot add
markup, links or HTML to the comment."""

from __future__ import annotations

import re

from .changes import changes
from .document import account_names, validate
from .text import FAILING, SEVERITY_ORDER, STATUS_ORDER, by_urgency, is_failing, one_line, resource_label, truncate
from .verdict import DEFAULT_FAIL_ON, verdict

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


def _rows_with_limit(findings, limit, row):
    rows = [row(f) for f in findings[:limit]]
    more = len(findings) - len(rows)
    return rows, (["", "_…and %d more: see report.html or findings.json._" % more] if more > 0 else [])


def _summary(document):
    summary = document["summary"]
    lines = _table(["status", "findings"], [[s, summary["by_status"].get(s, 0)] for s in STATUS_ORDER], right=(1,))
    counts = {s: dict.fromkeys(FAILING, 0) for s in SEVERITY_ORDER}
    for f in document["findings"]:
        if is_failing(f):
            counts[f["severity"]][f["status"]] += 1
    lines += [
        "",
        *_table(["severity", "FAIL", "ERROR"], [[s, counts[s]["FAIL"], counts[s]["ERROR"]] for s in SEVERITY_ORDER], right=(1, 2)),
    ]
    return lines


def _accounts(document):
    status = {a["account_id"]: a.get("status", "audited") for a in document["accounts"]}
    by_account = document["summary"].get("by_account", {})
    rows = []
    for account_id, name in account_names(document).items():
        counts = (by_account.get(account_id) or {}).get("by_status", {})
        audited = "yes" if status.get(account_id, "audited") == "audited" else "**no**"
        rows.append([escape(account_id), escape(name or ""), audited] + [counts.get(s, 0) for s in STATUS_ORDER])
    return _table(["account", "name", "audited", *STATUS_ORDER], rows, right=(3, 4, 5, 6, 7))


def _changes(document, previous, max_rows):
    delta = changes(document, previous)
    lines = [
        "### Changes since %s" % escape(delta["previous_generated_at"] or "the previous run"),
        "",
        "**%d new, %d fixed**" % (len(delta["new"]), len(delta["fixed"])),
    ]
    if delta["new"]:
        rows, more = _rows_with_limit(delta["new"], max_rows, _finding_row)
        lines += ["", "#### New", "", *_table(["severity", "status", "account", "control", "resource", "message"], rows), *more]
    if delta["fixed"]:

        def fixed_row(f):
            now = "gone" if f["fixed_by"] == "gone" else "PASS"
            return [f["severity"], f["previous_status"], now, escape(f["account_id"]), _control(f), escape(resource_label(f))]

        rows, more = _rows_with_limit(delta["fixed"], max_rows, fixed_row)
        lines += ["", "#### Fixed", "", *_table(["severity", "was", "now", "account", "control", "resource"], rows), *more]
    return lines


def render(document, previous=None, fail_on=DEFAULT_FAIL_ON, max_rows=DEFAULT_MAX_ROWS):
    """The report.md text. `previous`: a previous findings document (adds new / fixed)."""
    validate(document)
    decision = verdict(document, fail_on)
    headline = "FAILED" if decision["failed"] else "passed"
    lines = [
        "## baseline.iam drift check: %s" % headline,
        "",
        escape(decision["message"]),
        "",
        "Generated %s by baseline.iam %s; fails on FAIL/ERROR at or above **%s**."
        % (escape(document["generated_at"]), escape(document.get("collection_version") or ""), fail_on),
        "",
        *_summary(document),
        "",
        "### Accounts",
        "",
        *_accounts(document),
    ]
    if previous is not None:
        lines += ["", *_changes(document, previous, max_rows)]
    failing = sorted((f for f in document["findings"] if is_failing(f)), key=by_urgency)
    lines += ["", "### Failing findings (%d)" % len(failing), ""]
    if failing:
        rows, more = _rows_with_limit(failing, max_rows, _finding_row)
        lines += [*_table(["severity", "status", "account", "control", "resource", "message"], rows), *more]
    else:
        lines.append("None.")
    return "\n".join(lines).rstrip() + "\n"
