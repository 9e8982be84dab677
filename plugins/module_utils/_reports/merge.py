# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Merging findings documents, e.g. the slices of an AWX sliced job (pure).

Findings are deduplicated by finding_id (the same control on the same resource of the same
account): when two documents both hold one, the one with the later evidence time wins, and on a
tie the later document. Accounts are united; the summary is recomputed.
"""

from __future__ import annotations

from .._core import dates as _time
from .document import as_document, build


def _newer(candidate, kept):
    """True when `candidate` should replace `kept` (same finding_id)."""
    new_time, old_time = _time.parse(candidate.get("evidence_time")), _time.parse(kept.get("evidence_time"))
    if new_time is None or old_time is None:
        return True  # no way to tell: the later document wins
    return new_time >= old_time


def merge(documents, generated_at=None):
    """One findings document from several (documents or plain finding lists)."""
    by_id = {}
    accounts = []
    for index, value in enumerate(documents):
        document = as_document(value, generated_at, source="document %d" % (index + 1))
        accounts.extend(document["accounts"])
        for finding in document["findings"]:
            kept = by_id.get(finding["finding_id"])
            if kept is None or _newer(finding, kept):
                by_id[finding["finding_id"]] = finding
    return build(list(by_id.values()), accounts, generated_at)
