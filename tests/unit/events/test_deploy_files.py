"""What docs/real-time.md tells a user to deploy (files/eda) is valid and agrees with itself and
with the rulebook."""

import json
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
FILES = REPO / "files" / "eda"
RULEBOOK = REPO / "extensions" / "eda" / "rulebooks" / "drift_on_change.yml"
QUEUE_ARN = "arn:aws:sqs:us-east-1:111122223333:baseline-iam-changes"
POLICIES = (
    "sqs-queue-policy.json",
    "eventbridge-target-role-trust.json",
    "eventbridge-target-role-policy.json",
    "rulebook-reader-policy.json",
)


def load(name):
    return json.loads((FILES / name).read_text())


@pytest.mark.parametrize("name", sorted(p.name for p in FILES.glob("*.json")))
def test_every_json_file_is_valid(name):
    assert isinstance(load(name), dict)


@pytest.mark.parametrize("name", POLICIES)
def test_policies_are_iam_documents(name):
    document = load(name)
    assert document["Version"] == "2012-10-17"
    for statement in document["Statement"]:
        assert statement["Effect"] == "Allow"
        assert statement["Action"]
        assert "Resource" in statement or "Principal" in statement


def test_the_queue_is_the_same_everywhere():
    resources = [
        s["Resource"]
        for name in ("sqs-queue-policy.json", "eventbridge-target-role-policy.json", "rulebook-reader-policy.json")
        for s in load(name)["Statement"]
    ]
    assert set(resources) == {QUEUE_ARN}
    rule_arn = load("sqs-queue-policy.json")["Statement"][0]["Condition"]["ArnEquals"]["aws:SourceArn"]
    assert rule_arn.startswith("arn:aws:events:us-east-1:111122223333:rule/")
    variables = yaml.safe_load((FILES / "rulebook-vars.yml").read_text())
    assert variables["iam_baseline_eda_queue_url"].endswith("/111122223333/baseline-iam-changes")


def test_the_reader_may_only_read_and_delete():
    (statement,) = load("rulebook-reader-policy.json")["Statement"]
    assert sorted(statement["Action"]) == ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"]


def test_vars_template_sets_every_variable_of_the_rulebook():
    used = set(re.findall(r"\biam_baseline_eda_\w+", RULEBOOK.read_text()))
    variables = yaml.safe_load((FILES / "rulebook-vars.yml").read_text())
    assert set(variables) == used
    assert variables["iam_baseline_eda_apply_families"] == []  # nothing applies unless the user says so
