"""Role baseline.iam.securityhub at the end of baseline.iam.drift: (check) nothing sent ->
imported into each account's Security Hub (read back: the run's non-PASS findings, by id) ->
a second run sends nothing; also when the verdict fails the run. Off by default."""

import json

from tests.support.playbook import run_playbook, write_inventory
from tests.support.securityhub import enable, hub_findings

AUDIT = {"require_access_analyzer": False, "require_cloudtrail": False}
HUB = {"enabled": True, "region": "us-east-1"}


def drift(simulator, inventory, reports, check=False, **extra):
    extra_vars = {"iam_baseline_audit": AUDIT, "iam_baseline_report_dir": str(reports), "iam_baseline_fleet": True, **extra}
    return run_playbook("baseline.iam.drift", simulator.env(), inventory=inventory, extra_vars=extra_vars, check=check)


def expected(reports, account_id):
    doc = json.loads((reports / "findings.json").read_text())
    return {f["finding_id"] for f in doc["findings"] if f["account_id"] == account_id and f["status"] not in ("PASS", "NOT_APPLICABLE")}


def hub_task(result):
    [task] = result.tasks(action="securityhub_findings")
    return task


def imports(simulator, mark):
    return [c for c in simulator.proxy.calls_since(mark) if c["action"] == "BatchImportFindings"]


def test_drift_imports_once_then_nothing(simulator, tmp_path):
    accounts = [simulator.new_account(), simulator.new_account()]
    for account in accounts:
        enable(account)
    inventory = write_inventory(tmp_path / "inventory.yml", accounts)

    mark = simulator.proxy.mark()
    preview = drift(simulator, inventory, tmp_path / "check", check=True, iam_baseline_securityhub=HUB)
    assert hub_task(preview)["result"]["changed"]
    assert imports(simulator, mark) == [] and all(hub_findings(a) == {} for a in accounts)

    first = drift(simulator, inventory, tmp_path / "first", iam_baseline_securityhub=HUB)
    assert first.rc != 0, "the simulated accounts are not compliant: the verdict fails the run"
    assert hub_task(first)["status"] == "changed"
    for account in accounts:
        held = hub_findings(account)
        assert set(held) == expected(tmp_path / "first", account.account_id) != set()
        assert {f["AwsAccountId"] for f in held.values()} == {account.account_id}

    mark = simulator.proxy.mark()
    second = drift(simulator, inventory, tmp_path / "second", iam_baseline_securityhub=HUB)
    assert hub_task(second)["status"] == "ok" and not hub_task(second)["result"]["changed"]
    assert imports(simulator, mark) == []
    for account in accounts:
        assert set(hub_findings(account)) == expected(tmp_path / "second", account.account_id)


def test_off_by_default(simulator, tmp_path):
    account = simulator.new_account()
    enable(account)
    mark = simulator.proxy.mark()
    result = drift(simulator, write_inventory(tmp_path / "inventory.yml", [account]), tmp_path / "reports")
    assert result.tasks(action="securityhub_findings") == [] and (tmp_path / "reports" / "asff.json").exists()
    assert [c for c in simulator.proxy.calls_since(mark) if c["service"] == "securityhub"] == []


def test_a_drift_run_filtered_by_tags_still_audits_decides_and_imports(simulator, tmp_path):
    """Tags do not narrow the drift check (issue 12: every drift task is tagged `always`): under
    --tags password_policy the account is still audited on every control, the reports are written,
    the verdict fails the run, and the Security Hub step still imports the run's findings. (Written
    before that rule, this test expected "Nothing was audited"; the merged drift audits.)"""
    account = simulator.new_account()
    enable(account)
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    reports = tmp_path / "reports"
    extra_vars = {"iam_baseline_audit": AUDIT, "iam_baseline_report_dir": str(reports), "iam_baseline_securityhub": HUB}
    result = run_playbook("baseline.iam.drift", simulator.env(), inventory=inventory, extra_vars=extra_vars, tags=["password_policy"])
    assert result.rc != 0 and "Drift check FAILED" in result.output, result.output[-3000:]
    assert set(hub_findings(account)) == expected(reports, account.account_id) != set()
