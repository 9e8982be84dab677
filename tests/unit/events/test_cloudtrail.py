"""Parsing message bodies into changes, and the reasons a change is skipped (recorded samples)."""

import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._events import cloudtrail as _cloudtrail
from tests.support import cloudtrail_events

ACCOUNT = "210000000042"


@pytest.mark.parametrize(
    ("name", "service", "event_name", "principal", "region"),
    [
        (
            "iam-update-account-password-policy",
            "iam.amazonaws.com",
            "UpdateAccountPasswordPolicy",
            "arn:aws:sts::%s:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/alice@example.com" % ACCOUNT,
            "us-east-1",
        ),
        ("iam-put-group-policy", "iam.amazonaws.com", "PutGroupPolicy", "arn:aws:iam::%s:user/bob" % ACCOUNT, "us-east-1"),
        ("cloudtrail-stop-logging", "cloudtrail.amazonaws.com", "StopLogging", "arn:aws:iam::%s:root" % ACCOUNT, "eu-west-1"),
    ],
)
def test_parse_eventbridge_event(name, service, event_name, principal, region):
    change = _cloudtrail.parse(cloudtrail_events.body(name, ACCOUNT))
    sample = cloudtrail_events.sample(name, ACCOUNT)
    assert change == {
        "account_id": ACCOUNT,
        "service": service,
        "event_name": event_name,
        "event_time": sample["detail"]["eventTime"],
        "event_id": sample["detail"]["eventID"],
        "region": region,
        "principal": principal,
        "error_code": None,
    }


def test_sns_wrapped_and_bare_records_read_the_same():
    body = cloudtrail_events.body("iam-put-group-policy", ACCOUNT)
    direct = _cloudtrail.parse(body)
    assert _cloudtrail.parse(cloudtrail_events.sns_notification(body)) == direct
    bare = json.dumps(cloudtrail_events.sample("iam-put-group-policy", ACCOUNT)["detail"])
    assert _cloudtrail.parse(bare) == direct


def test_envelope_account_when_the_record_has_none():
    event = cloudtrail_events.sample("iam-put-group-policy", ACCOUNT)
    del event["detail"]["recipientAccountId"]
    assert _cloudtrail.parse(json.dumps(event))["account_id"] == ACCOUNT


def _without(key):
    event = cloudtrail_events.sample("iam-put-group-policy")
    del event["detail"][key]
    return json.dumps(event)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("{this is not json", "not JSON"),
        ("", "not JSON"),
        (None, "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('"text"', "not a JSON object"),
        ('{"hello": "world"}', "neither an EventBridge event"),
        ('{"detail": "x"}', "detail is not an object"),
        ('{"Type": "Notification", "Message": "not json"}', "SNS notification's Message is not JSON"),
        (json.dumps({"detail": {"eventName": "X", "eventSource": "iam.amazonaws.com", "recipientAccountId": "12345"}}), "12-digit"),
        (json.dumps({"detail": {"eventName": "X", "eventSource": "iam.amazonaws.com"}}), "12-digit"),
        (_without("eventName"), "no eventName"),
        (_without("eventSource"), "no eventSource"),
    ],
)
def test_malformed_messages_say_why(body, reason):
    with pytest.raises(_cloudtrail.MalformedMessage, match=reason):
        _cloudtrail.parse(body)


@pytest.mark.parametrize(
    ("name", "ignore", "reason"),
    [
        ("iam-update-account-password-policy", (), None),
        ("iam-put-group-policy", (), None),
        ("iam-update-assume-role-policy", (), None),
        ("iam-create-access-key", (), None),
        ("cloudtrail-stop-logging", (), None),
        ("iam-delete-user-access-denied", (), "the call failed (AccessDenied)"),
        ("iam-tag-user", (), "iam.amazonaws.com TagUser cannot change a control"),
        ("iam-attach-group-policy-by-automation", (), None),
        ("iam-attach-group-policy-by-automation", ("arn:aws:sts::*:assumed-role/*/baseline-iam",), "made by arn:aws:sts::"),
        # A glob must match the whole ARN: a session merely starting alike is not ignored.
        ("iam-update-account-password-policy", ("arn:aws:sts::*:assumed-role/*/baseline-iam",), None),
    ],
)
def test_skip_reasons(name, ignore, reason):
    got = _cloudtrail.skip_reason(_cloudtrail.parse(cloudtrail_events.body(name)), ignore)
    if reason is None:
        assert got is None
    else:
        assert got.startswith(reason), got
