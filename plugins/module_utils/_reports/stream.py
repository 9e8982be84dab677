# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The second pass: every report format written account by account (pure; streams are given).

A format is a writer class: `Writer(out, summary, ...)` writes what comes before the findings,
`.account(account, findings)` one account's findings (a list: one account is in memory),
`.close()` the rest. The first pass (summary.collect) gave every total a writer needs up front.
"""

from __future__ import annotations

import io

from .source import DocumentSource
from .summary import collect


def write(writers, source, summary):
    """Feeds every account of `source` to every writer, then closes them."""
    for account in summary.accounts:
        findings = list(source.findings_of(account["account_id"]))
        for writer in writers:
            writer.account(account, findings)
    for writer in writers:
        writer.close()


def render_document(make_writer, document, previous=None, keep=50):
    """The text one writer gives for a whole findings document (the filters' way in)."""
    source = DocumentSource(document)
    summary = collect(source, DocumentSource(previous, "previous findings") if previous is not None else None, keep)
    out = io.StringIO()
    write([make_writer(out, summary)], source, summary)
    return out.getvalue()
