#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: results_run
short_description: Open or close one slice of a drift run in the results store
version_added: 0.1.0
description:
  - A drift run keeps its findings in a results store (a local directory or an S3 bucket), one
    object per account, under a run id. Each process of the run - the whole run, or one slice of a
    sliced run - has its own manifest in the store.
  - With O(state=started), before any account is audited, checks the settings, the run id and that
    the store can be used (the directory is writable; the bucket exists and the credentials may use
    it), and writes the slice's manifest with the accounts it will audit. Any problem fails here,
    naming the variable to fix, and nothing is audited.
  - With O(state=complete), after the audit, writes one C(ACCT.ACCESS) C(ERROR) object for every
    account of the slice that has no results (its session failed, or the audit never reached it),
    writes the findings hosts hold as facts (C(findings) of O(hosts)), checks that every account now has
    results, and marks the slice complete. A slice that never gets here stays C(started) - its run
    is partial and is never taken for a complete one.
  - The store is reached with the controller's own credentials (environment, C(profile), instance
    role).
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  state:
    description: C(started) opens the slice, C(complete) closes it.
    type: str
    choices: [started, complete]
    required: true
  results:
    description:
      - C(iam_baseline_results) - C({}) (a directory C(results) under O(report_dir)), C(dir), or
        C(s3_bucket), C(s3_prefix), C(kms_key_id), C(region), C(profile), C(endpoint_url).
    type: dict
    default: {}
  report_dir:
    description: The report directory; the default store is its C(results) subdirectory.
    type: path
  run_id:
    description:
      - C(iam_baseline_run_id). When empty with O(state=started), derived from O(awx_workflow_job_id)
        (C(awx-<id>), which every slice of an AWX sliced job shares), else O(awx_job_id)
        (C(awx-job-<id>)), else made from the time (C(20261127T120000Z-1a2b3c)).
      - Required with O(state=complete).
    type: str
    default: ""
  slice:
    description:
      - C(iam_baseline_slice) - C(N/COUNT) when this process is slice N of COUNT (e.g. runs with
        C(--limit)). With O(state=complete), the slice key the start returned.
    type: str
    default: ""
  slice_count:
    description: C(iam_baseline_slice_count) - the number of slices of the run (AWX C(job_slice_count)).
    type: int
  awx_job_id:
    description: C(awx_job_id), set by AWX.
    type: str
    default: ""
  awx_workflow_job_id:
    description: C(awx_workflow_job_id), set by AWX for a job in a workflow (every sliced job is one).
    type: str
    default: ""
  hosts:
    description:
      - The slice's inventory hosts as records (filter C(baseline.iam.results_hosts)) - C(name),
        C(account_id), C(account_name), C(partition), C(session_error), C(has_session),
        C(baseline_hash), and C(findings) for hosts that hold them as facts.
    type: list
    elements: dict
    default: []
  now:
    description: The time to record (ISO 8601), e.g. the report time, so the slice and its reports agree. Default now.
    type: str
  baseline_hashes:
    description: With O(state=complete), hashes of the baseline variables the fleet audit used (its RV(baseline.iam.audit#module:results.baseline_hash)).
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The store is written in check mode too - it is the run's output, not a change to an account.
  diff_mode:
    support: none
  platform:
    platforms: posix
"""

EXAMPLES = r"""
- name: RUN | STORE | Open this slice of the run
  baseline.iam.results_run:
    state: started
    results: "{{ iam_baseline_results | default({}) }}"
    report_dir: "{{ iam_baseline_report_dir }}"
    run_id: "{{ iam_baseline_run_id | default('') }}"
    slice: "{{ iam_baseline_slice | default('') }}"
    hosts: "{{ ansible_play_hosts_all | baseline.iam.results_hosts(hostvars) }}"
  register: run

- name: RUN | STORE | Close it
  baseline.iam.results_run:
    state: complete
    results: "{{ run.run.results }}"
    run_id: "{{ run.run.run_id }}"
    slice: "{{ run.run.slice.key }}"
    hosts: "{{ ansible_play_hosts_all | baseline.iam.results_hosts(hostvars) }}"
"""

RETURN = r"""
run:
  description:
    - C(run_id), C(slice) (C(key), C(number), C(count)), C(results) (the resolved store settings, to
      hand to the audit), C(location), C(status), C(started_at), C(finished_at), C(accounts) (how many).
  returned: always
  type: dict
  sample:
    run_id: 20261127T120000Z-1a2b3c
    slice: {key: 3-of-4, number: 3, count: 4}
    results: {kind: s3, s3_bucket: example-iam-baseline-results, s3_prefix: drift, kms_key_id: alias/iam-baseline}
    location: s3://example-iam-baseline-results/drift
    status: started
"""

import secrets

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time
from ansible_collections.baseline.iam.plugins.module_utils._results import run_id as _run_id
from ansible_collections.baseline.iam.plugins.module_utils._results import settings as _settings
from ansible_collections.baseline.iam.plugins.module_utils._results import slices as _slices
from ansible_collections.baseline.iam.plugins.module_utils._results.errors import ResultsError
from ansible_collections.baseline.iam.plugins.module_utils._results.store import open_store

try:
    from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS
except ImportError:  # pragma: no cover
    AWS_ERRORS = ()


def _summary(manifest, settings, store):
    return {
        "run_id": manifest["run_id"],
        "slice": manifest["slice"],
        "results": settings,
        "location": store.location,
        "status": manifest["status"],
        "started_at": manifest["started_at"],
        "finished_at": manifest["finished_at"],
        "accounts": len(manifest["accounts"]),
    }


def start(params, now):
    settings = _settings.normalize(params["results"], params["report_dir"])
    run_id = _run_id.derive_run_id(params["run_id"], params["awx_workflow_job_id"], params["awx_job_id"], now, secrets.token_hex(3))
    slice_ = _run_id.slice_of(params["slice"], params["slice_count"], params["awx_job_id"], params["awx_workflow_job_id"])
    store = open_store(settings)
    return _summary(_slices.open_slice(store, run_id, slice_, params["hosts"], now), settings, store)


def complete(params, now):
    settings = _settings.normalize(params["results"], params["report_dir"])
    run_id = _run_id.check_run_id(params["run_id"])
    if not params["slice"]:
        raise ResultsError("slice", "the key of the slice to close is required")
    store = open_store(settings)
    closed = _slices.close_slice(store, run_id, params["slice"], params["hosts"], now, params["baseline_hashes"])
    return _summary(closed, settings, store)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            state=dict(type="str", choices=["started", "complete"], required=True),
            results=dict(type="dict", default={}),
            report_dir=dict(type="path"),
            run_id=dict(type="str", default=""),
            slice=dict(type="str", default=""),
            slice_count=dict(type="int"),
            awx_job_id=dict(type="str", default=""),
            awx_workflow_job_id=dict(type="str", default=""),
            hosts=dict(type="list", elements="dict", default=[]),
            baseline_hashes=dict(type="list", elements="str", default=[]),
            now=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    try:
        now = _time.iso(module.params["now"]) if module.params["now"] else _time.now_iso()
        run = start(module.params, now) if module.params["state"] == "started" else complete(module.params, now)
    except ResultsError as e:
        module.fail_json(msg=str(e), invalid_field=e.field, error_code=e.code)
    except ValueError as e:  # a malformed time
        module.fail_json(msg="now: %s" % e)
    except AWS_ERRORS as e:  # an AWS error the store did not translate
        module.fail_json(msg="results store: %s" % e)
    module.exit_json(changed=False, run=run)


if __name__ == "__main__":
    main()
