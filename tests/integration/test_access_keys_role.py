"""Role baseline.iam.access_keys through the playbooks baseline.iam.rotate_keys and baseline.iam.apply."""

from tests.support import key_dates, state
from tests.support.calls import is_mutating
from tests.support.playbook import run_playbook, write_inventory

SECRET_NAME = "iam-baseline/%s/%s/access-key"


def play(simulator, playbook, inventory, check=False, extra_vars=None, tags=None):
    return run_playbook(playbook, simulator.env(), inventory=inventory, check=check, diff=True, extra_vars=extra_vars, tags=tags)


def writes(simulator, mark, accounts):
    ids = {a.account_id for a in accounts}
    return [c["action"] for c in simulator.proxy.calls_since(mark) if c["account"] in ids and is_mutating(c["action"])]


def test_rotate_keys_playbook_on_two_accounts(simulator, tmp_path):
    accounts = [simulator.new_account(), simulator.new_account()]
    seeded = {a.account_id: key_dates.seed_key(a, "ci", 120, 1) for a in accounts}
    unused = key_dates.seed_key(accounts[1], "idle", 100, 60)
    inventory = write_inventory(tmp_path / "inventory.yml", accounts)

    mark = simulator.proxy.mark()
    preview = play(simulator, "baseline.iam.rotate_keys", inventory, check=True).assert_ok()
    assert writes(simulator, mark, accounts) == []
    assert {r["host"] for r in preview.changed} == {"acct_%s" % a.account_id for a in accounts}
    assert all(state.secret_names(a) == [] for a in accounts)

    play(simulator, "baseline.iam.rotate_keys", inventory).assert_ok()
    for account in accounts:
        keys = state.access_keys(account, "ci")
        assert len(keys) == 2 and keys[seeded[account.account_id]] == "Active"
        (new,) = set(keys) - {seeded[account.account_id]}
        assert state.secret_value(account, SECRET_NAME % (account.account_id, "ci"))["AccessKeyId"] == new
    assert state.access_keys(accounts[1], "idle") == {unused: "Inactive"}

    mark = simulator.proxy.mark()
    again = play(simulator, "baseline.iam.rotate_keys", inventory).assert_ok()
    assert again.changed == [] and writes(simulator, mark, accounts) == []
    # The report task names the waiting rotation.
    assert "less than a day ago" in again.output


def test_apply_reports_keys_and_changes_nothing_by_default(simulator, tmp_path):
    account = simulator.new_account()
    old = key_dates.seed_key(account, "ci", 120, 1)
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    mark = simulator.proxy.mark()
    result = play(simulator, "baseline.iam.apply", inventory, tags=["access_keys"]).assert_ok()
    assert writes(simulator, mark, [account]) == []
    report = result.result("baseline.iam.access_keys : USER.KEY_AGE | ENFORCE", host="acct_%s" % account.account_id)
    assert [(k["access_key_id"], k["findings"], k["action"]) for k in report["keys"]] == [(old, ["USER.KEY_AGE"], "none")]
    assert report["summary"]["by_finding"]["USER.KEY_AGE"] == 1


def test_family_variable_drives_the_role(simulator, tmp_path):
    account = simulator.new_account()
    spared = key_dates.seed_key(account, "legacy", 100, 60)
    acted = key_dates.seed_key(account, "idle", 30, 20)
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    settings = {"action": "deactivate", "unused_days": 10, "exclude": ["legacy"]}
    result = play(simulator, "baseline.iam.apply", inventory, extra_vars={"iam_baseline_access_keys": settings}, tags=["access_keys"])
    result.assert_ok()
    assert state.access_keys(account, "idle") == {acted: "Inactive"}
    assert state.access_keys(account, "legacy") == {spared: "Active"}


def test_disabled_controls_skip_the_family(simulator, tmp_path):
    account = simulator.new_account()
    key_id = key_dates.seed_key(account, "idle", 100, 60)
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    controls = {c: {"enabled": False} for c in ("USER.KEY_AGE", "USER.KEY_UNUSED", "USER.TWO_ACTIVE_KEYS")}
    result = play(simulator, "baseline.iam.rotate_keys", inventory, extra_vars={"iam_baseline_controls": controls}).assert_ok()
    assert result.tasks("baseline.iam.access_keys : USER.KEY_AGE | ENFORCE")[0]["status"] == "skipped"
    assert state.access_keys(account, "idle") == {key_id: "Active"}


def test_bad_threshold_order_fails_naming_the_field_and_changes_nothing(simulator, tmp_path):
    account = simulator.new_account()
    key_id = key_dates.seed_key(account, "idle", 100, 60)
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    settings = {"unused_days": 120, "max_age_days": 90}
    result = play(simulator, "baseline.iam.rotate_keys", inventory, extra_vars={"iam_baseline_access_keys": settings})
    assert result.rc != 0
    assert "unused_days: must not exceed max_age_days" in result.output
    assert state.access_keys(account, "idle") == {key_id: "Active"}
