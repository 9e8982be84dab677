"""The collectors record values or error codes, and stop asking a throttled account."""

from botocore.exceptions import ClientError

from ansible_collections.baseline.iam.plugins.module_utils._audit.collect import collect
from tests.support.snapshots import snapshot


def throttled():
    raise ClientError({"Error": {"Code": "Throttling", "Message": "Rate exceeded"}}, "GetAccountSummary")


def denied():
    raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "GetAccountSummary")


def test_records_value_or_error_code():
    snap = snapshot()
    collect(snap, "password_policy", lambda: None)
    collect(snap, "account_summary", denied)
    assert snap["read"] == ["password_policy"]
    assert snap["errors"] == {"account_summary": "AccessDenied"}


def test_throttled_account_is_not_asked_again():
    snap = snapshot()
    asked = []
    collect(snap, "account_summary", throttled)
    collect(snap, "roles", lambda: asked.append("roles") or [])
    assert asked == []
    assert snap["errors"] == {"account_summary": "Throttling", "roles": "Throttling"}
