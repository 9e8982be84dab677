# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The reports of a run in the results store: which run, which previous run, is it complete, and
the six files written in two passes over the store (memory: one account plus the summary).

The run is the one named, or the latest complete run. The comparison is with the previous
complete run in the same store (or a named one, or none). The report of a whole run records its
FAIL and ERROR counts in the store's trend (trend.py) and report.html charts the last runs. A run that lacks a slice, has an
unfinished slice, or lacks an account the inventory expects is reported with its problems, and its
verdict fails whatever the threshold.
"""

from __future__ import annotations

from .._reports import document as _document
from .._reports import merge as _merge
from .._reports.files import KEEP, write_reports
from .._reports.source import DocumentSource
from .._reports.summary import collect
from .._reports.verdict import decide
from . import manifest as _manifest
from . import records as _records
from . import trend as _trend
from .errors import ResultsError
from .run_id import RUN_ID_FIELD, check_run_id
from .source import StoreSource

PREVIOUS, NONE = "previous", "none"


def resolve_run(store, run_id):
    """The run to report: `run_id`, or the latest complete run of the store."""
    if not run_id:
        latest = store.latest_complete()
        if latest is None:
            raise ResultsError(
                RUN_ID_FIELD, "no complete run in %s; name one (runs there: %s)" % (store.location, ", ".join(store.run_ids()) or "none")
            )
        return latest
    run_id = check_run_id(run_id)
    if not store.slices(run_id) and not store.account_ids(run_id):
        raise ResultsError(RUN_ID_FIELD, "run %s is not in %s" % (run_id, store.location))
    return run_id


def previous_source(store, run_id, compare_with, started_at):
    """(source, run id) of the run to compare with, or (None, None)."""
    if compare_with in (None, "", NONE):
        return None, None
    if compare_with == PREVIOUS:
        previous = store.latest_complete(exclude=(run_id,), started_before=started_at)
        if previous is None:
            return None, None
    else:
        previous = resolve_run(store, compare_with)
    manifests = store.slices(previous)
    return StoreSource(store, previous, _manifest.run_times(manifests)[1] or manifests[0]["started_at"], manifests), previous


def import_document(store, run_id, document, now, source="document"):
    """Adds a findings document's accounts to a run (the findings.json of an older sliced run):
    per finding id the later evidence wins, as in findings_merge. Deprecated way of merging slices."""
    document = _document.as_document(document, now, source)
    stored = set(store.account_ids(run_id))
    incoming = DocumentSource(document, source)
    imported = []
    for account in incoming.accounts:
        account_id, findings = account["account_id"], list(incoming.findings_of(account["account_id"]))
        status = account["status"]
        if account_id in stored:
            with store.account(run_id, account_id) as (head, kept):
                existing = _document.build(list(kept), [_document.new_account(account_id, status=head["status"])], now)
            merged = _merge.merge([existing, _document.build(findings, [account], now)], now)
            findings, status = merged["findings"], merged["accounts"][0]["status"]
        store.write_account(
            run_id, _records.header(run_id, account_id, status, evidence_time=now, imported=source, written_at=now), findings
        )
        imported.append(account_id)
    return imported


def _run_info(run_id, slice_key, evaluation, manifests, previous_run_id):
    slices = [dict(m["slice"], status=m["status"], started_at=m["started_at"], finished_at=m["finished_at"]) for m in manifests]
    return {
        "run_id": run_id,
        "slice": slice_key or "all",
        "complete": evaluation["complete"],
        "problems": evaluation["problems"],
        "slices": slices,
        "previous_run_id": previous_run_id,
    }


def _trend_points(store, run_id, summary, manifests, evaluation):
    """The store's trend with this run's point (saved once the files are written)."""
    finished_at = _manifest.run_times(manifests)[1] or summary.generated_at
    point = _trend.point(run_id, finished_at, summary.by_status, len(summary.accounts), evaluation["complete"])
    return _trend.with_point(_trend.load(store), point)


def report(store, run_id, directory, now, fail_on, region, options):
    """Writes the reports of a run; returns {run_id, previous_run_id, run, verdict, summary, files, trend}.

    options: slice (key; one slice only), compare_with, expected ({account_id: name} the run must
    have), slice_count, paged_over, docs_url, previous_document, merge_documents."""
    run_id = resolve_run(store, run_id)
    imported = set()
    for index, document in enumerate(options.get("merge_documents") or ()):
        imported.update(import_document(store, run_id, document, now, "iam_baseline_merge_findings[%d]" % index))
    manifests = store.slices(run_id)
    slice_key = options.get("slice")
    only = None
    if slice_key:
        manifests = [m for m in manifests if m["slice"]["key"] == slice_key]
        if not manifests:
            raise ResultsError("iam_baseline_slice", "run %s has no slice %s in %s" % (run_id, slice_key, store.location))
        only = {a["account_id"] for a in manifests[0]["accounts"]} | imported
    stored = store.account_ids(run_id)
    expected = options.get("expected") or {}
    whole_run = not slice_key
    evaluation = _manifest.evaluate(
        manifests, stored, set(expected) if expected and whole_run else None, options.get("slice_count"), whole_run
    )
    missing = {a: n for a, n in expected.items() if a not in set(stored)} if not slice_key else {}
    if options.get("previous_document") is not None:
        previous, previous_run_id = DocumentSource(options["previous_document"], "previous findings"), None
    else:
        previous, previous_run_id = previous_source(store, run_id, options.get("compare_with", PREVIOUS), _manifest.run_times(manifests)[0])
    source = StoreSource(store, run_id, now, manifests, only, missing)
    summary = collect(source, previous, KEEP, evaluation["problems"])
    decision = decide(summary, fail_on)
    run = _run_info(run_id, slice_key, evaluation, manifests, previous_run_id)
    files = []
    if decision["reason"] != "nothing_audited":
        points = _trend_points(store, run_id, summary, manifests, evaluation) if whole_run else None
        summary.trend = _trend.charted(points, run_id) if points else []
        files = write_reports(source, directory, summary, fail_on, region, options.get("paged_over"), run, options.get("docs_url"))
        if points:
            _trend.save(store, points)
    counts = {"total": summary.total, "by_status": summary.by_status, "by_severity": summary.by_severity, "accounts": len(summary.accounts)}
    return {
        "run_id": run_id,
        "previous_run_id": previous_run_id,
        "run": run,
        "verdict": decision,
        "summary": counts,
        "files": files,
        "trend": summary.trend,
    }
