"""Role baseline.iam.password_policy through the baseline.iam.apply playbook, several accounts."""

import json

from tests.support.calls import is_mutating
from tests.support.playbook import REPO, run_playbook, write_inventory
from tests.support.principals import seed_manual_controls
from tests.support.state import CIS_PASSWORD_POLICY as CIS_API
from tests.support.state import password_policy as read_policy


def apply(simulator, inventory, check=False, extra_vars=None, tags=None):
    return run_playbook(
        "baseline.iam.apply", simulator.env(), inventory=inventory, check=check, diff=True, extra_vars=extra_vars, tags=tags
    )


def test_role_four_steps_on_two_accounts(simulator, tmp_path):
    accounts = [simulator.new_account(), simulator.new_account()]
    accounts[1].client("iam").update_account_password_policy(MinimumPasswordLength=8)
    inventory = write_inventory(tmp_path / "inventory.yml", accounts)
    ids = [a.account_id for a in accounts]
    for label, check, want_change in (("check", True, True), ("apply", False, True), ("check again", True, False), ("again", False, False)):
        mark = simulator.proxy.mark()
        result = apply(simulator, inventory, check=check).assert_ok()
        changed_hosts = {r["host"] for r in result.changed}
        assert changed_hosts == ({"acct_%s" % i for i in ids} if want_change else set()), label
        writes = [c for c in simulator.proxy.calls_since(mark) if c["account"] in ids and is_mutating(c["action"])]
        assert (writes == []) is (check or not want_change), (label, writes)
        if label == "check":
            assert read_policy(accounts[0]) is None
            assert read_policy(accounts[1])["MinimumPasswordLength"] == 8
    assert all(read_policy(a) == CIS_API for a in accounts)


def test_partial_override_keeps_cis_defaults(simulator, tmp_path):
    account = simulator.new_account()
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    apply(simulator, inventory, extra_vars={"iam_baseline_password_policy": {"minimum_length": 20}}).assert_ok()
    assert read_policy(account) == {**CIS_API, "MinimumPasswordLength": 20}


def test_disabled_control_keeps_the_account_value(simulator, tmp_path):
    account = simulator.new_account()
    account.client("iam").update_account_password_policy(MinimumPasswordLength=8, MaxPasswordAge=400)
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    controls = {"PP.MAX_AGE": {"enabled": False}}
    apply(simulator, inventory, extra_vars={"iam_baseline_controls": controls}).assert_ok()
    policy = read_policy(account)
    assert policy["MaxPasswordAge"] == 400
    assert policy["MinimumPasswordLength"] == 14


def test_unknown_control_id_fails_naming_it(simulator, tmp_path):
    account = simulator.new_account()
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    result = apply(simulator, inventory, extra_vars={"iam_baseline_controls": {"PP.NOPE": {"enabled": False}}})
    assert result.rc != 0
    assert "controls.PP.NOPE" in result.output
    assert read_policy(account) is None


def test_bad_value_in_variables_changes_nothing(simulator, tmp_path):
    account = simulator.new_account()
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    result = apply(simulator, inventory, extra_vars={"iam_baseline_password_policy": {"minimum_length": 4}})
    assert result.rc != 0
    assert "minimum_length" in result.output
    assert read_policy(account) is None


def test_tags_select_the_family(simulator, tmp_path):
    account = simulator.new_account()
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    apply(simulator, inventory, tags=["control_pp_min_length"]).assert_ok()
    assert read_policy(account) == CIS_API


def test_changes_report_and_summary(simulator, tmp_path):
    weak, fine = simulator.new_account(), simulator.new_account()
    for account in (weak, fine):
        seed_manual_controls(account)  # root MFA and a support role: what no role applies
    weak.client("iam").update_account_password_policy(MinimumPasswordLength=8)
    inventory = write_inventory(tmp_path / "inventory.yml", [weak, fine])
    run_playbook("baseline.iam.apply", simulator.env(), inventory=inventory).assert_ok()  # `fine` converges
    weak.client("iam").update_account_password_policy(MinimumPasswordLength=8)  # drift again
    audit = {"require_cloudtrail": False, "require_access_analyzer": False}
    hosts = {a: "acct_%s" % a.account_id for a in (weak, fine)}
    for check in (True, False):
        reports = tmp_path / ("preview" if check else "apply")
        extra = {"iam_baseline_report_dir": str(reports), "iam_baseline_audit": audit}
        run_playbook("baseline.iam.apply", simulator.env(), inventory=inventory, check=check, extra_vars=extra).assert_ok()
        doc = json.loads((reports / "changes.json").read_text())
        assert doc["check_mode"] is check
        assert doc["summary"]["changed"] == [hosts[weak]]
        by_host = {a["host"]: a for a in doc["accounts"]}
        change = by_host[hosts[weak]]["changes"]["password_policy"][0]
        assert change["changed"] and change["before"]["minimum_length"] == 8 and change["after"]["minimum_length"] == 14
        assert by_host[hosts[fine]]["changes"]["password_policy"][0]["changed"] is False
        # Verified by the audit that runs after the families: the preview still sees the drift.
        expected = {"drifted": [hosts[weak]], "compliant": [hosts[fine]]} if check else {"drifted": [], "compliant": sorted(hosts.values())}
        assert {k: sorted(doc["summary"][k]) for k in expected} == expected
        assert "password_policy" in (reports / "changes.md").read_text()


def test_changes_go_to_the_reports_folder_of_the_caller(simulator, tmp_path):
    """Without iam_baseline_report_dir, changes.json goes to ./reports of the folder the user runs
    ansible-playbook in (as the drift's reports do), never next to the playbook: run from an
    installed collection, that folder is inside the collection."""
    account = simulator.new_account()
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    caller = tmp_path / "caller"
    caller.mkdir()
    run_playbook("baseline.iam.apply", simulator.env(), inventory=inventory, tags=["password_policy"], cwd=caller).assert_ok()
    (entry,) = json.loads((caller / "reports" / "changes.json").read_text())["accounts"]
    assert entry["changes"]["password_policy"][0]["changed"] is True
    assert (caller / "reports" / "changes.md").is_file()
    assert not (REPO / "playbooks" / "reports").exists()
