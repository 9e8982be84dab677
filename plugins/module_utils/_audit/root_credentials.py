# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the snapshot says about the root user's credentials (pure), and the rule for
`iam_baseline_audit.root_credentials_managed_centrally`.

Two sources, each answering for itself:

- the credential report's <root_account> row: a key slot that is active, or that carries a
  last_rotated date (an inactive key keeps its date), is a key; AWS writes `not_supported` for the
  root user's password_enabled, so the row says nothing about the password there;
- the account summary: AccountAccessKeysPresent (any root key, active or not; what CIS checks)
  and AccountPasswordPresent.

A credential is present when any source says so, absent when a source says so and none says
otherwise, unknown when no source answers. Central management makes the ROOT.* controls
NOT_APPLICABLE only when the data confirms no password and no access key.
"""

from __future__ import annotations

from . import credential_report as _report
from .findings import new_finding

PASSWORD, ACCESS_KEYS = "password", "access key"
SETTING = "audit.root_credentials_managed_centrally"


def _summary_flag(summary, key):
    """(present?, evidence) from an account summary key, or (None, None) when it is absent."""
    if key not in (summary or {}):
        return None, None
    value = int(summary[key] or 0)
    return value > 0, "account summary %s = %d" % (key, value)


def _row_keys(row):
    """(present?, evidence) of the root row's key slots, or (None, None) without a row."""
    if row is None:
        return None, None
    found = []
    for slot in _report.KEY_SLOTS:
        key = _report.key_slot(row, slot)
        if key["active"] or key["last_rotated"]:
            found.append("access key %d (%s)" % (slot, "active" if key["active"] else "inactive"))
    return bool(found), "credential report: %s" % (", ".join(found) or "no access key")


def _row_password(row):
    value = str((row or {}).get("password_enabled", "")).strip().lower()
    if value not in ("true", "false"):
        return None, None  # AWS writes not_supported for the root user
    return value == "true", "credential report password_enabled = %s" % value


def _combine(answers):
    """One verdict from several (present?, evidence) answers: (True|False|None, [evidence])."""
    known = [(present, evidence) for present, evidence in answers if present is not None]
    if not known:
        return None, []
    present = any(p for p, _e in known)
    return present, [e for p, e in known if p == present]


def _read(snapshot, source):
    return snapshot.get(source) if source in (snapshot.get("read") or []) else None


def root_credentials(snapshot):
    """{"password": (present, evidence), "access key": (present, evidence)}; present is True,
    False or None (no source answers)."""
    report = _read(snapshot, "credential_report") or {}
    row = _report.root_row(report.get("rows") or [])
    summary = _read(snapshot, "account_summary") or {}
    return {
        PASSWORD: _combine([_row_password(row), _summary_flag(summary, "AccountPasswordPresent")]),
        ACCESS_KEYS: _combine([_row_keys(row), _summary_flag(summary, "AccountAccessKeysPresent")]),
    }


def _unread(snapshot):
    errors = snapshot.get("errors") or {}
    return ", ".join("%s (%s)" % (s, errors[s]) for s in ("credential_report", "account_summary") if s in errors)


def centrally_managed(control_id, snapshot):
    """The finding of a ROOT.* control when root credentials are declared centrally managed:
    NOT_APPLICABLE when the data confirms no password and no access key, FAIL when credentials
    exist, ERROR when it cannot tell."""
    credentials = root_credentials(snapshot)
    present = [what for what, (p, _e) in credentials.items() if p is True]
    unknown = [what for what, (p, _e) in credentials.items() if p is None]
    evidence = "; ".join(e for _what, (_p, found) in credentials.items() for e in found)

    def finding(status, message, actual):
        return new_finding(control_id, snapshot, status, message, expected="no root password and no root access key", actual=actual)

    if present:
        message = "Root credentials are declared centrally managed (%s) but the root user has a %s (%s)" % (
            SETTING,
            " and an ".join(present),
            evidence,
        )
        return finding("FAIL", message, present)
    if unknown:
        unread = _unread(snapshot)
        message = "Could not confirm that the root user has no %s although %s is set%s" % (
            " and no ".join(unknown),
            SETTING,
            ": unreadable %s" % unread if unread else ": neither the credential report nor the account summary says",
        )
        return finding("ERROR", message, "unknown")
    message = "Not applicable: root credentials are managed centrally (%s) and the data confirms it (%s)" % (SETTING, evidence)
    return finding("NOT_APPLICABLE", message, "no password, no access key")
