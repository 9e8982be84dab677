"""baseline.iam.securityhub_findings against the simulator's Security Hub (made to answer as AWS
does: tests/support/moto_securityhub.py): import, read back, no duplicates, archive of fixed
findings (fail closed on ERROR), FailedFindings retried and reported, check mode writes nothing,
bad input refused before any call."""

from tests.support.playbook import run_tasks
from tests.support.securityhub import REGION, enable, hub_findings, run

FIRST = "2026-12-01T10:00:00Z"
LATER = "2026-12-02T10:00:00Z"
# A run: the password policy too short, two users without MFA, one access-key control unreadable.
RESULTS = [
    ("PP.MIN_LENGTH", "FAIL", None),
    ("PP.REUSE", "PASS", None),
    ("USER.CONSOLE_NO_MFA", "FAIL", "alice"),
    ("USER.CONSOLE_NO_MFA", "FAIL", "bob"),
]


def push(account, findings, check=False, env=None, **options):
    options = dict(options, findings=findings, region=REGION)
    task = {"name": "push", "baseline.iam.securityhub_findings": options, "register": "out", "ignore_errors": True}
    record = run_tasks([task], env or account.env(), check=check, diff=True).tasks("push")
    assert len(record) == 1
    # "failed": what Ansible made of the task (the callback records it as the status).
    return dict(record[0]["result"], failed=record[0]["status"] == "ignored")


def writes(simulator, mark, account=None):
    return [
        c["action"] for c in simulator.proxy.calls_since(mark, account) if c["action"] in ("BatchImportFindings", "BatchUpdateFindings")
    ]


def test_import_read_back_then_no_change_and_no_duplicates(simulator, account):
    enable(account)
    findings = run(account.account_id, RESULTS, FIRST)

    mark = simulator.proxy.mark()
    preview = push(account, findings, check=True)
    assert preview["changed"] and not preview.get("failed")
    assert preview["securityhub"]["totals"]["new"] == 3  # the PASS is not sent without send_passed
    assert writes(simulator, mark) == [] and hub_findings(account) == {}

    first = push(account, findings)
    assert first["changed"] and not first.get("failed")
    held = hub_findings(account)
    sent = {f["Id"] for f in findings if f["Compliance"]["Status"] != "PASSED"}
    assert set(held) == sent
    assert {f["RecordState"] for f in held.values()} == {"ACTIVE"}
    assert {f["Compliance"]["Status"] for f in held.values()} == {"FAILED"}
    assert {f["ProductArn"] for f in held.values()} == {
        "arn:aws:securityhub:%s:%s:product/%s/default" % (REGION, account.account_id, account.account_id)
    }

    # The same results a day later: nothing sent, nothing added.
    mark = simulator.proxy.mark()
    again = push(account, run(account.account_id, RESULTS, LATER))
    assert not again["changed"] and again["securityhub"]["totals"]["unchanged"] == 3
    assert writes(simulator, mark) == []
    assert set(hub_findings(account)) == sent


def test_fixed_finding_archived_unread_control_kept(simulator, account):
    enable(account)
    push(account, run(account.account_id, RESULTS, FIRST))
    alice_id = next(f["Id"] for f in run(account.account_id, RESULTS) if "alice" in f["Title"] + f["Description"])
    policy_id = next(f["Id"] for f in run(account.account_id, RESULTS) if f["GeneratorId"].endswith("PP.MIN_LENGTH"))

    # alice got MFA (PASS); bob still FAIL; the password policy could not be read (ERROR).
    later = [("PP.MIN_LENGTH", "ERROR", None), ("USER.CONSOLE_NO_MFA", "PASS", "alice"), ("USER.CONSOLE_NO_MFA", "FAIL", "bob")]
    findings = run(account.account_id, later, LATER)
    mark = simulator.proxy.mark()
    preview = push(account, findings, check=True)
    assert preview["securityhub"]["totals"]["archived"] == 1 and writes(simulator, mark) == []
    assert alice_id in preview["diff"]["after"][account.account_id]

    out = push(account, findings)
    assert out["changed"] and not out.get("failed")
    held = hub_findings(account)
    assert held[alice_id]["RecordState"] == "ARCHIVED"
    # The same id: an ERROR updates the finding in place (NOT_AVAILABLE), never archives it.
    assert held[policy_id]["RecordState"] == "ACTIVE"
    assert held[policy_id]["Compliance"]["Status"] == "NOT_AVAILABLE"
    assert len(held) == 3

    # A run where PP.MIN_LENGTH has no finding at all and USER.CONSOLE_NO_MFA is unreadable:
    # nothing may be archived.
    unread = run(account.account_id, [("USER.CONSOLE_NO_MFA", "ERROR", None), ("PP.REUSE", "PASS", None)], LATER)
    out = push(account, unread)
    assert out["securityhub"]["totals"]["archived"] == 0
    assert {i for i, f in hub_findings(account, record_state="ACTIVE").items()} >= {policy_id}
    assert hub_findings(account)[policy_id]["RecordState"] == "ACTIVE"


def test_send_passed(account):
    enable(account)
    out = push(account, run(account.account_id, RESULTS), send_passed=True)
    assert out["securityhub"]["totals"]["new"] == 4
    assert sorted(f["Compliance"]["Status"] for f in hub_findings(account).values()) == ["FAILED", "FAILED", "FAILED", "PASSED"]


def test_refused_findings_retried_then_reported(simulator, account):
    enable(account)
    findings = run(account.account_id, RESULTS)
    bob = next(f["Id"] for f in findings if "bob" in f["Description"])
    with simulator.proxy.refusing_findings("InternalException", ids=[bob], times=1) as fault:
        out = push(account, findings)
    assert fault.hits == 1 and not out.get("failed")
    assert out["securityhub"]["accounts"][0]["retries"] == 1
    assert bob in hub_findings(account)

    other = simulator.new_account()
    enable(other)
    findings = run(other.account_id, RESULTS)
    bob = next(f["Id"] for f in findings if "bob" in f["Description"])
    mark = simulator.proxy.mark()
    with simulator.proxy.refusing_findings("InternalException", ids=[bob]) as fault:
        out = push(other, findings, attempts=3)
    assert out["failed"] and "refused" in out["msg"]
    assert writes(simulator, mark) == ["BatchImportFindings"] * 3 and fault.hits == 3
    failed = out["securityhub"]["accounts"][0]["failed"]
    assert [(f["Id"], f["ErrorCode"]) for f in failed] == [(bob, "InternalException")]
    assert set(hub_findings(other)) == {f["Id"] for f in findings if f["Compliance"]["Status"] == "FAILED"} - {bob}

    # Told to accept it: the task succeeds and still names what was refused.
    with simulator.proxy.refusing_findings("InvalidInput", ids=[bob]) as fault:
        out = push(other, findings, attempts=3, allow_failed=True)
    assert not out.get("failed") and fault.hits == 1  # a permanent error is not retried
    assert out["securityhub"]["totals"]["failed"] == 1


def test_bad_input_names_the_field_before_any_call(simulator, account):
    enable(account)
    findings = run(account.account_id, RESULTS)
    del findings[2]["Title"]
    mark = simulator.proxy.mark()
    out = push(account, findings)
    assert out["failed"] and out["invalid_field"] == "findings[2].Title"
    out = push(account, run(account.account_id, RESULTS), accounts=[{"account_id": "12345"}])
    assert out["failed"] and out["invalid_field"] == "accounts[0].account_id"
    out = push(account, run(account.account_id, RESULTS), attempts=0)
    assert out["invalid_field"] == "attempts"
    assert [c for c in simulator.proxy.calls_since(mark) if c["service"] == "securityhub"] == []


def test_security_hub_not_enabled_fails_naming_the_account(account):
    out = push(account, run(account.account_id, RESULTS))
    assert out["failed"] and "InvalidAccessException" in out["msg"] and account.account_id in out["msg"]


def test_accounts_by_role_and_aggregator(simulator):
    first, second, hub = simulator.new_account(), simulator.new_account(), simulator.new_account()
    for account in (first, second, hub):
        enable(account)
    findings = run(first.account_id, RESULTS) + run(second.account_id, RESULTS)
    role = "arn:aws:iam::%s:role/OrganizationAccountAccessRole"
    accounts = [{"account_id": a.account_id, "role_arn": role % a.account_id} for a in (first, second)]
    out = push(hub, findings, env=simulator.env(), accounts=accounts)
    assert not out.get("failed") and out["securityhub"]["totals"]["new"] == 6
    assert len(hub_findings(first)) == 3 and len(hub_findings(second)) == 3

    out = push(hub, findings, env=simulator.env(), aggregator={"account_id": hub.account_id, "role_arn": role % hub.account_id})
    held = hub_findings(hub)
    assert not out.get("failed") and len(held) == 6
    assert {f["AwsAccountId"] for f in held.values()} == {hub.account_id}
    assert {f["ProductFields"]["baseline.iam/AccountId"] for f in held.values()} == {first.account_id, second.account_id}
    again = push(hub, findings, env=simulator.env(), aggregator={"account_id": hub.account_id, "role_arn": role % hub.account_id})
    assert not again["changed"]


def test_an_account_that_cannot_be_opened_fails_the_task_after_the_others(simulator):
    good, closed = simulator.new_account(), simulator.new_account()
    enable(good)
    enable(closed)
    role = "arn:aws:iam::%s:role/OrganizationAccountAccessRole"
    findings = run(good.account_id, RESULTS) + run(closed.account_id, RESULTS)
    accounts = [{"account_id": a.account_id, "role_arn": role % a.account_id} for a in (good, closed)]
    with simulator.proxy.failing("AssumeRole", "AccessDenied", status=403, body_contains=closed.account_id) as fault:
        out = push(good, findings, env=simulator.env(), accounts=accounts)
    assert fault.hits == 1 and out["failed"]
    assert closed.account_id in out["msg"] and "AccessDenied" in out["msg"]
    by_account = {r["account_id"]: r for r in out["securityhub"]["accounts"]}
    assert by_account[closed.account_id]["error"]["code"] == "AccessDenied"
    assert by_account[good.account_id]["error"] is None and by_account[good.account_id]["new"] == 3
    assert len(hub_findings(good)) == 3 and hub_findings(closed) == {}
