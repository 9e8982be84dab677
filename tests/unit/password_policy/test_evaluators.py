"""PP.* evaluators: PASS, FAIL, NOT_APPLICABLE and ERROR, table-driven."""

import pytest

from tests.support.snapshots import evaluate, snapshot, statuses

CIS = {
    "MinimumPasswordLength": 14,
    "RequireSymbols": True,
    "RequireNumbers": True,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "AllowUsersToChangePassword": True,
    "ExpirePasswords": True,
    "MaxPasswordAge": 90,
    "PasswordReusePrevention": 24,
}
PP_IDS = ("PP.MISSING", "PP.MIN_LENGTH", "PP.REUSE", "PP.COMPLEXITY", "PP.MAX_AGE", "PP.SELF_SERVICE")


def pp_statuses(snap, params=None):
    """{control: status} of the PP.* controls."""
    return statuses(evaluate(snap, *PP_IDS, params=params), by="control_id")


def test_cis_policy_passes_every_control():
    assert pp_statuses(snapshot(password_policy=CIS)) == dict.fromkeys(PP_IDS, "PASS")


def test_no_policy_fails_every_control():
    assert pp_statuses(snapshot(password_policy=None)) == dict.fromkeys(PP_IDS, "FAIL")


def test_unreadable_policy_is_error_never_pass():
    result = evaluate(snapshot(errors={"password_policy": "AccessDenied"}), *PP_IDS)
    assert {f["status"] for f in result} == {"ERROR"}
    assert all("AccessDenied" in f["message"] for f in result)


def test_policy_never_collected_is_error():
    assert set(pp_statuses(snapshot()).values()) == {"ERROR"}


@pytest.mark.parametrize(
    ("change", "control"),
    [
        ({"MinimumPasswordLength": 13}, "PP.MIN_LENGTH"),
        ({"PasswordReusePrevention": 23}, "PP.REUSE"),
        ({"PasswordReusePrevention": None}, "PP.REUSE"),
        ({"RequireSymbols": False}, "PP.COMPLEXITY"),
        ({"RequireLowercaseCharacters": False}, "PP.COMPLEXITY"),
        ({"MaxPasswordAge": 91}, "PP.MAX_AGE"),
        ({"MaxPasswordAge": None, "ExpirePasswords": False}, "PP.MAX_AGE"),
        ({"AllowUsersToChangePassword": False}, "PP.SELF_SERVICE"),
    ],
)
def test_one_weak_setting_fails_only_its_control(change, control):
    policy = {k: v for k, v in {**CIS, **change}.items() if v is not None}
    result = pp_statuses(snapshot(password_policy=policy))
    assert result[control] == "FAIL"
    assert [c for c, s in result.items() if s != "PASS"] == [control]


def test_stricter_than_baseline_passes():
    policy = {**CIS, "MinimumPasswordLength": 32, "MaxPasswordAge": 30}
    assert set(pp_statuses(snapshot(password_policy=policy)).values()) == {"PASS"}


def test_thresholds_come_from_the_family_variable():
    policy = {**CIS, "MinimumPasswordLength": 16}
    assert pp_statuses(snapshot(password_policy=policy), {"password_policy": {"minimum_length": 20}})["PP.MIN_LENGTH"] == "FAIL"
    assert pp_statuses(snapshot(password_policy=policy), {"password_policy": {"minimum_length": 16}})["PP.MIN_LENGTH"] == "PASS"


@pytest.mark.parametrize(
    ("setting", "control"),
    [
        ({"max_age_days": 0}, "PP.MAX_AGE"),
        ({"reuse_prevention": 0}, "PP.REUSE"),
        ({"allow_users_to_change_password": False}, "PP.SELF_SERVICE"),
        ({"require_symbols": False, "require_numbers": False, "require_uppercase": False, "require_lowercase": False}, "PP.COMPLEXITY"),
    ],
)
def test_requirement_off_in_baseline_is_not_applicable(setting, control):
    assert pp_statuses(snapshot(password_policy=None), {"password_policy": setting})[control] == "NOT_APPLICABLE"


def test_finding_shape_and_evidence():
    snap = snapshot(password_policy={**CIS, "MinimumPasswordLength": 8}, taken_at="2026-11-27T00:00:00Z")
    (finding,) = evaluate(snap, "PP.MIN_LENGTH")
    assert finding["status"] == "FAIL"
    assert finding["actual"] == 8
    assert finding["expected"] == ">= 14"
    assert finding["resource_arn"] == "arn:aws:iam::111122223333:root"
    assert finding["references"]["cis_v3"] == "1.8"
    assert finding["references"]["cis_v6"] == "2.7"
    assert finding["evidence_time"] == "2026-11-27T00:00:00Z"
    assert "baseline.iam.password_policy" in finding["remediation"]
    assert len(finding["finding_id"]) == 32
