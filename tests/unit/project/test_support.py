"""The shared test builders (tests/support) produce what the collection and AWS produce, and the
proxy's fault context manager leaves no fault behind."""

import types

import pytest
from moto.iam.models import IAMBackend

from ansible_collections.baseline.iam.plugins.module_utils._audit import credential_report as cr
from tests.support.credential_report import COLUMNS, ROOT_USER, report_csv, report_row
from tests.support.fixed import NOW_ISO, ago
from tests.support.proxy import RecordingProxy
from tests.support.snapshots import snapshot


def test_ago_counts_back_from_now():
    assert ago(0) == NOW_ISO == "2026-11-27T12:00:00Z"
    assert ago(26, hours=12) == "2026-11-01T00:00:00Z"


def test_report_columns_are_the_ones_the_simulator_writes():
    # moto writes the header of AWS' report; its own rows come after it
    empty_account = types.SimpleNamespace(credential_report=True, users={}, baseline_root=None)
    header = IAMBackend.get_credential_report(empty_account).splitlines()[0]
    assert tuple(header.split(",")) == COLUMNS


def test_rows_read_back_through_the_collections_parser():
    rows = [
        report_row(ROOT_USER, keys=[(True, 900, 3)], mfa=True),
        report_row("alice", password=True, password_used=2, keys=[(False, 200, None), (True, 10, 1)]),
        report_row("robot", keys=[(True, 50, None)]),
    ]
    parsed = cr.parse_csv(report_csv(*rows).encode())
    assert parsed == rows
    root, alice, robot = parsed
    assert cr.root_row(parsed) is root and cr.user_rows(parsed) == [alice, robot]
    assert cr.has_password(alice) and not cr.has_password(robot) and not cr.has_password(root)
    assert cr.active_keys(alice) == [{"slot": 2, "active": True, "last_rotated": ago(10), "last_used": ago(1)}]
    assert cr.active_keys(robot) == [{"slot": 1, "active": True, "last_rotated": ago(50), "last_used": None}]


def test_rows_write_what_aws_writes_for_missing_values():
    root = report_row(ROOT_USER)
    assert root["arn"] == "arn:aws:iam::111122223333:root"
    assert root["password_enabled"] == root["password_last_changed"] == "not_supported"
    assert root["password_last_used"] == "no_information"
    alice = report_row("alice", password=True)
    assert (alice["password_last_used"], alice["password_last_changed"]) == ("no_information", "2026-10-28T12:00:00+00:00")
    robot = report_row("robot")
    assert robot["password_enabled"] == "false"
    assert robot["password_last_used"] == robot["password_last_changed"] == "N/A"
    assert robot["access_key_1_active"] == "false"
    assert robot["access_key_1_last_rotated"] == robot["access_key_1_last_used_region"] == "N/A"
    with pytest.raises(ValueError, match="2 key slots"):
        report_row("greedy", keys=[(True, 1, 1)] * 3)


def test_snapshot_error_wins_over_a_value_and_unknown_sources_are_refused():
    snap = snapshot(password_policy={"MinimumPasswordLength": 14}, errors={"password_policy": "AccessDenied"})
    assert snap["read"] == [] and snap["errors"] == {"password_policy": "AccessDenied"}
    assert snap["password_policy"] is None
    with pytest.raises(TypeError, match="password_polciy"):
        snapshot(password_polciy=None)


def test_failing_removes_its_fault_even_when_the_block_raises():
    proxy = RecordingProxy("127.0.0.1", 9)  # never started: faults are kept without a server
    with pytest.raises(RuntimeError), proxy.failing("AssumeRole", "AccessDenied") as fault:
        assert proxy.faults() == [fault]
        raise RuntimeError("the test failed inside the block")
    assert proxy.faults() == []


def test_nested_failing_keeps_the_outer_fault_until_its_block_ends():
    proxy = RecordingProxy("127.0.0.1", 9)
    with proxy.failing("CreateSecret", "AccessDeniedException") as outer:
        with proxy.failing("DeleteAccessKey", "AccessDenied") as inner:
            assert proxy.faults() == [outer, inner]
        assert proxy.faults() == [outer]
    assert proxy.faults() == []
