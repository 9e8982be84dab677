"""baseline.iam.drift end to end: per-host and fleet modes agree, every report is written, an
account that cannot be opened is ERROR, and the exit code follows iam_baseline_fail_on."""

import json

from tests.support.playbook import run_playbook, write_inventory
from tests.support.principals import seed_manual_controls

AUDIT = {"require_access_analyzer": False, "require_cloudtrail": False}
REPORTS = ("findings.json", "junit.xml", "findings.sarif", "asff.json", "report.md", "report.html")


def drift(simulator, inventory, reports, **extra):
    extra_vars = {"iam_baseline_audit": AUDIT, "iam_baseline_report_dir": str(reports), **extra}
    return run_playbook("baseline.iam.drift", simulator.env(), inventory=inventory, extra_vars=extra_vars)


def verdicts(reports):
    doc = json.loads((reports / "findings.json").read_text())
    return sorted((f["finding_id"], f["control_id"], f["account_id"], f["status"]) for f in doc["findings"])


def test_per_host_and_fleet_agree_and_a_closed_account_is_error(simulator, tmp_path):
    weak, closed, strong = simulator.new_account(), simulator.new_account(), simulator.new_account()
    weak.client("iam").update_account_password_policy(MinimumPasswordLength=8)
    strong.client("iam").update_account_password_policy(
        MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True, RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True, AllowUsersToChangePassword=True, MaxPasswordAge=90, PasswordReusePrevention=24,
    )  # fmt: skip
    inventory = write_inventory(tmp_path / "inventory.yml", [weak, closed, strong])
    with simulator.proxy.failing("AssumeRole", "AccessDenied", status=403, body_contains=closed.account_id):
        per_host = drift(simulator, inventory, tmp_path / "per-host")
        fleet = drift(simulator, inventory, tmp_path / "fleet", iam_baseline_fleet=True)
    for result, reports in ((per_host, tmp_path / "per-host"), (fleet, tmp_path / "fleet")):
        assert result.rc != 0  # ACCT.ACCESS ERROR (high) for the closed account
        assert all((reports / name).is_file() for name in REPORTS)
    assert verdicts(tmp_path / "per-host") == verdicts(tmp_path / "fleet")
    table = {(c, a): s for _i, c, a, s in verdicts(tmp_path / "fleet")}
    assert table[("ACCT.ACCESS", closed.account_id)] == "ERROR"
    assert [c for c, a in table if a == closed.account_id] == ["ACCT.ACCESS"]
    assert table[("PP.MIN_LENGTH", weak.account_id)] == "FAIL"
    assert table[("PP.MIN_LENGTH", strong.account_id)] == "PASS"


def test_exit_code_follows_fail_on(simulator, tmp_path):
    account = simulator.new_account()
    seed_manual_controls(account, force_mfa_policy=True)  # root MFA, support role, force-MFA policy
    account.client("iam").update_account_password_policy(MinimumPasswordLength=8)  # medium FAILs only
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    assert drift(simulator, inventory, tmp_path / "a", iam_baseline_fail_on="high").rc == 0
    failed = drift(simulator, inventory, tmp_path / "b", iam_baseline_fail_on="medium")
    assert failed.rc != 0
    assert (tmp_path / "b" / "report.html").is_file()  # written before the run failed


def test_fleet_reports_a_host_the_inventory_gave_no_role(simulator, tmp_path):
    good, broken = simulator.new_account(), simulator.new_account()
    bad_vars = {broken.account_id: {"aws_account_role_arn": "", "aws_account_error": "member_role_arn_template: no tag 'audit-role'"}}
    inventory = write_inventory(tmp_path / "inventory.yml", [good, broken], host_vars=bad_vars)
    for fleet in (False, True):
        reports = tmp_path / ("fleet" if fleet else "per-host")
        result = drift(simulator, inventory, reports, iam_baseline_fleet=fleet)
        assert result.rc != 0
        table = {(c, a): s for _i, c, a, s in verdicts(reports)}
        assert table[("ACCT.ACCESS", broken.account_id)] == "ERROR", fleet
        assert table[("ACCT.ACCESS", good.account_id)] == "PASS", fleet
