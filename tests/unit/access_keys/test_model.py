"""Input validation, key assessment and the STS verification loop of the access_keys family."""

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from ansible_collections.baseline.iam.plugins.module_utils._access_keys import aws as _iam_access_keys
from ansible_collections.baseline.iam.plugins.module_utils._access_keys import model as _access_keys
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from tests.support.fixed import NOW

BASE = {
    "users": None,
    "exclude": [],
    "max_age_days": 90,
    "unused_days": 45,
    "max_active_keys": 1,
    "grace_days": 14,
    "secret_name_template": _access_keys.DEFAULT_SECRET_NAME_TEMPLATE,
    "secret_kms_key_id": None,
}


def test_defaults_are_valid():
    assert _access_keys.validate(BASE) is None


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"max_age_days": 0}, "max_age_days", "between 1 and 3650"),
        ({"max_age_days": 3651}, "max_age_days", "between 1 and 3650"),
        ({"unused_days": 0}, "unused_days", "between 1 and 3650"),
        ({"max_active_keys": 3}, "max_active_keys", "between 1 and 2"),
        ({"max_active_keys": 0}, "max_active_keys", "between 1 and 2"),
        ({"grace_days": 0}, "grace_days", "between 1 and 365"),
        ({"grace_days": -3}, "grace_days", "between 1 and 365"),
        ({"unused_days": 100, "max_age_days": 90}, "unused_days", "must not exceed max_age_days"),
        ({"users": ["ok", "bad user"]}, "users", "not a valid IAM user name"),
        ({"users": [""]}, "users", "non-empty"),
        ({"exclude": ["  "]}, "exclude", "non-empty"),
        ({"secret_name_template": "keys/{account_id}"}, "secret_name_template", "must contain {user}"),
        ({"secret_name_template": "keys/{user}/{region}"}, "secret_name_template", "{region}"),
        ({"secret_name_template": "keys/{user!r}"}, "secret_name_template", "no format"),
        ({"secret_name_template": "keys/{user"}, "secret_name_template", "not a valid template"),
        ({"secret_name_template": "keys {user}"}, "secret_name_template", "characters"),
        ({"secret_name_template": "keys/{user}-abcdef"}, "secret_name_template", "six characters"),
        ({"secret_kms_key_id": " "}, "secret_kms_key_id", "must not be empty"),
    ],
)
def test_bad_input_names_the_field(change, field, words):
    with pytest.raises(InputError) as raised:
        _access_keys.validate({**BASE, **change})
    assert raised.value.field == field
    assert words in raised.value.problem


def test_equal_thresholds_are_allowed():
    assert _access_keys.validate({**BASE, "unused_days": 90, "max_age_days": 90}) is None


def test_secret_name_per_user_can_still_be_refused():
    name = _access_keys.secret_name(BASE["secret_name_template"], "111122223333", "a,b")
    assert name == "iam-baseline/111122223333/a,b/access-key"
    assert _access_keys.secret_name_problem(name)


def test_assess_counts_whole_days_and_reports_only_enabled_controls():
    key = {"access_key_id": "K", "status": "Active", "created": "2026-08-28T13:00:00Z", "last_used": None}
    facts = _access_keys.assess(key, 2, NOW, BASE)
    assert facts["age_days"] == 90  # 90 days and 23 hours
    assert facts["findings"] == ["USER.KEY_UNUSED", "USER.TWO_ACTIVE_KEYS"]
    assert _access_keys.assess(key, 2, NOW, BASE, controls=["USER.KEY_AGE"])["findings"] == []
    assert _access_keys.assess(dict(key, status="Inactive"), 2, NOW, BASE)["findings"] == []


def test_summary_counts():
    results = [
        {"action": "rotated", "findings": ["USER.KEY_AGE"]},
        {"action": "none", "findings": []},
        {"action": "blocked", "findings": ["USER.KEY_AGE", "USER.TWO_ACTIVE_KEYS"]},
    ]
    summary = _access_keys.summarize(results)
    assert summary["total"] == 3
    assert summary["by_action"] == {"none": 1, "deactivated": 0, "deleted": 0, "rotated": 1, "blocked": 1}
    assert summary["by_finding"] == {"USER.KEY_AGE": 2, "USER.KEY_UNUSED": 0, "USER.TWO_ACTIVE_KEYS": 1}


# sts:GetCallerIdentity with the new key, retried while the key is not yet valid everywhere ----


class FakeSts:
    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = 0

    def get_caller_identity(self):
        self.calls += 1
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def client_error(code):
    return ClientError({"Error": {"Code": code, "Message": "x"}}, "GetCallerIdentity")


USER_IDENTITY = {"Arn": "arn:aws:iam::111122223333:user/app", "Account": "111122223333"}


def test_verify_retries_until_the_key_is_valid():
    sleeps = []
    sts = FakeSts([client_error("InvalidClientTokenId"), EndpointConnectionError(endpoint_url="x"), USER_IDENTITY])
    assert _iam_access_keys.verify_key(sts, "app", "111122223333", sleep=sleeps.append) == (True, None)
    assert sleeps == [1, 2]


def test_verify_gives_up_after_the_bounded_attempts():
    sleeps = []
    sts = FakeSts([client_error("InvalidClientTokenId")] * 10)
    ok, code = _iam_access_keys.verify_key(sts, "app", "111122223333", sleep=sleeps.append)
    assert (ok, code) == (False, "InvalidClientTokenId")
    assert sts.calls == len(_iam_access_keys.VERIFY_DELAYS) + 1
    assert sum(sleeps) <= 30


def test_verify_rejects_another_identity():
    sts = FakeSts([{"Arn": "arn:aws:iam::111122223333:user/someone-else", "Account": "111122223333"}])
    assert _iam_access_keys.verify_key(sts, "app", "111122223333", sleep=lambda s: None) == (False, "WrongIdentity")


def test_create_errors_that_may_be_retried():
    assert _iam_access_keys.is_retryable(client_error("Throttling"))
    assert _iam_access_keys.is_retryable(EndpointConnectionError(endpoint_url="x"))
    assert not _iam_access_keys.is_retryable(client_error("AccessDenied"))
    assert not _iam_access_keys.is_retryable(client_error("LimitExceeded"))
