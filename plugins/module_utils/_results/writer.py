# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hands each audited account to the store as it finishes, and keeps only its counts.

The audit calls the writer once per account (from its worker threads in fleet mode): the account's
findings go into the store and are dropped, so the audit's memory does not grow with the number of
accounts. What is kept and returned to Ansible is the account's entry without its findings
(summary, api_calls, evidence_time, error and any other small per-account field).
"""

from __future__ import annotations

from .._core import dates as _time
from . import manifest as _manifest
from . import records as _records
from . import settings as _settings
from .errors import ResultsError
from .store import open_store


def entry(result):
    """An account's result without its findings."""
    return {k: v for k, v in result.items() if k != "findings"}


class AccountWriter:
    def __init__(self, store, run_id, slice_key, baseline_hash):
        self.store, self.run_id, self.slice_key, self.baseline_hash = store, run_id, slice_key, baseline_hash

    def __call__(self, result):
        """Writes one account's result; returns its entry (with `results`: the object's key, or
        `store_error` when it could not be written)."""
        kept = entry(result)
        small = {k: v for k, v in kept.items() if k not in ("account_id", "evidence_time", "error", "api_calls", "summary")}
        head = _records.header(
            self.run_id,
            result["account_id"],
            "not_audited" if result.get("error") else "audited",
            evidence_time=result.get("evidence_time"),
            error=result.get("error"),
            api_calls=result.get("api_calls"),
            slice=self.slice_key,
            baseline_hash=self.baseline_hash,
            written_at=_time.now_iso(),
            **small,
        )
        try:
            kept["results"] = self.store.write_account(self.run_id, head, result["findings"])
        except (ResultsError, OSError) as e:  # kept: the module fails once every account was tried
            kept["store_error"] = str(e)
        kept["baseline_hash"] = self.baseline_hash
        return kept


def open_writer(results, run_id, slice_key, baseline_values, endpoint_url=None):
    """The writer of an audit into the store `results` (iam_baseline_results, checked: the error
    names `results`); `baseline_values` are hashed into every account's header."""
    store = open_store(_settings.normalize(results, field="results"), endpoint_url)
    return AccountWriter(store, run_id, slice_key, _manifest.baseline_hash(baseline_values))
