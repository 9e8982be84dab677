"""One event per account and window, carrying what was seen (the caller's clock drives it)."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._events import cloudtrail as _cloudtrail
from ansible_collections.baseline.iam.plugins.module_utils._events import coalesce as _coalesce
from tests.support import cloudtrail_events

A, B = "210000000001", "210000000002"
T0 = 1772460130.0  # 2026-03-02T14:02:10Z


def change(name, account, event_id=None):
    parsed = _cloudtrail.parse(cloudtrail_events.body(name, account))
    if event_id is not None:
        parsed["event_id"] = event_id
    return parsed


def test_a_burst_of_one_account_is_one_event_after_the_window():
    co = _coalesce.Coalescer(60, apply_families=["password_policy", "groups"])
    co.add(change("iam-update-account-password-policy", A), T0)
    co.add(change("iam-put-group-policy", A), T0 + 20)
    co.add(change("iam-put-group-policy", A, event_id="another-call"), T0 + 59)
    assert co.next_deadline() == T0 + 60
    assert co.due(T0 + 59.9) == []
    (event,) = co.due(T0 + 60)
    assert event == {
        "account_id": A,
        "hosts": [A],
        "run_id": "20260302T140210Z-e8d1c0b2",
        "event_names": ["PutGroupPolicy", "UpdateAccountPasswordPolicy"],
        "services": ["iam.amazonaws.com"],
        "controls": [
            "PP.MISSING",
            "PP.MIN_LENGTH",
            "PP.REUSE",
            "PP.COMPLEXITY",
            "PP.MAX_AGE",
            "PP.SELF_SERVICE",
            "USER.ADMIN_STRONG_MFA",
            "POL.ADMIN_STAR",
            "POL.CLOUDSHELL",
            "GROUP.DECLARED",
            "GROUP.ADMIN_NO_MFA_POLICY",
            "MFA.POLICY_ATTACHED",
        ],
        "families": ["groups", "mfa", "password_policy"],
        "apply_families": ["groups", "password_policy"],
        "principals": [
            "arn:aws:iam::%s:user/bob" % A,
            "arn:aws:sts::%s:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com" % A,
        ],
        "regions": ["us-east-1"],
        "count": 3,
        "first_event_time": "2026-03-02T14:02:10Z",
        "last_event_time": "2026-03-02T14:05:41Z",
        "window_seconds": 60,
        "opened_at": "2026-03-02T14:02:10Z",
        "closed_at": "2026-03-02T14:03:10Z",
    }
    assert co.pending() == 0 and co.next_deadline() is None
    assert co.due(T0 + 1000) == []  # handed out once


def test_accounts_have_their_own_windows_and_leave_in_order():
    co = _coalesce.Coalescer(60)
    co.add(change("iam-put-group-policy", B), T0 + 10)
    co.add(change("iam-update-assume-role-policy", A), T0)
    assert [e["account_id"] for e in co.due(T0 + 60)] == [A]
    co.add(change("iam-create-access-key", A), T0 + 65)  # a new window for A
    assert [e["account_id"] for e in co.due(T0 + 125)] == [B, A]


def test_a_duplicate_delivery_counts_once():
    co = _coalesce.Coalescer(5)
    co.add(change("iam-put-group-policy", A), T0)
    co.add(change("iam-put-group-policy", A), T0 + 1)  # same eventID: SQS delivered it twice
    (event,) = co.due(T0 + 5)
    assert event["count"] == 1


def test_window_zero_hands_out_at_once_and_no_apply_unless_allowed():
    co = _coalesce.Coalescer(0, host_pattern="account_{account_id}")
    co.add(change("iam-put-group-policy", A), T0)
    (event,) = co.due(T0)
    assert event["hosts"] == ["account_%s" % A]
    assert event["families"] == ["groups", "mfa"] and event["apply_families"] == []


def test_events_no_role_fixes_have_no_family():
    co = _coalesce.Coalescer(0, apply_families=["password_policy"])
    co.add(change("cloudtrail-stop-logging", A), T0)
    (event,) = co.due(T0)
    assert (event["controls"], event["families"], event["apply_families"], event["regions"]) == (["ACCT.CLOUDTRAIL"], [], [], ["eu-west-1"])


@pytest.mark.parametrize("pattern", ["{account}", "{0}", "{account_id"])
def test_a_bad_host_pattern_fails_at_once(pattern):
    with pytest.raises((KeyError, IndexError, ValueError)):
        _coalesce.Coalescer(60, host_pattern=pattern)


def test_negative_window_is_refused():
    with pytest.raises(ValueError, match="window"):
        _coalesce.Coalescer(-1)


def test_run_id_is_safe_in_a_path():
    assert _coalesce.run_id(T0, "../../etc") == "20260302T140210Z-etc"
    assert _coalesce.run_id(T0, "") == "20260302T140210Z-0"
