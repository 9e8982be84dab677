"""Fault injection through the proxy (issue 8): the audit keeps giving the right answer under
throttling, isolates an account it cannot read, and waits for the credential report boundedly."""

from tests.support.playbook import run_playbook, run_tasks, write_inventory

NO_ANALYZER = {"require_access_analyzer": False}
FAST_RETRIES = {"retries": {"max_attempts": 3}}


def audit(env, **options):
    options.setdefault("audit", NO_ANALYZER)
    return run_tasks([{"name": "audit", "baseline.iam.audit": options}], env)


def verdicts(out):
    return sorted((f["finding_id"], f["status"], f["message"]) for f in out["findings"])


def seed(account):
    iam = account.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=9)
    iam.create_user(UserName="bob")
    iam.create_login_profile(UserName="bob", Password="Some-Password-1!")
    iam.create_access_key(UserName="bob")


def test_thirty_percent_throttling_gives_identical_findings(account):
    seed(account)
    proxy = account.simulator.proxy
    clean = audit(account.env()).assert_ok().result("audit")
    mark = proxy.mark()
    with proxy.failing("*", "Throttling", account=account.account_id, service="iam", probability=0.3, times=15) as fault:
        faulted = audit(account.env()).assert_ok().result("audit")
    assert fault.hits > 0
    assert verdicts(faulted) == verdicts(clean)
    # The module counts each API call once; the proxy saw every attempt: the difference is retries.
    retried = len(proxy.calls_since(mark, account.account_id)) - sum(faulted["api_calls"].values())
    assert retried == fault.hits


def test_persistent_throttling_makes_only_that_account_error(simulator, tmp_path):
    calm, throttled = simulator.new_account(), simulator.new_account()
    seed(calm)
    inventory = write_inventory(tmp_path / "inventory.yml", [calm, throttled])
    extra = {
        "iam_baseline_audit": NO_ANALYZER,
        "iam_baseline_fleet": True,
        "iam_baseline_report_dir": str(tmp_path / "reports"),
        "iam_baseline_aws_config": FAST_RETRIES,  # the retry budget, as a user would shorten it
    }
    with simulator.proxy.failing("*", "Throttling", account=throttled.account_id, service="iam") as fault:
        result = run_playbook("baseline.iam.drift", simulator.env(), inventory=inventory, extra_vars=extra)
    assert fault.hits > 0
    assert result.rc != 0
    audit_task = result.tasks("baseline.iam.audit : RUN | AUDIT | Audit every account")[0]["result"]
    by_account = {}
    for f in audit_task["findings"]:
        by_account.setdefault(f["account_id"], {})[f["control_id"]] = f["status"]
    assert by_account[throttled.account_id]["ACCT.ACCESS"] == "ERROR"
    assert set(by_account[throttled.account_id].values()) <= {"ERROR", "NOT_APPLICABLE"}
    assert by_account[calm.account_id]["ACCT.ACCESS"] == "PASS"
    assert by_account[calm.account_id]["PP.MIN_LENGTH"] == "FAIL"
    # The circuit breaker: after the first source gave up, the throttled account was not asked again.
    throttled_reads = [c for c in simulator.proxy.calls(throttled.account_id) if c["service"] == "iam"]
    assert len(throttled_reads) <= FAST_RETRIES["retries"]["max_attempts"] + 1, [c["action"] for c in throttled_reads]  # one read, retried


def test_credential_report_limit_exceeded_and_in_progress_then_success(account):
    seed(account)
    proxy = account.simulator.proxy
    with (
        proxy.failing("GenerateCredentialReport", "LimitExceeded", account=account.account_id, status=409, times=2) as limit,
        proxy.failing("GetCredentialReport", "ReportInProgress", account=account.account_id, status=404, times=3) as progress,
    ):
        out = audit(account.env(), aws_config=FAST_RETRIES).assert_ok().result("audit")
    assert limit.hits == 2 and progress.hits == 3
    key_findings = [f for f in out["findings"] if f["control_id"] == "ACCT.ACCESS"]
    assert key_findings[0]["status"] == "PASS"
    assert "credential_report" not in key_findings[0]["message"]


def test_credential_report_never_ready_is_error_after_a_bounded_wait(account):
    seed(account)
    proxy = account.simulator.proxy
    with proxy.failing("GetCredentialReport", "ReportInProgress", account=account.account_id, status=404):
        result = audit(account.env(), credential_report_wait=3)
    out = result.assert_ok().result("audit")
    access = next(f for f in out["findings"] if f["control_id"] == "ACCT.ACCESS")
    assert access["status"] == "ERROR"
    assert "credential_report (ReportTimeout)" in access["message"]
    gets = [c for c in proxy.calls(account.account_id) if c["action"] == "GetCredentialReport"]
    assert 2 <= len(gets) <= 6
