# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account snapshot (DESIGN §5): the only input of the evaluators (pure).

Every source starts unread; a collector fills it or records the AWS error code under `errors`.
A control that needs a source listed in `errors` is ERROR, never PASS (fail closed).
"""

from __future__ import annotations

# Snapshot sources and the value each has before it is read.
SOURCES = {
    "password_policy": None,
    "account_summary": None,
    "credential_report": None,
    "authorization_details": None,
    "roles": None,
    "virtual_mfa_devices": None,
    "admin_mfa_devices": None,
    "saml_providers": None,
    "oidc_providers": None,
    "server_certificates": None,
    "trails": None,
    "analyzers": None,
    "instances": None,
}


def new_snapshot(account_id, partition="aws", taken_at=None):
    snapshot = {"account_id": account_id, "partition": partition, "taken_at": taken_at, "read": [], "errors": {}}
    snapshot.update(SOURCES)
    return snapshot


def record(snapshot, source, value):
    """Stores a source that was read."""
    snapshot[source] = value
    if source not in snapshot["read"]:
        snapshot["read"].append(source)


def record_error(snapshot, source, code):
    """Marks a source as unreadable with the AWS error code."""
    snapshot[source] = SOURCES.get(source)
    snapshot["errors"][source] = code


def missing_sources(snapshot, sources):
    """The sources among `sources` that were not read, with the reason for each."""
    missing = {}
    for source in sources:
        if source in snapshot["errors"]:
            missing[source] = snapshot["errors"][source]
        elif source not in snapshot["read"]:
            missing[source] = "NotCollected"
    return missing
