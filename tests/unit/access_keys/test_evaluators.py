"""USER.KEY_AGE, USER.KEY_UNUSED, USER.TWO_ACTIVE_KEYS, USER.SETUP_KEY, USER.CONSOLE_UNUSED and
ROOT.ACCESS_KEY from the credential report (and the account summary), table-driven."""

import pytest

from tests.support.credential_report import ROOT_USER, credential_report, report_row
from tests.support.fixed import ACCOUNT
from tests.support.snapshots import evaluate, snapshot

KEY_IDS = ("USER.KEY_AGE", "USER.KEY_UNUSED", "USER.TWO_ACTIVE_KEYS", "USER.SETUP_KEY", "USER.CONSOLE_UNUSED")


def report_snapshot(rows, summary=None, errors=()):
    """The report and the account summary, as the key controls read them; `errors`: sources denied."""
    summary = summary if summary is not None else {"AccountAccessKeysPresent": 0}
    return snapshot(
        credential_report=credential_report(*rows),
        account_summary=summary,
        errors=dict.fromkeys(errors, "AccessDenied"),
    )


def status_of(snap, control, user, params=None):
    (f,) = [f for f in evaluate(snap, control, params=params) if f["resource_id"] == user]
    return f["status"], f["message"]


@pytest.mark.parametrize(
    ("keys", "status", "words"),
    [
        ([(True, 91, 1)], "FAIL", "access key 1 is 91 days old (baseline: at most 90)"),
        ([(True, 90, 1)], "PASS", "at most 90 days"),
        ([(True, 10, 1), (True, 200, 1)], "FAIL", "access key 2 is 200 days old"),
        ([(False, 500, None), (True, 10, 1)], "PASS", ""),  # an old inactive key is not stale
        ([], "NOT_APPLICABLE", "no active access key"),
    ],
)
def test_key_age(keys, status, words):
    got, message = status_of(report_snapshot([report_row("app", keys=keys)]), "USER.KEY_AGE", "app")
    assert got == status
    assert words in message
    assert message.startswith("app: ")


@pytest.mark.parametrize(
    ("keys", "status", "words"),
    [
        ([(True, 100, 46)], "FAIL", "access key 1 was last used 46 days ago"),
        ([(True, 100, 45)], "PASS", ""),
        ([(True, 46, None)], "FAIL", "access key 1 was never used and was created 46 days ago"),
        ([(True, 3, None)], "PASS", "never used"),
        ([(True, 10, 1), (True, 100, 80)], "FAIL", "access key 2 was last used 80 days ago"),
        ([(False, 300, 200)], "NOT_APPLICABLE", ""),
    ],
)
def test_key_unused(keys, status, words):
    got, message = status_of(report_snapshot([report_row("app", keys=keys)]), "USER.KEY_UNUSED", "app")
    assert (got, words in message) == (status, True), message


@pytest.mark.parametrize(
    ("keys", "max_active", "status"),
    [
        ([(True, 10, 1), (True, 20, 1)], 1, "FAIL"),
        ([(True, 10, 1), (False, 20, 1)], 1, "PASS"),
        ([(True, 10, 1), (True, 20, 1)], 2, "PASS"),
        ([], 1, "PASS"),
    ],
)
def test_two_active_keys(keys, max_active, status):
    params = {"access_keys": {"max_active_keys": max_active}}
    got, message = status_of(report_snapshot([report_row("app", keys=keys)]), "USER.TWO_ACTIVE_KEYS", "app", params)
    assert got == status
    assert "the user has %d active access keys (baseline: at most %d)" % (sum(k[0] for k in keys), max_active) in message


@pytest.mark.parametrize(
    ("password", "keys", "status"),
    [
        (True, [(True, 5, None)], "FAIL"),
        (True, [(True, 5, 1)], "PASS"),
        (True, [(False, 5, None)], "PASS"),  # inactive: nothing to use
        (False, [(True, 5, None)], "NOT_APPLICABLE"),  # not a console user
    ],
)
def test_setup_key(password, keys, status):
    got, message = status_of(report_snapshot([report_row("app", keys=keys, password=password)]), "USER.SETUP_KEY", "app")
    assert got == status
    if status == "FAIL":
        assert "access key 1 (created" in message


@pytest.mark.parametrize(
    ("password", "used", "changed", "status", "words"),
    [
        (True, 46, 100, "FAIL", "last used 46 days ago"),
        (True, 45, 100, "PASS", "last used 45 days ago"),
        (True, None, 46, "FAIL", "never used, set 46 days ago"),
        (True, None, 3, "PASS", "never used"),
        (False, None, None, "NOT_APPLICABLE", "no console password"),
    ],
)
def test_console_unused(password, used, changed, status, words):
    r = report_row("app", password=password, password_used=used, password_changed=changed)
    got, message = status_of(report_snapshot([r]), "USER.CONSOLE_UNUSED", "app")
    assert (got, words in message) == (status, True), message


def test_thresholds_come_from_the_family_variable():
    snap = report_snapshot([report_row("app", keys=[(True, 60, 30)])])
    assert status_of(snap, "USER.KEY_AGE", "app")[0] == "PASS"
    assert status_of(snap, "USER.KEY_AGE", "app", {"access_keys": {"max_age_days": 50}})[0] == "FAIL"
    assert status_of(snap, "USER.KEY_UNUSED", "app", {"access_keys": {"unused_days": 20}})[0] == "FAIL"


def test_one_finding_per_user_with_its_arn_and_stable_ids():
    snap = report_snapshot([report_row("a", keys=[(True, 100, 1)]), report_row("b", keys=[(True, 10, 1)]), report_row(ROOT_USER)])
    result = evaluate(snap, "USER.KEY_AGE")
    assert [(f["resource_id"], f["status"]) for f in result] == [("a", "FAIL"), ("b", "PASS")]
    assert result[0]["resource_arn"] == "arn:aws:iam::%s:user/a" % ACCOUNT
    assert result[0]["finding_id"] != result[1]["finding_id"]
    assert result[0]["finding_id"] == evaluate(snap, "USER.KEY_AGE")[0]["finding_id"]
    assert result[0]["references"]["cis_v6"] == "2.13"
    assert "action rotate" in result[0]["remediation"]


def test_account_without_users_is_not_applicable_not_silent():
    for control in KEY_IDS:
        (f,) = evaluate(report_snapshot([]), control)
        assert f["status"] == "NOT_APPLICABLE", control


@pytest.mark.parametrize("control", KEY_IDS + ("ROOT.ACCESS_KEY",))
def test_unreadable_report_is_error_never_pass(control):
    snap = report_snapshot([report_row("app", keys=[(True, 10, 1)])], errors=("credential_report",))
    result = evaluate(snap, control)
    assert {f["status"] for f in result} == {"ERROR"}
    assert "AccessDenied" in result[0]["message"]


def test_undated_active_key_is_error():
    r = report_row("app", keys=[(True, None, None)])
    assert status_of(report_snapshot([r]), "USER.KEY_AGE", "app")[0] == "ERROR"
    assert status_of(report_snapshot([r]), "USER.KEY_UNUSED", "app")[0] == "ERROR"


@pytest.mark.parametrize(
    ("rows", "summary", "status", "words"),
    [
        ([report_row(ROOT_USER, keys=[(True, 900, 3)])], {"AccountAccessKeysPresent": 0}, "FAIL", "access key 1"),
        ([report_row(ROOT_USER, keys=[(False, 900, 3), (True, 5, None)])], {}, "FAIL", "access key 2"),
        # any root key fails, active or not (issue 14; it used to pass as "no active access key")
        ([report_row(ROOT_USER, keys=[(False, 900, 3)])], {"AccountAccessKeysPresent": 1}, "FAIL", "access key 1 (inactive)"),
        ([report_row(ROOT_USER, keys=[(False, 900, 3)])], {"AccountAccessKeysPresent": 0}, "FAIL", "access key 1 (inactive)"),
        ([report_row(ROOT_USER)], {"AccountAccessKeysPresent": 1}, "FAIL", "AccountAccessKeysPresent = 1"),
        ([report_row(ROOT_USER)], {"AccountAccessKeysPresent": 0}, "PASS", "no access key"),
        # no root row (the simulator): the account summary decides
        ([report_row("app")], {"AccountAccessKeysPresent": 1}, "FAIL", "AccountAccessKeysPresent = 1"),
        ([report_row("app")], {"AccountAccessKeysPresent": 0}, "PASS", "AccountAccessKeysPresent = 0"),
        ([report_row("app")], {"Users": 1}, "ERROR", "neither"),
    ],
)
def test_root_access_key(rows, summary, status, words):
    (f,) = evaluate(report_snapshot(rows, summary), "ROOT.ACCESS_KEY")
    assert f["status"] == status
    assert words in f["message"]
    assert f["resource_arn"] == "arn:aws:iam::%s:root" % ACCOUNT


def test_root_access_key_needs_the_account_summary():
    (f,) = evaluate(report_snapshot([report_row("app")], errors=("account_summary",)), "ROOT.ACCESS_KEY")
    assert f["status"] == "ERROR"
