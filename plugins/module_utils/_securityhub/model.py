# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What to send to Security Hub (pure): which of the run's ASFF findings are new, updated or
unchanged, which findings already in Security Hub are archived, in batches of at most 100, and
which FailedFindings are worth another attempt.

A finding already in Security Hub counts as unchanged when every field this collection writes
has the same value there (times excepted, and the fields Security Hub fills in itself), so a
second push of the same run, or of a later run with the same results, sends nothing.
"""

from __future__ import annotations

import copy
import random

from .._core import arn as _arn
from .._core.errors import InputError
from .._reports.asff import BATCH_SIZE, REQUIRED_FIELDS, product_arn

GENERATOR_PREFIX = "baseline.iam/"
ACCOUNT_FIELD = "baseline.iam/AccountId"  # the audited account, kept when findings are aggregated
CONTROL_FIELD = "baseline.iam/ControlId"
STATUS_FIELD = "baseline.iam/Status"
# Sent only with send_passed: nothing to act on.
QUIET_STATUSES = ("PASS", "NOT_APPLICABLE")
# Times change on every run; Security Hub sets ProductName/CompanyName from the product itself.
NOT_COMPARED = frozenset(("CreatedAt", "UpdatedAt", "LastObservedAt", "FirstObservedAt", "ProductName", "CompanyName"))
# The fields an archived finding is sent again with (what this collection wrote, not what
# Security Hub added: Workflow, FindingProviderFields, ... cannot be sent back by a provider).
ARCHIVE_FIELDS = REQUIRED_FIELDS + ("LastObservedAt", "Remediation", "Compliance", "ProductFields", "FindingProviderFields", "RecordState")
# FailedFindings codes that another attempt cannot fix.
PERMANENT_ERRORS = frozenset(
    ("InvalidInput", "InvalidInputException", "AccessDeniedException", "AccessDenied", "InvalidAccessException", "FindingSizeExceeded")
)
BACKOFF_BASE_SECONDS, BACKOFF_CAP_SECONDS = 0.5, 8.0


def _fields(finding):
    return finding.get("ProductFields") or {}


def source_account(finding):
    """The audited account of a finding (also of one aggregated into another account)."""
    return _fields(finding).get(ACCOUNT_FIELD) or finding.get("AwsAccountId")


def validate(findings):
    """Raises InputError naming the first finding that is not one of this collection's."""
    if not isinstance(findings, list):
        raise InputError("findings", "must be a list of ASFF findings (asff.json holds batches: use their Findings)")
    for index, finding in enumerate(findings):
        field = "findings[%d]" % index
        if not isinstance(finding, dict):
            raise InputError(field, "must be an ASFF finding (a dict)")
        missing = [name for name in REQUIRED_FIELDS if not finding.get(name)]
        if missing:
            raise InputError("%s.%s" % (field, missing[0]), "required ASFF field is missing")
        if not _arn.ACCOUNT_ID.match(str(finding["AwsAccountId"])):
            raise InputError(field + ".AwsAccountId", "must be a 12-digit account id")
        if not str(finding["GeneratorId"]).startswith(GENERATOR_PREFIX) or not _fields(finding).get(CONTROL_FIELD):
            raise InputError(field + ".GeneratorId", "not a baseline.iam finding (asff.json of the drift check)")
        if _fields(finding).get(STATUS_FIELD) is None:
            raise InputError(field + ".ProductFields", "lacks %s" % STATUS_FIELD)


def retarget(finding, account_id, region, partition):
    """The finding as imported into `account_id`'s own default product (its account, or the
    aggregator: then AwsAccountId is the aggregator's and ProductFields keeps the audited one)."""
    out = copy.deepcopy(finding)
    audited = source_account(finding)
    out["ProductArn"] = product_arn(partition, region, account_id)
    out["AwsAccountId"] = account_id
    # Security Hub takes a provider's later Severity/Types from here (the top-level fields may
    # have been changed by the account's users with BatchUpdateFindings).
    out["FindingProviderFields"] = {"Severity": dict(finding["Severity"]), "Types": list(finding["Types"])}
    if audited != account_id:
        out["ProductFields"] = dict(_fields(finding), **{ACCOUNT_FIELD: audited})
    return out


def wanted(findings, send_passed):
    """The findings to have ACTIVE in Security Hub: every FAIL, ERROR, WAIVED; PASS and
    NOT_APPLICABLE only with send_passed."""
    return [f for f in findings if send_passed or _fields(f)[STATUS_FIELD] not in QUIET_STATUSES]


def evaluated_controls(findings):
    """{audited account: control ids whose result this run knows}. A control with an ERROR
    finding was not (fully) read, and a control without any finding was not run: neither may
    archive what an earlier run found (fail closed)."""
    seen, errored = {}, set()
    for finding in findings:
        key = (source_account(finding), _fields(finding)[CONTROL_FIELD])
        seen.setdefault(key[0], set()).add(key[1])
        if _fields(finding)[STATUS_FIELD] == "ERROR":
            errored.add(key)
    return {account: {c for c in controls if (account, c) not in errored} for account, controls in seen.items()}


def _contains(have, want):
    """Does `have` (as Security Hub returns it) hold every value of `want` (as sent)?"""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(_contains(have.get(k), v) for k, v in want.items())
    if isinstance(want, list):
        return isinstance(have, list) and len(have) == len(want) and all(_contains(have[i], w) for i, w in enumerate(want))
    return have == want


def same_content(sent, existing):
    return all(_contains(existing.get(k), v) for k, v in sent.items() if k not in NOT_COMPARED)


def archived(existing, now):
    """An ACTIVE finding sent again as ARCHIVED: what this collection wrote, with the new state."""
    out = {k: copy.deepcopy(existing[k]) for k in ARCHIVE_FIELDS if k in existing}
    out["ProductFields"] = {k: v for k, v in _fields(existing).items() if not k.startswith("aws/")}
    out.update(RecordState="ARCHIVED", UpdatedAt=now)
    return out


def plan(desired, existing, evaluated, now):
    """{"new": [...], "updated": [...], "unchanged": [ids], "archived": [...], "kept": [ids]}.

    desired: findings retargeted to the account that receives them; existing: that account's
    ACTIVE findings of this product; evaluated: evaluated_controls() of the run. An update keeps
    Security Hub's CreatedAt (the finding's age). `kept`: active findings absent from the run
    whose control was not evaluated (left as they are)."""
    current = {f["Id"]: f for f in existing}
    result = {"new": [], "updated": [], "unchanged": [], "archived": [], "kept": []}
    for finding in desired:
        old = current.get(finding["Id"])
        if old is None:
            result["new"].append(finding)
        elif same_content(finding, old):
            result["unchanged"].append(finding["Id"])
        else:
            result["updated"].append(dict(finding, CreatedAt=old.get("CreatedAt") or finding["CreatedAt"]))
    sent = {f["Id"] for f in desired}
    for finding_id, old in sorted(current.items()):
        if finding_id in sent:
            continue
        control = _fields(old).get(CONTROL_FIELD)
        if control in evaluated.get(source_account(old), ()):
            result["archived"].append(archived(old, now))
        else:
            result["kept"].append(finding_id)
    return result


def batches(findings, size=BATCH_SIZE):
    return [findings[i : i + size] for i in range(0, len(findings), size)]


def retryable(failed):
    """The FailedFindings entries another attempt may fix (throttling, internal errors)."""
    return [f for f in failed if f.get("ErrorCode") not in PERMANENT_ERRORS]


def backoff(attempt, rng=random):
    """Seconds to wait before retry `attempt` (1, 2, ...): full jitter, capped exponential."""
    return rng.uniform(0, min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt))
