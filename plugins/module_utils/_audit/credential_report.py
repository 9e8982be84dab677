# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading the IAM credential report (pure): parse the CSV, and typed views of a row.

Key slots are 1 and 2 (the report names slots, not key ids).
"""

from __future__ import annotations

import csv
import io

from .._core import dates as _time

ROOT_USER = "<root_account>"
KEY_SLOTS = (1, 2)


def parse_csv(content):
    """Rows of the report (bytes or text CSV) as dicts keyed by column name."""
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


def is_true(value):
    return str(value).strip().lower() == "true"


def root_row(rows):
    for row in rows:
        if row.get("user") == ROOT_USER:
            return row
    return None


def user_rows(rows):
    return [row for row in rows if row.get("user") != ROOT_USER]


def has_password(row):
    return is_true(row.get("password_enabled"))


def key_slot(row, slot):
    """One access-key slot: active, last_rotated (creation or rotation date), last_used (or None)."""
    prefix = "access_key_%d_" % slot
    return {
        "slot": slot,
        "active": is_true(row.get(prefix + "active")),
        "last_rotated": _time.iso(row.get(prefix + "last_rotated")),
        "last_used": _time.iso(row.get(prefix + "last_used_date")),
    }


def active_keys(row):
    return [k for k in (key_slot(row, s) for s in KEY_SLOTS) if k["active"]]


def unreadable_users(report):
    """[{"user", "arn", "code"}] of users that exist but that neither the report nor a direct read
    could describe (see credential_report_coverage): their controls are ERROR."""
    return list((report or {}).get("unreadable_users") or [])
