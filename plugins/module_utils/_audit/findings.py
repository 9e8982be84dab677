# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The finding shape of DESIGN §5 and counts over findings (pure)."""

from __future__ import annotations

import hashlib

from .._core import arn as _arn
from . import authz_details as _details
from . import catalog as _catalog

GLOBAL_REGION = "global"


def finding_id(control_id, account_id, resource_arn):
    """Stable id: the same control on the same resource gives the same id on every run."""
    text = "%s|%s|%s" % (control_id, account_id, resource_arn)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def new_finding(
    control_id,
    snapshot,
    status,
    message,
    resource_type=None,
    resource_id=None,
    resource_arn=None,
    expected=None,
    actual=None,
    region=GLOBAL_REGION,
    evidence_time=None,
):
    """One finding for one control and one resource (the account itself by default)."""
    control = _catalog.get(control_id)
    account_id = snapshot["account_id"]
    if resource_arn is None:
        resource_arn = _arn.root_arn(snapshot.get("partition") or "aws", account_id)
    return {
        "finding_id": finding_id(control_id, account_id, resource_arn),
        "control_id": control_id,
        "title": control["title"],
        "severity": control["severity"],
        "status": status,
        "account_id": account_id,
        "region": region,
        "resource_type": resource_type or control["resource_type"],
        "resource_id": resource_id or account_id,
        "resource_arn": resource_arn,
        "message": message,
        "expected": expected,
        "actual": actual,
        "references": dict(control["references"]),
        "remediation": control["remediation"],
        "evidence_time": evidence_time or snapshot.get("taken_at"),
        "waiver": None,
    }


def account_finding(control_id, snapshot, status, message, expected=None, actual=None):
    """A finding about the account as a whole, whatever resources the control judges otherwise."""
    return new_finding(control_id, snapshot, status, message, resource_type="AwsAccount", expected=expected, actual=actual)


def entity_finding(control_id, snapshot, kind, entity, status, message, expected=None, actual=None):
    """A finding about a user, group or role (`kind`) of the snapshot's authorization details."""
    return new_finding(
        control_id,
        snapshot,
        status,
        message,
        resource_type=_details.resource_type(kind),
        resource_id=_details.name_of(entity, kind),
        resource_arn=entity["Arn"],
        expected=expected,
        actual=actual,
    )


def summarize(findings):
    """Counts by status and by severity (severity counts only FAIL and ERROR: what needs work)."""
    by_status = dict.fromkeys(_catalog.STATUSES, 0)
    by_severity = dict.fromkeys(_catalog.SEVERITIES, 0)
    for f in findings:
        by_status[f["status"]] = by_status.get(f["status"], 0) + 1
        if f["status"] in ("FAIL", "ERROR"):
            by_severity[f["severity"]] = by_severity.get(f["severity"], 0) + 1
    return {"total": len(findings), "by_status": by_status, "by_severity": by_severity}


# What an apply has to act on, worst first: a WAIVED finding was a FAIL or an ERROR (a full apply
# enforces the baseline there too).
FAILING = ("ERROR", "FAIL", "WAIVED")


def failing_controls(findings):
    """{control id: the worst of ERROR, FAIL, WAIVED among its findings} (controls with none of
    them are left out): the small per-account answer an apply with only-drifted families reads."""
    worst = {}
    for f in findings:
        if f["status"] in FAILING:
            current = worst.get(f["control_id"])
            if current is None or FAILING.index(f["status"]) < FAILING.index(current):
                worst[f["control_id"]] = f["status"]
    return dict(sorted(worst.items()))
