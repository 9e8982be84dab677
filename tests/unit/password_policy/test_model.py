import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._password_policy import model as pp


@pytest.mark.parametrize(
    ("params", "field", "problem"),
    [
        ({"minimum_length": 5}, "minimum_length", "must be between 6 and 128, got 5"),
        ({"minimum_length": 129}, "minimum_length", "must be between 6 and 128, got 129"),
        ({"minimum_length": 0}, "minimum_length", "must be between 6 and 128, got 0"),
        ({"max_age_days": 1096}, "max_age_days", "must be between 1 and 1095 (or 0 to turn it off), got 1096"),
        ({"max_age_days": -1}, "max_age_days", "must be between 1 and 1095 (or 0 to turn it off), got -1"),
        ({"reuse_prevention": 25}, "reuse_prevention", "must be between 1 and 24 (or 0 to turn it off), got 25"),
        ({"reuse_prevention": -3}, "reuse_prevention", "must be between 1 and 24 (or 0 to turn it off), got -3"),
        ({"hard_expiry": True}, "hard_expiry", "set allow_hard_expiry: true to confirm"),
        ({"hard_expiry": True, "allow_hard_expiry": False}, "hard_expiry", "set allow_hard_expiry: true to confirm"),
    ],
)
def test_validate_rejects_naming_the_field(params, field, problem):
    with pytest.raises(InputError) as raised:
        pp.validate(params)
    assert raised.value.field == field
    assert raised.value.problem.endswith(problem), raised.value.problem
    assert str(raised.value) == "%s: %s" % (field, raised.value.problem)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"minimum_length": 6},
        {"minimum_length": 128},
        {"max_age_days": 0},
        {"max_age_days": 1095},
        {"reuse_prevention": 0},
        {"reuse_prevention": 24},
        {"hard_expiry": True, "allow_hard_expiry": True},
        {"hard_expiry": False},
    ],
)
def test_validate_accepts(params):
    assert pp.validate(params) is None


def test_from_api_fills_fields_aws_leaves_out():
    policy = pp.from_api({"MinimumPasswordLength": 10, "RequireSymbols": True, "ExpirePasswords": False})
    assert policy == {**pp.AWS_DEFAULTS, "minimum_length": 10, "require_symbols": True}
    assert pp.from_api(None) is None


def test_to_api_omits_off_values_and_round_trips():
    policy = {**pp.AWS_DEFAULTS, "minimum_length": 14, "max_age_days": 90}
    arguments = pp.to_api(policy)
    assert "PasswordReusePrevention" not in arguments  # 0 = off: the API wants it left out
    assert arguments["MaxPasswordAge"] == 90
    assert pp.from_api(arguments) == policy


def test_desired_keeps_what_was_left_out():
    current = {**pp.AWS_DEFAULTS, "minimum_length": 20, "reuse_prevention": 5, "require_numbers": True}
    after = pp.desired(current, {"minimum_length": 14, "require_numbers": None})
    assert after == {**current, "minimum_length": 14}


def test_desired_without_policy_starts_from_iam_defaults():
    assert pp.desired(None, {"minimum_length": 14}) == {**pp.AWS_DEFAULTS, "minimum_length": 14}
