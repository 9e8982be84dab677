# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A run in the results store as a report source (see _reports/source.py): the accounts that have
results, read one object at a time, plus an ACCT.ACCESS ERROR for every account that should have
reported and did not (so findings.json, SARIF and the rest show it, not only the verdict).

An account's `status` (audited / not_audited) comes from its object's header, read when its
findings are: the first pass fills it in before any report needs it.
"""

from __future__ import annotations

from .._core.version import COLLECTION_VERSION
from .._reports import hosts as _hosts
from . import manifest as _manifest


class StoreSource:
    def __init__(self, store, run_id, generated_at, manifests, only=None, missing=None):
        """`only`: account ids to report (one slice), None for every account with results;
        `missing`: {account_id: name} of accounts that should have results and have none."""
        self.store, self.run_id, self.generated_at = store, run_id, generated_at
        self.collection_version = COLLECTION_VERSION  # the version that writes the reports
        names = _manifest.account_names(manifests)
        stored = store.account_ids(run_id)
        ids = [a for a in stored if only is None or a in only]
        self.missing = dict(missing or {})
        self.accounts = [{"account_id": a, "name": names.get(a), "status": "audited"} for a in ids]
        self.accounts += [{"account_id": a, "name": n, "status": "not_audited"} for a, n in self.missing.items()]
        self.accounts.sort(key=lambda a: a["account_id"])
        self._by_id = {a["account_id"]: a for a in self.accounts}

    def findings_of(self, account_id):
        if account_id in self.missing:
            yield _hosts.not_reported_finding(account_id, self.run_id, self.generated_at)
            return
        with self.store.account(self.run_id, account_id) as (head, findings):
            self._by_id[account_id]["status"] = head["status"]
            yield from findings
