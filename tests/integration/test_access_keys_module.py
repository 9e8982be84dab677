"""baseline.iam.access_keys against the simulator: keys of every age and use, the caller's own
key, two keys, a rotation across runs, interrupted rotations, and secrets kept out of the output.
State is read back from the API; dates are moved in moto's backend (tests/support/key_dates.py)."""

import json

import pytest

from tests.support import key_dates, state
from tests.support.calls import is_mutating
from tests.support.playbook import run_tasks
from tests.support.steps import four_steps

SECRET_NAME = "iam-baseline/%s/%s/access-key"
DEACTIVATED = "baseline-iam:deactivated:"
ROTATION = "baseline-iam:rotation:"


def task(**options):
    return [{"name": "access keys", "baseline.iam.access_keys": options, "register": "out"}]


def run(account, env=None, check=False, **options):
    result = run_tasks(task(**options), env or account.env(), check=check, diff=True)
    return result


def keys_by_id(result):
    return {k["access_key_id"]: k for k in result.result("access keys")["keys"]}


def writes_since(account, mark):
    return [c["action"] for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])]


# every age and usage pattern -------------------------------------------------------------------


PATTERNS = {
    # user: (created days ago, last used days ago or None, active) -> findings
    "fresh-used": ((10, 1, True), []),
    "fresh-never-used": ((5, None, True), []),
    "old-used": ((120, 2, True), ["USER.KEY_AGE"]),
    "old-unused": ((200, 100, True), ["USER.KEY_AGE", "USER.KEY_UNUSED"]),
    "idle": ((60, 50, True), ["USER.KEY_UNUSED"]),
    "never-used": ((50, None, True), ["USER.KEY_UNUSED"]),
    "inactive": ((300, 200, False), []),
}


def seed_patterns(account):
    return {user: key_dates.seed_key(account, user, *spec) for user, (spec, _findings) in PATTERNS.items()}


def test_report_every_age_and_usage_pattern_changes_nothing(account):
    ids = seed_patterns(account)
    mark = account.simulator.proxy.mark()
    result = run(account).assert_ok()
    assert writes_since(account, mark) == []
    assert not result.changed
    keys = keys_by_id(result)
    for user, (spec, findings) in PATTERNS.items():
        entry = keys[ids[user]]
        assert entry["user"] == user
        assert entry["findings"] == findings, user
        assert entry["action"] == "none"
        assert entry["age_days"] == spec[0]
        assert (entry["last_used"] is None) is (spec[1] is None), user
    assert result.result("access keys")["summary"]["by_finding"] == {"USER.KEY_AGE": 2, "USER.KEY_UNUSED": 3, "USER.TWO_ACTIVE_KEYS": 0}
    assert "was last used 100 days ago" in keys[ids["old-unused"]]["reason"]


def test_each_action_on_every_pattern(account):
    ids = seed_patterns(account)
    expected = {
        "deactivate": {"old-unused": "deactivated", "idle": "deactivated", "never-used": "deactivated"},
        "delete": {"inactive": "none"},  # its grace period starts now (a tag), nothing is deleted
        "rotate": {"old-used": "rotated"},
    }
    for action, changes in expected.items():
        result = run(account, action=action).assert_ok()
        actions = {user: keys_by_id(result)[ids[user]]["action"] for user in PATTERNS}
        assert {u: a for u, a in actions.items() if a != "none"} == {u: a for u, a in changes.items() if a != "none"}, action
    statuses = {user: state.access_keys(account, user)[ids[user]] for user in PATTERNS}
    assert statuses == {
        "fresh-used": "Active",
        "fresh-never-used": "Active",
        "old-used": "Active",  # replaced, deactivated by a later run
        "old-unused": "Inactive",
        "idle": "Inactive",
        "never-used": "Inactive",
        "inactive": "Inactive",
    }
    assert len(state.access_keys(account, "old-used")) == 2
    assert DEACTIVATED + ids["inactive"] in state.baseline_tags(account, "inactive")
    assert state.secret_names(account) == [SECRET_NAME % (account.account_id, "old-used")]


# four steps per mutating behaviour ---------------------------------------------------------------


def test_four_steps_deactivate_unused(account):
    key_id = key_dates.seed_key(account, "idle", 80, 60)

    def read_back():
        return state.access_keys(account, "idle"), sorted(state.baseline_tags(account, "idle"))

    results = four_steps(account, task(action="deactivate"), read_back, ({key_id: "Inactive"}, [DEACTIVATED + key_id]))
    predicted = results[0].result("access keys")
    assert predicted["keys"][0]["action"] == "deactivated"
    assert predicted["diff"]["after"]["users"]["idle"]["access_keys"] == {key_id: "Inactive"}
    assert results[2].result("access keys")["keys"][0]["action"] == "none"


def test_four_steps_delete_after_grace(account):
    key_id = key_dates.seed_key(account, "retired", 300, 30, active=False)
    account.client("iam").tag_user(UserName="retired", Tags=[{"Key": DEACTIVATED + key_id, "Value": key_dates.iso_days_ago(20)}])

    def read_back():
        return state.access_keys(account, "retired"), state.baseline_tags(account, "retired")

    results = four_steps(account, task(action="delete"), read_back, ({}, {}))
    assert results[0].result("access keys")["keys"][0]["action"] == "deleted"


def test_four_steps_rotate(account):
    old = key_dates.seed_key(account, "app", 120, 1)
    name = SECRET_NAME % (account.account_id, "app")

    def read_back():
        keys = state.access_keys(account, "app")
        return {"old": keys.get(old), "keys": len(keys), "secret": name in state.secret_names(account)}

    results = four_steps(account, task(action="rotate"), read_back, {"old": "Active", "keys": 2, "secret": True})
    predicted = results[0].result("access keys")["keys"][0]
    assert (predicted["action"], predicted["replaced_by"], predicted["secret_name"]) == ("rotated", None, name)
    done = results[1].result("access keys")["keys"][0]
    new = done["replaced_by"]
    assert set(state.access_keys(account, "app")) == {old, new}
    assert state.secret_value(account, name)["AccessKeyId"] == new
    waiting = results[3].result("access keys")["keys"]
    assert {k["access_key_id"]: k["action"] for k in waiting} == {old: "none", new: "none"}


# a rotation across runs ------------------------------------------------------------------------


def days_pass_since_rotation(account, user, old, new, days):
    """As if the rotation of `old` into `new` had happened `days` ago (key date and start tag)."""
    key_dates.set_created(account, user, new, days)
    account.client("iam").tag_user(UserName=user, Tags=[{"Key": ROTATION + old, "Value": key_dates.iso_days_ago(days)}])


def test_rotation_lifecycle_across_runs(account):
    old = key_dates.seed_key(account, "app", 120, 1)
    name = SECRET_NAME % (account.account_id, "app")
    new = keys_by_id(run(account, action="rotate").assert_ok())[old]["replaced_by"]
    assert list(state.baseline_tags(account, "app")) == [ROTATION + old]

    # An application still uses the old key after the new one exists: it stays active.
    days_pass_since_rotation(account, "app", old, new, 3)
    key_dates.set_last_used(account, "app", old, 1)
    waiting = keys_by_id(run(account, action="rotate").assert_ok())
    assert (waiting[old]["action"], "no longer used" in waiting[old]["reason"]) == ("none", True), waiting[old]["reason"]
    assert state.access_keys(account, "app")[old] == "Active"

    # No use since the new key was created (3 days ago): the old key is deactivated, not deleted.
    key_dates.set_last_used(account, "app", old, 4)
    result = run(account, action="rotate").assert_ok()
    assert keys_by_id(result)[old]["action"] == "deactivated"
    assert state.access_keys(account, "app") == {old: "Inactive", new: "Active"}
    tags = state.baseline_tags(account, "app")
    assert list(tags) == [DEACTIVATED + old]

    # Within grace_days nothing more happens; after them the old key is deleted.
    assert not run(account, action="rotate").assert_ok().changed
    # Three weeks later (the old key's last use, 4 days before the deactivation, moves along).
    key_dates.set_last_used(account, "app", old, 25)
    account.client("iam").tag_user(UserName="app", Tags=[{"Key": DEACTIVATED + old, "Value": key_dates.iso_days_ago(21)}])
    result = run(account, action="rotate").assert_ok()
    assert keys_by_id(result)[old]["action"] == "deleted"
    assert state.access_keys(account, "app") == {new: "Active"}
    assert state.baseline_tags(account, "app") == {}
    assert state.secret_value(account, name)["AccessKeyId"] == new


def test_user_with_two_keys_is_never_given_a_third(account):
    old = key_dates.seed_key(account, "app", 120, 1)
    spare = key_dates.seed_key(account, "app", 30, 20, active=False)
    mark = account.simulator.proxy.mark()
    result = run(account, action="rotate").assert_ok()
    entry = keys_by_id(result)[old]
    assert entry["action"] == "blocked"
    assert "never deletes a key to make room" in entry["reason"]
    assert "CreateAccessKey" not in writes_since(account, mark)
    assert set(state.access_keys(account, "app")) == {old, spare}


def test_two_active_keys_only_the_older_unused_one_goes(account):
    older = key_dates.seed_key(account, "pair", 60, 20)
    newer = key_dates.seed_key(account, "pair", 10, 1)
    busy_old = key_dates.seed_key(account, "busy", 60, 1)
    busy_new = key_dates.seed_key(account, "busy", 10, 1)
    result = run(account, action="deactivate").assert_ok()
    actions = {k: v["action"] for k, v in keys_by_id(result).items()}
    assert actions == {older: "deactivated", newer: "none", busy_old: "blocked", busy_new: "none"}
    assert state.access_keys(account, "pair") == {older: "Inactive", newer: "Active"}
    assert state.access_keys(account, "busy") == {busy_old: "Active", busy_new: "Active"}


# safety: the caller, protected principals, exclusions --------------------------------------------


def caller_env(account, key_id, secret):
    env = account.env()
    env.pop("AWS_SESSION_TOKEN")
    env.update(AWS_ACCESS_KEY_ID=key_id, AWS_SECRET_ACCESS_KEY=secret, BASELINE_SIMULATOR_KEY="1")
    return env


@pytest.mark.parametrize("action", ["deactivate", "delete", "rotate"])
def test_caller_own_old_unused_key_is_left_alone(account, action):
    own, secret = key_dates.seed_key(account, "automation", 300, 200, with_secret=True)
    spare = key_dates.seed_key(account, "automation", 200, 150)  # the caller's other key
    other = key_dates.seed_key(account, "someone", 100, 60)
    mark = account.simulator.proxy.mark()
    with key_dates.last_use_frozen(own):  # signing the run would otherwise count as a use
        result = run(account, caller_env(account, own, secret), action=action).assert_ok()
    calls = account.simulator.proxy.calls_since(mark, account.account_id)
    assert {c["access_key_id"] for c in calls} == {own}  # the run really was signed by that key
    # The only writes are for the other user's unused key: deactivate it and record the date.
    assert [c["action"] for c in calls if is_mutating(c["action"])] == ["UpdateAccessKey", "TagUser"]
    keys = keys_by_id(result)
    assert keys[own]["findings"] == ["USER.KEY_AGE", "USER.KEY_UNUSED", "USER.TWO_ACTIVE_KEYS"]
    assert keys[own]["action"] == keys[spare]["action"] == "blocked"
    assert "caller" in keys[own]["reason"]
    assert state.access_keys(account, "automation") == {own: "Active", spare: "Active"}
    assert state.baseline_tags(account, "automation") == {}
    assert keys[other]["action"] == "deactivated"
    assert state.access_keys(account, "someone") == {other: "Inactive"}


@pytest.mark.parametrize("action", ["deactivate", "delete"])
def test_the_runs_own_long_term_key_is_protected_behind_a_role_session(account, action):
    # Issue 13: the run starts from a long-term key (AKIA...) and works through a role session
    # assumed with it, as role account_session does: the caller is then the role, and the key
    # that opened the session must still be left alone.
    own, secret = key_dates.seed_key(account, "automation", 300, 200, with_secret=True)
    other = key_dates.seed_key(account, "someone", 100, 60)
    session = "{{ assumed.sts_creds.%s }}"
    tasks = [
        {
            "name": "assume",
            "amazon.aws.sts_assume_role": {"role_arn": account.role_arn, "role_session_name": "baseline-iam"},
            "register": "assumed",
            "no_log": True,
        },
        {
            "name": "access keys",
            "baseline.iam.access_keys": {
                "action": action,
                "access_key": session % "access_key",
                "secret_key": session % "secret_key",
                "session_token": session % "session_token",
            },
            "register": "out",
        },
    ]
    mark = account.simulator.proxy.mark()
    with key_dates.last_use_frozen(own):
        result = run_tasks(tasks, caller_env(account, own, secret), diff=True).assert_ok()
    signers = {c["access_key_id"] for c in account.simulator.proxy.calls_since(mark, account.account_id) if c["action"] != "AssumeRole"}
    assert own not in signers and signers, signers  # the module worked through the role session
    keys = keys_by_id(result)
    assert "USER.KEY_UNUSED" in keys[own]["findings"]
    assert keys[own]["action"] == "blocked", keys[own]
    assert "long-term key" in keys[own]["reason"]
    assert state.access_keys(account, "automation") == {own: "Active"}
    assert keys[other]["action"] == "deactivated"
    assert state.access_keys(account, "someone") == {other: "Inactive"}


def test_protected_principals_and_exclude(account):
    guarded = key_dates.seed_key(account, "breakglass-1", 100, 60)
    by_id = key_dates.seed_key(account, "svc", 100, 60)
    by_name = key_dates.seed_key(account, "Legacy", 100, 60)
    free = key_dates.seed_key(account, "free", 100, 60)
    result = run(account, action="deactivate", protected_principals=["breakglass-*"], exclude=[by_id, "legacy"]).assert_ok()
    actions = {k: v["action"] for k, v in keys_by_id(result).items()}
    assert actions == {guarded: "blocked", by_id: "blocked", by_name: "blocked", free: "deactivated"}
    for user, key_id in (("breakglass-1", guarded), ("svc", by_id), ("Legacy", by_name)):
        assert state.access_keys(account, user) == {key_id: "Active"}
        assert state.baseline_tags(account, user) == {}


def test_users_option_limits_the_run(account):
    a = key_dates.seed_key(account, "a", 100, 60)
    b = key_dates.seed_key(account, "b", 100, 60)
    result = run(account, action="deactivate", users=["a", "missing"]).assert_ok()
    assert set(keys_by_id(result)) == {a}
    assert "no IAM user named missing" in result.output
    assert state.access_keys(account, "b") == {b: "Active"}


# interrupted rotations ----------------------------------------------------------------------------


def test_lost_create_answer_is_recovered_in_the_same_run_without_a_third_key(account):
    old = key_dates.seed_key(account, "app", 120, 1)
    proxy = account.simulator.proxy
    mark = proxy.mark()
    with proxy.failing("CreateAccessKey", None, account=account.account_id, times=1, reset=True) as fault:
        result = run(account, action="rotate").assert_ok()
    assert fault.hits == 1
    entry = keys_by_id(result)[old]
    new = entry["replaced_by"]
    assert entry["action"] == "rotated" and "answer was lost" in entry["reason"]
    actions = writes_since(account, mark)
    assert actions.count("CreateAccessKey") == 2 and actions.count("DeleteAccessKey") == 1
    lost = [c for c in proxy.calls_since(mark) if c["action"] == "CreateAccessKey" and c["faulted"]]
    assert len(lost) == 1
    assert set(state.access_keys(account, "app")) == {old, new}
    assert state.secret_value(account, SECRET_NAME % (account.account_id, "app"))["AccessKeyId"] == new


def test_rotation_stopped_after_create_is_resumed_without_a_third_key(account):
    old = key_dates.seed_key(account, "app", 120, 1)
    name = SECRET_NAME % (account.account_id, "app")
    proxy = account.simulator.proxy
    # The secret cannot be written, and the clean-up of the new key fails too: the run stops with
    # a key whose secret exists nowhere (as if the process had died right after CreateAccessKey).
    with (
        proxy.failing("CreateSecret", "AccessDeniedException", account=account.account_id, status=400),
        proxy.failing("DeleteAccessKey", "AccessDenied", account=account.account_id, status=403),
    ):
        failed = run(account, action="rotate")
    assert failed.rc != 0
    assert failed.result("access keys")["error_code"] == "AccessDeniedException"
    message = failed.result("access keys")["msg"]
    assert message.startswith("Could not act on the access keys of app (secretsmanager:CreateSecret): AccessDeniedException: "), message
    assert "nor deleted again (iam:DeleteAccessKey: AccessDenied: " in message, message
    stranded = set(state.access_keys(account, "app")) - {old}
    assert len(stranded) == 1
    assert ROTATION + old in state.baseline_tags(account, "app")
    assert state.secret_value(account, name) is None

    # The next run recognises the rotation's leftover (never used, created right after the
    # rotation started) and, like any key, deactivates it first (issue 13: nothing active is
    # deleted in one run); the rotation waits for its deletion.
    (lost,) = stranded
    mark = proxy.mark()
    resumed = run(account, action="rotate").assert_ok()
    keys = keys_by_id(resumed)
    assert keys[lost]["action"] == "deactivated" and "interrupted rotation" in keys[lost]["reason"]
    assert keys[old]["action"] == "none"
    assert writes_since(account, mark) == ["UpdateAccessKey", "TagUser"]
    assert state.access_keys(account, "app") == {old: "Active", lost: "Inactive"}
    assert not run(account, action="rotate").assert_ok().changed  # within grace_days: nothing

    # grace_days later (the rotation, the leftover and its deactivation moved 20/20/15 days back)
    iam = account.client("iam")
    iam.tag_user(
        UserName="app",
        Tags=[
            {"Key": ROTATION + old, "Value": key_dates.iso_days_ago(20)},
            {"Key": DEACTIVATED + lost, "Value": key_dates.iso_days_ago(15)},
        ],
    )
    key_dates.set_created(account, "app", lost, 20)
    mark = proxy.mark()
    finished = run(account, action="rotate").assert_ok()
    keys = keys_by_id(finished)
    assert keys[lost]["action"] == "deleted"
    new = keys[old]["replaced_by"]
    assert keys[old]["action"] == "rotated" and new not in (old, lost)
    actions = writes_since(account, mark)
    assert actions.index("DeleteAccessKey") < actions.index("CreateAccessKey")  # never three keys
    assert actions.count("CreateAccessKey") == 1
    assert set(state.access_keys(account, "app")) == {old, new}
    assert state.secret_value(account, name)["AccessKeyId"] == new
    assert not run(account, action="rotate").assert_ok().changed


def test_throttled_create_is_retried_only_after_listing_the_keys_again(account):
    old = key_dates.seed_key(account, "app", 120, 1)
    proxy = account.simulator.proxy
    mark = proxy.mark()
    with proxy.failing("CreateAccessKey", "Throttling", account=account.account_id, times=1) as fault:
        result = run(account, action="rotate").assert_ok()
    assert fault.hits == 1
    assert keys_by_id(result)[old]["action"] == "rotated"
    sequence = [c["action"] for c in proxy.calls_since(mark, account.account_id) if c["action"] in ("CreateAccessKey", "ListAccessKeys")]
    assert sequence[-4:] == ["ListAccessKeys", "CreateAccessKey", "ListAccessKeys", "CreateAccessKey"]
    assert len(state.access_keys(account, "app")) == 2


def test_refused_create_leaves_no_trace(account):
    old = key_dates.seed_key(account, "app", 120, 1)
    proxy = account.simulator.proxy
    with proxy.failing("CreateAccessKey", "AccessDenied", account=account.account_id, status=403) as fault:
        result = run(account, action="rotate")
    assert fault.hits == 1  # a refusal is not retried
    assert result.rc != 0 and result.result("access keys")["error_code"] == "AccessDenied"
    assert state.access_keys(account, "app") == {old: "Active"}
    assert state.baseline_tags(account, "app") == {}


def test_failed_secret_write_takes_the_new_key_back(account):
    old = key_dates.seed_key(account, "app", 120, 1)
    proxy = account.simulator.proxy
    with proxy.failing("CreateSecret", "AccessDeniedException", account=account.account_id, status=400):
        failed = run(account, action="rotate")
    assert failed.rc != 0
    assert "act on the access keys of app (secretsmanager:CreateSecret)" in failed.result("access keys")["msg"]
    assert state.access_keys(account, "app") == {old: "Active"}
    assert state.baseline_tags(account, "app") == {}


def test_secret_owned_by_someone_else_is_not_overwritten(account):
    old = key_dates.seed_key(account, "app", 120, 1)
    name = SECRET_NAME % (account.account_id, "app")
    account.client("secretsmanager").create_secret(Name=name, SecretString='{"keep": "me"}')
    result = run(account, action="rotate").assert_ok()
    entry = keys_by_id(result)[old]
    assert entry["action"] == "blocked" and "not tagged" in entry["reason"]
    assert state.secret_value(account, name) == {"keep": "me"}
    assert state.access_keys(account, "app") == {old: "Active"}


def test_kms_key_and_user_tag_on_the_secret(account):
    key_dates.seed_key(account, "app", 120, 1)
    name = SECRET_NAME % (account.account_id, "app")
    run(account, action="rotate", secret_kms_key_id="alias/iam-keys").assert_ok()
    description = account.client("secretsmanager").describe_secret(SecretId=name)
    assert description["KmsKeyId"] == "alias/iam-keys"
    assert {"Key": "baseline-iam:user", "Value": "app"} in description["Tags"]


# secrets never in the output ---------------------------------------------------------------------


def test_new_secret_is_never_in_output_diff_or_results(account):
    old = key_dates.seed_key(account, "app", 120, 1)
    name = SECRET_NAME % (account.account_id, "app")
    runs = [run_tasks(task(action="rotate"), account.env(), diff=True, extra_args=["-vvv"]).assert_ok()]
    new = keys_by_id(runs[0])[old]["replaced_by"]
    days_pass_since_rotation(account, "app", old, new, 3)
    key_dates.set_last_used(account, "app", old, 5)
    # A later run reads the secret back to check the new key before retiring the old one.
    runs.append(run_tasks(task(action="rotate"), account.env(), diff=True, extra_args=["-vvv"]).assert_ok())
    assert keys_by_id(runs[1])[old]["action"] == "deactivated"
    secret = state.secret_value(account, name)["SecretAccessKey"]
    assert len(secret) >= 40
    for result in runs:
        haystack = result.output + json.dumps(result.records)
        assert secret not in haystack
        assert secret[:20] not in haystack


# input is checked before any call ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"max_age_days": 0}, "max_age_days"),
        ({"unused_days": 120, "max_age_days": 90}, "unused_days"),
        ({"max_active_keys": 3}, "max_active_keys"),
        ({"grace_days": 0}, "grace_days"),
        ({"action": "purge"}, "action"),
        ({"users": ["no spaces allowed"]}, "users"),
        ({"secret_name_template": "shared-secret"}, "secret_name_template"),
        ({"secret_name_template": "keys/{user}/{region}"}, "secret_name_template"),
        ({"controls": {"USER.NOPE": {"enabled": False}}}, "controls.USER.NOPE"),
    ],
)
def test_bad_input_fails_before_any_call_naming_the_field(account, options, field):
    key_id = key_dates.seed_key(account, "idle", 100, 60)
    mark = account.simulator.proxy.mark()
    result = run(account, action=options.pop("action", "deactivate"), **options)
    assert result.rc != 0
    message = result.result("access keys")["msg"]
    assert field in message
    assert account.simulator.proxy.calls_since(mark, account.account_id) == []
    assert state.access_keys(account, "idle") == {key_id: "Active"}


def test_aws_error_names_the_step_and_code(account):
    key_dates.seed_key(account, "idle", 100, 60)
    proxy = account.simulator.proxy
    with proxy.failing("UpdateAccessKey", "AccessDenied", account=account.account_id, status=403):
        result = run(account, action="deactivate")
    out = result.result("access keys")
    assert result.rc != 0 and out["error_code"] == "AccessDenied"
    assert "idle" in out["msg"]
    assert out["msg"].startswith("Could not act on the access keys of idle (iam:UpdateAccessKey): AccessDenied: "), out["msg"]
