# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Console users without MFA (pure): who they are, and what the baseline does about each.

Candidates come from the credential report (one report for the whole account, no per-user
listing). The report can be hours old, so the module confirms each candidate with live reads
before it acts: a user who enrolled a device since is never touched.
"""

from __future__ import annotations

import datetime

from .._audit import credential_report as _credential_report
from .._core import dates as _time
from .._core.errors import InputError

ACTIONS = ("report", "disable_console")
# What happened to (or, in check mode, would happen to) each console user without MFA.
REPORTED = "reported"
IN_GRACE = "in_grace"
PROTECTED = "protected"
DISABLED = "console_disabled"
STATUSES = (REPORTED, IN_GRACE, PROTECTED, DISABLED)


def validate(params):
    """Raises InputError for an invalid option of the console_mfa module."""
    if params["grace_days"] < 0:
        raise InputError("grace_days", "must be 0 or more, got %d" % params["grace_days"])


def candidates(rows):
    """[{"name", "arn", "created"}] of report rows with a console password and no MFA (root excluded)."""
    found = []
    for row in _credential_report.user_rows(rows):
        if _credential_report.has_password(row) and not _credential_report.is_true(row.get("mfa_active")):
            found.append({"name": row["user"], "arn": row.get("arn"), "created": _time.iso(row.get("user_creation_time"))})
    return found


def past_grace(created, now, grace_days):
    """True when more than `grace_days` have passed since `created` (unknown dates are not past)."""
    created, now = _time.parse(created), _time.parse(now)
    if created is None or now is None:
        return False
    return now - created > datetime.timedelta(days=grace_days)


def decide(user, now, grace_days, action, protected_reason):
    """The status of one confirmed console user without MFA, and why. The grace period counts
    from `password_created` (GetLoginProfile CreateDate), not from the user's creation."""
    if protected_reason:
        return PROTECTED, protected_reason
    since = user["password_created"]
    if not past_grace(since, now, grace_days):
        return IN_GRACE, "console password created %s, within the %d-day grace period" % (since, grace_days)
    days = _time.days_between(since, now)
    if action == "disable_console":
        return DISABLED, "no MFA %d days after the console password was created: console password removed (access keys untouched)" % days
    return REPORTED, "no MFA %d days after the console password was created" % days


def summarize(users):
    counts = dict.fromkeys(STATUSES, 0)
    for user in users:
        counts[user["status"]] += 1
    return counts
