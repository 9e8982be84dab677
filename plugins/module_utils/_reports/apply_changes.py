# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an apply run did, per account and control family: changes.json / changes.md and the
end-of-run summary (pure; the facts come from the roles)."""

from __future__ import annotations

from .._core import dates as _time
from .._core import redact as _redact

SCHEMA_VERSION = "1.0"
STATES = ("changed", "compliant", "drifted", "error")


def account_status(facts):
    """error / drifted / compliant for one account host's facts (changed is reported apart)."""
    if (facts.get("iam_baseline_session_error") or {}).get("code"):
        return "error"
    findings = facts.get("iam_baseline_findings")
    if findings is None:
        return "unverified"
    statuses = {f["status"] for f in findings}
    if "ERROR" in statuses:
        return "error"
    return "drifted" if "FAIL" in statuses else "compliant"


def only_drifted(facts):
    """With iam_baseline_apply_only_drifted: the families run and the audit's failing controls that
    chose them; None when the option was off."""
    families = facts.get("iam_baseline_drifted_families")
    if families is None:  # set (a fact) only by an apply with iam_baseline_apply_only_drifted
        return None
    return {"families_run": list(families), "failing_controls": facts.get("iam_baseline_failing_controls")}


def account_entry(host, facts):
    changes = facts.get("iam_baseline_changes") or {}
    session_error = facts.get("iam_baseline_session_error") or {}
    findings = facts.get("iam_baseline_findings") or []
    entry = {
        "host": host,
        "account_id": str(facts.get("aws_account_id") or (facts.get("iam_baseline_session") or {}).get("account_id") or ""),
        "status": account_status(facts),
        "changed": any(item.get("changed") for items in changes.values() for item in items),
        "changes": _redact.redact(changes),
        "error": session_error.get("code") and "%s: %s" % (session_error["code"], session_error.get("message")),
        "open_findings": sorted({"%s %s" % (f["control_id"], f["resource_id"]) for f in findings if f["status"] in ("FAIL", "ERROR")}),
    }
    if only_drifted(facts) is not None:
        entry["only_drifted"] = only_drifted(facts)
    return entry


def changes_document(hosts, hostvars, check_mode=False, generated_at=None):
    accounts = [account_entry(h, hostvars[h]) for h in hosts]
    summary = {state: [] for state in (*STATES, "unverified")}
    for account in accounts:
        if account["changed"]:
            summary["changed"].append(account["host"])
        summary[account["status"]].append(account["host"])
    return {
        "schema_version": SCHEMA_VERSION,
        "generated_at": generated_at or _time.now_iso(),
        "check_mode": bool(check_mode),
        "summary": summary,
        "accounts": accounts,
    }


def _line(item):
    what = item.get("what") or item.get("task") or ""
    return "  - %s%s" % ("changed: " if item.get("changed") else "unchanged: ", what)


def changes_markdown(document):
    mode = "Preview (check mode): what apply would change" if document["check_mode"] else "Apply: what changed"
    lines = ["# baseline.iam apply", "", "%s, %s." % (mode, document["generated_at"]), "", "| state | accounts |", "|---|---|"]
    for state, hosts in document["summary"].items():
        if hosts or state in STATES:
            lines.append("| %s | %d%s |" % (state, len(hosts), (": " + ", ".join(hosts)) if hosts else ""))
    for account in document["accounts"]:
        lines += ["", "## %s (%s) - %s" % (account["host"], account["account_id"] or "?", account["status"])]
        if account["error"]:
            lines.append("- error: %s" % account["error"])
        if "only_drifted" in account:
            families = ", ".join(account["only_drifted"]["families_run"]) or "none (nothing to fix)"
            lines.append("- families run (only drifted): %s" % families)
        for family, items in sorted(account["changes"].items()):
            lines.append("- %s" % family)
            lines += [_line(item) for item in items]
        for finding in account["open_findings"]:
            lines.append("- open: %s" % finding)
    return "\n".join(lines) + "\n"
