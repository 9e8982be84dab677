"""IAM's eventual consistency (issue 8): a call on a group, policy or role created a moment ago by
the same task is answered NoSuchEntity by the proxy; the module waits (bounded) and succeeds, and
the state read back from the API is complete."""

from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import document
from tests.support.playbook import run_tasks
from tests.support.principals import create_user
from tests.support.state import group as read_group
from tests.support.state import managed_policy as read_policy

READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
EC2_SERVICE = "ec2.amazonaws.com"


def calls_of(account, mark, action):
    return [c for c in account.simulator.proxy.calls_since(mark, account.account_id) if c["action"] == action]


def run_once(account, action_name, options, fault_action, times):
    proxy = account.simulator.proxy
    mark = proxy.mark()
    with proxy.failing(fault_action, "NoSuchEntity", account=account.account_id, times=times, status=404) as fault:
        result = run_tasks([{"name": "task", action_name: options, "register": "out"}], account.env()).assert_ok()
    return result.result("task"), fault, mark


def test_new_group_not_yet_visible_to_attach_and_add(account):
    create_user(account, "alice")
    options = {"name": "readers", "managed_policies": [READ_ONLY], "members": ["alice"]}
    out, fault, mark = run_once(account, "baseline.iam.group", options, "AttachGroupPolicy", times=2)
    assert out["changed"] and fault.hits == 2
    assert len(calls_of(account, mark, "AttachGroupPolicy")) == 3  # two "not found", then attached
    assert read_group(account, "readers") == {"path": "/", "managed_policies": [READ_ONLY], "inline_policies": {}, "members": ["alice"]}


def test_new_policy_not_yet_visible_to_attach(account):
    account.client("iam").create_group(GroupName="admins")
    out, fault, mark = run_once(account, "baseline.iam.mfa_policy", {"groups": ["admins"]}, "AttachGroupPolicy", times=1)
    assert out["changed"] and fault.hits == 1
    assert len(calls_of(account, mark, "AttachGroupPolicy")) == 2
    policy = read_policy(account, out["policy"]["arn"])
    assert policy["groups"] == ["admins"] and policy["document"] == document("aws")


def test_new_role_not_yet_visible_to_the_read_back(account, simulator):
    spec = {"name": "ci", "create": True, "services": [EC2_SERVICE]}
    # How many GetRole calls a create makes before the role exists (they answer "not found" anyway).
    probe = simulator.new_account()
    mark = simulator.proxy.mark()
    run_tasks([{"name": "task", "baseline.iam.role_trust": spec}], probe.env()).assert_ok()
    before_create = len(calls_of(probe, mark, "GetRole")) - 1

    out, fault, mark = run_once(account, "baseline.iam.role_trust", spec, "GetRole", times=before_create + 1)
    assert out["changed"] and fault.hits == before_create + 1
    assert len(calls_of(account, mark, "GetRole")) == before_create + 2  # the read-back waited once
    assert out["role"]["arn"] == "arn:aws:iam::%s:role/ci" % account.account_id
    assert out["role"]["trust_policy"]["Statement"][0]["Principal"] == {"Service": EC2_SERVICE}
