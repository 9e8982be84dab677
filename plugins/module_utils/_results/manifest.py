# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Slice manifests, and whether a run is complete (pure).

Every process of a run writes its own manifest (one object per slice, so processes on different
machines never write the same object): when it starts ("started", the accounts it will audit)
and when every one of those accounts has its results in the store ("complete"). A slice that
stopped half-way stays "started". A run is complete when every slice it should have is complete;
a missing or unfinished slice, or an account nobody reported, is a problem that fails the verdict.
"""

from __future__ import annotations

import hashlib
import json

from .._core.version import COLLECTION_VERSION

SCHEMA_VERSION = 1
RECORD = "slice"
STARTED, COMPLETE = "started", "complete"
LISTED = 10  # accounts named in one problem before "and N more"


def baseline_hash(values):
    """A short, stable hash of the baseline variables an account was audited with."""
    text = json.dumps(values, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def new_manifest(run_id, slice_, accounts, started_at, location):
    """The manifest of a slice that starts: `accounts` [{account_id, name, host}] it will audit."""
    return {
        "record": RECORD,
        "schema_version": SCHEMA_VERSION,
        "run_id": run_id,
        "slice": dict(slice_),
        "status": STARTED,
        "started_at": started_at,
        "finished_at": None,
        "collection_version": COLLECTION_VERSION,
        "store": location,
        "accounts": sorted(accounts, key=lambda a: a["account_id"]),
        "baseline_hashes": [],
    }


def finished(manifest, accounts, finished_at, baseline_hashes):
    """The manifest of a slice whose every account has its results in the store."""
    return dict(
        manifest,
        status=COMPLETE,
        finished_at=finished_at,
        accounts=sorted(accounts, key=lambda a: a["account_id"]),
        baseline_hashes=sorted(set(baseline_hashes)),
    )


def slice_label(slice_):
    if slice_.get("number"):
        return "slice %d of %d" % (slice_["number"], slice_["count"])
    if slice_["key"] == "all":
        return "the run"
    return "slice %s" % slice_["key"]


def _listed(ids):
    ids = sorted(ids)
    text = ", ".join(ids[:LISTED])
    return text + (" and %d more" % (len(ids) - LISTED) if len(ids) > LISTED else "")


def _count_problems(manifests, declared_count):
    counts = {m["slice"].get("count") for m in manifests if m["slice"].get("count")}
    if declared_count:
        counts.add(declared_count)
    if len(counts) > 1:
        return ["the slices disagree on how many slices the run has: %s" % ", ".join(str(c) for c in sorted(counts))], max(counts)
    count = counts.pop() if counts else None
    if not count:
        return [], None
    numbered = {m["slice"]["number"] for m in manifests if m["slice"].get("number")}
    if numbered:
        return ["slice %d of %d did not report" % (k, count) for k in range(1, count + 1) if k not in numbered], count
    if len(manifests) < count:
        return [
            "%d of %d slices reported (%s); the others did not" % (len(manifests), count, _listed(m["slice"]["key"] for m in manifests))
        ], count
    return [], count


def evaluate(manifests, stored=None, expected=None, declared_count=None, whole_run=True):
    """{"complete", "problems" [sentences], "count" (slices expected or None)}.

    `stored`: account ids that have results (None: not checked); `expected`: account ids that must
    have them (e.g. the report job's inventory; None: only the slices' own accounts). With
    `whole_run` false (the report of one slice), the other slices are not looked for."""
    if not manifests:
        return {"complete": False, "problems": ["no slice of the run reported"], "count": declared_count}
    problems, count = _count_problems(manifests, declared_count) if whole_run else ([], None)
    for manifest in sorted(manifests, key=lambda m: m["slice"]["key"]):
        if manifest["status"] != COMPLETE:
            problems.append("%s did not finish (started %s)" % (slice_label(manifest["slice"]), manifest.get("started_at")))
        elif stored is not None:
            lost = {a["account_id"] for a in manifest["accounts"]} - set(stored)
            if lost:
                problems.append("%s lists accounts without results: %s" % (slice_label(manifest["slice"]), _listed(lost)))
    if expected is not None and stored is not None:
        missing = set(expected) - set(stored)
        if missing:
            problems.append("%d account(s) of the inventory were not reported by any slice: %s" % (len(missing), _listed(missing)))
    return {"complete": not problems, "problems": problems, "count": count}


def run_times(manifests):
    """(started_at, finished_at) of a run: its first start, its last finish (None if unfinished)."""
    starts = [m["started_at"] for m in manifests if m.get("started_at")]
    ends = [m["finished_at"] for m in manifests if m.get("finished_at")]
    unfinished = any(m["status"] != COMPLETE for m in manifests)
    return (min(starts) if starts else None), (None if unfinished or not ends else max(ends))


def account_names(manifests):
    """{account_id: name} from every slice (the inventory's names; None when it had none)."""
    names = {}
    for manifest in manifests:
        for account in manifest["accounts"]:
            names[account["account_id"]] = account.get("name") or names.get(account["account_id"])
    return names
