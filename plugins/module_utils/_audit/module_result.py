# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the audit module returns, from its per-account results (pure): with a results store,
counts per account; without one, every finding too."""

from __future__ import annotations

from .._results.writer import entry
from .findings import summarize


def merge_calls(results):
    """API calls by name, summed over the accounts."""
    calls = {}
    for result in results:
        for name, count in result["api_calls"].items():
            calls[name] = calls.get(name, 0) + count
    return dict(sorted(calls.items()))


def common_fields(results):
    return dict(
        changed=False,
        api_calls=merge_calls(results),
        account_id=results[0]["account_id"] if results else None,
        evidence_time=results[0]["evidence_time"] if results else None,
    )


def with_findings(results, fleet):
    """The result without a store: every finding, and per account its entry (with its findings in
    fleet mode, so each host takes its own without filtering the whole list)."""
    findings = [f for r in results for f in r["findings"]]
    accounts = [dict(entry(r), findings=r["findings"]) if fleet else entry(r) for r in results]
    return dict(common_fields(results), findings=findings, summary=summarize(findings), accounts=accounts)


def stored(entries, location, run_id, baseline_hash):
    """The result with a results store: counts per account, no findings; `lost` the entries whose
    account could not be written."""
    summary = summarize([])
    for account in entries:
        summary["total"] += account["summary"]["total"]
        for part in ("by_status", "by_severity"):
            for key, count in account["summary"][part].items():
                summary[part][key] = summary[part].get(key, 0) + count
    results = {"location": location, "run_id": run_id, "baseline_hash": baseline_hash}
    lost = [e for e in entries if e.get("store_error")]
    return dict(common_fields(entries), summary=summary, accounts=entries, results=results), lost
