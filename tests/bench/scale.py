"""`python -m tests.bench --scale`: the drift check at organization scale (issue 15), fleet mode
with the results store. Figures, not tests:

- 100 and 1,000 accounts x 10 users x 5 roles: seconds, accounts per minute, peak controller memory
  (PSS over ansible-playbook and its forks), report sizes, report.html load time in Chromium;
- the same 1,000 accounts in 4 slices (four processes, one store, one run id), then
  baseline.iam.report: per-slice and merge times, merged findings identical to the single run;
- the results store on the simulator's S3 against the local directory: time and calls per account.

The simulator holds no AWS managed policies here (see seed.py).
"""

import hashlib
import json
import time
from pathlib import Path

from tests.support.playbook import run_playbook, write_inventory
from tests.support.simulator import Simulator

from .measure import Measure
from .seed import seed

AUDIT_VARS = {"iam_baseline_audit": {"require_access_analyzer": False}, "iam_baseline_fail_on": "critical", "iam_baseline_fleet": True}
REPORTS = ("findings.json", "junit.xml", "findings.sarif", "asff.json", "report.md", "report.html")


def _mib(path):
    return round(path.stat().st_size / 1024 / 1024, 1)


def report_sizes(reports):
    sizes = {name: _mib(reports / name) for name in REPORTS}
    pages = list((reports / "report-accounts").glob("*.html")) if (reports / "report-accounts").is_dir() else []
    sizes["account pages"] = round(sum(p.stat().st_size for p in pages) / 1024 / 1024, 1)
    return sizes


def finding_digests(reports):
    """The findings of a report, without their times, as sorted digests (order-free comparison)."""
    document = json.loads((reports / "findings.json").read_text())
    rows = []
    for finding in document["findings"]:
        kept = {k: v for k, v in finding.items() if k != "evidence_time"}
        rows.append(hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest())
    return sorted(rows), document["summary"]["by_status"]


def html_load_ms(page):
    """loadEventEnd of report.html in headless Chromium (best of two), or None without a browser."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1600,2000"):
        options.add_argument(flag)
    try:
        driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
    except Exception:
        return None
    try:
        timings = []
        for _attempt in range(2):
            driver.get(page.as_uri())
            timings.append(driver.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd"))
        return round(min(timings))
    finally:
        driver.quit()


def run(sim, playbook, inventory, reports, limit_file=None, **extra):
    extra_vars = dict(AUDIT_VARS, iam_baseline_report_dir=str(reports), **extra)
    limit = "@%s" % limit_file if limit_file else None
    sim.proxy.clear_calls()
    with Measure() as m:
        result = run_playbook(playbook, sim.env(), inventory=inventory, extra_vars=extra_vars, limit=limit, record=False, timeout=7200)
    assert (reports / "findings.json").is_file(), "no findings.json:\n" + result.output[-3000:]
    return result, m


def calls_per_account(sim, accounts, service=None):
    ids = {a.account_id for a in accounts}
    calls = sim.proxy.calls(service=service)
    counted = [c for c in calls if service or c["account"] in ids]
    return round(len(counted) / len(accounts), 2)


def drift_figures(sim, accounts, tmp, name, html=True, **extra):
    inventory = write_inventory(Path(tmp) / ("%s.yml" % name), accounts)
    reports = Path(tmp) / name
    _result, m = run(sim, "baseline.iam.drift", inventory, reports, **extra)
    digests, by_status = finding_digests(reports)
    figures = {
        "run": name,
        "accounts": len(accounts),
        "seconds": round(m.seconds, 1),
        "accounts_per_minute": round(len(accounts) / m.seconds * 60, 1),
        "peak_controller_mib": round(m.peak_mib),
        "findings": len(digests),
        "calls_per_account": calls_per_account(sim, accounts),
        "store_calls_per_account": calls_per_account(sim, accounts, "s3"),
        "report_mib": report_sizes(reports),
        "by_status": by_status,
    }
    if html:
        figures["report_html_load_ms"] = html_load_ms(reports / "report.html")
    return figures, digests


def sliced_figures(sim, accounts, tmp, slices=4):
    """The accounts in `slices` processes (one after the other: the simulator shares this machine's
    two cores), one store and run id, then baseline.iam.report."""
    inventory = write_inventory(Path(tmp) / "sliced.yml", accounts)
    store = {"iam_baseline_results": {"dir": str(Path(tmp) / "sliced-store")}, "iam_baseline_run_id": "bench-sliced"}
    parts = []
    for number in range(1, slices + 1):
        part = accounts[number - 1 :: slices]
        limit_file = Path(tmp) / ("slice%d.limit" % number)
        limit_file.write_text("\n".join(["acct_%s" % a.account_id for a in part] + ["localhost"]) + "\n")
        reports = Path(tmp) / ("slice%d" % number)
        _result, m = run(sim, "baseline.iam.drift", inventory, reports, limit_file, iam_baseline_slice="%d/%d" % (number, slices), **store)
        parts.append(
            {
                "slice": "%d/%d" % (number, slices),
                "accounts": len(part),
                "seconds": round(m.seconds, 1),
                "peak_controller_mib": round(m.peak_mib),
            }
        )
    reports = Path(tmp) / "merged"
    started = time.monotonic()
    _result, m = run(sim, "baseline.iam.report", inventory, reports, iam_baseline_slice_count=slices, **store)
    merge = {"accounts": len(accounts), "seconds": round(time.monotonic() - started, 1), "peak_controller_mib": round(m.peak_mib)}
    return parts, merge, finding_digests(reports)[0], json.loads((reports / "findings.json").read_text())["run"]["complete"]


def main(accounts=1000, users=10, roles=5, small=100, quick=False):
    import tempfile

    results = {"accounts": accounts, "users": users, "roles": roles}
    with tempfile.TemporaryDirectory() as tmp, Simulator(managed_policies=False) as sim:
        started = time.monotonic()
        seeded = seed(sim, accounts, users, roles)
        results["seed_seconds"] = round(time.monotonic() - started)
        small_run, _digests = drift_figures(sim, seeded[:small], tmp, "fleet-%d" % small)
        big_run, whole = drift_figures(sim, seeded, tmp, "fleet-%d" % accounts)
        results["drift"] = [small_run, big_run]
        bucket = "bench-results"
        sim.default_client("s3").create_bucket(Bucket=bucket)
        s3_run, _digests = drift_figures(
            sim, seeded[:small], tmp, "s3-%d" % small, html=False, iam_baseline_results={"s3_bucket": bucket, "s3_prefix": "bench"}
        )
        results["store"] = {"local": small_run, "s3": s3_run}
        if not quick:
            parts, merge, merged, complete = sliced_figures(sim, seeded, tmp)
            results["slices"] = {"parts": parts, "merge": merge, "identical_to_single_run": merged == whole, "complete": complete}
    return results
