# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Opening and closing one slice of a run in the store.

Open: the store is usable (checked before any account is audited) and the slice's manifest says
"started" with the accounts it will audit. Close: every account of the slice has an object — the
audit wrote most; an account whose session failed, or that the audit never reached, gets one
ACCT.ACCESS ERROR object here; findings kept as host facts (a playbook without a store during the
audit) are written here — then the manifest says "complete".

Hosts are records {"name", "account_id", "account_name", "partition", "session_error",
"has_session", "findings" (facts only), "baseline_hash"}; see plugins/filter/report.py.
"""

from __future__ import annotations

from .._reports import hosts as _hosts
from .._reports.document import validate_findings
from . import manifest as _manifest
from . import records as _records
from .errors import ResultsError


def _account(host):
    return {
        "account_id": str(host.get("account_id") or host["name"]),
        "name": host.get("account_name") or host["name"],
        "host": host["name"],
    }


def open_slice(store, run_id, slice_, hosts, now):
    """Checks the store and writes the "started" manifest; returns it."""
    store.check()
    manifest = _manifest.new_manifest(run_id, slice_, [_account(h) for h in hosts], now, store.location)
    store.write_slice(manifest)
    return manifest


def _error_object(store, run_id, slice_key, finding, code, now):
    head = _records.header(run_id, finding["account_id"], "not_audited", evidence_time=now, error=code, slice=slice_key, written_at=now)
    store.write_account(run_id, head, [finding])


def _facts_objects(store, run_id, slice_key, host, now):
    """Findings a host holds as facts, one object per account they name."""
    validate_findings(host["findings"], "host %s: iam_baseline_findings" % host["name"])
    per_account = {}
    for finding in host["findings"]:
        per_account.setdefault(finding["account_id"], []).append(finding)
    for account_id, own in sorted((per_account or {_account(host)["account_id"]: []}).items()):
        head = _records.header(run_id, account_id, "audited", evidence_time=now, slice=slice_key, written_at=now)
        store.write_account(run_id, head, own)
    return sorted(per_account)


def close_slice(store, run_id, slice_key, hosts, now, baseline_hashes=()):
    """Writes what the audit could not, checks every account has results, marks the slice complete."""
    manifest = store.slice(run_id, slice_key)
    if manifest is None:
        raise ResultsError("iam_baseline_run_id", "run %s has no slice %s in %s: it was not opened" % (run_id, slice_key, store.location))
    stored = set(store.account_ids(run_id))
    accounts = []
    for host in hosts:
        account = _account(host)
        error = host.get("session_error") or {}
        if error.get("code"):
            finding = _hosts.session_error_finding(error, account["account_id"], host.get("partition"), now)
            account["account_id"] = finding["account_id"]
            _error_object(store, run_id, slice_key, finding, error["code"], now)
        elif host.get("findings") is not None:
            owners = _facts_objects(store, run_id, slice_key, host, now)
            accounts.extend(dict(account, account_id=owner) for owner in owners[1:])
            account["account_id"] = owners[0] if owners else account["account_id"]
        elif account["account_id"] not in stored:
            finding = _hosts.not_audited_finding(account["account_id"], host.get("partition"), now)
            _error_object(store, run_id, slice_key, finding, _hosts.NOT_AUDITED_CODE, now)
        accounts.append(account)
    missing = {a["account_id"] for a in accounts} - set(store.account_ids(run_id))
    if missing:
        raise ResultsError("results", "accounts without results after closing the slice: %s" % ", ".join(sorted(missing)))
    hashes = [h["baseline_hash"] for h in hosts if h.get("baseline_hash")] + [h for h in baseline_hashes if h]
    closed = _manifest.finished(manifest, accounts, now, hashes)
    store.write_slice(closed)
    return closed
