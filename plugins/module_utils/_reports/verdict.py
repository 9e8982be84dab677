# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pass/fail decision of the drift check (pure).

The run fails when a FAIL or an ERROR exists at or above iam_baseline_fail_on (critical > high >
medium > low > info; default high). It also fails, whatever the threshold, when it audited
nothing (no findings is not "compliant") or when it is incomplete (a slice did not report, an
account of the inventory has no results): a partial run never passes for a complete one.
"""

from __future__ import annotations

from .document import ReportError
from .source import DocumentSource
from .summary import collect
from .text import SEVERITY_ORDER, severity_rank

DEFAULT_FAIL_ON = "high"


def check_fail_on(fail_on):
    if fail_on not in SEVERITY_ORDER:
        raise ReportError("iam_baseline_fail_on: %r is not one of %s" % (fail_on, ", ".join(SEVERITY_ORDER)))
    return fail_on


def _count_text(counts):
    return ", ".join("%s %d" % (key, n) for key, n in counts.items() if n) or "none"


def decide(summary, fail_on=DEFAULT_FAIL_ON):
    """{"failed", "reason" (blocking | incomplete | nothing_audited | None), "fail_on", "blocking"
    (count), "blocking_by_severity" {severity: {"FAIL": n, "ERROR": n}}, "problems", "message"}
    from a run's summary (summary.collect)."""
    threshold = severity_rank(check_fail_on(fail_on))
    by_severity = {s: dict(summary.failing_by_severity[s]) for s in SEVERITY_ORDER if severity_rank(s) >= threshold}
    blocking = sum(sum(c.values()) for c in by_severity.values())
    overall = "%d findings in %d accounts (%s)" % (summary.total, len(summary.accounts), _count_text(summary.by_status))
    detail = "; ".join("%s: %s" % (s, _count_text(c)) for s, c in by_severity.items() if sum(c.values()))
    if not summary.total:
        reason = "nothing_audited"
        message = "Nothing was audited: no account returned findings, so compliance cannot be claimed."
    elif summary.problems:
        reason = "incomplete"
        found = "%d FAIL/ERROR at or above %s (%s)" % (blocking, fail_on, detail) if blocking else "no FAIL/ERROR at or above %s" % fail_on
        message = "Drift check INCOMPLETE: %s; %s in what was reported; %s." % ("; ".join(summary.problems), found, overall)
    elif blocking:
        reason = "blocking"
        message = "Drift check FAILED: %d FAIL/ERROR at or above %s (%s); %s." % (blocking, fail_on, detail, overall)
    else:
        reason = None
        message = "Drift check passed: no FAIL/ERROR at or above %s; %s." % (fail_on, overall)
    decision = {"failed": reason is not None, "reason": reason, "fail_on": fail_on, "blocking": blocking}
    decision.update(blocking_by_severity=by_severity, message=message)
    if summary.problems:
        decision["problems"] = list(summary.problems)
    return decision


def verdict(document, fail_on=DEFAULT_FAIL_ON):
    """The decision for a findings document (its counts recomputed: a stale summary cannot mislead)."""
    check_fail_on(fail_on)
    return decide(collect(DocumentSource(document)), fail_on)
