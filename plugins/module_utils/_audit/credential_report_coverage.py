# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Does the credential report cover the users that exist? (pure)

AWS serves the same report for up to 4 hours, so it can miss users created since, still list
users deleted since, or describe an earlier user of the same name. The users of
GetAccountAuthorizationDetails (read at the audit's time) are the reference:

- `uncovered(users, rows)`: the users the report has no current row for (missing, or the row's
  user_creation_time is not the user's CreateDate); the audit reads them directly;
- `direct_row(user, credentials)`: a report-shaped row from those direct reads, so the
  evaluators judge every user the same way;
- `covered_report(report, users, direct, unreadable)`: the report with the rows of users that no
  longer exist left out, the direct rows added, and the users that could not be read listed
  (their controls are ERROR, never absent).
"""

from __future__ import annotations

from .._core import dates as _time
from . import credential_report as _report
from .findings import new_finding

DIRECT = "read directly (not in the credential report)"


def _same_time(a, b):
    a, b = _time.parse(a), _time.parse(b)
    return a is not None and b is not None and a.replace(microsecond=0) == b.replace(microsecond=0)


def _current_rows(users, rows):
    """{user name: row} of the report rows that describe a user that exists now."""
    created = {u["UserName"]: u.get("CreateDate") for u in users}
    return {
        row["user"]: row
        for row in _report.user_rows(rows)
        if row.get("user") in created and _same_time(row.get("user_creation_time"), created[row["user"]])
    }


def uncovered(users, rows):
    """The users (UserDetail dicts) the report has no current row for."""
    current = _current_rows(users, rows)
    return [u for u in users if u["UserName"] not in current]


def _text(flag):
    return "true" if flag else "false"


def _key_columns(slot, key, last_used):
    prefix = "access_key_%d_" % slot
    if key is None:
        return {prefix + "active": "false", prefix + "last_rotated": "N/A", prefix + "last_used_date": "N/A"}
    return {
        prefix + "active": _text(key.get("Status") == "Active"),
        prefix + "last_rotated": _time.iso(key.get("CreateDate")) or "N/A",
        prefix + "last_used_date": _time.iso((last_used or {}).get("LastUsedDate")) or "N/A",
        prefix + "last_used_region": (last_used or {}).get("Region") or "N/A",
        prefix + "last_used_service": (last_used or {}).get("ServiceName") or "N/A",
    }


def direct_row(user, credentials):
    """A credential-report row for one user from the direct reads: `credentials` = {"keys":
    ListAccessKeys' AccessKeyMetadata, "last_used": {key id: GetAccessKeyLastUsed's
    AccessKeyLastUsed}, "login_profile": GetLoginProfile's LoginProfile or None,
    "password_last_used": GetUser's PasswordLastUsed or None, "mfa_devices": ListMFADevices'}."""
    profile = credentials.get("login_profile")
    keys = sorted(credentials.get("keys") or [], key=lambda k: _time.iso(k.get("CreateDate")) or "")
    row = {
        "user": user["UserName"],
        "arn": user["Arn"],
        "user_creation_time": _time.iso(user.get("CreateDate")),
        "password_enabled": _text(profile is not None),
        "password_last_used": (_time.iso(credentials.get("password_last_used")) or "no_information") if profile else "N/A",
        "password_last_changed": (_time.iso(profile.get("CreateDate")) or "N/A") if profile else "N/A",
        "mfa_active": _text(bool(credentials.get("mfa_devices"))),
        "source": DIRECT,
    }
    for slot in _report.KEY_SLOTS:
        key = keys[slot - 1] if len(keys) >= slot else None
        row.update(_key_columns(slot, key, (credentials.get("last_used") or {}).get((key or {}).get("AccessKeyId"))))
    return row


def covered_report(report, users, direct, unreadable):
    """The report's source value after the cross-check. `direct`: rows from direct_row();
    `unreadable`: {user name: AWS error code} of users that could not be read either."""
    current = _current_rows(users, report["rows"])
    root = [r for r in report["rows"] if r.get("user") == _report.ROOT_USER]
    arns = {u["UserName"]: u["Arn"] for u in users}
    covered = dict(report)
    covered["rows"] = root + [current[u["UserName"]] for u in users if u["UserName"] in current] + list(direct)
    covered["read_directly"] = sorted(r["user"] for r in direct)
    covered["unreadable_users"] = [{"user": name, "arn": arns.get(name), "code": code} for name, code in sorted(unreadable.items())]
    return covered


def unreadable_findings(control_id, snapshot):
    """ERROR findings of a per-user control for the users nobody could describe."""
    return [
        new_finding(
            control_id,
            snapshot,
            "ERROR",
            "%s: could not be judged: not in the credential report, and reading the user directly failed (%s)" % (u["user"], u["code"]),
            resource_type="AwsIamUser",
            resource_id=u["user"],
            resource_arn=u["arn"],
            expected="the user's credentials could be read",
            actual=u["code"],
        )
        for u in _report.unreadable_users(snapshot["credential_report"])
    ]


def source_note(row):
    """' (read directly: ...)' for a row that did not come from the report, else ''."""
    return " (%s)" % row["source"] if row.get("source") else ""
