# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ids and slices (pure).

A run id names one drift run in the results store; every slice of a sliced run uses the same one.
It is, in this order: the id given (`iam_baseline_run_id`); one derived from AWX, whose sliced jobs
all share the workflow job that AWX makes for them (`awx_workflow_job_id`, also set when the job
runs inside a workflow of yours), else the job's own id (`awx_job_id`); or a new one from the time
and a random token. Ids are also object-key and directory names: letters, digits, `.`, `_`, `-`.

A slice is one process of a run: `iam_baseline_slice: "3/4"` (slice 3 of 4, e.g. `--limit` runs),
an AWX slice job (keyed by its job id; AWX does not tell a job its slice number), or the whole run.
"""

from __future__ import annotations

import re

from .errors import ResultsError

RUN_ID_FIELD = "iam_baseline_run_id"
SLICE_FIELD = "iam_baseline_slice"
SLICE_COUNT_FIELD = "iam_baseline_slice_count"
_RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_SLICE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
WHOLE_RUN = "all"


def check_run_id(value, field=RUN_ID_FIELD):
    """The run id, or ResultsError naming `field`."""
    text = "" if value is None else str(value)
    if not _RUN_ID.match(text) or ".." in text:
        raise ResultsError(
            field, "%r is not a run id: 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit, no '..'" % text
        )
    return text


def new_run_id(now, token):
    """'20261127T120000Z-1a2b3c' from an ISO time ('2026-11-27T12:00:00Z') and a hex token:
    sortable by time, unique enough for runs started in the same second."""
    stamp = re.sub(r"[^0-9TZ]", "", now)
    return check_run_id("%s-%s" % (stamp, token))


def derive_run_id(given, awx_workflow_job_id, awx_job_id, now, token):
    """The run id of this process (see the module docstring for the order)."""
    if given not in (None, ""):
        return check_run_id(given)
    if awx_workflow_job_id not in (None, ""):
        return check_run_id("awx-%s" % awx_workflow_job_id)
    if awx_job_id not in (None, ""):
        return check_run_id("awx-job-%s" % awx_job_id)
    return new_run_id(now, token)


def _positive(value, field):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ResultsError(field, "%r is not a whole number" % (value,)) from None
    if number < 1:
        raise ResultsError(field, "must be at least 1, got %d" % number)
    return number


def check_slice_count(value):
    return None if value in (None, "", 0, "0") else _positive(value, SLICE_COUNT_FIELD)


def slice_of(text=None, count=None, awx_job_id=None, awx_workflow_job_id=None):
    """{"key", "number", "count"} of this process.

    `text` "3/4" gives slice 3 of 4 (key "3-of-4"). An AWX job inside a workflow is keyed by its
    job id, with the count from `count` when given. Anything else is the whole run (key "all").
    """
    count = check_slice_count(count)
    if text not in (None, ""):
        match = _SLICE.match(str(text))
        if not match:
            raise ResultsError(SLICE_FIELD, "%r is not 'N/COUNT' (e.g. '3/4')" % (text,))
        number, total = int(match.group(1)), int(match.group(2))
        if not 1 <= number <= total:
            raise ResultsError(SLICE_FIELD, "slice %d of %d does not exist (1 to %d)" % (number, total, total))
        if count and count != total:
            raise ResultsError(SLICE_FIELD, "says %d slices but %s is %d" % (total, SLICE_COUNT_FIELD, count))
        return {"key": "%d-of-%d" % (number, total), "number": number, "count": total}
    if awx_job_id not in (None, "") and awx_workflow_job_id not in (None, ""):
        return {"key": "awx-job-%s" % check_run_id(str(awx_job_id), "awx_job_id"), "number": None, "count": count}
    return {"key": WHOLE_RUN, "number": None, "count": count}
