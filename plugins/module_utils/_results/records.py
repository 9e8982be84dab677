# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One account's results as one gzip JSON-lines object (pure; no I/O but the gzip stream).

Line 1 is the account's header: {"record": "account", "schema_version", "run_id", "account_id",
"status" (audited | not_audited), "summary", "api_calls", "evidence_time", "error", "slice",
"baseline_hash", "written_at", ...}. Every further line is one finding (DESIGN §5), sorted as the
reports list them (account, catalog order, resource). A reader holds one line at a time.
"""

from __future__ import annotations

import gzip
import io
import json

from .._audit import findings as _findings
from .._reports.document import finding_order, validate_findings
from .errors import ResultsError

SCHEMA_VERSION = 1
RECORD = "account"
STATUSES = ("audited", "not_audited")


def header(run_id, account_id, status, evidence_time=None, error=None, api_calls=None, **extra):
    """An account header; `extra` carries small per-account fields (counts, ids), never findings."""
    if status not in STATUSES:
        raise ValueError("status must be one of %s" % ", ".join(STATUSES))
    head = {
        "record": RECORD,
        "schema_version": SCHEMA_VERSION,
        "run_id": run_id,
        "account_id": str(account_id),
        "status": status,
        "evidence_time": evidence_time,
        "error": error,
        "api_calls": dict(sorted((api_calls or {}).items())),
    }
    head.update({k: v for k, v in extra.items() if k != "findings"})
    return head


def encode(head, findings):
    """The object's bytes: the header (with the summary of `findings`) then the sorted findings."""
    validate_findings(findings, "account %s" % head["account_id"])
    head = dict(head, summary=_findings.summarize(findings))
    buffer = io.BytesIO()
    # mtime=0: the same results give the same bytes (no timestamp in the gzip header).
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as stream:
        stream.write((json.dumps(head, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
        for finding in sorted(findings, key=finding_order):
            stream.write((json.dumps(finding, ensure_ascii=False) + "\n").encode("utf-8"))
    return buffer.getvalue()


def _lines(stream, where):
    try:
        for line in io.TextIOWrapper(gzip.GzipFile(fileobj=stream, mode="rb"), encoding="utf-8"):
            if line.strip():
                yield json.loads(line)
    except (OSError, EOFError, ValueError) as e:
        raise ResultsError("results", "%s is not a readable results object: %s" % (where, e)) from None


def read_header(stream, where):
    """The header of an account object (reads the first line only)."""
    lines = _lines(stream, where)
    head = next(lines, None)
    _check_header(head, where)
    return head


def read(stream, where):
    """(header, iterator of findings): the findings are read as the iterator is consumed."""
    lines = _lines(stream, where)
    head = next(lines, None)
    _check_header(head, where)
    return head, lines


def _check_header(head, where):
    if not isinstance(head, dict) or head.get("record") != RECORD:
        raise ResultsError("results", "%s does not start with an account header" % where)
    if head.get("schema_version") != SCHEMA_VERSION:
        raise ResultsError(
            "results", "%s: schema_version %r; this collection reads %d" % (where, head.get("schema_version"), SCHEMA_VERSION)
        )
