"""The report filter plugins: registered, documented, thin wrappers that accept plain lists and
turn problems into filter errors."""

import xml.etree.ElementTree as ET

import pytest
import yaml
from ansible.errors import AnsibleFilterError

from ansible_collections.baseline.iam.plugins.filter import report
from tests.support import report_samples as samples
from tests.support.playbook import REPO

FILTERS = report.FilterModule().filters()


def test_every_filter_has_a_doc_file_named_after_it():
    for name in FILTERS:
        path = REPO / "plugins" / "filter" / ("%s.yml" % name)
        docs = yaml.safe_load(path.read_text())
        assert docs["DOCUMENTATION"]["name"] == name
        assert docs["DOCUMENTATION"]["short_description"] and docs["EXAMPLES"] and docs["RETURN"]["_value"]["type"]


def test_renderers_take_a_plain_list_of_findings():
    findings = samples.sample_findings()
    assert FILTERS["findings_document"](findings, generated_at=samples.GENERATED_AT)["summary"]["total"] == 26
    assert ET.fromstring(FILTERS["findings_junit"](findings)).tag == "testsuites"
    assert FILTERS["findings_sarif"](findings)["version"] == "2.1.0"
    assert len(FILTERS["findings_asff"](findings, "eu-west-1")) == 3
    assert FILTERS["findings_markdown"](findings, None, "critical", "5").startswith("## baseline.iam drift check")
    assert FILTERS["findings_html"](findings, "").startswith("<!DOCTYPE html>")
    assert FILTERS["findings_verdict"](findings, "critical")["failed"] is True


class FakeHostvars(dict):
    """hostvars as a filter sees it: a mapping of host name -> that host's variables."""


def test_findings_from_hosts():
    findings = samples.sample_findings()
    hostvars = FakeHostvars(
        prod={
            "iam_baseline_findings": [f for f in findings if f["account_id"] == samples.PROD],
            "iam_baseline_session": {"account_id": samples.PROD},
        },
        locked={"iam_baseline_session": {}, "iam_baseline_session_error": samples.SESSION_ERROR, "aws_account_id": samples.LOCKED},
        half={"iam_baseline_session": {"account_id": "777777777777", "partition": "aws"}, "iam_baseline_session_error": {}},
        bystander={"aws_account_id": "999999999999"},
    )
    document = FILTERS["findings_from_hosts"](["prod", "locked", "half", "bystander", "not-in-inventory"], hostvars, samples.GENERATED_AT)
    assert document["generated_at"] == samples.GENERATED_AT
    assert [(a["account_id"], a["name"], a["status"]) for a in document["accounts"]] == [
        (samples.PROD, "prod", "audited"),
        (samples.LOCKED, "locked", "not_audited"),
        ("777777777777", "half", "not_audited"),
    ]
    access = [f for f in document["findings"] if f["control_id"] == "ACCT.ACCESS"]
    assert {(f["account_id"], f["actual"], f["evidence_time"]) for f in access} == {
        (samples.LOCKED, "AccessDenied", samples.GENERATED_AT),
        ("777777777777", "NotAudited", samples.GENERATED_AT),
    }


def test_merge_changes_and_session_error_filters():
    whole = samples.sample_document()
    assert FILTERS["findings_merge"]([whole, whole], samples.GENERATED_AT) == whole
    delta = FILTERS["findings_changes"](whole, samples.previous_document())
    assert (len(delta["new"]), len(delta["fixed"])) == (2, 2)
    finding = FILTERS["session_error_finding"](samples.SESSION_ERROR, when=samples.GENERATED_AT)
    assert finding == samples.locked_finding()


@pytest.mark.parametrize(
    ("name", "args", "words"),
    [
        ("findings_verdict", (samples.sample_document(), "severe"), "findings_verdict: iam_baseline_fail_on: 'severe'"),
        ("findings_merge", ("not a list",), "findings_merge: expects a list"),
        ("findings_merge", ([{"schema_version": 7, "accounts": [], "findings": []}],), "findings_merge: document 1: schema_version 7"),
        ("findings_junit", ({"findings": []},), "findings_junit: input: not a findings document"),
        ("findings_document", ([{"status": "PASS"}],), "findings_document: findings[0]: missing finding_id"),
        ("session_error_finding", ({"code": "AccessDenied"},), "session_error_finding: no account id"),
    ],
)
def test_problems_are_filter_errors(name, args, words):
    with pytest.raises(AnsibleFilterError) as caught:
        FILTERS[name](*args)
    assert words in str(caught.value)


def test_reports_from_hosts_in_one_pass_equal_the_chain_of_filters():
    findings = samples.sample_findings()
    prod = [f for f in findings if f["account_id"] == samples.PROD]
    others = FILTERS["findings_document"]([f for f in findings if f["account_id"] != samples.PROD], generated_at=samples.GENERATED_AT)
    hostvars = FakeHostvars(prod={"iam_baseline_findings": prod, "iam_baseline_session": {"account_id": samples.PROD}})
    previous = FILTERS["findings_document"](prod[:3], generated_at="2026-01-01T00:00:00Z")

    chained = FILTERS["findings_reports"](
        FILTERS["findings_merge"]([FILTERS["findings_from_hosts"](["prod"], hostvars, samples.GENERATED_AT), others], samples.GENERATED_AT),
        previous=previous,
        fail_on="medium",
    )
    one_pass = FILTERS["findings_reports_from_hosts"](
        ["prod"], hostvars, merge=[others], generated_at=samples.GENERATED_AT, previous=previous, fail_on="medium"
    )

    assert one_pass["files"] == chained["files"] and one_pass["verdict"] == chained["verdict"]
    assert one_pass["summary"]["total"] == len(findings)


def test_results_hosts_records_without_findings_unless_held_as_facts():
    findings = samples.sample_findings()
    hostvars = FakeHostvars(
        prod={"iam_baseline_session": {"account_id": samples.PROD}, "iam_baseline_audit_result": {"baseline_hash": "ab12"}},
        facts={"iam_baseline_findings": [f for f in findings if f["account_id"] == samples.DEV], "aws_account_id": samples.DEV},
        norole={"aws_account_id": "777777777777"},
        flagged={"aws_account_id": "888888888888", "aws_account_error": "member_role_arn_template: no tag 'AuditRole'"},
        byrole={"aws_account_role_arn": "arn:aws:iam::999999999999:role/Audit"},
    )
    records = {r["name"]: r for r in FILTERS["results_hosts"](list(hostvars), hostvars)}
    assert records["prod"]["findings"] is None and records["prod"]["baseline_hash"] == "ab12"
    assert len(records["facts"]["findings"]) == 10
    assert records["byrole"]["account_id"] == "999999999999"  # from the member role ARN
    assert not (records["norole"]["session_error"] or {}).get("code")  # per host: the session role says why
    fleet = {r["name"]: r for r in FILTERS["results_hosts"](list(hostvars), hostvars, fleet=True)}
    assert fleet["norole"]["session_error"]["code"] == "NoRoleArn"
    assert fleet["flagged"]["session_error"] == {
        "code": "InventoryError",
        "message": "member_role_arn_template: no tag 'AuditRole'",
        "role_arn": "",
    }
    assert fleet["byrole"]["session_error"] is None
    taking_part = [r["name"] for r in FILTERS["results_hosts"](list(hostvars), hostvars, taking_part=True)]
    assert taking_part == ["prod", "facts"]
