# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Progress of a fleet audit: the module rewrites a small JSON file as accounts finish (atomically:
a reader never sees half a file), the audit action plugin reads it every few seconds and prints
a line. A module cannot print while it runs; this is how its progress reaches the terminal and
AWX's job output."""

from __future__ import annotations

import json
import os
import tempfile
import threading


def _with_error(result):
    """An account that could not be opened (ACCT.ACCESS), or was opened but not fully read (a
    source ERROR)."""
    return bool(result.get("error")) or ((result.get("summary") or {}).get("by_status") or {}).get("ERROR", 0) > 0


class ProgressFile:
    """{"total": N, "done": n, "errors": e} in `path`, rewritten after each account."""

    def __init__(self, path, total):
        self.path, self.state = path, {"total": total, "done": 0, "errors": 0}
        self._lock = threading.Lock()
        self._write()

    def account_done(self, result):
        """Called from the audit's worker threads with one account's result."""
        with self._lock:
            self.state["done"] += 1
            self.state["errors"] += 1 if _with_error(result) else 0
            self._write()

    def _write(self):
        folder = os.path.dirname(self.path) or "."
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".progress-")
        with os.fdopen(handle, "w") as stream:
            json.dump(self.state, stream)
        os.replace(temporary, self.path)  # atomic on POSIX: the reader sees the old or the new file


def read(path):
    """The last state written, or None (not written yet, or unreadable)."""
    try:
        with open(path) as stream:
            return json.load(stream)
    except (OSError, ValueError):
        return None


def line(state, elapsed_seconds):
    """'baseline.iam.audit: 120/500 accounts audited (24%), 3 with errors, 45 s'."""
    total = state.get("total") or 0
    percent = (100 * state["done"] // total) if total else 100
    return "baseline.iam.audit: %d/%d accounts audited (%d%%), %d with errors, %d s" % (
        state["done"],
        total,
        percent,
        state["errors"],
        elapsed_seconds,
    )
