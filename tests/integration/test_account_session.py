"""Role baseline.iam.account_session: one session per account, failures isolated, no secret shown."""

import json

import pytest

from tests.support.playbook import run_playbook, write_inventory
from tests.support.state import CIS_PASSWORD_POLICY as CIS_API
from tests.support.state import password_policy as read_policy


def test_denied_account_is_reported_and_skipped_others_complete(simulator, tmp_path):
    good, denied, also_good = simulator.new_account(), simulator.new_account(), simulator.new_account()
    inventory = write_inventory(tmp_path / "inventory.yml", [denied, good, also_good])
    with simulator.proxy.failing("AssumeRole", "AccessDenied", status=403, body_contains=denied.account_id) as fault:
        result = run_playbook("baseline.iam.apply", simulator.env(), inventory=inventory)
    assert fault.hits == 1  # assumed once, not retried into a lock-out
    assert result.rc != 0  # the run says an account was not done
    assert "ACCT.ACCESS" in result.output and "AccessDenied" in result.output
    assert read_policy(denied) is None
    assert read_policy(good) == CIS_API
    assert read_policy(also_good) == CIS_API
    summary = result.tasks("RUN | SUMMARY | Fail the run")[0]
    assert "acct_%s" % denied.account_id in summary["result"]["msg"]
    assert "acct_%s" % good.account_id not in summary["result"]["msg"]


@pytest.mark.parametrize(
    ("playbook", "tag"), [("baseline.iam.apply", "control_pp_min_length"), ("baseline.iam.rotate_keys", "access_keys")]
)
def test_a_run_limited_by_tags_still_fails_on_an_unopened_account(simulator, tmp_path, playbook, tag):
    good, denied = simulator.new_account(), simulator.new_account()
    inventory = write_inventory(tmp_path / "inventory.yml", [denied, good])
    simulator.proxy.fail("AssumeRole", "AccessDenied", status=403, body_contains=denied.account_id)
    try:
        result = run_playbook(playbook, simulator.env(), inventory=inventory, tags=[tag])
    finally:
        simulator.proxy.clear_faults()
    assert result.rc != 0, result.output[-3000:]
    (summary,) = result.tasks("RUN | SUMMARY | Fail the run")
    assert summary["status"] == "failed" and "acct_%s" % denied.account_id in summary["result"]["msg"]


def test_one_assume_role_per_account_and_secrets_hidden(simulator, tmp_path):
    accounts = [simulator.new_account(), simulator.new_account()]
    inventory = write_inventory(tmp_path / "inventory.yml", accounts)
    mark = simulator.proxy.mark()
    result = run_playbook("baseline.iam.apply", simulator.env(), inventory=inventory, diff=True, extra_args=["-vvv"]).assert_ok()
    assume_calls = [c for c in simulator.proxy.calls_since(mark) if c["action"] == "AssumeRole"]
    assert len(assume_calls) == len(accounts)
    # The session's keys signed the module calls in the accounts ...
    session_keys = {c["access_key_id"] for c in simulator.proxy.calls_since(mark) if c["account"] == accounts[0].account_id}
    assert session_keys and all(k.startswith("ASIA") for k in session_keys)
    # ... and no secret of any session appears in the output or the recorded results, even at -vvv.
    from moto.sts.models import sts_backends  # in-process simulator: the issued credentials

    secrets = set()
    for backend in sts_backends.values():
        for region_backend in backend.values():
            for role in getattr(region_backend, "assumed_roles", []):
                secrets.add(role.secret_access_key)
                secrets.add(role.session_token)
    assert secrets
    haystack = result.output + json.dumps(result.records)
    leaked = [s for s in secrets if s and s in haystack]
    assert leaked == []


def test_run_credentials_when_no_role_arn(simulator, account, tmp_path):
    inventory = write_inventory(tmp_path / "inventory.yml", [account], host_vars={account.account_id: {"aws_account_role_arn": ""}})
    result = run_playbook("baseline.iam.apply", account.env(), inventory=inventory).assert_ok()
    assert read_policy(account) == CIS_API
    assert not [r for r in result.records if r["action"].endswith("sts_assume_role") and r["status"] != "skipped"]


SESSION_PLAY = """
- hosts: all
  gather_facts: false
  roles: [baseline.iam.account_session]
  tasks:
    - name: Show the session's identity
      ansible.builtin.debug:
        msg: "{{ iam_baseline_session | dict2items | rejectattr('key', 'in', ['access_key', 'secret_key', 'session_token']) | items2dict }}"
"""


def _session_identity(simulator, env, inventory, tmp_path):
    playbook = tmp_path / "session.yml"
    playbook.write_text(SESSION_PLAY)
    mark = simulator.proxy.mark()
    result = run_playbook(playbook, env, inventory=inventory).assert_ok()
    identities = {r["host"]: r["result"]["msg"] for r in result.tasks("Show the session's identity")}
    return identities, simulator.proxy.calls_since(mark)


def test_session_identity_comes_from_assume_role_without_get_caller_identity(simulator, tmp_path):
    accounts = [simulator.new_account(), simulator.new_account()]
    inventory = write_inventory(tmp_path / "inventory.yml", accounts)
    identities, calls = _session_identity(simulator, simulator.env(), inventory, tmp_path)
    for account in accounts:
        identity = identities["acct_%s" % account.account_id]
        assert identity["account_id"] == account.account_id and identity["partition"] == "aws"
        assert identity["caller_arn"].startswith("arn:aws:sts::%s:assumed-role/%s/" % (account.account_id, account.role_arn.split("/")[-1]))
    assert sorted(c["action"] for c in calls) == ["AssumeRole", "AssumeRole"]


def test_session_identity_of_the_run_credentials(simulator, account, tmp_path):
    inventory = write_inventory(tmp_path / "inventory.yml", [account], host_vars={account.account_id: {"aws_account_role_arn": ""}})
    identities, calls = _session_identity(simulator, account.env(), inventory, tmp_path)
    identity = identities["acct_%s" % account.account_id]
    assert identity["account_id"] == account.account_id and identity["caller_arn"].split(":")[4] == account.account_id
    actions = [c["action"] for c in calls]
    assert "AssumeRole" not in actions and actions.count("GetCallerIdentity") == 1  # no role to assume: ask who we are
