# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The first pass over a run: everything the reports need besides the findings themselves (pure).

Counts (by status, by severity, per account), the accounts x controls matrix, each control's
title and highest severity (SARIF rules), the most urgent failing findings (report.md lists 50),
and - given the previous run - what is new and what was fixed and which matrix cells changed
status. It grows with the accounts and the controls, not with the findings: lists of findings are
cut to `keep` entries (with their totals).
"""

from __future__ import annotations

import bisect

from .._audit import findings as _findings
from .changes import account_changes
from .text import ATTENTION_ORDER, FAILING, SEVERITY_ORDER, STATUS_ORDER, by_urgency, control_position, severity_rank

# The status a matrix cell shows when its findings differ: the one that needs most attention.
CELL_PRECEDENCE = ATTENTION_ORDER


class Shortlist:
    """The first `keep` findings in urgency order (ties in run order), and how many there were."""

    def __init__(self, keep):
        self.keep, self.total, self._items = keep, 0, []

    def add(self, finding, seq):
        self.total += 1
        key = (by_urgency(finding), seq)
        if len(self._items) >= self.keep and key >= self._items[-1][0]:
            return
        bisect.insort(self._items, (key, finding))
        del self._items[self.keep :]

    @property
    def findings(self):
        return [f for _key, f in self._items]


class Cell:
    """One account x control cell of the matrix: counts by status."""

    __slots__ = ("counts",)

    def __init__(self):
        self.counts = [0] * len(STATUS_ORDER)

    def add(self, status):
        self.counts[STATUS_ORDER.index(status)] += 1

    @property
    def status(self):
        return next(s for s in CELL_PRECEDENCE if self.counts[STATUS_ORDER.index(s)])

    @property
    def failing(self):
        return sum(self.counts[STATUS_ORDER.index(s)] for s in FAILING)

    @property
    def total(self):
        return sum(self.counts)

    def text(self):
        return ", ".join("%s %d" % (s, n) for s, n in zip(STATUS_ORDER, self.counts, strict=True) if n)


class RunSummary:
    def __init__(self, source, keep=50, problems=()):
        self.generated_at, self.collection_version = source.generated_at, source.collection_version
        self.accounts = list(source.accounts)
        self.names = {a["account_id"]: a.get("name") for a in self.accounts}
        self.problems = list(problems)
        self.total = 0
        self.by_status = dict.fromkeys(STATUS_ORDER, 0)
        self.by_severity = dict.fromkeys(SEVERITY_ORDER, 0)
        self.failing_by_severity = {s: dict.fromkeys(FAILING, 0) for s in SEVERITY_ORDER}
        self.by_account = {}
        self.cells = {}
        self.titles = {}
        self.rules = {}
        self.failing = Shortlist(keep)
        self.compared, self.previous_generated_at = False, None  # set when a previous run is given
        self.new, self.fixed = Shortlist(keep), Shortlist(keep)
        self.changed = {}  # {account_id: {control_id: its cell's status in the previous run, or None}}
        self.trend = []  # the results store's points of this run and the runs before it (trend.py)
        self._seq = 0

    def _count(self, finding, counts):
        counts.append(finding)
        status, severity = finding["status"], finding["severity"]
        self.total += 1
        self.by_status[status] += 1
        if status in FAILING:
            self.by_severity[severity] += 1
            self.failing_by_severity[severity][status] += 1
            self.failing.add(finding, self._seq)
        self.cells.setdefault(finding["account_id"], {}).setdefault(finding["control_id"], Cell()).add(status)
        self.titles.setdefault(finding["control_id"], finding["title"])
        rule = self.rules.get(finding["control_id"])
        if rule is None:
            sample = {k: finding.get(k) for k in ("title", "remediation", "references")}
            self.rules[finding["control_id"]] = {"sample": sample, "severity": finding["severity"]}
        elif severity_rank(severity) > severity_rank(rule["severity"]):
            rule["severity"] = severity
        self._seq += 1

    def add_account(self, account, findings, previous=None):
        """Counts one account's findings; `previous`: its findings in the previous run (or None)."""
        own = []
        for finding in findings:
            self._count(finding, own)
        self.by_account[account["account_id"]] = _findings.summarize(own)
        if previous is not None:
            previous = list(previous)  # one account's findings
            self._mark_changed_cells(account["account_id"], previous)
            new, fixed = account_changes(own, previous, account.get("status", "audited") == "audited")
            for finding in new:
                self.new.add(finding, self._seq)
                self._seq += 1
            for finding in fixed:
                self.fixed.add(finding, self._seq)
                self._seq += 1

    def _mark_changed_cells(self, account_id, previous):
        before = {}
        for finding in previous:
            before.setdefault(finding["control_id"], Cell()).add(finding["status"])
        now = self.cells.get(account_id, {})
        changed = {c: (before[c].status if c in before else None) for c in now if c not in before or before[c].status != now[c].status}
        if changed:
            self.changed[account_id] = changed

    def as_summary(self):
        """The `summary` member of findings.json."""
        by_account = {k: self.by_account.get(k) or _findings.summarize([]) for k in sorted(self.names)}
        return {
            "total": self.total,
            "by_status": dict(self.by_status),
            "by_severity": dict(self.by_severity),
            "accounts": len(self.accounts),
            "by_account": by_account,
        }

    @property
    def controls(self):
        return sorted(self.titles, key=control_position)


def collect(source, previous=None, keep=50, problems=()):
    """The summary of a source (one pass over it); `previous`: the previous run's source."""
    summary = RunSummary(source, keep, problems)
    previous_ids = None
    if previous is not None:
        summary.compared, summary.previous_generated_at = True, previous.generated_at
        previous_ids = {a["account_id"] for a in previous.accounts}
    for account in summary.accounts:
        before = None
        if previous is not None:
            before = previous.findings_of(account["account_id"]) if account["account_id"] in previous_ids else iter(())
        summary.add_account(account, source.findings_of(account["account_id"]), before)
    return summary
