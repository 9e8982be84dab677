# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The trend of a results store: one point per reported run (its FAIL and ERROR counts), kept in
one small object, `trend.json`, so a report reads the history with one request however many runs
the store holds. The report of a whole run adds (or replaces) its own point after its files are
written; the report of one slice adds nothing.

Two report jobs that finish at the same moment may each write the object without the other's
point: the chart then misses that run (its files are complete). Reporting the run again puts the
point back.
"""

from __future__ import annotations

import json

from .errors import ResultsError

TREND_KEY = "trend.json"
SCHEMA_VERSION = 1
KEPT = 100  # points kept in the store
CHARTED = 12  # points a report shows: this run and the ones before it


def point(run_id, finished_at, by_status, accounts, complete):
    """The trend point of a reported run."""
    return {
        "run_id": run_id,
        "finished_at": finished_at,
        "fail": int(by_status.get("FAIL", 0)),
        "error": int(by_status.get("ERROR", 0)),
        "accounts": int(accounts),
        "complete": bool(complete),
    }


def _order(item):
    return (item.get("finished_at") or "", item["run_id"])


def with_point(points, new, kept=KEPT):
    """`points` with `new` in time order (replacing an earlier point of the same run), the last
    `kept` of them."""
    merged = sorted([p for p in points if p["run_id"] != new["run_id"]] + [new], key=_order)
    return merged[-kept:]


def charted(points, run_id, count=CHARTED):
    """The points a report of `run_id` shows: that run's and the `count - 1` before it (a report
    of an older run does not show the runs that came after it)."""
    index = next((i for i, p in enumerate(points) if p["run_id"] == run_id), None)
    if index is None:
        return []
    return points[max(0, index + 1 - count) : index + 1]


def load(store):
    """The store's trend points ([] when none was recorded)."""
    stream = store.backend.open(TREND_KEY)
    if stream is None:
        return []
    try:
        data = json.loads(stream.read().decode("utf-8"))
        points = data["points"]
        if not isinstance(points, list) or not all(isinstance(p, dict) and "run_id" in p for p in points):
            raise ValueError("points is not a list of runs")
    except (ValueError, KeyError, TypeError) as e:
        raise ResultsError("results", "%s/%s is not a trend object: %s" % (store.location, TREND_KEY, e)) from None
    finally:
        stream.close()
    return sorted(points, key=_order)


def save(store, points):
    body = {"schema_version": SCHEMA_VERSION, "points": points}
    store.backend.put(TREND_KEY, (json.dumps(body, indent=1, sort_keys=True) + "\n").encode("utf-8"), "application/json")
