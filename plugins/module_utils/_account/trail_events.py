# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which management events a CloudTrail trail records, from GetEventSelectors (pure).

A trail answers with basic EventSelectors (ReadWriteType All / ReadOnly / WriteOnly,
IncludeManagementEvents, true unless said otherwise) or with AdvancedEventSelectors (a selector
with `eventCategory` Equals Management, and `readOnly` Equals true / false, or no readOnly field
for both). The union over the selectors is one of ALL, WRITE, READ or NONE; ACCT.CLOUDTRAIL needs
ALL or WRITE (CIS: the trail must record management events; writes are what changes an account).

Conservative: an advanced selector with a field this reader does not know, or an operator other
than Equals on eventCategory / readOnly, does not count (the answer can only be lower, never a
false pass). Excluding event sources (eventSource NotEquals, ExcludeManagementEventSources: AWS
allows only high-volume sources such as KMS and RDS Data) still counts as management events.
"""

from __future__ import annotations

ALL, WRITE, READ, NONE = "all", "write", "read", "none"
GOOD = (ALL, WRITE)
KNOWN_FIELDS = ("eventCategory", "readOnly", "eventSource")
EXCLUDING = {"NotEquals", "NotStartsWith", "NotEndsWith"}


def _union(kinds):
    kinds = set(kinds)
    if ALL in kinds or {READ, WRITE} <= kinds:
        return ALL
    for kind in (WRITE, READ):
        if kind in kinds:
            return kind
    return NONE


def _basic(selector):
    if selector.get("IncludeManagementEvents", True) is False:
        return NONE
    return {"All": ALL, "WriteOnly": WRITE, "ReadOnly": READ}.get(selector.get("ReadWriteType", "All"), NONE)


def _operators(field):
    return {k for k in field if k != "Field" and field[k]}


def _equals(field):
    """The Equals values of a field selector, or None when it uses any other operator."""
    return [str(v) for v in field["Equals"]] if _operators(field) == {"Equals"} else None


def _advanced(selector):
    fields = {f.get("Field"): f for f in selector.get("FieldSelectors") or []}
    if set(fields) - set(KNOWN_FIELDS):
        return NONE
    category = _equals(fields.get("eventCategory") or {})
    if category is None or "Management" not in category:
        return NONE
    if "eventSource" in fields and not _operators(fields["eventSource"]) <= EXCLUDING:
        return NONE  # only some sources: not "management events"
    if "readOnly" not in fields:
        return ALL
    values = {v.lower() for v in (_equals(fields["readOnly"]) or [])}
    return _union(([READ] if "true" in values else []) + ([WRITE] if "false" in values else []))


def management_events(answer):
    """ALL, WRITE, READ or NONE from a GetEventSelectors answer."""
    advanced = answer.get("AdvancedEventSelectors") or []
    if advanced:
        return _union(_advanced(s) for s in advanced)
    return _union(_basic(s) for s in answer.get("EventSelectors") or [])
