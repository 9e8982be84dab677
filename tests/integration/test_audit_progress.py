"""Progress of a fleet audit (action plugin baseline.iam.audit): lines accounts done / total and
errors so far while the one task runs, in ansible-playbook's output; the same result with
progress on and off; nothing printed for one account or with progress off."""

import contextlib
import re

from tests.support.playbook import run_tasks

AUDIT = {"require_access_analyzer": False, "require_cloudtrail": False}
LINE = re.compile(r"\[localhost\] baseline\.iam\.audit: (\d+)/(\d+) accounts audited \(\d+%\), (\d+) with errors, \d+ s")


@contextlib.contextmanager
def slow_simulator(simulator, seconds):
    """Every call takes `seconds` longer for the block (the audit then lasts long enough to report)."""
    before, simulator.proxy.delay = simulator.proxy.delay, seconds
    try:
        yield
    finally:
        simulator.proxy.delay = before


def fleet_audit(simulator, accounts, interval):
    options = {"accounts": accounts, "max_workers": 1, "audit": AUDIT, "progress_interval": interval}
    return run_tasks([{"name": "fleet", "baseline.iam.audit": options, "register": "out"}], simulator.env()).assert_ok()


def verdicts(result):
    out = result.result("fleet")
    return sorted((f["finding_id"], f["status"], f["message"]) for f in out["findings"]), out["summary"]


def test_fleet_audit_prints_progress_and_the_result_is_the_same(simulator):
    members = [simulator.new_account(), simulator.new_account(), simulator.new_account()]
    accounts = [{"account_id": a.account_id, "role_arn": a.role_arn} for a in members]
    denied = "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % "299999999999"
    accounts.append({"account_id": "299999999999", "role_arn": denied})

    with slow_simulator(simulator, 0.03), simulator.proxy.failing("AssumeRole", "AccessDenied", status=403, body_contains="299999999999"):
        shown = fleet_audit(simulator, accounts, interval=1)
        quiet = fleet_audit(simulator, accounts, interval=0)

    lines = [tuple(int(n) for n in m.groups()) for m in LINE.finditer(shown.stdout)]
    assert len(lines) >= 2, shown.stdout[-3000:]
    assert lines[-1] == (4, 4, 1), "the last line: every account done, the denied one an error"
    assert all(total == 4 for _done, total, _errors in lines)
    assert [done for done, _t, _e in lines] == sorted(done for done, _t, _e in lines)
    assert LINE.search(quiet.stdout) is None
    assert verdicts(shown) == verdicts(quiet)


def test_one_account_prints_no_progress(simulator, account):
    options = {"audit": AUDIT, "progress_interval": 1}
    result = run_tasks([{"name": "one", "baseline.iam.audit": options, "register": "out"}], account.env()).assert_ok()
    assert LINE.search(result.stdout) is None
    assert result.result("one")["account_id"] == account.account_id
