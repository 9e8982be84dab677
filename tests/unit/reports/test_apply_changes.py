"""changes.json of an apply: with iam_baseline_apply_only_drifted, each account says which families
ran and which failing controls chose them; without it, nothing new."""

from ansible_collections.baseline.iam.plugins.module_utils._reports.apply_changes import changes_document, changes_markdown

FINDINGS = [{"control_id": "ROOT.MFA", "resource_id": "111122223333", "status": "FAIL"}]


def test_only_drifted_accounts_say_what_ran():
    hostvars = {
        "skipped": {"aws_account_id": "111122223333", "iam_baseline_findings": FINDINGS,
                    "iam_baseline_failing_controls": {"ROOT.MFA": "FAIL"}, "iam_baseline_drifted_families": []},
        "applied": {"aws_account_id": "444455556666", "iam_baseline_findings": [],
                    "iam_baseline_failing_controls": {"PP.MIN_LENGTH": "FAIL"}, "iam_baseline_drifted_families": ["password_policy"],
                    "iam_baseline_changes": {"password_policy": [{"what": "account password policy", "changed": True}]}},
        "plain": {"aws_account_id": "777788889999", "iam_baseline_findings": []},
    }  # fmt: skip
    doc = changes_document(["skipped", "applied", "plain"], hostvars, generated_at="2026-11-27T12:00:00Z")
    accounts = {a["host"]: a for a in doc["accounts"]}
    assert accounts["skipped"]["only_drifted"] == {"families_run": [], "failing_controls": {"ROOT.MFA": "FAIL"}}
    assert accounts["skipped"]["status"] == "drifted" and accounts["skipped"]["open_findings"] == ["ROOT.MFA 111122223333"]
    assert accounts["applied"]["only_drifted"]["families_run"] == ["password_policy"]
    assert "only_drifted" not in accounts["plain"]
    assert doc["summary"]["changed"] == ["applied"]
    markdown = changes_markdown(doc)
    assert "- families run (only drifted): none (nothing to fix)" in markdown
    assert "- families run (only drifted): password_policy" in markdown
