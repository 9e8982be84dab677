"""Runs in a results store made from findings documents (test support): what the audit and the
closing of a slice would have written, without auditing anything."""

from ansible_collections.baseline.iam.plugins.module_utils._results import manifest as _manifest
from ansible_collections.baseline.iam.plugins.module_utils._results import records as _records
from ansible_collections.baseline.iam.plugins.module_utils._results import settings as _settings
from ansible_collections.baseline.iam.plugins.module_utils._results.store import open_store

WHOLE = {"key": "all", "number": None, "count": None}


def local_store(directory):
    return open_store(_settings.normalize({"dir": str(directory)}))


def store_document(store, run_id, document, started_at, finished_at=None, slice_=None, accounts=None):
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
    manifest = _manifest.new_manifest(run_id, slice_ or WHOLE, entries, started_at, store.location)
    if finished_at:
        manifest = _manifest.finished(manifest, entries, finished_at, [])
    store.write_slice(manifest)
    return manifest


def synthetic_account(account_id, users=10, roles=5, seed=0):
    """The findings of one account of `users` users and `roles` roles, about as the audit gives
    them: every control once for the account, the user controls per user, the trust controls per
    role; some FAIL, a few ERROR and WAIVED, the rest PASS or NOT_APPLICABLE (deterministic)."""
    import random

    from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
    from tests.support import report_samples as samples

    rng = random.Random("%s-%s" % (account_id, seed))
    weights = (("PASS", 70), ("FAIL", 18), ("NOT_APPLICABLE", 8), ("WAIVED", 2), ("ERROR", 2))
    statuses = [s for s, w in weights for _n in range(w)]
    findings = []
    for control in _catalog.CONTROLS:
        family, status = control["family"], rng.choice(statuses)
        if family == "users":
            for n in range(users):
                findings.append(samples._user(account_id, control["id"], rng.choice(statuses), "user%03d" % n, "User check"))
        elif family == "trust":
            for n in range(roles):
                findings.append(samples._role(account_id, control["id"], rng.choice(statuses), "role%03d" % n, "Role check"))
        else:
            findings.append(samples._account(account_id, control["id"], status, "Account check"))
    for finding in findings:
        if finding["status"] == "WAIVED":
            finding["waiver"] = dict(samples.WAIVER)
    return findings


def synthetic_run(store, run_id, accounts, started_at, finished_at, users=10, roles=5):
    """A complete run of `accounts` synthetic accounts (ids 600000000000, 600000000001, ...)."""
    entries = []
    for index in range(accounts):
        account_id = "%012d" % (600000000000 + index)
        head = _records.header(run_id, account_id, "audited", evidence_time=started_at)
        store.write_account(run_id, head, synthetic_account(account_id, users, roles))
        entries.append({"account_id": account_id, "name": "account-%04d" % index, "host": "acct_%s" % account_id})
    manifest = _manifest.new_manifest(run_id, WHOLE, entries, started_at, store.location)
    store.write_slice(_manifest.finished(manifest, entries, finished_at, []))
    return entries
