"""All baseline variables checked together (the apply's first task): each family's own checks,
with the variable and field in the message."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._baseline.check import problems

ROLE = "arn:aws:iam::111122223333:role/OrganizationAccountAccessRole"


def test_defaults_are_valid():
    assert problems({}, "111122223333", ROLE) == []


@pytest.mark.parametrize(
    ("variables", "start"),
    [
        ({"password_policy": {"reuse_prevention": 30}}, "iam_baseline_password_policy.reuse_prevention:"),
        ({"groups": [{"name": "g", "inline_policies": {"p": "{bad"}}]}, "iam_baseline_groups[0] (g).inline_policies.p:"),
        ({"groups": [{"name": "bad name!"}]}, "iam_baseline_groups[0] (bad name!).name:"),
        ({"mfa": {"extra_not_actions": ["iam:DeactivateMFADevice"]}}, "iam_baseline_mfa.extra_not_actions:"),
        ({"trust": {"roles": [{"name": "r", "max_session_duration": 100}]}}, "iam_baseline_trust.roles[0] (r).max_session_duration:"),
        (
            {"trust": {"roles": [{"name": "OrganizationAccountAccessRole", "services": ["ec2.amazonaws.com"]}]}},
            "iam_baseline_trust.roles[0] (OrganizationAccountAccessRole): refused",
        ),
        (
            {"protected_principals": ["ops-*"], "trust": {"roles": [{"name": "ops-x", "services": ["ec2.amazonaws.com"]}]}},
            "iam_baseline_trust.roles[0] (ops-x): refused",
        ),
        ({"identity_providers": [{"type": "ldap"}]}, "iam_baseline_identity_providers[0].type:"),
        ({"access_keys": {"max_age_days": 30, "unused_days": 60}}, "iam_baseline_access_keys.unused_days:"),
        ({"controls": {"X.Y": {"enabled": False}}}, "iam_baseline_controls.X.Y:"),
        ({"exemptions": [{"control": "PP.REUSE"}]}, "iam_baseline_exemptions[0].reason:"),
    ],
)
def test_each_family_problem_names_variable_and_field(variables, start):
    found = problems(variables, "111122223333", ROLE)
    assert len(found) == 1 and found[0].startswith(start), found


def test_every_problem_is_listed_not_only_the_first():
    found = problems({"password_policy": {"minimum_length": 3}, "access_keys": {"grace_days": 0}}, "111122223333", ROLE)
    assert [p.split(":")[0] for p in found] == ["iam_baseline_password_policy.minimum_length", "iam_baseline_access_keys.grace_days"]
