"""Role baseline.iam.mfa through the baseline.iam.apply playbook (user dates moved in-process)."""

from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import document
from tests.support.calls import is_mutating
from tests.support.playbook import run_playbook, write_inventory
from tests.support.principals import age_user, create_user
from tests.support.state import login_profile_exists
from tests.support.state import managed_policy as read_policy


def apply(simulator, inventory, check=False, tags=("mfa",)):
    return run_playbook("baseline.iam.apply", simulator.env(), inventory=inventory, check=check, diff=True, tags=list(tags))


def policy_arn(account):
    return "arn:aws:iam::%s:policy/BaselineRequireMFA" % account.account_id


def seed(account):
    iam = account.client("iam")
    for group in ("administrators", "developers"):
        iam.create_group(GroupName=group)
    create_user(account, "alice", console=True)
    iam.add_user_to_group(GroupName="administrators", UserName="alice")
    create_user(account, "old-no-mfa", console=True, access_key=True)
    age_user(account, "old-no-mfa", 30)
    create_user(account, "break-glass", console=True)
    age_user(account, "break-glass", 300)


def state(account):
    return {
        "policy": read_policy(account, policy_arn(account)),
        "consoles": {u: login_profile_exists(account, u) for u in ("alice", "old-no-mfa", "break-glass")},
    }


MFA = {"groups": ["administrators", "developers"], "console_user_action": "disable_console", "console_grace_days": 7}


def test_role_four_steps(simulator, tmp_path):
    account = simulator.new_account()
    seed(account)
    age_user(account, "alice", 2)  # within the grace period
    variables = {"iam_baseline_mfa": MFA, "iam_baseline_protected_principals": ["break-glass"]}
    inventory = write_inventory(tmp_path / "inventory.yml", [account], group_vars=variables)
    before = state(account)
    for label, check, want_change in (("check", True, True), ("apply", False, True), ("check again", True, False), ("again", False, False)):
        mark = simulator.proxy.mark()
        result = apply(simulator, inventory, check=check).assert_ok()
        assert bool(result.changed) is want_change, label
        writes = [c["action"] for c in simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])]
        assert (writes == []) is (check or not want_change), (label, writes)
        if label == "check":
            assert state(account) == before
            report = result.result("baseline.iam.mfa : USER.CONSOLE_NO_MFA | REPORT")["msg"]
            assert any(line.startswith("old-no-mfa: no MFA 30 days after the console password was created") for line in report)
    after = state(account)
    assert after["policy"]["document"] == document("aws")
    assert after["policy"]["groups"] == ["administrators", "developers"]
    assert after["consoles"] == {"alice": True, "old-no-mfa": False, "break-glass": True}
    keys = account.client("iam").list_access_keys(UserName="old-no-mfa")["AccessKeyMetadata"]
    assert [k["Status"] for k in keys] == ["Active"]


def test_default_action_reports_only(simulator, tmp_path):
    account = simulator.new_account()
    seed(account)
    inventory = write_inventory(tmp_path / "inventory.yml", [account], group_vars={"iam_baseline_mfa": {"groups": ["developers"]}})
    result = apply(simulator, inventory).assert_ok()
    assert result.result("baseline.iam.mfa : USER.CONSOLE_NO_MFA | ENFORCE")["summary"]["reported"] == 2  # old-no-mfa and break-glass
    assert state(account)["consoles"] == {"alice": True, "old-no-mfa": True, "break-glass": True}


def test_refused_group_fails_the_account_and_changes_nothing(simulator, tmp_path):
    account = simulator.new_account()
    seed(account)
    create_user(account, "deployer", access_key=True)
    account.client("iam").add_user_to_group(GroupName="developers", UserName="deployer")
    inventory = write_inventory(tmp_path / "inventory.yml", [account], group_vars={"iam_baseline_mfa": MFA})
    mark = simulator.proxy.mark()
    result = apply(simulator, inventory)
    assert result.rc != 0
    assert "deployer has active access keys and no console password" in result.output
    assert [c for c in simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])] == []
    assert state(account)["policy"] is None


def test_disabled_attachment_control_keeps_attachments(simulator, tmp_path):
    account = simulator.new_account()
    seed(account)
    variables = {
        "iam_baseline_mfa": MFA,
        "iam_baseline_controls": {"MFA.POLICY_ATTACHED": {"enabled": False}, "USER.CONSOLE_NO_MFA": {"enabled": False}},
    }
    inventory = write_inventory(tmp_path / "inventory.yml", [account], group_vars=variables)
    apply(simulator, inventory).assert_ok()
    after = state(account)
    assert after["policy"]["groups"] == []
    assert after["consoles"]["old-no-mfa"] is True


def test_bad_setting_fails_naming_it(simulator, tmp_path):
    account = simulator.new_account()
    inventory = write_inventory(tmp_path / "inventory.yml", [account], group_vars={"iam_baseline_mfa": {"extra_not_actions": ["iam:*"]}})
    result = apply(simulator, inventory)
    assert result.rc != 0
    assert "extra_not_actions:" in result.output and "iam:DeleteVirtualMFADevice" in result.output
    assert state(account)["policy"] is None
