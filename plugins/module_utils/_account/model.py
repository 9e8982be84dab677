# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The MFA kind of an admin user (USER.ADMIN_STRONG_MFA) from what the audit reads anyway (pure).

The credential report says whether a user has any MFA device (`mfa_active`) and
ListVirtualMFADevices says which users hold a virtual device. Together they settle most users
without a call per user:

- MFA active, no virtual device: strong (a FIDO security key or a hardware token);
- MFA not active, no virtual device: none;
- a virtual device assigned: open (a FIDO key or hardware token may be there too; or, with MFA not
  active, the device came after the report);
- no report row (a user newer than the report, or no report) or no device list: open.

Only an open user needs ListMFADevices, whose answer then decides (the evaluator,
evaluators.admin_strong_mfa, reads it). An open user whose devices were not listed is judged
ERROR, never PASS.
"""

from __future__ import annotations

from .._audit import credential_report as _credential_report
from .._core import dates as _time

STRONG, VIRTUAL, NONE = "strong", "virtual", "none"


def virtual_device_holders(virtual_devices):
    """Names of the users a virtual device is assigned to; None when the devices were not read."""
    if virtual_devices is None:
        return None
    return {(d.get("User") or {}).get("UserName") for d in virtual_devices} - {None}


def report_rows(report):
    """{user name: credential report row}; empty when the report was not read."""
    return {row.get("user"): row for row in _credential_report.user_rows((report or {}).get("rows") or [])}


def _same_second(a, b):
    a, b = _time.parse(a), _time.parse(b)
    return a is not None and b is not None and a.replace(microsecond=0) == b.replace(microsecond=0)


def report_row(user, rows):
    """A user's row (user from GetAccountAuthorizationDetails), or None when the report lacks it or
    the row belongs to an earlier user of the same name (another creation time)."""
    row = rows.get(user["UserName"])
    if row is None or not _same_second(user.get("CreateDate"), row.get("user_creation_time")):
        return None
    return row


def evidence_kind(row, holds_virtual):
    """STRONG or NONE when the report row and the virtual devices settle the kind, else None
    (open). `holds_virtual` is None when the virtual devices were not read."""
    if row is None or holds_virtual is None or holds_virtual:
        return None
    return STRONG if _credential_report.is_true(row.get("mfa_active")) else NONE


def admin_evidence(admins, report, virtual_devices):
    """{user name: STRONG, NONE or None (open)} for admin users (UserDetail dicts)."""
    rows, holders = report_rows(report), virtual_device_holders(virtual_devices)
    return {u["UserName"]: evidence_kind(report_row(u, rows), None if holders is None else u["UserName"] in holders) for u in admins}


def open_admins(admins, report, virtual_devices):
    """The admin users whose kind the report and the virtual devices leave open."""
    evidence = admin_evidence(admins, report, virtual_devices)
    return [u for u in admins if evidence[u["UserName"]] is None]
