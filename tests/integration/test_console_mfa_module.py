"""baseline.iam.console_mfa against the simulator (user creation dates moved in-process)."""

import datetime

from tests.support.calls import is_mutating
from tests.support.playbook import run_tasks
from tests.support.principals import age_user, create_user, set_password_created, set_user_created, user_env
from tests.support.state import login_profile_exists
from tests.support.steps import four_steps


def task(**options):
    return [{"name": "console users", "baseline.iam.console_mfa": options, "register": "out"}]


def enrol_mfa(account, user):
    iam = account.client("iam")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(UserName=user, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321")


def seed(account):
    """One user of each kind; returns the names."""
    create_user(account, "old-no-mfa", console=True, access_key=True)
    age_user(account, "old-no-mfa", 30)
    create_user(account, "new-no-mfa", console=True)
    age_user(account, "new-no-mfa", 3)
    create_user(account, "old-with-mfa", console=True)
    age_user(account, "old-with-mfa", 30)
    enrol_mfa(account, "old-with-mfa")
    create_user(account, "break-glass", console=True)
    age_user(account, "break-glass", 400)
    create_user(account, "key-only", access_key=True)
    age_user(account, "key-only", 400)
    return ("old-no-mfa", "new-no-mfa", "old-with-mfa", "break-glass", "key-only")


def consoles(account, users):
    return {u: login_profile_exists(account, u) for u in users}


def active_keys(account, user):
    keys = account.client("iam").list_access_keys(UserName=user)["AccessKeyMetadata"]
    return [k["Status"] for k in keys]


def test_four_steps_disable_console_after_the_grace_period(account):
    users = seed(account)
    expected = {**consoles(account, users), "old-no-mfa": False}
    options = dict(action="disable_console", grace_days=7, protected_principals=["break-glass"])
    results = four_steps(account, task(**options), lambda: consoles(account, users), expected)
    predicted = {u["name"]: u["status"] for u in results[0].result("console users")["users"]}
    assert predicted == {"old-no-mfa": "console_disabled", "new-no-mfa": "in_grace", "break-glass": "protected"}
    assert results[0].result("console users")["summary"] == {"reported": 0, "in_grace": 1, "protected": 1, "console_disabled": 1}
    assert results[0].result("console users")["diff"]["after"] == {"console_users_without_mfa": ["break-glass", "new-no-mfa"]}
    assert active_keys(account, "old-no-mfa") == ["Active"]  # never the keys
    assert active_keys(account, "key-only") == ["Active"]
    after = {u["name"]: u["status"] for u in results[3].result("console users")["users"]}
    assert after == {"new-no-mfa": "in_grace", "break-glass": "protected"}


def test_report_is_the_default_and_changes_nothing(account):
    users = seed(account)
    before = consoles(account, users)
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(grace_days=7), account.env()).assert_ok()
    assert not result.changed
    statuses = {u["name"]: u["status"] for u in result.result("console users")["users"]}
    assert statuses == {"old-no-mfa": "reported", "new-no-mfa": "in_grace", "break-glass": "reported"}
    writes = [c["action"] for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])]
    assert writes == []
    assert consoles(account, users) == before


def test_the_caller_keeps_its_console(account):
    create_user(account, "automation", console=True)
    age_user(account, "automation", 100)
    result = run_tasks(task(action="disable_console"), user_env(account, "automation")).assert_ok()
    assert result.result("console users")["users"][0]["status"] == "protected"
    assert "caller" in result.result("console users")["users"][0]["reason"]
    assert login_profile_exists(account, "automation")


def test_grace_days_zero_and_negative(account):
    create_user(account, "fresh", console=True)
    age_user(account, "fresh", 1)
    result = run_tasks(task(grace_days=-1), account.env())
    assert result.rc != 0 and result.result("console users")["invalid_field"] == "grace_days"
    run_tasks(task(action="disable_console", grace_days=0), account.env()).assert_ok()
    assert not login_profile_exists(account, "fresh")


def test_a_user_who_enrolled_since_the_report_is_left_alone(account, monkeypatch):
    create_user(account, "late", console=True)
    age_user(account, "late", 30)
    backend = account.iam_backend()
    backend.generate_report()
    stale = backend.get_credential_report()  # the report says "no MFA" ...
    late = next(line.split(",") for line in stale.splitlines() if line.startswith("late,"))
    assert late[3] == "true" and late[7] == "false"  # password enabled, no MFA
    enrol_mfa(account, "late")  # ... then the user enrols; AWS may serve the old report for hours
    monkeypatch.setattr(backend, "get_credential_report", lambda: stale)
    result = run_tasks(task(action="disable_console"), account.env()).assert_ok()
    assert result.result("console users")["users"] == []
    assert login_profile_exists(account, "late")


def test_aws_error_is_reported_with_code(account):
    create_user(account, "old", console=True)
    age_user(account, "old", 30)
    proxy = account.simulator.proxy
    with proxy.failing("DeleteLoginProfile", "AccessDenied", account=account.account_id, status=403) as fault:
        result = run_tasks(task(action="disable_console"), account.env())
    assert fault.hits == 1
    assert result.result("console users")["error_code"] == "AccessDenied"
    assert login_profile_exists(account, "old")


def test_grace_counts_from_the_password_not_the_user(account):
    # Issue 13: an old key-only user given a console password today keeps it for grace_days.
    create_user(account, "veteran", access_key=True)
    set_user_created(account, "veteran", 400)
    account.client("iam").create_login_profile(UserName="veteran", Password="Initial-Passw0rd!x")
    profile = account.client("iam").get_login_profile(UserName="veteran")["LoginProfile"]
    user = account.client("iam").get_user(UserName="veteran")["User"]
    now = datetime.datetime.now(datetime.UTC)
    assert now - profile["CreateDate"] < datetime.timedelta(hours=1) < now - user["CreateDate"]  # the simulator answers as AWS does
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(action="disable_console", grace_days=7), account.env()).assert_ok()
    (entry,) = result.result("console users")["users"]
    assert entry["status"] == "in_grace", entry
    assert "console password created" in entry["reason"]
    assert not result.changed
    assert [c["action"] for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])] == []
    assert login_profile_exists(account, "veteran")
    set_password_created(account, "veteran", 8)  # eight days later, still without MFA
    result = run_tasks(task(action="disable_console", grace_days=7), account.env()).assert_ok()
    assert result.result("console users")["users"][0]["status"] == "console_disabled"
    assert not login_profile_exists(account, "veteran")
