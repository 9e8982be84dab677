# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every report renderer shares (pure): the order of severities and statuses, and how a
finding's values turn into display text. Escaping belongs to each format, not here."""

from __future__ import annotations

import json
import re

from .._audit import catalog as _catalog

# Highest first. The rank of a severity is its distance from the bottom (info = 0).
SEVERITY_ORDER = _catalog.SEVERITIES
STATUS_ORDER = _catalog.STATUSES
FAILING = ("FAIL", "ERROR")
# Statuses from the one that needs most attention to the one that needs least.
ATTENTION_ORDER = ("FAIL", "ERROR", "WAIVED", "PASS", "NOT_APPLICABLE")
NONE_TEXT = "\u2014"  # an em dash for "no value"

# Characters XML 1.0 cannot carry at all, and other C0/C1 controls that only garble a report.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def severity_rank(severity):
    """critical 4 > high 3 > medium 2 > low 1 > info 0 (ValueError for anything else)."""
    if severity not in SEVERITY_ORDER:
        raise ValueError("unknown severity %r (known: %s)" % (severity, ", ".join(SEVERITY_ORDER)))
    return len(SEVERITY_ORDER) - 1 - SEVERITY_ORDER.index(severity)


def is_failing(finding):
    return finding["status"] in FAILING


def control_position(control_id):
    """Catalog order for known controls; unknown ids after them, alphabetically."""
    control = _catalog.BY_ID.get(control_id)
    return (_catalog.CONTROLS.index(control), "") if control else (len(_catalog.CONTROLS), control_id)


def by_urgency(finding):
    """Sort key: FAIL and ERROR first, most severe first, then WAIVED, PASS, NOT_APPLICABLE; then
    account, control and resource."""
    return (
        not is_failing(finding),
        -severity_rank(finding["severity"]),
        ATTENTION_ORDER.index(finding["status"]),
        finding["account_id"],
        control_position(finding["control_id"]),
        str(finding.get("resource_id") or ""),
    )


def clean(text):
    """Text without control characters (newlines and tabs stay)."""
    return _CONTROL_CHARS.sub("\ufffd", str(text))


def one_line(text):
    """Text on one line: newlines and tabs become spaces, runs of spaces collapse."""
    return " ".join(clean(text).split())


def display(value):
    """A finding's expected/actual value as text: plain strings as they are, None as a dash,
    everything else as compact JSON (so a dict reads the same in every report)."""
    if value is None:
        return NONE_TEXT
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return clean(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str))


def truncate(text, limit):
    """At most `limit` characters, ending in an ellipsis when cut."""
    text = str(text)
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "\u2026"


def references_text(references):
    """'CIS v3 1.8, CIS v5 1.7, CIS v6 2.7, FSBP IAM.15' (only the references a control has)."""
    labels = (("cis_v3", "CIS v3"), ("cis_v5", "CIS v5"), ("cis_v6", "CIS v6"), ("fsbp", "FSBP"))
    refs = references or {}
    return ", ".join("%s %s" % (label, refs[key]) for key, label in labels if refs.get(key))


def waiver_text(waiver):
    """'reason (until 2027-01-31)' for a waiver dict, '' for none."""
    if not waiver:
        return ""
    reason = clean(waiver.get("reason") or "no reason given")
    expires = waiver.get("expires")
    return "%s (until %s)" % (reason, expires) if expires else reason


def resource_label(finding):
    """How a report names the resource of a finding: its id, or the account for account-level ones."""
    return clean(finding.get("resource_id") or finding["account_id"])
