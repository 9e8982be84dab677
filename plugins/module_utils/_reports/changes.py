# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What changed since a previous run (pure), compared by finding_id, one account at a time:

- new: FAIL or ERROR now, and not FAIL or ERROR before (or not there at all);
- fixed: FAIL or ERROR before, and now PASS, or gone from an account that was audited this time
  (a finding that is gone because its account could not be read is not fixed).

A finding id names its account, so comparing account by account gives the same answer as
comparing whole runs, in memory bounded by one account.
"""

from __future__ import annotations

from .document import validate
from .source import DocumentSource
from .text import by_urgency, is_failing


def account_changes(now_findings, before_findings, audited):
    """(new, fixed) of one account: its findings now and before (in run order); `audited`: the
    account was audited this time. Fixed findings carry "fixed_by" ("PASS" or "gone") and
    "previous_status"."""
    now = {f["finding_id"]: f for f in now_findings}
    before = {f["finding_id"]: f for f in before_findings}
    new = [f for fid, f in now.items() if is_failing(f) and not (fid in before and is_failing(before[fid]))]
    fixed = []
    for fid, old in before.items():
        if not is_failing(old):
            continue
        if fid in now and now[fid]["status"] == "PASS":
            fixed.append(dict(now[fid], fixed_by="PASS", previous_status=old["status"]))
        elif fid not in now and audited:
            fixed.append(dict(old, fixed_by="gone", previous_status=old["status"]))
    return new, fixed


def changes(current, previous):
    """{"previous_generated_at", "new": [finding...], "fixed": [finding...]} between two findings
    documents (most urgent first)."""
    validate(current, "current findings")
    validate(previous, "previous findings")
    now, before = DocumentSource(current, "current findings"), DocumentSource(previous, "previous findings")
    known = {a["account_id"] for a in before.accounts}
    new, fixed = [], []
    for account in now.accounts:
        account_id = account["account_id"]
        old = before.findings_of(account_id) if account_id in known else ()
        delta = account_changes(now.findings_of(account_id), old, account["status"] == "audited")
        new.extend(delta[0])
        fixed.extend(delta[1])
    return {
        "previous_generated_at": previous.get("generated_at"),
        "new": sorted(new, key=by_urgency),
        "fixed": sorted(fixed, key=by_urgency),
    }
