# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluators of the access-key and console-use controls (pure): (snapshot, params) -> findings.

They read the credential report (one finding per user; the report names key slots, not key ids)
and, for ROOT.ACCESS_KEY when the report has no root row, the account summary. Thresholds come
from iam_baseline_access_keys, the variable the access_keys role enforces with.
"""

from __future__ import annotations

import datetime

from .._audit import credential_report as report
from .._audit import credential_report_coverage as _coverage
from .._audit import root_credentials as _root_credentials
from .._audit.findings import new_finding
from .._audit.registry import evaluates
from .._core import dates as _time
from .model import active_count_message, age_message, key_label, unused_message


def _now(snapshot):
    now = snapshot.get("taken_at") or (snapshot.get("credential_report") or {}).get("generated_time")
    return _time.parse(now) or datetime.datetime.now(_time.UTC)


def _days(since, now):
    return (now - _time.parse(since)).days


def _users(snapshot):
    return report.user_rows(snapshot["credential_report"]["rows"])


def _user_finding(control_id, snapshot, row, status, message, expected=None, actual=None):
    return new_finding(
        control_id,
        snapshot,
        status,
        "%s: %s%s" % (row["user"], message, _coverage.source_note(row)),
        resource_id=row["user"],
        resource_arn=row.get("arn") or None,
        expected=expected,
        actual=actual,
    )


def _per_user(control_id, snapshot, judge):
    """One finding per user from judge(row) -> (status, message, expected, actual), ERROR for a
    user that could not be read; one NOT_APPLICABLE finding for the account when it has no IAM user."""
    rows = _users(snapshot)
    unread = _coverage.unreadable_findings(control_id, snapshot)
    if not rows and not unread:
        return [new_finding(control_id, snapshot, "NOT_APPLICABLE", "The account has no IAM users")]
    return [_user_finding(control_id, snapshot, row, *judge(row)) for row in rows] + unread


def _undated(keys, field):
    return [k for k in keys if k[field] is None]


def _verdict(problems, actual, passed):
    """(status, message, actual): FAIL listing the problems, else PASS saying `passed`."""
    if problems:
        return "FAIL", "; ".join(problems), actual
    return "PASS", passed, actual


def _per_key_holder(control_id, snapshot, expected, judge_keys):
    """_per_user for a control on active keys: NOT_APPLICABLE for a user without one, else
    judge_keys(active keys) -> (status, message, actual)."""

    def judge(row):
        active = report.active_keys(row)
        if not active:
            return "NOT_APPLICABLE", "no active access key", expected, None
        status, message, actual = judge_keys(active)
        return status, message, expected, actual

    return _per_user(control_id, snapshot, judge)


@evaluates("USER.KEY_AGE")
def key_age(snapshot, params):
    max_age = params["access_keys"]["max_age_days"]
    now = _now(snapshot)

    def judge_keys(active):
        undated = _undated(active, "last_rotated")
        if undated:
            labels = ", ".join(key_label(k["slot"]) for k in undated)
            return "ERROR", "%s: the report gives no creation date" % labels, None
        ages = [(k["slot"], _days(k["last_rotated"], now)) for k in active]
        actual = ", ".join("%s: %d days" % (key_label(slot), age) for slot, age in ages)
        stale = [age_message(key_label(slot), age, max_age) for slot, age in ages if age > max_age]
        return _verdict(stale, actual, "every active key is at most %d days old (%s)" % (max_age, actual))

    return _per_key_holder("USER.KEY_AGE", snapshot, "active keys at most %d days old" % max_age, judge_keys)


@evaluates("USER.KEY_UNUSED")
def key_unused(snapshot, params):
    unused_days = params["access_keys"]["unused_days"]
    now = _now(snapshot)

    def judge_keys(active):
        if _undated([k for k in active if k["last_used"] is None], "last_rotated"):
            return "ERROR", "a never-used key has no creation date in the report", None
        idle = [(k, _days(k["last_used"] or k["last_rotated"], now)) for k in active]
        actual = ", ".join("%s: %s" % (key_label(k["slot"]), "never used" if k["last_used"] is None else "%d days" % d) for k, d in idle)
        unused = [unused_message(key_label(k["slot"]), d, unused_days, k["last_used"] is None) for k, d in idle if d > unused_days]
        return _verdict(unused, actual, "every active key was used within %d days (%s)" % (unused_days, actual))

    return _per_key_holder("USER.KEY_UNUSED", snapshot, "active keys used within %d days" % unused_days, judge_keys)


@evaluates("USER.TWO_ACTIVE_KEYS")
def two_active_keys(snapshot, params):
    max_active = params["access_keys"]["max_active_keys"]
    expected = "at most %d active keys" % max_active

    def judge(row):
        count = len(report.active_keys(row))
        status = "FAIL" if count > max_active else "PASS"
        return status, active_count_message("the user", count, max_active), expected, count

    return _per_user("USER.TWO_ACTIVE_KEYS", snapshot, judge)


@evaluates("USER.SETUP_KEY")
def setup_key(snapshot, params):
    expected = "no active key that was never used (console users)"

    def judge(row):
        if not report.has_password(row):
            return "NOT_APPLICABLE", "no console password", expected, None
        never = [k for k in report.active_keys(row) if k["last_used"] is None]
        if never:
            labels = ", ".join("%s (created %s)" % (key_label(k["slot"]), k["last_rotated"]) for k in never)
            return "FAIL", "console user with %s never used; user created %s" % (labels, row.get("user_creation_time")), expected, labels
        return "PASS", "no never-used active key", expected, None

    return _per_user("USER.SETUP_KEY", snapshot, judge)


@evaluates("USER.CONSOLE_UNUSED")
def console_unused(snapshot, params):
    unused_days = params["access_keys"]["unused_days"]
    now = _now(snapshot)
    expected = "console password used within %d days" % unused_days

    def judge(row):
        if not report.has_password(row):
            return "NOT_APPLICABLE", "no console password", expected, None
        last_used = _time.parse(row.get("password_last_used"))
        since = last_used or _time.parse(row.get("password_last_changed")) or _time.parse(row.get("user_creation_time"))
        if since is None:
            return "ERROR", "the report gives no date for the console password", expected, None
        days = _days(since, now)
        if last_used is None:
            actual, text = "never used", "console password never used, set %d days ago" % days
        else:
            actual, text = "%d days" % days, "console password last used %d days ago" % days
        status = "FAIL" if days > unused_days else "PASS"
        return status, "%s (baseline: used within %d days)" % (text, unused_days), expected, actual

    return _per_user("USER.CONSOLE_UNUSED", snapshot, judge)


@evaluates("ROOT.ACCESS_KEY")
def root_access_key(snapshot, params):
    """Any root access key fails, active or not (CIS: there should be none): the credential
    report's root row and the account summary's AccountAccessKeysPresent both count."""
    expected = "no root access key"
    present, evidence = _root_credentials.root_credentials(snapshot)[_root_credentials.ACCESS_KEYS]
    if present is None:
        message = "Could not evaluate: neither a root row in the credential report nor AccountAccessKeysPresent in the account summary"
        return [new_finding("ROOT.ACCESS_KEY", snapshot, "ERROR", message, expected=expected)]
    status = "FAIL" if present else "PASS"
    message = "The root user %s (%s)" % ("has an access key" if present else "has no access key", "; ".join(evidence))
    return [new_finding("ROOT.ACCESS_KEY", snapshot, status, message, expected=expected, actual="; ".join(evidence))]
