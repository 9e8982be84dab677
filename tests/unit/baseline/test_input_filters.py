"""The filters that check the baseline variables turn the validators' InputError into a filter
error naming the variable and the field (the roles show it as the task's failure)."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.baseline.iam.plugins.filter import baseline, cli_profiles, groups


def test_group_specs_names_the_spec_and_field():
    with pytest.raises(AnsibleFilterError) as raised:
        groups.group_specs([{"name": "ok"}, {"name": "g", "inline_policies": {"p": "{not json"}}])
    assert str(raised.value).startswith("iam_baseline_groups[1] (g).inline_policies.p: "), str(raised.value)


def test_control_enabled_names_the_variable_and_control():
    with pytest.raises(AnsibleFilterError) as raised:
        baseline.control_enabled("PP.MIN_LENGTH", {"PP.MIN_LENGTH": {"severity": "urgent"}})
    assert str(raised.value) == "iam_baseline_controls.PP.MIN_LENGTH.severity: must be one of critical, high, medium, low, info"


def test_baseline_problems_lists_every_family_once():
    found = baseline.baseline_problems({"password_policy": {"minimum_length": 5}, "mfa": {"groups": ["a b"]}})
    assert found == [
        "iam_baseline_password_policy.minimum_length: must be between 6 and 128, got 5",
        "iam_baseline_mfa.groups: 'a b' is not a valid group name",
    ]


def test_cli_profiles_names_the_variable():
    with pytest.raises(AnsibleFilterError) as raised:
        cli_profiles.cli_profiles([], {}, {"source_profile": ""})
    assert str(raised.value).startswith("iam_baseline_cli_profiles_source_profile: is required"), str(raised.value)
