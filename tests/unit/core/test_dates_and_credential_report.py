import datetime

from ansible_collections.baseline.iam.plugins.module_utils._audit import credential_report as cr
from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time

REPORT = (
    "user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,"
    "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date\n"
    "<root_account>,arn:aws:iam::111122223333:root,2020-01-01T00:00:00+00:00,not_supported,2026-11-01T00:00:00+00:00,true,"
    "false,N/A,N/A,false,N/A,N/A\n"
    "alice,arn:aws:iam::111122223333:user/alice,2025-01-01T00:00:00+00:00,true,no_information,false,"
    "true,2025-01-02T00:00:00+00:00,N/A,false,N/A,N/A\n"
)


def test_parse_and_iso():
    assert _time.iso("2026-11-27T10:00:00+00:00") == "2026-11-27T10:00:00Z"
    assert _time.iso(datetime.datetime(2026, 11, 27, 10, tzinfo=datetime.UTC)) == "2026-11-27T10:00:00Z"
    assert _time.parse("N/A") is None and _time.parse("no_information") is None and _time.parse(None) is None
    assert _time.days_between("2026-01-01T00:00:00Z", "2026-01-31T12:00:00Z") == 30
    assert _time.days_between(None, "2026-01-31T12:00:00Z") is None


def test_credential_report_rows():
    rows = cr.parse_csv(REPORT.encode())
    assert cr.root_row(rows)["mfa_active"] == "true"
    (alice,) = cr.user_rows(rows)
    assert cr.has_password(alice)
    (key,) = cr.active_keys(alice)
    assert key == {"slot": 1, "active": True, "last_rotated": "2025-01-02T00:00:00Z", "last_used": None}
    assert cr.root_row(cr.user_rows(rows)) is None
