# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pass/fail decision of the drift check (pure).

The run fails when a FAIL or an ERROR exists at or above iam_baseline_fail_on (critical > high >
medium > low > info; default high). A run that audited nothing fails too: no findings is not
"compliant" (fail closed).
"""

from __future__ import annotations

from .document import ReportError, validate
from .text import FAILING, SEVERITY_ORDER, severity_rank

DEFAULT_FAIL_ON = "high"


def check_fail_on(fail_on):
    if fail_on not in SEVERITY_ORDER:
        raise ReportError("iam_baseline_fail_on: %r is not one of %s" % (fail_on, ", ".join(SEVERITY_ORDER)))
    return fail_on


def _count_text(counts):
    return ", ".join("%s %d" % (key, n) for key, n in counts.items() if n) or "none"


def verdict(document, fail_on=DEFAULT_FAIL_ON):
    """{"failed", "reason" (blocking | nothing_audited | None), "fail_on", "blocking" (count),
    "blocking_by_severity" {severity: {"FAIL": n, "ERROR": n}}, "message"}."""
    validate(document)
    threshold = severity_rank(check_fail_on(fail_on))
    findings = document["findings"]
    by_severity = {s: dict.fromkeys(FAILING, 0) for s in SEVERITY_ORDER if severity_rank(s) >= threshold}
    for f in findings:
        if f["status"] in FAILING and f["severity"] in by_severity:
            by_severity[f["severity"]][f["status"]] += 1
    blocking = sum(sum(c.values()) for c in by_severity.values())
    statuses = document.get("summary", {}).get("by_status") or {}
    overall = "%d findings in %d accounts (%s)" % (len(findings), len(document["accounts"]), _count_text(statuses))
    if not findings:
        reason = "nothing_audited"
        message = "Nothing was audited: no account returned findings, so compliance cannot be claimed."
    elif blocking:
        reason = "blocking"
        detail = "; ".join("%s: %s" % (s, _count_text(c)) for s, c in by_severity.items() if sum(c.values()))
        message = "Drift check FAILED: %d FAIL/ERROR at or above %s (%s); %s." % (blocking, fail_on, detail, overall)
    else:
        reason = None
        message = "Drift check passed: no FAIL/ERROR at or above %s; %s." % (fail_on, overall)
    return {
        "failed": reason is not None,
        "reason": reason,
        "fail_on": fail_on,
        "blocking": blocking,
        "blocking_by_severity": by_severity,
        "message": message,
    }
