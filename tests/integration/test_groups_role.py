"""Role baseline.iam.groups through the baseline.iam.apply playbook."""

import json

from tests.support.calls import is_mutating
from tests.support.playbook import run_playbook, write_inventory
from tests.support.principals import create_user
from tests.support.state import group as read_group

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
BILLING = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "aws-portal:ViewBilling", "Resource": "*"}]}
GROUPS = [
    {"name": "administrators", "managed_policies": ["AdministratorAccess"], "members": ["alice"]},
    {"name": "readers", "path": "/team/", "managed_policies": [READ_ONLY], "inline_policies": {"billing": BILLING}, "members": ["bob"]},
]


def apply(simulator, inventory, check=False, extra_vars=None, tags=("groups",)):
    return run_playbook(
        "baseline.iam.apply",
        simulator.env(),
        inventory=inventory,
        check=check,
        diff=True,
        extra_vars=extra_vars,
        tags=list(tags) if tags else None,
    )


def both_groups(account):
    return {"administrators": read_group(account, "administrators"), "readers": read_group(account, "readers")}


def seed_users(account):
    for user in ("alice", "bob", "break-glass"):
        create_user(account, user)


def test_role_four_steps_on_two_accounts(simulator, tmp_path):
    accounts = [simulator.new_account(), simulator.new_account()]
    for account in accounts:
        seed_users(account)
    # the second account has drift: readers exists with an extra policy and an old inline document
    iam = accounts[1].client("iam")
    iam.create_group(GroupName="readers", Path="/team/")
    iam.attach_group_policy(GroupName="readers", PolicyArn=ADMIN)
    iam.put_group_policy(
        GroupName="readers",
        PolicyName="billing",
        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}),
    )
    inventory = write_inventory(tmp_path / "inventory.yml", accounts, group_vars={"iam_baseline_groups": GROUPS})
    ids = [a.account_id for a in accounts]
    before = [both_groups(a) for a in accounts]
    for label, check, want_change in (("check", True, True), ("apply", False, True), ("check again", True, False), ("again", False, False)):
        mark = simulator.proxy.mark()
        result = apply(simulator, inventory, check=check).assert_ok()
        assert {r["host"] for r in result.changed} == ({"acct_%s" % i for i in ids} if want_change else set()), label
        writes = [c["action"] for c in simulator.proxy.calls_since(mark) if c["account"] in ids and is_mutating(c["action"])]
        assert (writes == []) is (check or not want_change), (label, writes)
        if label == "check":
            assert [both_groups(a) for a in accounts] == before
    for account in accounts:
        state = both_groups(account)
        assert state["administrators"] == {"path": "/", "managed_policies": [ADMIN], "inline_policies": {}, "members": ["alice"]}
        assert state["readers"]["inline_policies"] == {"billing": BILLING}
        assert state["readers"]["members"] == ["bob"]
    # no purge declared: the extra policy stays
    assert both_groups(accounts[1])["readers"]["managed_policies"] == [ADMIN, READ_ONLY]
    assert both_groups(accounts[0])["readers"]["managed_policies"] == [READ_ONLY]


def test_a_bad_spec_changes_no_group_and_names_the_field(simulator, tmp_path):
    account = simulator.new_account()
    seed_users(account)
    bad = GROUPS + [{"name": "broken", "inline_policies": {"p": "{not json"}}]
    inventory = write_inventory(tmp_path / "inventory.yml", [account], group_vars={"iam_baseline_groups": bad})
    mark = simulator.proxy.mark()
    result = apply(simulator, inventory)
    assert result.rc != 0
    assert "iam_baseline_groups[2] (broken).inline_policies.p: the policy document is not valid JSON" in result.output
    assert [c for c in simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])] == []
    assert both_groups(account) == {"administrators": None, "readers": None}


def test_protected_members_under_purge_and_when_declared(simulator, tmp_path):
    account = simulator.new_account()
    seed_users(account)
    iam = account.client("iam")
    iam.create_group(GroupName="administrators")
    iam.add_user_to_group(GroupName="administrators", UserName="break-glass")
    iam.add_user_to_group(GroupName="administrators", UserName="bob")
    spec = [{"name": "administrators", "members": ["alice"], "purge_members": True}]
    variables = {"iam_baseline_groups": spec, "iam_baseline_protected_principals": ["arn:aws:iam::*:user/break-glass"]}
    inventory = write_inventory(tmp_path / "inventory.yml", [account], group_vars=variables)
    result = apply(simulator, inventory).assert_ok()
    assert read_group(account, "administrators")["members"] == ["alice", "break-glass"]
    assert "kept member break-glass" in result.output
    # a protected user listed in a spec's members is added
    variables["iam_baseline_groups"] = [{"name": "ops", "members": ["break-glass"]}]
    inventory = write_inventory(tmp_path / "inventory.yml", [account], group_vars=variables)
    apply(simulator, inventory).assert_ok()
    assert read_group(account, "ops")["members"] == ["break-glass"]


def test_disabled_control_changes_nothing(simulator, tmp_path):
    account = simulator.new_account()
    seed_users(account)
    variables = {"iam_baseline_groups": GROUPS, "iam_baseline_controls": {"GROUP.DECLARED": {"enabled": False}}}
    inventory = write_inventory(tmp_path / "inventory.yml", [account], group_vars=variables)
    mark = simulator.proxy.mark()
    apply(simulator, inventory).assert_ok()
    assert [c["action"] for c in simulator.proxy.calls_since(mark, account.account_id) if "Group" in c["action"]] == []
    assert both_groups(account) == {"administrators": None, "readers": None}


def test_unknown_key_in_a_spec_is_an_error(simulator, tmp_path):
    account = simulator.new_account()
    inventory = write_inventory(
        tmp_path / "inventory.yml", [account], group_vars={"iam_baseline_groups": [{"name": "g", "policies": ["x"]}]}
    )
    result = apply(simulator, inventory)
    assert result.rc != 0
    assert "policies" in result.output
    assert read_group(account, "g") is None
