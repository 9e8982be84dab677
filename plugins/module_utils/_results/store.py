# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The results store: runs, their slices' manifests and one object per account, on either backend.

    runs/<run id>/slices/<slice key>.json          a manifest per slice (process) of the run
    runs/<run id>/accounts/<account id>.jsonl.gz   one account's header and findings

Everything a report needs is read one account at a time; nothing here holds a whole run.
"""

from __future__ import annotations

import contextlib
import json
from urllib.parse import quote, unquote

from . import manifest as _manifest
from . import records as _records
from .errors import ResultsError
from .local import LocalBackend
from .run_id import check_run_id
from .s3 import S3Backend, s3_clients
from .settings import location

ACCOUNT_SUFFIX = ".jsonl.gz"


def _runs():
    return "runs/"


def _accounts(run_id):
    return "runs/%s/accounts/" % check_run_id(run_id)


def _slices(run_id):
    return "runs/%s/slices/" % check_run_id(run_id)


class ResultsStore:
    def __init__(self, backend, settings):
        self.backend, self.settings = backend, settings
        self.location = location(settings)

    def check(self):
        self.backend.check()

    # accounts ------------------------------------------------------------------------------
    def account_key(self, run_id, account_id):
        return _accounts(run_id) + quote(str(account_id), safe="") + ACCOUNT_SUFFIX

    def write_account(self, run_id, head, findings):
        """Writes one account's header and findings; returns the object's key."""
        key = self.account_key(run_id, head["account_id"])
        self.backend.put(key, _records.encode(dict(head, run_id=run_id), findings), "application/gzip")
        return key

    @contextlib.contextmanager
    def account(self, run_id, account_id):
        """with store.account(run, id) as (header, findings): ... (findings read lazily)."""
        key = self.account_key(run_id, account_id)
        stream = self.backend.open(key)
        if stream is None:
            raise ResultsError("results", "run %s has no results for account %s" % (run_id, account_id))
        try:
            yield _records.read(stream, "%s/%s" % (self.location, key))
        finally:
            stream.close()

    def account_header(self, run_id, account_id):
        with self.account(run_id, account_id) as (head, _findings):
            return head

    def account_ids(self, run_id):
        """Sorted ids of the accounts that have results in the run."""
        prefix = _accounts(run_id)
        ids = []
        for key in self.backend.keys(prefix):
            name = key[len(prefix) :]
            if "/" not in name and name.endswith(ACCOUNT_SUFFIX):
                ids.append(unquote(name[: -len(ACCOUNT_SUFFIX)]))
        return sorted(ids)

    # slices and runs -------------------------------------------------------------------------
    def write_slice(self, manifest):
        key = _slices(manifest["run_id"]) + quote(manifest["slice"]["key"], safe="") + ".json"
        self.backend.put(key, (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8"), "application/json")
        return key

    def slices(self, run_id):
        """Every slice manifest of a run (sorted by slice key)."""
        found = []
        for key in sorted(self.backend.keys(_slices(run_id))):
            if key.endswith(".json"):
                stream = self.backend.open(key)
                if stream is not None:
                    try:
                        found.append(json.loads(stream.read().decode("utf-8")))
                    except ValueError as e:
                        raise ResultsError("results", "%s/%s is not a slice manifest: %s" % (self.location, key, e)) from None
                    finally:
                        stream.close()
        return found

    def slice(self, run_id, key):
        return next((m for m in self.slices(run_id) if m["slice"]["key"] == key), None)

    def run_ids(self):
        return [name for name in self.backend.children(_runs()) if _is_run_id(name)]

    def latest_complete(self, exclude=(), started_before=None):
        """The complete run that finished last (optionally: that finished before `started_before`)."""
        best = None
        for run_id in self.run_ids():
            if run_id in exclude:
                continue
            manifests = self.slices(run_id)
            _start, end = _manifest.run_times(manifests)
            if end is None or (started_before and end > started_before):
                continue
            if _manifest.evaluate(manifests)["complete"] and (best is None or end > best[0]):
                best = (end, run_id)
        return best[1] if best else None


def _is_run_id(name):
    try:
        check_run_id(name)
    except ResultsError:
        return False
    return True


def open_store(settings, endpoint_url=None, verify=None):
    """The store for normalized settings (see settings.normalize)."""
    if settings["kind"] == "s3":
        return ResultsStore(S3Backend(settings, s3_clients(settings, endpoint_url, verify)), settings)
    return ResultsStore(LocalBackend(settings["dir"]), settings)
