"""`make bench`: speed, API calls and memory of the drift audit and of a no-change apply, on the
local simulator (optionally behind a latency proxy). Prints figures; not a test.

    python -m tests.bench              # the default run (N=50, U=50, R=30) and the scaling sweeps
    python -m tests.bench --quick      # a small run to try the harness
    python -m tests.bench --latency-ms 60 --drift-only   # the drift audit under IAM-like latency
    python -m tests.bench --throttle-percent 10 --drift-only   # 10% of IAM calls answered Throttling
    python -m tests.bench --progress --size 100 5 3   # fleet drift, progress every second vs none
"""

import argparse
import json
import tempfile
from pathlib import Path

from tests.support.calls import is_mutating
from tests.support.playbook import REPO, run_playbook, run_tasks, write_inventory
from tests.support.simulator import Simulator

from .measure import Measure
from .seed import seed

OUT = REPO / "tests" / "output" / "bench.json"
AUDIT_VARS = {"iam_baseline_audit": {"require_access_analyzer": False}, "iam_baseline_fail_on": "critical"}


def per_account_calls(proxy, accounts):
    """API calls per account by action (mean over the accounts), from the proxy's log."""
    ids = {a.account_id for a in accounts}
    totals = {}
    for call in proxy.calls():
        if call["account"] in ids:
            totals[call["action"]] = totals.get(call["action"], 0) + 1
    return {action: round(count / len(ids), 2) for action, count in sorted(totals.items())}


def drift(sim, accounts, fleet, tmp, progress_interval=None):
    inventory = write_inventory(Path(tmp) / "inventory.yml", accounts)
    sim.proxy.clear_calls()
    extra = dict(AUDIT_VARS, iam_baseline_fleet=fleet, iam_baseline_report_dir=str(Path(tmp) / "reports"))
    if progress_interval is not None:
        extra["iam_baseline_progress_interval"] = progress_interval
    with Measure() as m:
        result = run_playbook("baseline.iam.drift", sim.env(), inventory=inventory, extra_vars=extra, record=False)
    report = Path(tmp) / "reports" / "findings.json"
    assert report.exists(), "the drift run wrote no findings.json:\n" + result.output[-3000:]
    findings = json.loads(report.read_text())["findings"]
    audited = {f["account_id"] for f in findings}
    assert audited == {a.account_id for a in accounts}, "some accounts were not audited:\n" + result.output[-3000:]
    calls = per_account_calls(sim.proxy, accounts)
    mode = "fleet" if fleet else "per-host"
    if progress_interval is not None:
        mode += ", progress %s" % ("%d s" % progress_interval if progress_interval else "off")
    return {
        "mode": mode,
        "accounts": len(accounts),
        "seconds": round(m.seconds, 1),
        "accounts_per_minute": round(len(accounts) / m.seconds * 60, 1),
        "calls_per_account": round(sum(calls.values()), 1),
        "calls_by_api": calls,
        "peak_controller_mib": round(m.peak_mib),
        "findings": len(findings),
    }


def no_change_apply(sim, accounts, tmp):
    inventory = write_inventory(Path(tmp) / "inventory.yml", accounts)
    run_playbook("baseline.iam.apply", sim.env(), inventory=inventory).assert_ok()  # converge first
    sim.proxy.clear_calls()
    with Measure() as m:
        result = run_playbook("baseline.iam.apply", sim.env(), inventory=inventory).assert_ok()
    writes = [c["action"] for c in sim.proxy.calls() if is_mutating(c["action"])]
    return {
        "accounts": len(accounts),
        "seconds": round(m.seconds, 1),
        "changed_tasks": len(result.changed),
        "mutating_calls": len(writes),
        "calls_per_account": round(sum(per_account_calls(sim.proxy, accounts).values()), 1),
        "peak_controller_mib": round(m.peak_mib),
    }


def single_account_audit(sim, users, roles):
    (account,) = seed(sim, 1, users, roles)
    with Measure() as m:
        out = run_tasks([{"name": "audit", "baseline.iam.audit": {"audit": {"require_access_analyzer": False}}}], account.env())
    out.assert_ok()
    calls = per_account_calls(sim.proxy, [account])
    return {"users": users, "roles": roles, "seconds": round(m.seconds, 1), "calls": round(sum(calls.values())), "calls_by_api": calls}


def table(title, rows, columns):
    print("\n" + title)
    print(" | ".join(columns))
    print(" | ".join("---" for _column in columns))
    for row in rows:
        print(" | ".join(str(row.get(c, "")) for c in columns))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small run (N=5, U=5, R=3, no sweeps)")
    parser.add_argument(
        "--latency-ms", type=float, default=0.0, help="delay per API call in the proxy (e.g. 60, like the real IAM endpoint)"
    )
    parser.add_argument(
        "--throttle-percent", type=float, default=0.0, help="share of IAM calls the proxy answers Throttling (retried by the clients)"
    )
    parser.add_argument("--drift-only", action="store_true", help="only the drift audit of the default run (no apply, no sweeps)")
    parser.add_argument(
        "--progress", action="store_true", help="only the fleet drift audit, with progress lines every second, then with none (overhead)"
    )
    parser.add_argument("--size", type=int, nargs=3, metavar=("N", "U", "R"), help="accounts, users and roles of the main run")
    args = parser.parse_args()
    n, u, r = args.size or ((5, 5, 3) if args.quick else (50, 50, 30))
    delay = args.latency_ms / 1000
    results = {
        "latency_ms": args.latency_ms,
        "throttle_percent": args.throttle_percent,
        "main": [],
        "apply": None,
        "users_sweep": [],
        "accounts_sweep": [],
    }
    drift_cols = ["mode", "accounts", "seconds", "accounts_per_minute", "calls_per_account", "peak_controller_mib", "findings"]

    with tempfile.TemporaryDirectory() as tmp, Simulator(delay=delay) as sim:
        accounts = seed(sim, n, u, r)
        if args.throttle_percent:  # after seeding: only the measured runs are throttled
            sim.proxy.fail("*", "Throttling", service="iam", probability=args.throttle_percent / 100)
        if args.progress:
            results["main"] = [drift(sim, accounts, True, tmp, interval) for interval in (1, 0, 1, 0)]
        else:
            for fleet in (False, True):
                results["main"].append(drift(sim, accounts, fleet, tmp))
        if not (args.drift_only or args.progress):
            results["apply"] = no_change_apply(sim, accounts, tmp)
    title = "Drift audit, N=%d accounts x U=%d users x R=%d roles (latency %g ms, %g%% throttled; calls include retries)"
    table(title % (n, u, r, args.latency_ms, args.throttle_percent), results["main"], drift_cols)
    print("API calls per account by API (fleet):", results["main"][-1]["calls_by_api"])
    if results["apply"]:
        table(
            "No-change apply",
            [results["apply"]],
            ["accounts", "seconds", "changed_tasks", "mutating_calls", "calls_per_account", "peak_controller_mib"],
        )

    if not (args.quick or args.drift_only or args.progress):
        with Simulator(delay=delay) as sim:
            results["users_sweep"] = [single_account_audit(sim, users, 30) for users in (10, 100, 1000)]
        table("Scaling in users (one account, R=30)", results["users_sweep"], ["users", "roles", "seconds", "calls"])
        for count in (10, 50, 200):
            with tempfile.TemporaryDirectory() as tmp, Simulator(delay=delay) as sim:
                small = seed(sim, count, 5, 3)
                modes = (True,) if count > 50 else (False, True)
                results["accounts_sweep"] += [drift(sim, small, fleet, tmp) for fleet in modes]
        table("Scaling in accounts (U=5, R=3)", results["accounts_sweep"], drift_cols)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2))
    print("\nfigures written to %s" % OUT.relative_to(REPO))


if __name__ == "__main__":
    main()
