#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: results_report
short_description: Write the drift reports of a run from the results store, and decide pass/fail
version_added: 0.1.0
description:
  - Reads a run from the results store (a local directory or an S3 bucket) and writes
    C(findings.json), C(junit.xml), C(findings.sarif), C(asff.json), C(report.md) and
    C(report.html) into O(dest), then returns the verdict. Runs on the controller. The role
    C(baseline.iam.report) and the playbooks C(baseline.iam.drift) and C(baseline.iam.report) use it.
  - Reads the store twice, one account at a time (counts first, then every format written account
    by account), so its memory is bounded by one account plus the summary, whatever the number of
    accounts.
  - The run is O(run_id), or the latest complete run in the store. A run that lacks a slice
    (O(slice_count)), has a slice that did not finish, or lacks an account of O(expected_accounts)
    is reported with these problems (an C(ACCT.ACCESS) C(ERROR) finding stands for each missing
    account) and its verdict fails, whatever O(fail_on).
  - New and fixed findings are computed against the previous complete run in the same store
    (O(compare_with)); the cells of report.html's accounts x controls matrix whose status changed
    since that run are outlined.
  - The report of a whole run (no O(slice)) records the run's FAIL and ERROR counts in the store's
    C(trend.json) (one small object, the last 100 runs), and report.html charts this run and the 11
    before it (an inline SVG; no script or external resource).
  - When the run has no finding at all, nothing is written and the verdict fails (nothing audited).
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  results:
    description: C(iam_baseline_results) - the store (see M(baseline.iam.results_run)).
    type: dict
    default: {}
  report_dir:
    description: The report directory; the default store is its C(results) subdirectory.
    type: path
    required: true
  dest:
    description: Where the files go (created if missing, mode 0750, files 0640). Default O(report_dir).
    type: path
  run_id:
    description: C(iam_baseline_run_id) - the run to report. Empty - the latest complete run in the store.
    type: str
    default: ""
  slice:
    description: Report only this slice of the run (its key), as the drift playbook does at the end of a slice.
    type: str
    default: ""
  slice_count:
    description: C(iam_baseline_slice_count) - how many slices the run must have.
    type: int
  expected_accounts:
    description:
      - Accounts the run must have results for (C(account_id), and C(account_name) or C(name)), e.g.
        every account of the inventory of the report job (filter C(baseline.iam.results_hosts)).
        Each one without results is an C(ACCT.ACCESS) C(ERROR).
    type: list
    elements: dict
    default: []
  compare_with:
    description:
      - C(previous) - the latest complete run of the store that finished before this one started;
        C(none); or a run id.
    type: str
    default: previous
  previous_findings:
    description:
      - A previous C(findings.json) to compare with instead (deprecated; the store keeps the
        previous runs). Read whole into memory.
    type: path
  merge_findings:
    description:
      - C(findings.json) files of other slices to add to the run first (deprecated; slices of one
        run now share the store). Each is read whole into memory.
    type: list
    elements: path
    default: []
  fail_on:
    description: The lowest severity whose FAIL or ERROR fails the verdict.
    type: str
    choices: [critical, high, medium, low, info]
    default: high
  securityhub_region:
    description: The Security Hub region written into C(asff.json).
    type: str
    default: us-east-1
  docs_url:
    description:
      - Where the controls are documented (C(iam_baseline_docs_url)), an http(s) URL.
      - C(findings.sarif) names it as the tool's C(informationUri) and each rule's C(helpUri),
        C(asff.json) as C(Remediation.Recommendation.Url). Empty - no such link. Anything else fails
        before a file is written.
    type: str
    default: ""
  html_paged_over:
    description:
      - Over this many accounts, C(report.html) holds the summary and the matrix and each account
        gets its own page (C(report-accounts/<id>.html)) linked from them.
    type: int
    default: 100
  generated_at:
    description: The report time (ISO 8601). Default now.
    type: str
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
attributes:
  check_mode:
    support: full
    details: The reports are local files and the run's output; they are written in check mode too.
  diff_mode:
    support: none
  platform:
    platforms: posix
"""

EXAMPLES = r"""
- name: RUN | REPORT | Reports of the latest complete run
  baseline.iam.results_report:
    results: {s3_bucket: example-iam-baseline-results, s3_prefix: drift}
    report_dir: ./reports
  register: report

- name: RUN | REPORT | Reports of run awx-4711, which must hold every account of the inventory
  baseline.iam.results_report:
    results: {s3_bucket: example-iam-baseline-results, s3_prefix: drift}
    report_dir: ./reports
    run_id: awx-4711
    slice_count: 4
    expected_accounts: "{{ groups['all'] | baseline.iam.results_hosts(hostvars) | selectattr('account_id') }}"
"""

RETURN = r"""
run_id:
  description: The run reported.
  returned: always
  type: str
previous_run_id:
  description: The run compared with (null when none).
  returned: always
  type: str
trend:
  description:
    - The runs report.html charts, oldest first; each C(run_id), C(finished_at), C(accounts),
      C(fail), C(error), C(complete). Empty for the report of one slice.
  returned: always
  type: list
  elements: dict
run:
  description: C(run_id), C(slice), C(complete), C(problems), C(slices) (key, number, count, status, times), C(previous_run_id).
  returned: always
  type: dict
verdict:
  description:
    - C(failed), C(reason) (C(blocking), C(incomplete), C(nothing_audited) or null), C(fail_on),
      C(blocking), C(blocking_by_severity), C(message), and C(problems) when incomplete.
  returned: always
  type: dict
summary:
  description: C(total), C(by_status), C(by_severity) (FAIL and ERROR), C(accounts).
  returned: always
  type: dict
files:
  description: The files written, relative to RV(dir) (none when nothing was audited).
  returned: always
  type: list
  elements: str
dir:
  description: The report directory.
  returned: always
  type: str
"""

import json
import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time
from ansible_collections.baseline.iam.plugins.module_utils._reports import links as _report_links
from ansible_collections.baseline.iam.plugins.module_utils._reports.document import ReportError
from ansible_collections.baseline.iam.plugins.module_utils._results import settings as _settings
from ansible_collections.baseline.iam.plugins.module_utils._results.errors import ResultsError
from ansible_collections.baseline.iam.plugins.module_utils._results.report import report
from ansible_collections.baseline.iam.plugins.module_utils._results.store import open_store


def _load(path, field):
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError) as e:
        raise ResultsError(field, "cannot read %s: %s" % (path, e)) from None


def _docs_url(value):
    try:
        return _report_links.docs_url(value)
    except ValueError as e:
        raise ResultsError("docs_url", str(e)) from None


def options(params):
    expected = {}
    for index, account in enumerate(params["expected_accounts"]):
        if not account.get("account_id"):
            raise ResultsError("expected_accounts[%d].account_id" % index, "required")
        expected[str(account["account_id"])] = account.get("account_name") or account.get("name")
    previous = params["previous_findings"]
    return {
        "slice": params["slice"],
        "slice_count": params["slice_count"],
        "expected": expected,
        "compare_with": params["compare_with"],
        "paged_over": params["html_paged_over"],
        "docs_url": _docs_url(params["docs_url"]),
        "previous_document": _load(previous, "previous_findings") if previous else None,
        "merge_documents": [_load(path, "merge_findings[%d]" % i) for i, path in enumerate(params["merge_findings"])],
    }


def main():
    module = AnsibleModule(
        argument_spec=dict(
            results=dict(type="dict", default={}),
            report_dir=dict(type="path", required=True),
            dest=dict(type="path"),
            run_id=dict(type="str", default=""),
            slice=dict(type="str", default=""),
            slice_count=dict(type="int"),
            expected_accounts=dict(type="list", elements="dict", default=[]),
            compare_with=dict(type="str", default="previous"),
            previous_findings=dict(type="path"),
            merge_findings=dict(type="list", elements="path", default=[]),
            fail_on=dict(type="str", choices=["critical", "high", "medium", "low", "info"], default="high"),
            securityhub_region=dict(type="str", default="us-east-1"),
            html_paged_over=dict(type="int", default=100),
            docs_url=dict(type="str", default=""),
            generated_at=dict(type="str"),
        ),
        supports_check_mode=True,
    )
    params = module.params
    directory = os.path.abspath(params["dest"] or params["report_dir"])
    try:
        now = _time.iso(params["generated_at"]) if params["generated_at"] else _time.now_iso()
        store = open_store(_settings.normalize(params["results"], os.path.abspath(params["report_dir"])))
        result = report(store, params["run_id"], directory, now, params["fail_on"], params["securityhub_region"], options(params))
    except ResultsError as e:
        module.fail_json(msg=str(e), invalid_field=e.field, error_code=e.code)
    except (ReportError, ValueError) as e:
        module.fail_json(msg=str(e))
    module.exit_json(changed=False, dir=directory, **result)


if __name__ == "__main__":
    main()
