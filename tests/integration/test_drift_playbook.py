"""baseline.iam.drift end to end: per-host and fleet modes agree, every report is written, an
account that cannot be opened is ERROR, and the exit code follows iam_baseline_fail_on."""

import json

import yaml

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


def test_a_run_with_tags_of_a_family_still_audits_every_control_and_reports(simulator, tmp_path):
    """Issue 12: the drift has no per-control tasks; --tags must not silently skip the audit."""
    account = simulator.new_account()
    account.client("iam").update_account_password_policy(MinimumPasswordLength=8)
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    drift(simulator, inventory, tmp_path / "untagged")
    expected = verdicts(tmp_path / "untagged")
    assert {c for _i, c, _a, _s in expected} > {"PP.MIN_LENGTH", "ACCT.ACCESS"}  # more than one family
    for fleet in (False, True):
        reports = tmp_path / ("fleet" if fleet else "per-host")
        extra_vars = {"iam_baseline_audit": AUDIT, "iam_baseline_report_dir": str(reports), "iam_baseline_fleet": fleet}
        result = run_playbook("baseline.iam.drift", simulator.env(), inventory=inventory, extra_vars=extra_vars, tags=["password_policy"])
        assert all((reports / name).is_file() for name in REPORTS), result.output[-2000:]
        assert verdicts(reports) == expected, fleet


def test_fleet_tasks_without_a_results_store_hand_each_host_its_findings(simulator, tmp_path):
    """tasks_from: fleet in a playbook of one's own (no run opened): each host takes its own entry,
    a host without a role ARN is an ACCT.ACCESS ERROR, and the report agrees with baseline.iam.drift."""
    weak, strong, broken = simulator.new_account(), simulator.new_account(), simulator.new_account()
    weak.client("iam").update_account_password_policy(MinimumPasswordLength=8)
    strong.client("iam").update_account_password_policy(MinimumPasswordLength=20)
    bad_vars = {broken.account_id: {"aws_account_role_arn": ""}}
    inventory = write_inventory(tmp_path / "inventory.yml", [weak, broken, strong], host_vars=bad_vars)
    playbook = tmp_path / "fleet.yml"
    playbook.write_text(
        yaml.safe_dump(
            [
                {
                    "name": "Fleet audit without a results store",
                    "hosts": "all",
                    "gather_facts": False,
                    "tasks": [{"name": "Audit", "ansible.builtin.import_role": {"name": "baseline.iam.audit", "tasks_from": "fleet"}}],
                },
                {
                    "name": "Check what each host holds",
                    "hosts": "all",
                    "gather_facts": False,
                    "any_errors_fatal": True,  # a failed check stops the run: no findings.json
                    "tasks": [
                        {
                            "name": "Own findings only",
                            "ansible.builtin.assert": {
                                "that": [
                                    "iam_baseline_session_error is defined or"
                                    " (iam_baseline_findings | map(attribute='account_id') | unique) == [aws_account_id]",
                                    "iam_baseline_session_error is defined or iam_baseline_audit_result.account_id == aws_account_id",
                                    "iam_baseline_session_error is defined or 'findings' not in iam_baseline_audit_result",
                                ]
                            },
                        }
                    ],
                },
                {"name": "Reports", "hosts": "localhost", "gather_facts": False, "roles": ["baseline.iam.report"]},
            ],
            sort_keys=False,
        )
    )
    reports = tmp_path / "own"
    extra_vars = {"iam_baseline_audit": AUDIT, "iam_baseline_report_dir": str(reports), "iam_baseline_fleet": True}
    own = run_playbook(playbook, simulator.env(), inventory=inventory, extra_vars=extra_vars)
    assert (reports / "findings.json").is_file(), own.output[-3000:]
    assert own.rc != 0  # the broken host is an ERROR
    drift(simulator, inventory, tmp_path / "drift", iam_baseline_fleet=True)
    assert verdicts(reports) == verdicts(tmp_path / "drift")
    table = {(c, a): s for _i, c, a, s in verdicts(reports)}
    assert table[("ACCT.ACCESS", broken.account_id)] == "ERROR"
    assert table[("PP.MIN_LENGTH", weak.account_id)] == "FAIL"
    assert table[("PP.MIN_LENGTH", strong.account_id)] == "PASS"
