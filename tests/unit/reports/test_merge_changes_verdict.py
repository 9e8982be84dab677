"""Merging slices, new/fixed since a previous run, and the pass/fail decision (fail_on, empty)."""

import copy

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit.findings import new_finding
from ansible_collections.baseline.iam.plugins.module_utils._reports import changes as _report_changes
from ansible_collections.baseline.iam.plugins.module_utils._reports import document as _report_document
from ansible_collections.baseline.iam.plugins.module_utils._reports import merge as _report_merge
from ansible_collections.baseline.iam.plugins.module_utils._reports import verdict as _report_verdict
from tests.support import report_samples as samples

T = samples.GENERATED_AT


def _slice(account_ids, generated_at=T):
    document = samples.sample_document()
    findings = [f for f in document["findings"] if f["account_id"] in account_ids]
    accounts = [a for a in document["accounts"] if a["account_id"] in account_ids]
    return _report_document.build(findings, accounts, generated_at)


def test_merge_of_slices_equals_the_whole_run():
    whole = samples.sample_document()
    slices = [_slice({samples.PROD, samples.LOCKED}), _slice({samples.DEV}), _slice({samples.SANDBOX})]
    assert _report_merge.merge(slices, T) == whole


def test_merge_deduplicates_by_finding_id_and_recomputes_the_summary():
    whole = samples.sample_document()
    overlapping = [_slice({samples.PROD, samples.DEV}), _slice({samples.DEV, samples.SANDBOX, samples.LOCKED}), whole]
    merged = _report_merge.merge(overlapping, T)
    assert len(merged["findings"]) == len({f["finding_id"] for f in merged["findings"]}) == 27
    assert merged["summary"] == whole["summary"]
    assert [a["account_id"] for a in merged["accounts"]] == [samples.PROD, samples.DEV, samples.SANDBOX, samples.LOCKED]


def test_merge_keeps_the_finding_with_the_later_evidence():
    older, newer = _slice({samples.PROD}), _slice({samples.PROD})
    target = next(f for f in newer["findings"] if f["control_id"] == "ROOT.MFA")
    target.update(status="PASS", evidence_time="2026-11-28T00:00:00Z")
    for order in ([older, newer], [newer, older]):
        merged = _report_merge.merge(order, T)
        (root,) = [f for f in merged["findings"] if f["control_id"] == "ROOT.MFA"]
        assert root["status"] == "PASS"
        assert merged["summary"]["by_status"]["PASS"] == older["summary"]["by_status"]["PASS"] + 1


def test_merge_an_account_audited_in_one_slice_is_audited():
    unreachable = _report_document.build([], [_report_document.new_account(samples.PROD, "prod", "not_audited")], T)
    merged = _report_merge.merge([unreachable, _slice({samples.PROD})], T)
    assert merged["accounts"] == [{"account_id": samples.PROD, "name": "prod", "status": "audited"}]


def test_merge_refuses_a_document_of_another_version():
    other = samples.sample_document()
    other["schema_version"] = 2
    with pytest.raises(_report_document.ReportError, match="document 2: schema_version 2"):
        _report_merge.merge([samples.sample_document(), other], T)


def test_merge_of_nothing_is_empty():
    merged = _report_merge.merge([], T)
    assert merged["findings"] == [] and merged["accounts"] == []


# --- new / fixed -----------------------------------------------------------------------------


def _keys(findings):
    return sorted((f["account_id"], f["control_id"], f.get("fixed_by")) for f in findings)


def test_changes_new_and_fixed():
    delta = _report_changes.changes(samples.sample_document(), samples.previous_document())
    assert delta["previous_generated_at"] == "2026-11-20T12:00:00Z"
    # PP.MIN_LENGTH on PROD passed before; ACCT.ACCESS on LOCKED was not there.
    assert _keys(delta["new"]) == [(samples.PROD, "PP.MIN_LENGTH", None), (samples.LOCKED, "ACCT.ACCESS", None)]
    # POL.ADMIN_STAR is gone from an audited account; PP.MISSING passes now. LOCKED's old FAIL is
    # gone too, but LOCKED was not audited this time: not fixed.
    assert _keys(delta["fixed"]) == [(samples.SANDBOX, "POL.ADMIN_STAR", "gone"), (samples.SANDBOX, "PP.MISSING", "PASS")]
    assert {f["previous_status"] for f in delta["fixed"]} == {"FAIL"}


def _one(status, control="ROOT.MFA", account=samples.PROD):
    finding = new_finding(control, {"account_id": account, "partition": "aws", "taken_at": T}, status, "m")
    return _report_document.build([finding], [_report_document.new_account(account)], T)


@pytest.mark.parametrize(
    ("before", "now", "new", "fixed"),
    [
        ("PASS", "FAIL", True, False),
        ("WAIVED", "FAIL", True, False),
        ("NOT_APPLICABLE", "ERROR", True, False),
        (None, "FAIL", True, False),
        ("FAIL", "FAIL", False, False),
        ("FAIL", "ERROR", False, False),  # still failing: neither new nor fixed
        ("ERROR", "FAIL", False, False),
        ("FAIL", "PASS", False, True),
        ("ERROR", "PASS", False, True),
        ("FAIL", "WAIVED", False, False),  # accepted, not fixed
        ("FAIL", "NOT_APPLICABLE", False, False),
        ("FAIL", None, False, True),  # gone from an audited account
        ("PASS", None, False, False),
    ],
)
def test_changes_table(before, now, new, fixed):
    previous = _one(before) if before else _report_document.build([], [_report_document.new_account(samples.PROD)], T)
    current = _one(now) if now else _report_document.build([], [_report_document.new_account(samples.PROD)], T)
    delta = _report_changes.changes(current, previous)
    assert (len(delta["new"]) == 1, len(delta["fixed"]) == 1) == (new, fixed)


def test_gone_from_an_account_not_audited_now_is_not_fixed():
    previous = _one("FAIL")
    current = _report_document.build([], [_report_document.new_account(samples.PROD, None, "not_audited")], T)
    assert _report_changes.changes(current, previous)["fixed"] == []
    # ...nor when the account is not in the run at all.
    assert _report_changes.changes(_report_document.build([], [], T), previous)["fixed"] == []


# --- verdict ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "severity", "fail_on", "failed"),
    [
        ("FAIL", "critical", "high", True),
        ("FAIL", "high", "high", True),
        ("ERROR", "high", "high", True),
        ("FAIL", "medium", "high", False),
        ("ERROR", "medium", "high", False),
        ("FAIL", "medium", "medium", True),
        ("FAIL", "low", "medium", False),
        ("FAIL", "info", "low", False),
        ("FAIL", "info", "info", True),
        ("ERROR", "info", "info", True),
        ("FAIL", "high", "critical", False),
        ("FAIL", "critical", "critical", True),
        ("WAIVED", "critical", "info", False),
        ("PASS", "critical", "info", False),
        ("NOT_APPLICABLE", "critical", "info", False),
    ],
)
def test_fail_on_thresholds(status, severity, fail_on, failed):
    document = _one(status)
    document["findings"][0]["severity"] = severity
    decision = _report_verdict.verdict(document, fail_on)
    assert decision["failed"] is failed
    assert decision["reason"] == ("blocking" if failed else None)
    assert decision["blocking"] == (1 if failed else 0)


def test_default_threshold_is_high():
    assert _report_verdict.DEFAULT_FAIL_ON == "high"
    medium = _one("FAIL", "PP.MIN_LENGTH")
    assert _report_verdict.verdict(medium)["failed"] is False
    assert _report_verdict.verdict(_one("FAIL"))["failed"] is True


def test_verdict_message_lists_the_counts():
    decision = _report_verdict.verdict(samples.sample_document(), "high")
    assert decision["failed"] and decision["blocking"] == 5
    assert decision["blocking_by_severity"] == {"critical": {"FAIL": 2, "ERROR": 0}, "high": {"FAIL": 1, "ERROR": 2}}
    message = decision["message"]
    assert message.startswith("Drift check FAILED: 5 FAIL/ERROR at or above high")
    assert "critical: FAIL 2" in message and "high: FAIL 1, ERROR 2" in message
    assert "27 findings in 4 accounts" in message and "WAIVED 2" in message


def test_passing_run_message():
    document = _report_document.build([f for f in samples.sample_findings() if f["account_id"] == samples.SANDBOX], generated_at=T)
    decision = _report_verdict.verdict(document, "info")
    assert decision == {
        "failed": False,
        "reason": None,
        "fail_on": "info",
        "blocking": 0,
        "blocking_by_severity": decision["blocking_by_severity"],
        "message": "Drift check passed: no FAIL/ERROR at or above info; 5 findings in 1 accounts (PASS 3, WAIVED 1, NOT_APPLICABLE 1).",
    }


@pytest.mark.parametrize("fail_on", ["critical", "info"])
def test_nothing_audited_fails_whatever_the_threshold(fail_on):
    empty = _report_document.build([], [], T)
    decision = _report_verdict.verdict(empty, fail_on)
    assert decision["failed"] is True
    assert decision["reason"] == "nothing_audited"
    assert "Nothing was audited" in decision["message"]


def test_unknown_threshold_is_refused_naming_the_variable():
    with pytest.raises(_report_document.ReportError, match="iam_baseline_fail_on: 'severe'"):
        _report_verdict.verdict(samples.sample_document(), "severe")


def test_verdict_does_not_depend_on_a_stale_summary():
    document = samples.sample_document()
    stale = copy.deepcopy(document)
    stale["summary"]["by_severity"] = dict.fromkeys(stale["summary"]["by_severity"], 0)
    assert _report_verdict.verdict(stale)["blocking"] == _report_verdict.verdict(document)["blocking"] == 5
