# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One receiving account's push: read its ACTIVE findings, plan, send (not in check mode).

An AWS error (Security Hub not enabled, access denied) ends that account's push with `error`
set; the other accounts go on. What Security Hub refused is in `failed`, with its error code."""

from __future__ import annotations

from .._core.errors import AWS_ERRORS, error_code, error_message
from .._reports.asff import product_arn
from . import aws, model

COUNTS = ("new", "updated", "archived", "unchanged", "kept")


def empty_result(account_id, product):
    result = {"account_id": account_id, "product_arn": product, "retries": 0, "failed": [], "error": None}
    result.update(dict.fromkeys(COUNTS, 0))
    result["audited_accounts"] = []
    return result


def _states(findings):
    return {f["Id"]: "%s/%s" % ((f.get("Compliance") or {}).get("Status", "-"), f.get("RecordState", "ACTIVE")) for f in findings}


def diff_of(existing, planned):
    """Before/after of the findings this push touches: {Id: "<Compliance.Status>/<RecordState>"}."""
    touched = planned["updated"] + planned["archived"]
    ids = {f["Id"] for f in touched}
    before = _states([f for f in existing if f["Id"] in ids])
    return before, _states(planned["new"] + touched)


def push_account(clients, target, findings, evaluated, options):
    """target: {account_id, partition}; findings: the run's findings this account receives
    (already filtered by send_passed); options: region, check_mode, attempts, now.
    Returns (result, diff before, diff after)."""
    region = options["region"]
    product = product_arn(target["partition"], region, target["account_id"])
    result = empty_result(target["account_id"], product)
    desired = [model.retarget(f, target["account_id"], region, target["partition"]) for f in findings]
    result["audited_accounts"] = sorted({model.source_account(f) for f in findings})
    client = clients.client("securityhub", region)
    try:
        existing = aws.active_findings(client, product)
        planned = model.plan(desired, existing, evaluated, options["now"])
        result.update({name: len(planned[name]) for name in COUNTS})
        before, after = diff_of(existing, planned)
        send = planned["new"] + planned["updated"] + planned["archived"]
        if send and not options["check_mode"]:
            result["retries"], result["failed"] = aws.import_findings(client, send, options["attempts"])
    except AWS_ERRORS as e:
        result["error"] = {"code": error_code(e), "message": error_message(e)}
        return result, {}, {}
    return result, before, after
