"""_console_mfa: who is a console user without MFA, and what the baseline does about each."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._mfa import console as c
from tests.support.credential_report import ROOT_USER, report_row
from tests.support.fixed import NOW_ISO


def test_candidates_are_console_users_without_mfa():
    # A root row that looks like a console user without MFA (AWS writes not_supported): root is
    # left out because it is root.
    root = {**report_row(ROOT_USER), "password_enabled": "true"}
    found = c.candidates(
        [
            root,
            report_row("alice", password=True, created=26),
            report_row("bob", password=True, mfa=True, created=26),
            report_row("robot", created=26),
        ]
    )
    assert found == [{"name": "alice", "arn": "arn:aws:iam::111122223333:user/alice", "created": "2026-11-01T12:00:00Z"}]


@pytest.mark.parametrize(
    ("created", "grace", "past"),
    [
        ("2026-11-20T12:00:00Z", 7, False),  # exactly 7 days: not past
        ("2026-11-20T11:59:59Z", 7, True),
        ("2026-11-27T11:00:00Z", 0, True),
        (None, 0, False),  # unknown creation: never acted on
    ],
)
def test_past_grace(created, grace, past):
    assert c.past_grace(created, NOW_ISO, grace) is past


@pytest.mark.parametrize(
    ("created", "action", "protected", "status"),
    [
        ("2026-10-01T00:00:00Z", "disable_console", None, c.DISABLED),
        ("2026-10-01T00:00:00Z", "report", None, c.REPORTED),
        ("2026-11-25T00:00:00Z", "disable_console", None, c.IN_GRACE),
        ("2026-10-01T00:00:00Z", "disable_console", "it is the caller of this run", c.PROTECTED),
    ],
)
def test_decide(created, action, protected, status):
    got, reason = c.decide({"name": "u", "created": "2020-01-01T00:00:00Z", "password_created": created}, NOW_ISO, 7, action, protected)
    assert got == status
    assert reason
    if status == c.DISABLED:
        assert "access keys untouched" in reason


def test_summary_counts_every_status():
    assert c.summarize([{"status": c.DISABLED}, {"status": c.DISABLED}, {"status": c.IN_GRACE}]) == {
        "reported": 0,
        "in_grace": 1,
        "protected": 0,
        "console_disabled": 2,
    }


def test_validate_refuses_a_negative_grace_period():
    with pytest.raises(InputError) as raised:
        c.validate({"grace_days": -1})
    assert (raised.value.field, raised.value.problem) == ("grace_days", "must be 0 or more, got -1")
    assert c.validate({"grace_days": 0}) is None
