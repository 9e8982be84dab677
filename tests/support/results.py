"""Runs in a results store made from findings documents (test support): what the audit and the
closing of a slice would have written, without auditing anything."""

from ansible_collections.baseline.iam.plugins.module_utils._results import manifest as _manifest
from ansible_collections.baseline.iam.plugins.module_utils._results import records as _records
from ansible_collections.baseline.iam.plugins.module_utils._results import settings as _settings
from ansible_collections.baseline.iam.plugins.module_utils._results.store import open_store

WHOLE = {"key": "all", "number": None, "count": None}


def local_store(directory):
    return open_store(_settings.normalize({"dir": str(directory)}))


def store_document(store, run_id, document, started_at, finished_at=None, slice_=WHOLE, accounts=None):
    """Writes the accounts of a findings document as run `run_id` (one object per account) and its
    slice manifest, complete when `finished_at` is given. `accounts`: only these account ids."""
    by_account = {}
    for finding in document["findings"]:
        by_account.setdefault(finding["account_id"], []).append(finding)
    listed = [a for a in document["accounts"] if accounts is None or a["account_id"] in accounts]
    for account in listed:
        head = _records.header(run_id, account["account_id"], account.get("status", "audited"), evidence_time=started_at)
        store.write_account(run_id, head, by_account.get(account["account_id"], []))
    entries = [{"account_id": a["account_id"], "name": a.get("name"), "host": a.get("name")} for a in listed]
    manifest = _manifest.new_manifest(run_id, slice_, entries, started_at, store.location)
    if finished_at:
        manifest = _manifest.finished(manifest, entries, finished_at, [])
    store.write_slice(manifest)
    return manifest
