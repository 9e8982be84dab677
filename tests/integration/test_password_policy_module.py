"""baseline.iam.password_policy against the simulator: state read back from the API, call counts
from the recording proxy."""

import pytest

from tests.support.playbook import run_tasks
from tests.support.state import CIS_PASSWORD_POLICY as CIS_API
from tests.support.state import password_policy as read_policy
from tests.support.steps import four_steps

CIS = {
    "minimum_length": 14,
    "require_symbols": True,
    "require_numbers": True,
    "require_uppercase": True,
    "require_lowercase": True,
    "allow_users_to_change_password": True,
    "max_age_days": 90,
    "reuse_prevention": 24,
}


def task(**options):
    return [{"name": "password policy", "baseline.iam.password_policy": options, "register": "out"}]


def test_four_steps_from_no_policy(account):
    results = four_steps(account, task(**CIS), lambda: read_policy(account), CIS_API)
    check_result = results[0].result("password policy")
    assert check_result["password_policy"]["minimum_length"] == 14  # the prediction
    assert check_result["diff"]["before"] == {}
    assert check_result["diff"]["after"]["reuse_prevention"] == 24


def test_four_steps_weak_policy_partial_update_keeps_the_rest(account):
    account.client("iam").update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True, PasswordReusePrevention=3)
    expected = {**read_policy(account), "MinimumPasswordLength": 16}
    four_steps(account, task(minimum_length=16), lambda: read_policy(account), expected)


def test_zero_means_off(account):
    account.client("iam").update_account_password_policy(MinimumPasswordLength=14, MaxPasswordAge=30, PasswordReusePrevention=5)
    run_tasks(task(max_age_days=0, reuse_prevention=0), account.env()).assert_ok()
    policy = read_policy(account)
    assert policy["ExpirePasswords"] is False
    assert not policy.get("MaxPasswordAge")
    assert "PasswordReusePrevention" not in policy
    assert policy["MinimumPasswordLength"] == 14


def test_four_steps_absent(account):
    account.client("iam").update_account_password_policy(MinimumPasswordLength=12)
    four_steps(account, task(state="absent"), lambda: read_policy(account), None)


def test_hard_expiry_with_confirmation(account):
    run_tasks(task(hard_expiry=True, allow_hard_expiry=True, max_age_days=90), account.env()).assert_ok()
    assert read_policy(account)["HardExpiry"] is True


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"minimum_length": 5}, "minimum_length"),
        ({"minimum_length": 129}, "minimum_length"),
        ({"max_age_days": 1096}, "max_age_days"),
        ({"max_age_days": -1}, "max_age_days"),
        ({"reuse_prevention": 25}, "reuse_prevention"),
        ({"reuse_prevention": -1}, "reuse_prevention"),
        ({"hard_expiry": True}, "hard_expiry"),
        ({"minimum_length": "long"}, "minimum_length"),
        ({"state": "gone"}, "state"),
    ],
)
def test_bad_input_fails_before_any_call_naming_the_field(account, options, field):
    account.client("iam").update_account_password_policy(MinimumPasswordLength=10)
    before = read_policy(account)
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(minimum_length=14, **options) if "minimum_length" not in options else task(**options), account.env())
    assert result.rc != 0
    message = result.result("password policy")["msg"]
    assert field in message
    assert account.simulator.proxy.calls_since(mark, account.account_id) == []  # not even a read
    assert read_policy(account) == before


def test_aws_error_is_reported_with_code_and_changes_nothing(account):
    proxy = account.simulator.proxy
    with proxy.failing("UpdateAccountPasswordPolicy", "AccessDenied", account=account.account_id, status=403) as fault:
        result = run_tasks(task(**CIS), account.env())
    assert fault.hits == 1
    assert result.rc != 0
    out = result.result("password policy")
    assert out["error_code"] == "AccessDenied"
    assert "password policy" in out["msg"]
    assert "(iam:UpdateAccountPasswordPolicy): AccessDenied: " in out["msg"], out["msg"]  # the failing operation
    assert read_policy(account) is None


def test_throttling_is_retried(account):
    proxy = account.simulator.proxy
    with proxy.failing("GetAccountPasswordPolicy", "Throttling", account=account.account_id, times=2) as fault:
        run_tasks(task(**CIS), account.env()).assert_ok()
    assert fault.hits == 2
    assert read_policy(account) == CIS_API


def test_user_agent_names_the_collection(account):
    # The proxy sees the raw requests: every call the module makes carries the collection's agent.
    mark = account.simulator.proxy.mark()
    run_tasks(task(minimum_length=14), account.env(), check=True).assert_ok()
    agents = {c.get("user_agent") for c in account.simulator.proxy.calls_since(mark, account.account_id)}
    assert agents and all("baseline.iam/0.1.0" in (a or "") for a in agents)
