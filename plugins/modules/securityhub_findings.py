#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: securityhub_findings
short_description: Import the drift check's findings into AWS Security Hub, without duplicates
version_added: 0.2.0
description:
  - Imports the ASFF findings of a drift check (C(asff.json), written by role C(baseline.iam.report))
    with BatchImportFindings into each audited account's Security Hub, under the account's own
    default product C(arn:<partition>:securityhub:<region>:<account>:product/<account>/default),
    or into one aggregator account (O(aggregator)).
  - Finding ids are stable across runs, so a later push updates a finding instead of adding a
    second one. A finding whose every written field already has the same value in Security Hub is
    not sent again (times excepted), so a second push of the same results changes nothing.
  - A finding of this collection that is ACTIVE in Security Hub but absent from this run (fixed, or
    its resource deleted) is sent again with RecordState C(ARCHIVED) - only when its control was
    evaluated for that account in this run. A control with an ERROR finding, or with no finding at
    all, archives nothing (fail closed).
  - Findings Security Hub refuses (FailedFindings) are sent again with back-off, up to
    O(attempts) calls, while their error may pass; what is still refused is returned with its
    error code and fails the task unless O(allow_failed=true).
  - Bad input fails before any AWS call, naming the field. Check mode reads (GetFindings) and
    sends nothing, and returns what would be sent.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  findings:
    description:
      - The ASFF findings of the run (all statuses), e.g. the C(Findings) of every batch of
        C(asff.json). PASS and NOT_APPLICABLE findings also tell which controls were evaluated.
    type: list
    elements: dict
    required: true
  send_passed:
    description:
      - Also keep PASS (C(Compliance.Status=PASSED)) and NOT_APPLICABLE findings active in
        Security Hub. Without it, such a finding that is active there is archived.
    type: bool
    default: false
  accounts:
    description:
      - How to reach the audited accounts, one entry per account. An account without an entry,
        or without O(accounts[].role_arn), is reached with the module's own credentials (which must
        then be that account's).
    type: list
    elements: dict
    suboptions:
      account_id:
        description: The 12-digit account id.
        type: str
        required: true
      role_arn:
        description: The role to assume in that account.
        type: str
      external_id:
        description: ExternalId for the AssumeRole call.
        type: str
      host:
        description: The inventory host of the account (informational, as the filter C(baseline.iam.fleet_accounts) gives it).
        type: str
      organization:
        description: Whether it is the organization host (informational, as the filter C(baseline.iam.fleet_accounts) gives it).
        type: bool
  aggregator:
    description:
      - Import every finding into this one account instead (its own default product, C(AwsAccountId)
        the aggregator's, the audited account kept in C(ProductFields) C(baseline.iam/AccountId)).
        For organizations where member accounts have no Security Hub of their own; where they do,
        prefer the default, per account, and let Security Hub's administrator account aggregate.
    type: dict
    suboptions:
      account_id:
        description: The aggregator's 12-digit account id.
        type: str
        required: true
      role_arn:
        description: The role to assume there; without it, the module's own credentials.
        type: str
      external_id:
        description: ExternalId for the AssumeRole call.
        type: str
  attempts:
    description: BatchImportFindings calls at most for a finding Security Hub refuses (1 to 10).
    type: int
    default: 4
  max_workers:
    description: Accounts pushed at the same time.
    type: int
    default: 8
  allow_failed:
    description: Succeed although findings were still refused after O(attempts) calls (they stay in the result).
    type: bool
    default: false
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: aws
notes:
  - The region (O(region)) is the Security Hub region findings are imported into; it must match
    the region of the product ARN, so the module writes the ARN for that region itself.
  - IAM permissions (files/policies/baseline-iam-securityhub.json) - C(securityhub:BatchImportFindings),
    C(securityhub:GetFindings), and C(sts:AssumeRole) for O(accounts[].role_arn).
"""

EXAMPLES = r"""
- name: Push the drift check's findings into the account's own Security Hub
  baseline.iam.securityhub_findings:
    findings: "{{ lookup('ansible.builtin.file', 'reports/asff.json') | from_json | map(attribute='Findings') | flatten }}"
    region: eu-west-1

- name: Push into every audited account, assuming its member role
  baseline.iam.securityhub_findings:
    findings: "{{ asff_findings }}"
    accounts:
      - account_id: "111111111111"
        role_arn: arn:aws:iam::111111111111:role/OrganizationAccountAccessRole
    region: eu-west-1
"""

RETURN = r"""
securityhub:
  description: What was (in check mode, would be) sent, per receiving account.
  returned: always
  type: dict
  contains:
    region:
      description: The Security Hub region.
      type: str
      sample: eu-west-1
    totals:
      description: Sums over the accounts of C(new), C(updated), C(archived), C(unchanged), C(kept), C(failed).
      type: dict
    accounts:
      description:
        - One entry per receiving account - C(account_id), C(product_arn), C(audited_accounts),
          counts C(new), C(updated), C(archived), C(unchanged), C(kept) (active, absent from the
          run, control not evaluated), C(retries), C(failed) (FailedFindings left, each C(Id),
          C(ErrorCode), C(ErrorMessage)), and C(error) (C(code), C(message)) when the account
          could not be pushed at all.
      type: list
      elements: dict
"""

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.baseline.iam.plugins.module_utils._core import arn as _arn
from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError, error_code, error_message
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.sessions import module_clients
from ansible_collections.baseline.iam.plugins.module_utils._reports.asff import product_arn
from ansible_collections.baseline.iam.plugins.module_utils._securityhub import model
from ansible_collections.baseline.iam.plugins.module_utils._securityhub.push import COUNTS, empty_result, push_account


def validate(params):
    """Raises InputError for bad input (before any AWS call)."""
    model.validate(params["findings"])
    if not 1 <= params["attempts"] <= 10:
        raise InputError("attempts", "must be between 1 and 10")
    if params["max_workers"] < 1:
        raise InputError("max_workers", "must be at least 1")
    entries = [("accounts[%d]" % i, a) for i, a in enumerate(params["accounts"] or [])]
    if params["aggregator"]:
        entries.append(("aggregator", params["aggregator"]))
    for field, entry in entries:
        if not _arn.ACCOUNT_ID.match(entry["account_id"] or ""):
            raise InputError(field + ".account_id", "must be a 12-digit account id")
        if entry.get("role_arn") and _arn.account_of(entry["role_arn"]) != entry["account_id"]:
            raise InputError(field + ".role_arn", "is not a role of account %s" % entry["account_id"])


def _partition(findings, entry):
    if entry.get("role_arn"):
        return _arn.partition_of(entry["role_arn"])
    return ((findings[0].get("Resources") or [{}])[0]).get("Partition") or "aws"


def receivers(params):
    """[(entry {account_id, role_arn, external_id}, findings it receives)], in account order."""
    if params["aggregator"]:
        return [(params["aggregator"], params["findings"])]
    reach = {a["account_id"]: a for a in params["accounts"] or []}
    grouped = {}
    for finding in params["findings"]:
        grouped.setdefault(finding["AwsAccountId"], []).append(finding)
    return [(reach.get(account_id) or {"account_id": account_id}, grouped[account_id]) for account_id in sorted(grouped)]


def _clients(base, entry):
    if not entry.get("role_arn"):
        return base
    return base.assume(entry["role_arn"], "baseline-iam-securityhub", entry.get("external_id"))


def _push_one(base, entry, findings, evaluated, options):
    """(result, diff before, diff after) of one receiving account; an AWS error opening it is its
    result's `error` (the other accounts go on)."""
    target = {"account_id": entry["account_id"], "partition": _partition(findings, entry)}
    try:
        clients = _clients(base, entry)
    except AWS_ERRORS as e:
        result = empty_result(entry["account_id"], product_arn(target["partition"], options["region"], entry["account_id"]))
        result["error"] = {"code": error_code(e), "message": error_message(e)}
        return result, {}, {}
    return push_account(clients, target, model.wanted(findings, options["send_passed"]), evaluated, options)


def run(module):
    params = module.params
    base = module_clients(module)
    evaluated = model.evaluated_controls(params["findings"])
    options = {
        "region": base.region,
        "check_mode": module.check_mode,
        "attempts": params["attempts"],
        "send_passed": params["send_passed"],
        "now": _time.now_iso(),
    }
    jobs = receivers(params)
    with ThreadPoolExecutor(max_workers=max(1, min(params["max_workers"], len(jobs) or 1))) as pool:
        outcomes = list(pool.map(lambda job: _push_one(base, job[0], job[1], evaluated, options), jobs))
    before = {r["account_id"]: b for r, b, a in outcomes if b or a}
    after = {r["account_id"]: a for r, b, a in outcomes if b or a}
    return [r for r, _b, _a in outcomes], {"before": before, "after": after}


def totals(results):
    sums = {name: sum(r.get(name, 0) for r in results) for name in COUNTS}
    sums["failed"] = sum(len(r["failed"]) for r in results)
    return sums


def failure(results, allow_failed):
    """The message the task fails with, or None."""
    broken = ["%s (%s: %s)" % (r["account_id"], r["error"]["code"], r["error"]["message"]) for r in results if r.get("error")]
    refused = ["%s: %d" % (r["account_id"], len(r["failed"])) for r in results if r["failed"]]
    parts = []
    if broken:
        parts.append("Could not push to Security Hub in %s" % ", ".join(broken))
    if refused and not allow_failed:
        parts.append(
            "Security Hub refused findings after retries (account: count) %s; see securityhub.accounts[].failed" % ", ".join(refused)
        )
    return ". ".join(parts) or None


def main():
    reach = dict(account_id=dict(type="str", required=True), role_arn=dict(type="str"), external_id=dict(type="str", no_log=True))
    accounts = dict(reach, host=dict(type="str"), organization=dict(type="bool"))
    argument_spec = dict(
        findings=dict(type="list", elements="dict", required=True),
        send_passed=dict(type="bool", default=False),
        accounts=dict(type="list", elements="dict", options=accounts),
        aggregator=dict(type="dict", options=reach),
        attempts=dict(type="int", default=4),
        max_workers=dict(type="int", default=8),
        allow_failed=dict(type="bool", default=False),
    )
    module = BaselineModule(argument_spec=argument_spec, supports_check_mode=True)
    try:
        validate(module.params)  # before any AWS call
        results, diff = run(module)
    except InputError as e:
        module.fail_input(e)

    summary = totals(results)
    changed = any(summary[name] for name in ("new", "updated", "archived"))
    output = {"region": module.region, "totals": summary, "accounts": results}
    message = failure(results, module.params["allow_failed"])
    if message:
        module.fail_json(msg=message, changed=changed, securityhub=output)
    module.exit_json(changed=changed, securityhub=output, diff=diff)


if __name__ == "__main__":
    main()
