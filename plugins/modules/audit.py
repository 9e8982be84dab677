#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: audit
short_description: Read-only drift audit of AWS accounts against the IAM baseline
version_added: 0.1.0
description:
  - Takes one snapshot of an account with as few read calls as the data allows
    (GetAccountAuthorizationDetails, the credential report, password policy, account summary,
    MFA devices, identity providers, server certificates, CloudTrail, Access Analyzer, EC2) and
    evaluates every enabled control of the catalog (see docs/controls.md).
  - Takes the same family variables as the enforcing roles, so apply and verify use one value -
    O(password_policy) is C(iam_baseline_password_policy), and so on.
  - Fails closed. Data it could not read makes the controls that need it C(ERROR) with the AWS
    error code, never C(PASS).
  - Audits the account of its credentials, or with O(accounts) many accounts concurrently (one
    assumed role each, bounded thread pool); an account that cannot be opened yields one
    C(ACCT.ACCESS) C(ERROR) finding and the others go on.
  - Never changes anything in the audited accounts. The only non-read call there is
    C(GenerateCredentialReport).
  - With O(results) and O(run_id), each account's findings go into the results store as soon as the
    account is audited (one compressed JSON-lines object per account, see docs/reports.md), and the
    module returns only counts per account; its memory does not grow with the number of accounts.
    This is how the C(baseline.iam.drift) playbook runs it. Without them, the findings are returned
    (RV(findings)), which suits one account or a few.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  password_policy:
    description: C(iam_baseline_password_policy). Keys left out take the collection defaults.
    type: dict
  groups:
    description: C(iam_baseline_groups), the declared groups.
    type: list
    elements: dict
  mfa:
    description: C(iam_baseline_mfa).
    type: dict
  trust:
    description: C(iam_baseline_trust).
    type: dict
  identity_providers:
    description: C(iam_baseline_identity_providers).
    type: list
    elements: dict
  access_keys:
    description: C(iam_baseline_access_keys).
    type: dict
  identity_center:
    description: C(iam_baseline_identity_center) (controls C(IDC.*), and C(USER.FEDERATION) once permission sets are declared).
    type: dict
  guardrails:
    description: C(iam_baseline_guardrails) (controls C(ORG.*)).
    type: dict
  organization:
    description:
      - Audit the organization instead of an account - the controls evaluated once per
        organization (C(IDC.*), C(ORG.*)), from one snapshot of the OU tree, the service control
        policies and IAM Identity Center. For the organization host (the management account or a
        delegated administrator); its findings carry the management account's id.
      - With O(accounts), an item with C(organization=true) does the same for that entry.
    type: bool
    default: false
  audit:
    description:
      - C(iam_baseline_audit) - C(regions), C(root_recent_use_days), C(require_cloudtrail),
        C(require_access_analyzer), C(federation_break_glass_users),
        C(root_credentials_managed_centrally).
    type: dict
  regions:
    description: Regions for the regional services; overrides C(audit.regions).
    type: list
    elements: str
  controls:
    description: C(iam_baseline_controls) - per control id, C(enabled) and C(severity). Unknown ids fail.
    type: dict
  exemptions:
    description:
      - C(iam_baseline_exemptions) - waivers with C(control) (id or glob), optional C(account) and
        C(resource) (glob on resource id or ARN), and required C(reason) and C(expires) (YYYY-MM-DD).
      - A matching C(FAIL) is C(WAIVED) until the expiry date, then counts again.
      - C(ERROR) (data that could not be read) is waived only by a waiver with C(include_errors=true),
        which must name a control id, not a glob; C(ACCT.ACCESS) is never matched by a glob.
    type: list
    elements: dict
  protected_principals:
    description:
      - C(iam_baseline_protected_principals). C(GROUP.DECLARED) accepts them (and the audit's own
        caller) as undeclared members of a group with C(purge_members), as the apply keeps them.
    type: list
    elements: str
  accounts:
    description:
      - Audit these accounts concurrently instead of the account of the module's credentials.
      - Each item has C(role_arn) (required, except for the C(organization=true) item, which without
        one uses the module's own credentials), and optionally C(account_id), C(external_id),
        C(session_name), C(organization) (and C(host), the inventory host it came from).
    type: list
    elements: dict
    suboptions:
      role_arn:
        description: The role to assume in the account.
        type: str
      account_id:
        description: The account id (default from O(accounts[].role_arn)).
        type: str
      external_id:
        description: The C(sts:ExternalId) to assume the role with (a secret shared with the role's owner; never logged).
        type: str
      session_name:
        description: The session name (default C(baseline-iam-audit)).
        type: str
      host:
        description: The inventory host the account came from (role C(baseline.iam.audit) passes it).
        type: str
      organization:
        description: The organization host's entry - the organization is audited (C(IDC.*), C(ORG.*)), once.
        type: bool
        default: false
  max_workers:
    description: Accounts audited at the same time with O(accounts).
    type: int
    default: 8
  credential_report_wait:
    description: Seconds to wait at most for a credential report being generated.
    type: int
    default: 120
  results:
    description:
      - The results store (C(iam_baseline_results), resolved) - C(dir) for a local directory, or
        C(s3_bucket), C(s3_prefix), C(kms_key_id), C(region) for S3. Needs O(run_id).
      - The store is reached with the controller's own credentials (environment, C(profile),
        instance role), not with the audited account's.
    type: dict
  run_id:
    description: The run the findings belong to (C(iam_baseline_run_id)). Needs O(results).
    type: str
  slice:
    description: The key of the slice of the run this task belongs to (recorded with each account).
    type: str
    default: all
  progress_interval:
    description:
      - With O(accounts), seconds between progress lines (accounts done / total, errors so far)
        that the collection's action plugin for this module prints while the audit runs, in the
        terminal and in AWX's job output. V(0) prints none. The module itself prints nothing; it
        only writes O(progress_file).
    type: int
    default: 0
  progress_file:
    description:
      - Where the module rewrites its progress (a small JSON file) as accounts finish. Set by the
        action plugin; leave it out.
    type: path
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    details:
      - The module only reads the accounts; check mode behaves the same.
      - With O(results), the findings are written to the store in check mode too (they are the
        run's output, not a change to an account).
  diff_mode:
    support: none
  platform:
    platforms: aws
"""

EXAMPLES = r"""
- name: Audit the account of the current session
  baseline.iam.audit:
    password_policy: "{{ iam_baseline_password_policy }}"
    controls: "{{ iam_baseline_controls }}"
    exemptions: "{{ iam_baseline_exemptions }}"
  register: audit

- name: Audit many accounts from the controller in one task
  baseline.iam.audit:
    accounts:
      - role_arn: arn:aws:iam::111122223333:role/Audit
      - role_arn: arn:aws:iam::444455556666:role/Audit
    max_workers: 16
  register: fleet

- name: Audit many accounts into a results store (what baseline.iam.drift does)
  baseline.iam.audit:
    accounts: "{{ accounts }}"
    results: {s3_bucket: example-iam-baseline-results, kms_key_id: alias/iam-baseline-results}
    run_id: "{{ iam_baseline_run.run_id }}"
  register: fleet
"""

RETURN = r"""
findings:
  description: One finding per control and resource (DESIGN section 5 shape), all accounts.
  returned: when no results store is given (without O(results))
  type: list
  elements: dict
  sample:
    - finding_id: 5b1d0e7f0c2a4c8e9d3b6a1f2e4c7d90
      control_id: PP.MIN_LENGTH
      status: FAIL
      severity: medium
      account_id: "111122223333"
      message: "Minimum password length: 8 (baseline: >= 14)"
summary:
  description: Counts by status and by severity (severity counts FAIL and ERROR only).
  returned: always
  type: dict
api_calls:
  description: API calls made, by API name (all accounts together).
  returned: always
  type: dict
account_id:
  description: The audited account (the first one with O(accounts)).
  returned: always
  type: str
evidence_time:
  description: When the evidence was read (the credential report's generation time).
  returned: always
  type: str
accounts:
  description:
    - Per account - account_id, summary, failing_controls, api_calls, evidence_time and error (the
      AWS code when it could not be opened).
    - C(failing_controls) maps each control id with a C(FAIL), C(ERROR) or C(WAIVED) finding to the
      worst of the three (C(ERROR) first); an account that could not be opened has only
      C(ACCT.ACCESS) mapped to C(ERROR). The apply reads it with C(iam_baseline_apply_only_drifted).
    - With O(accounts) and no results store, also that account's C(findings), so a playbook can hand
      each inventory host its own findings without filtering the whole list once per host.
    - With a results store, C(results) (the key of the account's object) and C(baseline_hash) (of
      the baseline variables it was audited with) instead of findings.
  returned: always
  type: list
  elements: dict
  sample:
    - account_id: "111122223333"
      failing_controls: {"PP.MIN_LENGTH": "FAIL", "ACCT.ACCESS_ANALYZER": "ERROR"}
      error: null
results:
  description:
    - The store and run the findings were written to (C(location), C(run_id)), and C(baseline_hash),
      a hash of the baseline variables the accounts were audited with.
  returned: when O(results) is given
  type: dict
  contains:
    location:
      description: The store (C(s3://bucket/prefix) or the directory).
      type: str
    run_id:
      description: The run the accounts were written to.
      type: str
    baseline_hash:
      description: A short hash of the baseline variables the accounts were audited with.
      type: str
"""

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import exemptions as _exemptions
from ansible_collections.baseline.iam.plugins.module_utils._audit import module_result as _module_result
from ansible_collections.baseline.iam.plugins.module_utils._audit import progress as _progress
from ansible_collections.baseline.iam.plugins.module_utils._audit.run import audit_account, audit_fleet, audit_organization
from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.sessions import module_clients
from ansible_collections.baseline.iam.plugins.module_utils._results import run_id as _run_id
from ansible_collections.baseline.iam.plugins.module_utils._results import settings as _settings
from ansible_collections.baseline.iam.plugins.module_utils._results.writer import open_writer

FAMILIES = ("password_policy", "groups", "mfa", "trust", "identity_providers", "access_keys", "identity_center", "guardrails", "audit")


def audit_params(module):
    """The completed family variables; `regions` overrides audit.regions."""
    params = _engine.complete_params({f: module.params[f] for f in FAMILIES + ("protected_principals",)})
    if module.params["regions"]:
        params["audit"]["regions"] = module.params["regions"]
    return params


def validate(module):
    """Raises InputError for bad input (before any AWS call)."""
    _engine.validate_controls(module.params["controls"])
    _exemptions.validate(module.params["exemptions"])
    if not audit_params(module)["audit"]["regions"]:
        raise InputError("regions", "at least one region is needed for the regional services")
    for index, account in enumerate(module.params["accounts"] or []):
        if not account.get("role_arn") and not account.get("organization"):
            raise InputError("accounts[%d].role_arn" % index, "required (only the organization entry may use the run's own credentials)")
    if module.params["max_workers"] < 1:
        raise InputError("max_workers", "must be at least 1")
    if bool(module.params["results"]) != bool(module.params["run_id"]):
        missing, given = ("run_id", "results") if module.params["results"] else ("results", "run_id")
        raise InputError(missing, "required together with %s" % given)
    if module.params["results"]:  # a ResultsError is an InputError
        _settings.normalize(module.params["results"], field="results")
        _run_id.check_run_id(module.params["run_id"], "run_id")
    if module.params["progress_interval"] < 0:
        raise InputError("progress_interval", "must be 0 (off) or more seconds")


def results_writer(module, params):
    """The sink that writes each account to the results store, or None without a store."""
    if not module.params["results"]:
        return None
    values = dict(params, controls=module.params["controls"], exemptions=module.params["exemptions"])
    return open_writer(module.params["results"], module.params["run_id"], module.params["slice"], values, module.params.get("endpoint_url"))


def run(module, sink=None):
    params = audit_params(module)
    controls, exemptions = module.params["controls"], module.params["exemptions"]
    now = _time.now_iso()
    base = module_clients(module)
    wait = module.params["credential_report_wait"]
    if module.params["accounts"]:
        progress = (
            _progress.ProgressFile(module.params["progress_file"], len(module.params["accounts"]))
            if module.params["progress_file"]
            else None
        )
        on_done = progress.account_done if progress else None
        return audit_fleet(
            base, module.params["accounts"], params, controls, exemptions, now, module.params["max_workers"], wait, sink, on_done
        )
    if module.params["organization"]:
        result = audit_organization(base, params, controls, exemptions, now)
    else:
        result = audit_account(base, params, controls, exemptions, now, wait)
    return [sink(result) if sink else result]


def main():
    argument_spec = dict(
        password_policy=dict(type="dict", no_log=False),  # settings, not a password
        groups=dict(type="list", elements="dict"),
        mfa=dict(type="dict"),
        trust=dict(type="dict"),
        identity_providers=dict(type="list", elements="dict"),
        access_keys=dict(type="dict", no_log=False),  # thresholds, not keys
        identity_center=dict(type="dict"),
        guardrails=dict(type="dict"),
        organization=dict(type="bool", default=False),
        audit=dict(type="dict"),
        regions=dict(type="list", elements="str"),
        controls=dict(type="dict"),
        exemptions=dict(type="list", elements="dict"),
        protected_principals=dict(type="list", elements="str"),
        accounts=dict(
            type="list",
            elements="dict",
            options=dict(
                role_arn=dict(type="str"),
                account_id=dict(type="str"),
                external_id=dict(type="str", no_log=True),
                session_name=dict(type="str"),
                host=dict(type="str"),
                organization=dict(type="bool", default=False),
            ),
        ),
        max_workers=dict(type="int", default=8),
        credential_report_wait=dict(type="int", default=120),
        results=dict(type="dict"),
        run_id=dict(type="str"),
        slice=dict(type="str", default="all"),
        progress_interval=dict(type="int", default=0),
        progress_file=dict(type="path"),
    )
    module = BaselineModule(argument_spec=argument_spec, supports_check_mode=True)
    try:
        validate(module)  # before any AWS call
        sink = results_writer(module, audit_params(module))
        results = run(module, sink)
    except InputError as e:
        module.fail_input(e)
    except AWS_ERRORS as e:
        module.fail_aws(e, "audit the account")

    if sink:
        result, lost = _module_result.stored(results, sink.store.location, sink.run_id, sink.baseline_hash)
        if lost:  # after every account was tried: their findings would be lost
            module.fail_json(msg="Could not write the results of %d account(s): %s" % (len(lost), lost[0]["store_error"]), **result)
        module.exit_json(**result)
    module.exit_json(**_module_result.with_findings(results, bool(module.params["accounts"])))


if __name__ == "__main__":
    main()
