# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Waivers (iam_baseline_exemptions), pure: validation and application to findings.

A waiver names a control (id or glob), optionally an account (id or glob) and a resource (glob on
resource_id or resource_arn), and must give a reason and an expiry date. A FAIL it matches becomes
WAIVED until the expiry date (inclusive); after that the finding stays FAIL and its message says
the waiver expired.

Waivers cannot hide what could not be read: an ERROR is waived only by a waiver with
`include_errors: true`, which must name a control id (no glob); ACCT.ACCESS (an account the run
could not enter or read) is never matched by a glob. A waiver written for a FAIL therefore never
absorbs an ERROR on the same resource.
"""

from __future__ import annotations

import datetime
import fnmatch

from .._core import dates as _time
from .._core.errors import InputError
from . import catalog as _catalog

WAIVABLE = ("FAIL", "ERROR")
NEVER_BY_GLOB = ("ACCT.ACCESS",)
GLOB_CHARACTERS = ("*", "?", "[")


def _date(value, field):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(field, "must be a date YYYY-MM-DD, got %r" % (value,)) from None


def validate(exemptions):
    """The exemptions with parsed dates; raises InputError naming the first bad field."""
    parsed = []
    for index, item in enumerate(exemptions or []):
        field = "exemptions[%d]" % index
        if not isinstance(item, dict):
            raise InputError(field, "must be a dict with control, reason and expires")
        unknown = set(item) - {"control", "account", "resource", "reason", "expires", "include_errors"}
        if unknown:
            raise InputError(field, "unknown key(s) %s" % ", ".join(sorted(unknown)))
        control = item.get("control")
        if not control:
            raise InputError(field + ".control", "required (a control id or a glob such as 'USER.*')")
        if not any(fnmatch.fnmatchcase(cid, control) for cid in _catalog.BY_ID):
            raise InputError(field + ".control", "%r matches no control id" % (control,))
        if not str(item.get("reason") or "").strip():
            raise InputError(field + ".reason", "required: say why the risk is accepted")
        if not item.get("expires"):
            raise InputError(field + ".expires", "required: a date YYYY-MM-DD after which the waiver ends")
        include_errors = item.get("include_errors", False)
        if not isinstance(include_errors, bool):
            raise InputError(field + ".include_errors", "must be true or false")
        if include_errors and _is_glob(control):
            raise InputError(field + ".include_errors", "waives ERROR (data that could not be read) only for a control id, not a glob")
        parsed.append(
            {
                "control": control,
                "account": str(item.get("account") or "*"),
                "resource": str(item.get("resource") or "*"),
                "reason": str(item["reason"]).strip(),
                "expires": _date(item["expires"], field + ".expires"),
                "include_errors": include_errors,
            }
        )
    return parsed


def _is_glob(pattern):
    return any(c in str(pattern) for c in GLOB_CHARACTERS)


def _waives(exemption, finding):
    """Whether the waiver may waive this finding (ERROR only when it says so; some controls only
    by their id), before looking at account and resource."""
    if finding["status"] == "ERROR" and not exemption.get("include_errors"):
        return False
    return finding["control_id"] not in NEVER_BY_GLOB or exemption["control"] == finding["control_id"]


def _matches(exemption, finding):
    return _waives(exemption, finding) and (
        fnmatch.fnmatchcase(finding["control_id"], exemption["control"])
        and fnmatch.fnmatchcase(finding["account_id"], exemption["account"])
        and (
            fnmatch.fnmatchcase(str(finding["resource_id"]), exemption["resource"])
            or fnmatch.fnmatchcase(str(finding["resource_arn"]), exemption["resource"])
        )
    )


def apply(findings, exemptions, today):
    """Waives matching FAIL (and, with include_errors, ERROR) findings in place; `exemptions`
    from validate()."""
    today = _time.parse(today).date() if not isinstance(today, datetime.date) else today
    for finding in findings:
        if finding["status"] not in WAIVABLE:
            continue
        for exemption in exemptions:
            if not _matches(exemption, finding):
                continue
            expires = exemption["expires"].isoformat()
            finding["waiver"] = {"reason": exemption["reason"], "expires": expires}
            if today <= exemption["expires"]:
                finding["message"] = "Waived until %s (%s): %s" % (expires, exemption["reason"], finding["message"])
                finding["status"] = "WAIVED"
            else:
                finding["message"] = "%s (waiver expired %s)" % (finding["message"], expires)
            break
    return findings
