# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Security Hub calls: this product's ACTIVE findings of one account, and BatchImportFindings
with FailedFindings retried (bounded, with back-off) and the rest returned, never dropped."""

from __future__ import annotations

import time

from . import model

PAGE_SIZE = 100  # GetFindings' maximum


def active_findings(client, product):
    """Every ACTIVE finding of `product` (the account's default product) from this collection."""
    filters = {
        "ProductArn": [{"Value": product, "Comparison": "EQUALS"}],
        "RecordState": [{"Value": "ACTIVE", "Comparison": "EQUALS"}],
        "GeneratorId": [{"Value": model.GENERATOR_PREFIX, "Comparison": "PREFIX"}],
    }
    paginator = client.get_paginator("get_findings")
    return [f for page in paginator.paginate(Filters=filters, PaginationConfig={"PageSize": PAGE_SIZE}) for f in page["Findings"]]


def _import(client, findings):
    """FailedFindings of one BatchImportFindings call."""
    return client.batch_import_findings(Findings=findings).get("FailedFindings") or []


def import_findings(client, findings, attempts, sleep=time.sleep):
    """Imports in batches of 100. A finding Security Hub refuses is sent again (up to `attempts`
    calls in all, waiting model.backoff between) while its error may pass; returns
    (retries made, FailedFindings left: [{Id, ErrorCode, ErrorMessage}])."""
    by_id = {f["Id"]: f for f in findings}
    failed = [entry for batch in model.batches(findings) for entry in _import(client, batch)]
    retries = 0
    for attempt in range(1, attempts):
        again = model.retryable(failed)
        if not again:
            break
        sleep(model.backoff(attempt))
        retries += 1
        kept = [entry for entry in failed if entry not in again]
        resend = [by_id[entry["Id"]] for entry in again if entry.get("Id") in by_id]
        failed = kept + [entry for batch in model.batches(resend) for entry in _import(client, batch)]
    return retries, failed
