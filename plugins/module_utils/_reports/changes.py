# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What changed since a previous findings document (pure), compared by finding_id:

- new: FAIL or ERROR now, and not FAIL or ERROR before (or not there at all);
- fixed: FAIL or ERROR before, and now PASS, or gone from an account that was audited this time
  (a finding that is gone because its account could not be read is not fixed).
"""

from __future__ import annotations

from .document import audited_account_ids, validate
from .text import by_urgency, is_failing


def changes(current, previous):
    """{"new": [finding...], "fixed": [finding... with "fixed_by" ("PASS" or "gone") and
    "previous_status"]} (most urgent first)."""
    validate(current, "current findings")
    validate(previous, "previous findings")
    now = {f["finding_id"]: f for f in current["findings"]}
    before = {f["finding_id"]: f for f in previous["findings"]}
    audited = audited_account_ids(current)

    new = [f for fid, f in now.items() if is_failing(f) and not (fid in before and is_failing(before[fid]))]
    fixed = []
    for fid, old in before.items():
        if not is_failing(old):
            continue
        if fid in now and now[fid]["status"] == "PASS":
            fixed.append(dict(now[fid], fixed_by="PASS", previous_status=old["status"]))
        elif fid not in now and old["account_id"] in audited:
            fixed.append(dict(old, fixed_by="gone", previous_status=old["status"]))
    return {
        "previous_generated_at": previous.get("generated_at"),
        "new": sorted(new, key=by_urgency),
        "fixed": sorted(fixed, key=by_urgency),
    }
