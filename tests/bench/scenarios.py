"""The scenarios of issue 15, run alone with `python -m tests.bench --only NAME`:

- apply-drifted: a no-change apply of the organization in full and with
  iam_baseline_apply_only_drifted, then one family (the password policy) drifted in 5 accounts and
  applied with only-drifted families;
- admin-drift: the fleet drift audit with a third of the users admins, half of the accounts with
  admins holding a virtual MFA device (one ListMFADevices each) and half with admins holding FIDO
  keys, hardware tokens or nothing (judged from the credential report, no call).
"""

import json
from pathlib import Path

from tests.support.calls import is_mutating
from tests.support.playbook import run_playbook, write_inventory

from .measure import Measure
from .seed import seed

ONLY_DRIFTED = {"iam_baseline_apply_only_drifted": True}
DRIFTED_ACCOUNTS = 5
TIMEOUT = 3600  # a shared, loaded machine can take many times the idle figures


def per_account_calls(proxy, accounts):
    """API calls per account by action (mean over the accounts), from the proxy's log."""
    ids = {a.account_id for a in accounts}
    totals = {}
    for call in proxy.calls():
        if call["account"] in ids:
            totals[call["action"]] = totals.get(call["action"], 0) + 1
    return {action: round(count / len(ids), 2) for action, count in sorted(totals.items())}


def changed_families(changes):
    """{host: [families with a change]} of the accounts an apply changed (from changes.json)."""
    found = {}
    for account in changes["accounts"]:
        families = sorted(f for f, items in account["changes"].items() if any(i.get("changed") for i in items))
        if families:
            found[account["host"]] = families
    return found


def measured_apply(sim, accounts, inventory, tmp, label, extra=None):
    """One apply, timed, with its writes, calls per account and what changes.json says changed."""
    reports = Path(tmp) / ("reports-" + label)
    sim.proxy.clear_calls()
    with Measure() as m:
        extra = {"iam_baseline_report_dir": str(reports), **(extra or {})}
        result = run_playbook("baseline.iam.apply", sim.env(), inventory=inventory, extra_vars=extra, timeout=TIMEOUT).assert_ok()
    changes = json.loads((reports / "changes.json").read_text())
    return {
        "run": label,
        "accounts": len(accounts),
        "seconds": round(m.seconds, 1),
        "changed_tasks": len(result.changed),
        "mutating_calls": len([c for c in sim.proxy.calls() if is_mutating(c["action"])]),
        "calls_per_account": round(sum(per_account_calls(sim.proxy, accounts).values()), 1),
        "peak_controller_mib": round(m.peak_mib),
        "changed_families": changed_families(changes),
    }


def apply_drifted(sim, accounts, tmp):
    """Converge (only-drifted: the seeded accounts lack the password policy and the force-MFA
    policy), then: full no-change apply, only-drifted no-change apply, 5 accounts drifted."""
    inventory = write_inventory(Path(tmp) / "inventory.yml", accounts)
    runs = [
        measured_apply(sim, accounts, inventory, tmp, "converge, only drifted", ONLY_DRIFTED),
        measured_apply(sim, accounts, inventory, tmp, "no change, full"),
        measured_apply(sim, accounts, inventory, tmp, "no change, only drifted", ONLY_DRIFTED),
    ]
    drifted = accounts[:: max(1, len(accounts) // DRIFTED_ACCOUNTS)][:DRIFTED_ACCOUNTS]
    for account in drifted:
        account.client("iam").update_account_password_policy(MinimumPasswordLength=8)
    runs.append(measured_apply(sim, accounts, inventory, tmp, "%d drifted, only drifted" % len(drifted), ONLY_DRIFTED))
    expected = {"acct_%s" % a.account_id: ["password_policy"] for a in drifted}
    runs[-1]["exactly_the_drifted"] = runs[-1]["changed_families"] == expected
    return runs


def admin_mfa(index):
    """Odd accounts: every admin holds a virtual device; even ones: FIDO, hardware or nothing in turn."""
    return ("virtual",) if index % 2 else ("fido", "hardware", "none")


def admin_drift(sim, n, u, r, tmp, drift):
    """The fleet drift audit of N x U x R with a third of the users admins (`drift` is the
    benchmark's drift run)."""
    accounts = seed(sim, n, u, r, admin_mfa=admin_mfa)
    row = drift(sim, accounts, True, tmp)
    row["seconds_per_account"] = round(row["seconds"] / n, 3)
    for label, part in (("no virtual", accounts[0::2]), ("virtual", accounts[1::2])):
        calls = per_account_calls(sim.proxy, part)
        row["calls_per_account (%s)" % label] = round(sum(calls.values()), 1)
        row["ListMFADevices (%s)" % label] = calls.get("ListMFADevices", 0)
    return row
