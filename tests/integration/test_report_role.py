"""Role baseline.iam.report through the real ansible-playbook: a stand-in play sets the audit's
facts per account host from a fixture file, a localhost play runs the role; the test checks the
six files, their content, and the exit code."""

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import yaml

from tests.support import report_samples as samples
from tests.support.guard import offline_environment
from tests.support.playbook import REPO, run_playbook

FAIL_TASK = "baseline.iam.report : RUN | REPORT | Fail the run on FAIL/ERROR at or above the threshold"
EMPTY_TASK = "baseline.iam.report : RUN | REPORT | Fail when nothing was audited (no report written)"
FILES = ("findings.json", "junit.xml", "findings.sarif", "asff.json", "report.md", "report.html")
FINDINGS_SCHEMA = json.loads((REPO / "docs" / "schemas" / "findings.schema.json").read_text())
SARIF_SCHEMA = json.loads((REPO / "tests" / "unit" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text())
HOSTS = {"prod": samples.PROD, "dev": samples.DEV, "sandbox": samples.SANDBOX, "locked": samples.LOCKED}


def _setup(tmp_path):
    """Fixture file, inventory and playbook; returns (playbook, inventory)."""
    by_account = {}
    for finding in samples.sample_findings():
        by_account.setdefault(finding["account_id"], []).append(finding)
    fixture = tmp_path / "audit-facts.json"
    fixture.write_text(json.dumps(by_account, ensure_ascii=False), encoding="utf-8")
    inventory = tmp_path / "inventory.yml"
    hosts = {name: {"aws_account_id": account} for name, account in HOSTS.items()}
    hosts["bystander"] = {"aws_account_id": "999999999999"}  # in the inventory, not in the run
    inventory.write_text(
        yaml.safe_dump(
            {
                "all": {
                    "vars": {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"},
                    "children": {
                        "accounts": {"hosts": {k: v for k, v in hosts.items() if k != "bystander"}},
                        "others": {"hosts": {"bystander": hosts["bystander"]}},
                    },
                }
            }
        )
    )
    stand_in = {
        "name": "Stand-in for the audit role: the facts it sets, from a fixture file",
        "hosts": "accounts",
        "gather_facts": False,
        "tasks": [
            {
                "name": "Findings of an audited account",
                "ansible.builtin.set_fact": {
                    "iam_baseline_session": {"account_id": "{{ aws_account_id }}", "partition": "aws"},
                    "iam_baseline_session_error": {},
                    "iam_baseline_findings": "{{ (lookup('ansible.builtin.file', '%s') | from_json)[aws_account_id] }}" % fixture,
                },
                "when": "aws_account_id != '%s'" % samples.LOCKED,
                "tags": ["always"],
            },
            {
                "name": "An account whose session could not be opened",
                "ansible.builtin.set_fact": {"iam_baseline_session": {}, "iam_baseline_session_error": samples.SESSION_ERROR},
                "when": "aws_account_id == '%s'" % samples.LOCKED,
                "tags": ["always"],
            },
        ],
    }
    report = {"name": "Reports", "hosts": "localhost", "gather_facts": False, "roles": ["baseline.iam.report"]}
    playbook = tmp_path / "drift.yml"
    playbook.write_text(yaml.safe_dump([stand_in, report], sort_keys=False))
    return playbook, inventory


def _run(tmp_path, limit=None, check=False, tags=None, **extra_vars):
    playbook, inventory = _setup(tmp_path)
    extra_vars.setdefault("iam_baseline_report_dir", str(tmp_path / "reports"))
    # No AWS call is made; the offline environment makes sure of it.
    env = offline_environment("http://127.0.0.1:9")
    return run_playbook(playbook, env, inventory=inventory, extra_vars=extra_vars, limit=limit, check=check, tags=tags)


def _read(tmp_path, name):
    return (tmp_path / "reports" / name).read_text(encoding="utf-8")


def test_writes_six_files_then_fails_on_high(tmp_path):
    result = _run(tmp_path)
    assert result.rc == 2, result.output[-3000:]
    (failed,) = result.failed
    assert failed["task"] == FAIL_TASK
    message = failed["result"]["msg"]
    assert message.startswith("Drift check FAILED: 5 FAIL/ERROR at or above high (critical: FAIL 2; high: FAIL 1, ERROR 2)")
    assert "27 findings in 4 accounts (PASS 7, FAIL 13, ERROR 3, WAIVED 2, NOT_APPLICABLE 2)" in message
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == sorted(FILES)

    document = json.loads(_read(tmp_path, "findings.json"))
    jsonschema.Draft202012Validator(FINDINGS_SCHEMA).validate(document)
    expected = samples.sample_document()
    (locked,) = [f for f in document["findings"] if f["account_id"] == samples.LOCKED]
    assert locked["evidence_time"] == document["generated_at"]  # the session error was seen in this run
    locked["evidence_time"] = samples.GENERATED_AT
    assert document["findings"] == expected["findings"]  # values from AWS kept as they are: no templating
    assert {a["account_id"]: (a["name"], a["status"]) for a in document["accounts"]} == {
        samples.PROD: ("prod", "audited"),
        samples.DEV: ("dev", "audited"),
        samples.SANDBOX: ("sandbox", "audited"),
        samples.LOCKED: ("locked", "not_audited"),
    }
    assert any(f["resource_id"] == samples.JINJA_USER for f in document["findings"])

    junit = ET.fromstring(_read(tmp_path, "junit.xml").encode("utf-8"))
    assert (junit.get("tests"), junit.get("failures"), junit.get("errors"), junit.get("skipped")) == ("25", "13", "3", "2")
    assert len(junit.findall("testsuite")) == 4

    sarif = json.loads(_read(tmp_path, "findings.sarif"))
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(sarif)
    assert len(sarif["runs"][0]["results"]) == 18

    batches = json.loads(_read(tmp_path, "asff.json"))
    assert sum(len(b["Findings"]) for b in batches) == 27
    assert all(f["ProductArn"].startswith("arn:aws:securityhub:us-east-1:") for b in batches for f in b["Findings"])

    assert _read(tmp_path, "report.md").startswith("## baseline.iam drift check: FAILED")
    html = _read(tmp_path, "report.html")
    assert 'id="matrix"' in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_passes_when_nothing_reaches_the_threshold(tmp_path):
    # Only the sandbox account takes part: its findings are PASS, WAIVED and NOT_APPLICABLE.
    result = _run(tmp_path, limit="sandbox,localhost", iam_baseline_fail_on="info", iam_baseline_securityhub_region="eu-central-1")
    assert result.rc == 0, result.output[-3000:]
    document = json.loads(_read(tmp_path, "findings.json"))
    assert [a["account_id"] for a in document["accounts"]] == [samples.SANDBOX]  # no host outside the run
    assert _read(tmp_path, "report.md").startswith("## baseline.iam drift check: passed")
    assert json.loads(_read(tmp_path, "asff.json"))[0]["Findings"][0]["ProductArn"].startswith("arn:aws:securityhub:eu-central-1:")
    verdict = result.result("baseline.iam.report : RUN | REPORT | Show the verdict")
    assert "Drift check passed: no FAIL/ERROR at or above info" in verdict["msg"]


def test_threshold_critical_still_fails_on_critical_and_tags_do_not_skip_the_report(tmp_path):
    result = _run(tmp_path, tags=["password_policy"], iam_baseline_fail_on="critical")
    assert result.rc == 2
    assert result.failed[0]["result"]["msg"].startswith("Drift check FAILED: 2 FAIL/ERROR at or above critical")


def test_merge_slices_and_compare_with_previous_in_check_mode(tmp_path):
    # This run audits prod only; the other accounts come from another slice's findings.json.
    slice_file = tmp_path / "slice2-findings.json"
    whole = samples.sample_document()
    other = [f for f in whole["findings"] if f["account_id"] != samples.PROD]
    other_accounts = [a for a in whole["accounts"] if a["account_id"] != samples.PROD]
    from ansible_collections.baseline.iam.plugins.module_utils._reports import document as _report_document

    slice_file.write_text(json.dumps(_report_document.build(other, other_accounts, samples.GENERATED_AT)))
    previous = tmp_path / "previous-findings.json"
    previous.write_text(json.dumps(samples.previous_document()))

    result = _run(
        tmp_path,
        limit="prod,localhost",
        check=True,  # the reports are local files: written in check mode too
        iam_baseline_merge_findings=[str(slice_file)],
        iam_baseline_previous_findings=str(previous),
    )
    assert result.rc == 2, result.output[-3000:]
    document = json.loads(_read(tmp_path, "findings.json"))
    assert document["findings"] == whole["findings"]
    assert document["summary"] == whole["summary"]
    markdown = _read(tmp_path, "report.md")
    assert "### Changes since 2026-11-20T12:00:00Z" in markdown and "**2 new, 2 fixed**" in markdown
    assert "Since 2026-11-20T12:00:00Z: 2 new, 2 fixed" in _read(tmp_path, "report.html")


def test_missing_previous_file_is_reported_and_skipped(tmp_path):
    result = _run(tmp_path, limit="sandbox,localhost", iam_baseline_previous_findings=str(tmp_path / "none.json"))
    assert result.rc == 0, result.output[-3000:]
    assert "does not exist; the reports show no changes" in result.output
    assert "Changes since" not in _read(tmp_path, "report.md")


def test_nothing_audited_fails_and_writes_nothing(tmp_path):
    # The only inventory host in the run has no baseline facts (no account was audited).
    result = _run(tmp_path, limit="bystander,localhost")
    assert result.rc == 2
    (failed,) = result.failed
    assert failed["task"] == EMPTY_TASK
    assert "Nothing was audited" in failed["result"]["msg"]
    assert not (tmp_path / "reports").exists()


def test_missing_merge_file_fails_before_writing(tmp_path):
    result = _run(tmp_path, iam_baseline_merge_findings=[str(tmp_path / "slice-9.json")])
    assert result.rc == 2
    assert "iam_baseline_merge_findings: no such file: %s" % (tmp_path / "slice-9.json") in result.output
    assert not Path(tmp_path / "reports").exists()


def test_bad_fail_on_is_refused_by_the_argument_spec(tmp_path):
    result = _run(tmp_path, iam_baseline_fail_on="severe")
    assert result.rc == 2
    assert "iam_baseline_fail_on" in result.output and "severe" in result.output
    assert not (tmp_path / "reports").exists()
