"""Issue 8's bad-input matrix, through the playbooks a user runs: one case per class, each must
fail with a clear message naming the field, and change nothing in the account (zero mutating
calls, seen by the proxy)."""

import pytest

from tests.support.calls import is_mutating
from tests.support.playbook import run_playbook, write_inventory

OVERSIZED = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/%05d" % i for i in range(400)]}],
}
WILDCARD = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
GITHUB = "arn:aws:iam::{{ aws_account_id }}:oidc-provider/token.actions.githubusercontent.com"

CASES = {
    "password policy out of range": ("apply", {"iam_baseline_password_policy": {"minimum_length": 5}}, "minimum_length"),
    "malformed policy JSON": ("apply", {"iam_baseline_groups": [{"name": "g", "inline_policies": {"p": "{not json"}}]}, "inline_policies"),
    "oversized policy": ("apply", {"iam_baseline_groups": [{"name": "g", "inline_policies": {"p": OVERSIZED}}]}, "inline_policies"),
    "non-Latin-1 policy": (
        "apply",
        {
            "iam_baseline_groups": [
                {
                    "name": "g",
                    "inline_policies": {
                        "p": {
                            "Version": "2012-10-17",
                            "Statement": [{"Sid": "Ünïcødé✓", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
                        }
                    },
                }
            ]
        },
        "inline_policies",
    ),
    "trust with a wildcard principal": (
        "apply",
        {"iam_baseline_trust": {"roles": [{"name": "r", "create": True, "document": WILDCARD}]}},
        "document",
    ),
    "OIDC trust without sub": (
        "apply",
        {
            "iam_baseline_trust": {
                "roles": [{"name": "r", "create": True, "oidc_provider": {"arn": GITHUB, "audience": "sts.amazonaws.com"}}]
            }
        },
        "oidc_provider",
    ),
    "foreign account without ExternalId": (
        "apply",
        {"iam_baseline_trust": {"roles": [{"name": "r", "create": True, "trusted_accounts": [{"account_id": "999988887777"}]}]}},
        "external_id",
    ),
    "session duration out of range": (
        "apply",
        {
            "iam_baseline_trust": {
                "roles": [{"name": "r", "create": True, "services": ["ec2.amazonaws.com"], "max_session_duration": 50000}]
            }
        },
        "max_session_duration",
    ),
    "force-MFA document without self-service": (
        "apply",
        {"iam_baseline_mfa": {"extra_not_actions": ["iam:DeactivateMFADevice"]}},
        "extra_not_actions",
    ),
    "rotation thresholds out of order": ("apply", {"iam_baseline_access_keys": {"max_age_days": 30, "unused_days": 60}}, "unused_days"),
    "the caller's own role": (
        "apply",
        {"iam_baseline_trust": {"roles": [{"name": "OrganizationAccountAccessRole", "services": ["ec2.amazonaws.com"]}]}},
        "OrganizationAccountAccessRole",
    ),
    "a protected principal": (
        "apply",
        {
            "iam_baseline_protected_principals": ["ops-*"],
            "iam_baseline_trust": {"roles": [{"name": "ops-admin", "create": True, "services": ["ec2.amazonaws.com"]}]},
        },
        "protected",
    ),
    "unknown control id": ("drift", {"iam_baseline_controls": {"PP.NOPE": {"enabled": False}}}, "controls.PP.NOPE"),
    "exemption without reason": (
        "drift",
        {"iam_baseline_exemptions": [{"control": "PP.MAX_AGE", "expires": "2030-01-01"}]},
        "exemptions[0].reason",
    ),
    "exemption without expiry": (
        "drift",
        {"iam_baseline_exemptions": [{"control": "PP.MAX_AGE", "reason": "accepted"}]},
        "exemptions[0].expires",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_refused_and_changes_nothing(simulator, tmp_path, case):
    playbook, extra_vars, field = CASES[case]
    account = simulator.new_account()
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    mark = simulator.proxy.mark()
    result = run_playbook("baseline.iam.%s" % playbook, simulator.env(), inventory=inventory, extra_vars=extra_vars)
    assert result.rc != 0
    assert field in result.output, result.output[-3000:]
    writes = [c["action"] for c in simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])]
    assert writes == []


def test_empty_inventory_is_not_all_compliant(simulator, tmp_path):
    inventory = tmp_path / "empty.yml"
    inventory.write_text("all:\n  hosts: {}\n")
    result = run_playbook(
        "baseline.iam.drift", simulator.env(), inventory=inventory, extra_vars={"iam_baseline_report_dir": str(tmp_path / "r")}
    )
    assert result.rc != 0
    assert "nothing was audited" in result.output.lower() or "no account" in result.output.lower(), result.output[-2000:]
    assert not (tmp_path / "r" / "findings.json").exists()
