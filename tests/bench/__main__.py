"""`make bench`: speed, API calls and memory of the drift audit and of a no-change apply, on the
local simulator (optionally behind a latency proxy). Prints figures; not a test.

    python -m tests.bench              # the default run (N=50, U=50, R=30) and the scaling sweeps
    python -m tests.bench --quick      # a small run to try the harness
    python -m tests.bench --latency-ms 60 --drift-only   # the drift audit under IAM-like latency
    python -m tests.bench --throttle-percent 10 --drift-only   # 10% of IAM calls answered Throttling
    python -m tests.bench --only apply-drifted   # no-change apply, full and with only-drifted families
    python -m tests.bench --only admin-drift     # fleet drift with a third of the users admins
"""

import argparse
import json
import tempfile
from pathlib import Path

from tests.support.playbook import REPO, run_playbook, run_tasks, write_inventory
from tests.support.simulator import Simulator

from .measure import Measure
from .scenarios import admin_drift, apply_drifted, measured_apply, per_account_calls
from .seed import seed

OUT = REPO / "tests" / "output" / "bench.json"
AUDIT_VARS = {"iam_baseline_audit": {"require_access_analyzer": False}, "iam_baseline_fail_on": "critical"}


def drift(sim, accounts, fleet, tmp):
    inventory = write_inventory(Path(tmp) / "inventory.yml", accounts)
    sim.proxy.clear_calls()
    extra = dict(AUDIT_VARS, iam_baseline_fleet=fleet, iam_baseline_report_dir=str(Path(tmp) / "reports"))
    with Measure() as m:
        result = run_playbook("baseline.iam.drift", sim.env(), inventory=inventory, extra_vars=extra, record=False)
    report = Path(tmp) / "reports" / "findings.json"
    assert report.exists(), "the drift run wrote no findings.json:\n" + result.output[-3000:]
    findings = json.loads(report.read_text())["findings"]
    audited = {f["account_id"] for f in findings}
    assert audited == {a.account_id for a in accounts}, "some accounts were not audited:\n" + result.output[-3000:]
    calls = per_account_calls(sim.proxy, accounts)
    return {
        "mode": "fleet" if fleet else "per-host",
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
    return measured_apply(sim, accounts, inventory, tmp, "no change, full")


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


APPLY_COLUMNS = ["run", "accounts", "seconds", "changed_tasks", "mutating_calls", "calls_per_account", "peak_controller_mib"]


def run_only(scenario, n, u, r, delay):
    """One scenario of tests/bench/scenarios.py; figures into tests/output/bench-<scenario>.json."""
    with tempfile.TemporaryDirectory() as tmp, Simulator(delay=delay) as sim:
        if scenario == "apply-drifted":
            rows = apply_drifted(sim, seed(sim, n, u, r), tmp)
            table("Apply, N=%d x U=%d x R=%d (latency %g ms)" % (n, u, r, delay * 1000), rows, APPLY_COLUMNS)
            converged = rows[0]["changed_families"]
            print("converge changed:", sorted({f for fams in converged.values() for f in fams}), "in", len(converged), "accounts")
            print("changed families, last run:", rows[-1]["changed_families"], "- exactly the drifted:", rows[-1]["exactly_the_drifted"])
        else:
            rows = [admin_drift(sim, n, u, r, tmp, drift)]
            columns = ["accounts", "seconds", "seconds_per_account", "calls_per_account", "peak_controller_mib", "findings"]
            columns += [k for k in rows[0] if k.startswith(("calls_per_account (", "ListMFADevices ("))]
            table("Fleet drift, N=%d x U=%d x R=%d, a third of the users admins (latency %g ms)" % (n, u, r, delay * 1000), rows, columns)
    out = OUT.with_name("bench-%s.json" % scenario)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"latency_ms": delay * 1000, "rows": rows}, indent=2))
    print("\nfigures written to %s" % out.relative_to(REPO))


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
        "--only", choices=["apply-drifted", "admin-drift"], help="one scenario of issue 15 alone (tests/bench/scenarios.py)"
    )
    args = parser.parse_args()
    n, u, r = (5, 5, 3) if args.quick else (50, 50, 30)
    delay = args.latency_ms / 1000
    if args.only:
        return run_only(args.only, n, u, r, delay)
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
        for fleet in (False, True):
            results["main"].append(drift(sim, accounts, fleet, tmp))
        if not args.drift_only:
            results["apply"] = no_change_apply(sim, accounts, tmp)
    title = "Drift audit, N=%d accounts x U=%d users x R=%d roles (latency %g ms, %g%% throttled; calls include retries)"
    table(title % (n, u, r, args.latency_ms, args.throttle_percent), results["main"], drift_cols)
    print("API calls per account by API (fleet):", results["main"][-1]["calls_by_api"])
    if results["apply"]:
        table("No-change apply", [results["apply"]], APPLY_COLUMNS)

    if not (args.quick or args.drift_only):
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
