"""The credential report cross-checked with the users that exist (issue 14): users it misses are
read directly and judged like the others; users that still cannot be read are ERROR for the
report's per-user controls, never absent; users deleted since the report are not judged."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import credential_report_coverage as coverage
from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot
from tests.support.audit import REPORT_USER_CONTROLS

ACCOUNT = "111122223333"
NOW = "2026-11-27T12:00:00Z"
REPORT_CONTROLS = (*REPORT_USER_CONTROLS, "USER.FEDERATION")


def user(name, created="2026-01-01T00:00:00Z"):
    return {"UserName": name, "Arn": "arn:aws:iam::%s:user/%s" % (ACCOUNT, name), "CreateDate": created}


def row(name, created="2026-01-01T00:00:00+00:00", password="false", key_active="false", key_rotated="N/A"):
    return {
        "user": name,
        "arn": "arn:aws:iam::%s:user/%s" % (ACCOUNT, name),
        "user_creation_time": created,
        "password_enabled": password,
        "password_last_used": "N/A",
        "password_last_changed": "N/A",
        "mfa_active": "false",
        "access_key_1_active": key_active,
        "access_key_1_last_rotated": key_rotated,
        "access_key_1_last_used_date": "N/A",
        "access_key_2_active": "false",
        "access_key_2_last_rotated": "N/A",
        "access_key_2_last_used_date": "N/A",
    }


ROOT_ROW = dict(row("<root_account>"), arn="arn:aws:iam::%s:root" % ACCOUNT)
OLD_KEY = {"AccessKeyId": "AKIAOLD", "Status": "Active", "CreateDate": "2026-06-01T00:00:00Z"}
NEW_KEY = {"AccessKeyId": "AKIANEW", "Status": "Inactive", "CreateDate": "2026-11-01T00:00:00Z"}


def test_uncovered_users_are_the_missing_and_the_recreated():
    users = [user("kept"), user("new"), user("recreated", created="2026-11-27T10:00:00Z")]
    rows = [ROOT_ROW, row("kept"), row("recreated"), row("deleted")]
    assert [u["UserName"] for u in coverage.uncovered(users, rows)] == ["new", "recreated"]


def test_the_report_is_compared_to_the_second():
    assert coverage.uncovered([user("kept", "2026-01-01T00:00:00.123456Z")], [row("kept", "2026-01-01T00:00:00+00:00")]) == []


def test_direct_row_has_the_report_columns_the_evaluators_read():
    credentials = {
        "keys": [NEW_KEY, OLD_KEY],
        "last_used": {"AKIAOLD": {"LastUsedDate": "2026-11-20T00:00:00Z", "Region": "eu-west-1", "ServiceName": "s3"}},
        "login_profile": {"CreateDate": "2026-10-01T00:00:00Z"},
        "password_last_used": "2026-11-26T00:00:00Z",
        "mfa_devices": [{"SerialNumber": "GAHT1"}],
    }
    r = coverage.direct_row(user("late"), credentials)
    assert r["password_enabled"] == "true"
    assert r["password_last_used"] == "2026-11-26T00:00:00Z"
    assert r["password_last_changed"] == "2026-10-01T00:00:00Z"
    assert r["mfa_active"] == "true"
    # slots in creation order, as the report numbers them
    assert (r["access_key_1_active"], r["access_key_1_last_rotated"], r["access_key_1_last_used_date"]) == (
        "true",
        "2026-06-01T00:00:00Z",
        "2026-11-20T00:00:00Z",
    )
    assert (r["access_key_2_active"], r["access_key_2_last_rotated"], r["access_key_2_last_used_date"]) == (
        "false",
        "2026-11-01T00:00:00Z",
        "N/A",
    )
    bare = coverage.direct_row(user("bare"), {"keys": [], "last_used": {}, "login_profile": None, "mfa_devices": []})
    assert (bare["password_enabled"], bare["password_last_used"], bare["access_key_1_active"]) == ("false", "N/A", "false")


def snapshot_with(users, rows, direct=(), unreadable=None):
    snap = _snapshot.new_snapshot(ACCOUNT, "aws", NOW)
    report = {"generated_time": "2026-11-27T09:00:00Z", "rows": rows}
    _snapshot.record(snap, "authorization_details", {"users": users, "groups": [], "roles": [], "policies": []})
    _snapshot.record(snap, "credential_report", coverage.covered_report(report, users, list(direct), unreadable or {}))
    return snap


def by_user(snap, control):
    enabled = {control: {"enabled": True}}  # USER.FEDERATION is off by default
    return {f["resource_id"]: (f["status"], f["message"]) for f in _engine.evaluate(snap, controls=enabled, only=(control,))}


def test_a_user_missing_from_the_report_is_judged_from_the_direct_read():
    stale_key = {"AccessKeyId": "AKIASTALE", "Status": "Active", "CreateDate": "2026-01-01T00:00:00Z"}
    late = coverage.direct_row(user("late"), {"keys": [stale_key], "last_used": {}, "login_profile": None, "mfa_devices": []})
    snap = snapshot_with([user("old"), user("late")], [ROOT_ROW, row("old")], direct=[late])
    status, message = by_user(snap, "USER.KEY_AGE")["late"]
    assert status == "FAIL"
    assert "read directly" in message
    assert by_user(snap, "USER.KEY_AGE")["old"][0] == "NOT_APPLICABLE"


def test_a_report_without_user_rows_is_not_no_users_when_users_exist():
    snap = snapshot_with([user("ghost")], [ROOT_ROW], unreadable={"ghost": "AccessDenied"})
    for control in REPORT_CONTROLS:
        result = by_user(snap, control)
        assert result["ghost"][0] == "ERROR", control
        assert "AccessDenied" in result["ghost"][1]
        assert "could not be judged" in result["ghost"][1]


@pytest.mark.parametrize("control", REPORT_CONTROLS)
def test_unreadable_users_are_error_beside_the_judged_ones(control):
    snap = snapshot_with(
        [user("old", "2026-01-01T00:00:00Z"), user("ghost")], [ROOT_ROW, row("old", password="true")], unreadable={"ghost": "Throttling"}
    )
    result = by_user(snap, control)
    assert result["ghost"][0] == "ERROR"
    assert result["old"][0] in ("PASS", "FAIL", "NOT_APPLICABLE")


def test_rows_of_deleted_users_are_left_out():
    snap = snapshot_with(
        [user("kept")], [ROOT_ROW, row("kept"), row("deleted", key_active="true", key_rotated="2020-01-01T00:00:00+00:00")]
    )
    assert set(by_user(snap, "USER.KEY_AGE")) == {"kept"}
    assert [r["user"] for r in snap["credential_report"]["rows"]] == ["<root_account>", "kept"]
