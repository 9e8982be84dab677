"""baseline.iam.apply with iam_baseline_apply_only_drifted: the wave's accounts are audited first,
then only the families with drift run. Applies where drift is (state read back), skips where it is
not (no module run, no call beyond the audit at the proxy), never skips a family with an ERROR,
judges each account by its own variables, previews in check mode without a write, and changes.json
says what ran."""

import json

from tests.support.calls import is_mutating
from tests.support.playbook import run_playbook, write_inventory
from tests.support.principals import seed_manual_controls

AUDIT = {"require_cloudtrail": False, "require_access_analyzer": False}
BASELINE = {
    "iam_baseline_audit": AUDIT,
    "iam_baseline_groups": [{"name": "ops", "managed_policies": ["ReadOnlyAccess"]}],
}
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
FAMILY_MODULES = ("password_policy", "group", "mfa_policy", "console_mfa", "role_trust", "identity_provider", "access_keys")


def host(account):
    return "acct_%s" % account.account_id


def min_length(account):
    return account.client("iam").get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"]


def group_policies(account):
    return [p["PolicyArn"] for p in account.client("iam").list_attached_group_policies(GroupName="ops")["AttachedPolicies"]]


def apply(simulator, inventory, tmp_path, name, only_drifted=True, check=False, **extra_vars):
    reports = tmp_path / name
    extra = {"iam_baseline_report_dir": str(reports), "iam_baseline_apply_only_drifted": only_drifted, **extra_vars}
    result = run_playbook("baseline.iam.apply", simulator.env(), inventory=inventory, extra_vars=extra, check=check, diff=check)
    result.assert_ok()
    return result, json.loads((reports / "changes.json").read_text())


def module_runs(result, hostname):
    """The family modules and the session that ran (not skipped) on a host."""
    return sorted(
        r["action"].rsplit(".", 1)[-1]
        for r in result.tasks(host=hostname)
        if r["status"] != "skipped" and r["action"].rsplit(".", 1)[-1] in FAMILY_MODULES + ("sts_assume_role",)
    )


def only_the_audit(proxy, start, end, account):
    """Checks that only the audit before applying acted in the account between two marks: one
    AssumeRole into it (no session was opened), every call signed by that one session, none
    mutating."""
    run = proxy.calls_since(start)[: end - start]
    calls = [c for c in run if c["account"] == account.account_id]
    assumed = [c for c in run if c["action"] == "AssumeRole" and account.account_id in c["params"].get("RoleArn", "")]
    assert len(assumed) == 1, assumed
    assert len({c["access_key_id"] for c in calls}) == 1, [(c["action"], c["access_key_id"]) for c in calls]
    assert [c["action"] for c in calls if is_mutating(c["action"])] == []


def converged(simulator, tmp_path, count):
    """`count` accounts on the baseline (a full apply), with what no role applies made compliant."""
    accounts = [simulator.new_account() for _index in range(count)]
    for account in accounts:
        seed_manual_controls(account)
    inventory = write_inventory(tmp_path / "inventory.yml", accounts, group_vars=BASELINE)
    apply(simulator, inventory, tmp_path, "converge", only_drifted=False)
    return accounts, inventory


def test_applies_where_drift_is_and_nowhere_else(simulator, tmp_path):
    strict_vars = {"iam_baseline_password_policy": {"minimum_length": 20}}
    (fine, weak, groupy, strict), inventory = converged(simulator, tmp_path, 4)
    inventory = write_inventory(tmp_path / "inventory.yml", [fine, weak, groupy, strict], group_vars=BASELINE,
                                host_vars={strict.account_id: strict_vars})  # fmt: skip
    weak.client("iam").update_account_password_policy(MinimumPasswordLength=8)
    groupy.client("iam").detach_group_policy(GroupName="ops", PolicyArn=READ_ONLY)
    # strict keeps 14: drift against its own baseline (20) only, where the others' would pass it.
    expected = {host(fine): [], host(weak): ["password_policy"], host(groupy): ["groups"], host(strict): ["password_policy"]}

    # Preview: the same choice of families, what would change, and no write anywhere.
    mark = simulator.proxy.mark()
    result, doc = apply(simulator, inventory, tmp_path, "preview", check=True)
    assert [c["action"] for c in simulator.proxy.calls_since(mark) if is_mutating(c["action"])] == []
    assert {a["host"]: a["only_drifted"]["families_run"] for a in doc["accounts"]} == expected
    assert doc["check_mode"] is True and sorted(doc["summary"]["changed"]) == sorted([host(weak), host(groupy), host(strict)])
    assert min_length(weak) == 8 and group_policies(groupy) == [] and min_length(strict) == 14

    # Apply: exactly the drifted families, state read back; the compliant account sees the audit only.
    mark = simulator.proxy.mark()
    result, doc = apply(simulator, inventory, tmp_path, "apply")
    only_the_audit(simulator.proxy, mark, simulator.proxy.mark(), fine)
    assert (min_length(weak), group_policies(groupy), min_length(strict), min_length(fine)) == (14, [READ_ONLY], 20, 14)
    assert module_runs(result, host(fine)) == []
    assert module_runs(result, host(weak)) == ["password_policy", "sts_assume_role"]
    assert module_runs(result, host(groupy)) == ["group", "sts_assume_role"]
    accounts = {a["host"]: a for a in doc["accounts"]}
    assert {h: a["only_drifted"]["families_run"] for h, a in accounts.items()} == expected
    # UpdateAccountPasswordPolicy replaces the whole policy: the other PP.* settings went back to IAM's defaults.
    assert accounts[host(weak)]["only_drifted"]["failing_controls"] == dict.fromkeys(
        ["PP.COMPLEXITY", "PP.MAX_AGE", "PP.MIN_LENGTH", "PP.REUSE", "PP.SELF_SERVICE"], "FAIL"
    )
    assert accounts[host(groupy)]["only_drifted"]["failing_controls"] == {"GROUP.DECLARED": "FAIL"}
    assert accounts[host(fine)]["only_drifted"]["failing_controls"] == {}
    assert sorted(doc["summary"]["changed"]) == sorted([host(weak), host(groupy), host(strict)])
    assert sorted(doc["summary"]["compliant"]) == sorted(expected)  # the fixed ones verified after applying
    change = accounts[host(weak)]["changes"]["password_policy"][0]
    assert change["changed"] and change["before"]["minimum_length"] == 8 and change["after"]["minimum_length"] == 14
    assert accounts[host(fine)]["changes"] == {}

    # Again: nothing to fix anywhere, no module run beyond the audits, no write.
    mark = simulator.proxy.mark()
    result, doc = apply(simulator, inventory, tmp_path, "again")
    assert [c["action"] for c in simulator.proxy.calls_since(mark) if is_mutating(c["action"])] == []
    assert all(module_runs(result, h) == [] for h in expected)
    assert {r["action"] for r in result.tasks() if r["action"].startswith("baseline.iam.") and r["status"] != "skipped"} == {
        "baseline.iam.audit"
    }
    assert doc["summary"]["changed"] == [] and sorted(doc["summary"]["compliant"]) == sorted(expected)


def test_never_skips_a_family_with_an_error_nor_an_account_it_could_not_read(simulator, tmp_path):
    (unread_policy, unopened, fine), inventory = converged(simulator, tmp_path, 3)
    proxy = simulator.proxy
    # The audit before applying is the first to ask: it alone gets the error.
    with (
        proxy.failing("GetAccountPasswordPolicy", "AccessDenied", status=403, account=unread_policy.account_id, times=1) as policy_fault,
        proxy.failing("AssumeRole", "AccessDenied", status=403, body_contains=unopened.account_id, times=1) as assume_fault,
    ):
        result, doc = apply(simulator, inventory, tmp_path, "apply")
    assert (policy_fault.hits, assume_fault.hits) == (1, 1)
    accounts = {a["host"]: a for a in doc["accounts"]}
    assert accounts[host(unread_policy)]["only_drifted"]["failing_controls"]["PP.MISSING"] == "ERROR"
    assert accounts[host(unread_policy)]["only_drifted"]["families_run"] == ["password_policy"]
    assert "password_policy" in module_runs(result, host(unread_policy))
    assert accounts[host(unopened)]["only_drifted"] == {
        "families_run": ["password_policy", "groups", "mfa", "role_trust", "access_keys"],
        "failing_controls": {"ACCT.ACCESS": "ERROR"},
    }
    assert {"password_policy", "group", "mfa_policy", "access_keys"} <= set(module_runs(result, host(unopened)))
    assert accounts[host(fine)]["only_drifted"]["families_run"] == []
    assert doc["summary"]["changed"] == []  # they were on the baseline: running changed nothing


def test_drift_narrows_the_families_the_caller_selected(simulator, tmp_path):
    """iam_baseline_apply_families as extra vars (how the event-driven rulebook sets it, above any
    fact): the account runs the drifted families among them, one selection, not a second one."""
    (account,), inventory = converged(simulator, tmp_path, 1)
    account.client("iam").update_account_password_policy(MinimumPasswordLength=8)
    account.client("iam").detach_group_policy(GroupName="ops", PolicyArn=READ_ONLY)
    result, doc = apply(simulator, inventory, tmp_path, "apply", iam_baseline_apply_families=["groups", "mfa"])
    (entry,) = doc["accounts"]
    assert entry["only_drifted"]["families_run"] == ["groups"]  # mfa has no drift, password_policy is not selected
    assert {"PP.MIN_LENGTH", "GROUP.DECLARED"} <= set(entry["only_drifted"]["failing_controls"])
    assert module_runs(result, host(account)) == ["group", "sts_assume_role"]
    assert (min_length(account), group_policies(account)) == (8, [READ_ONLY])
