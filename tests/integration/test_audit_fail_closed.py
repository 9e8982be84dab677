"""The audit never hides and never cries wolf (issue 14), against the simulator: root credentials
declared centrally managed are checked against the data, the credential report is cross-checked
with the users that exist, CloudTrail must record management events."""

import datetime

import pytest

from tests.support import key_dates, principals
from tests.support.audit import REPORT_USER_CONTROLS, audit, audit_with_fault, finding, statuses

ROOT_IDS = ("ROOT.ACCESS_KEY", "ROOT.MFA", "ROOT.HARDWARE_MFA", "ROOT.RECENT_USE")
CENTRAL = {"audit": {"root_credentials_managed_centrally": True}}


def root_statuses(result):
    return {control: finding(result, control)["status"] for control in ROOT_IDS}


@pytest.mark.parametrize(
    ("root", "status", "words"),
    [
        ({"password": False}, "NOT_APPLICABLE", "confirms"),
        # an inactive root key stays hidden behind the flag no longer
        ({"password": False, "inactive_access_keys": 1}, "FAIL", "access key 1 (inactive)"),
        ({"password": False, "access_keys": 1}, "FAIL", "access key 1 (active)"),
        ({"password": True}, "FAIL", "password"),
    ],
)
def test_root_managed_centrally_only_when_the_data_confirms_it(account, root, status, words):
    account.set_root(**root)
    result = audit(account, CENTRAL)
    assert set(root_statuses(result).values()) == {status}
    assert words in finding(result, "ROOT.ACCESS_KEY")["message"]


def test_root_access_key_fails_on_an_inactive_key(account):
    account.set_root(mfa_active=True, inactive_access_keys=1)
    assert statuses(audit(account), "ROOT.ACCESS_KEY") == {account.account_id: "FAIL"}
    account.set_root(inactive_access_keys=0)
    account.expire_credential_report()  # the next report says what the root user holds now
    assert statuses(audit(account), "ROOT.ACCESS_KEY") == {account.account_id: "PASS"}


# The credential report must cover the users it judges. The simulator serves the same report for
# 4 hours as AWS does (tests/support/moto_patches.py), so users made after it are not in it.

DIRECT_READS = ("ListAccessKeys", "GetAccessKeyLastUsed", "GetLoginProfile", "ListMFADevices", "GetUser")


def make_late_user(account, name="late"):
    """A console user without MFA, its password set 100 days ago and never used, with two
    120-day-old keys that were never used, made after the account's credential report. (The
    simulator answers the login profile's own CreateDate, as AWS does: the password is backdated,
    and the user with it.)"""
    iam = account.client("iam")
    key_dates.seed_key(account, name, created_days_ago=120)
    key_dates.seed_key(account, name, created_days_ago=120)
    iam.create_login_profile(UserName=name, Password="Correct-Horse-9!")
    principals.age_user(account, name, 100)


def direct_calls(result):
    return {action: count for action, count in result["api_calls"].items() if action in DIRECT_READS}


def test_users_made_after_the_report_are_judged(account):
    first = audit(account)  # the report is made now, when the account has no user
    assert statuses(first, "USER.KEY_AGE") == {account.account_id: "NOT_APPLICABLE"}
    make_late_user(account)
    second = audit(account)
    assert second["evidence_time"] == first["evidence_time"]  # the same report, served again
    for control in REPORT_USER_CONTROLS:
        assert statuses(second, control) == {"late": "FAIL"}, control
        assert "read directly" in finding(second, control, "late")["message"]
    # only the missing user was read: one call of each kind, one GetAccessKeyLastUsed per key
    assert direct_calls(second) == {**dict.fromkeys(DIRECT_READS, 1), "GetAccessKeyLastUsed": 2}


def test_no_extra_call_when_the_report_covers_everyone(account):
    make_late_user(account, "early")
    first = audit(account)
    second = audit(account)
    assert direct_calls(first) == direct_calls(second) == {}
    assert statuses(second, "USER.KEY_AGE") == {"early": "FAIL"}
    assert "read directly" not in finding(second, "USER.KEY_AGE", "early")["message"]


def test_a_user_that_cannot_be_read_is_error_not_absent(account):
    audit(account)
    make_late_user(account)
    result, fault = audit_with_fault(account, "ListAccessKeys", "AccessDenied")
    assert fault.hits == 1
    for control in REPORT_USER_CONTROLS:
        assert statuses(result, control) == {"late": "ERROR"}, control
        assert "AccessDenied" in finding(result, control, "late")["message"]


def test_a_deleted_user_is_not_judged_from_the_old_report(account):
    make_late_user(account, "gone")
    assert statuses(audit(account), "USER.KEY_AGE") == {"gone": "FAIL"}
    iam = account.client("iam")
    for key in iam.list_access_keys(UserName="gone")["AccessKeyMetadata"]:
        iam.delete_access_key(UserName="gone", AccessKeyId=key["AccessKeyId"])
    iam.delete_login_profile(UserName="gone")
    iam.delete_user(UserName="gone")
    assert statuses(audit(account), "USER.KEY_AGE") == {account.account_id: "NOT_APPLICABLE"}


def test_a_report_from_the_future_is_not_fresh(account):
    make_late_user(account)
    account.set_credential_report_time(datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1))
    result = audit(account)
    for control in REPORT_USER_CONTROLS:
        assert statuses(result, control) == {account.account_id: "ERROR"}, control
        assert "credential_report (ReportFromTheFuture)" in finding(result, control)["message"]
    assert finding(result, "ACCT.ACCESS")["status"] == "ERROR"
    # a stamp a few minutes ahead is clock skew, not the future
    account.set_credential_report_time(datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=2))
    assert statuses(audit(account), "USER.KEY_AGE") == {"late": "FAIL"}


# ACCT.CLOUDTRAIL reads the event selectors: logging is not enough.


def make_trail(account, **selectors):
    account.client("s3").create_bucket(Bucket="trail-%s" % account.account_id)
    cloudtrail = account.client("cloudtrail")
    cloudtrail.create_trail(Name="org", S3BucketName="trail-%s" % account.account_id, IsMultiRegionTrail=True)
    cloudtrail.start_logging(Name="org")
    if selectors:
        cloudtrail.put_event_selectors(TrailName="org", **selectors)


READ_ONLY = {"EventSelectors": [{"ReadWriteType": "ReadOnly", "IncludeManagementEvents": True}]}
NO_MANAGEMENT = {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": False}]}
ADVANCED_WRITES = {
    "AdvancedEventSelectors": [
        {
            "Name": "management writes",
            "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "Equals": ["false"]}],
        }
    ]
}


@pytest.mark.parametrize(
    ("selectors", "status", "words"),
    [
        ({}, "PASS", "logging all management events"),  # a new trail's default selectors
        (ADVANCED_WRITES, "PASS", "logging write management events"),
        (READ_ONLY, "FAIL", "only read management events"),
        (NO_MANAGEMENT, "FAIL", "records no management events"),
    ],
)
def test_cloudtrail_must_record_management_events(account, selectors, status, words):
    make_trail(account, **selectors)
    result = audit(account)
    assert finding(result, "ACCT.CLOUDTRAIL")["status"] == status
    assert words in finding(result, "ACCT.CLOUDTRAIL")["message"]
    assert result["api_calls"]["GetEventSelectors"] == 1


def test_cloudtrail_selectors_that_cannot_be_read_are_error(account):
    make_trail(account)
    result, fault = audit_with_fault(account, "GetEventSelectors", "AccessDenied")
    assert fault.hits == 1
    assert finding(result, "ACCT.CLOUDTRAIL")["status"] == "ERROR"
    assert "AccessDenied" in finding(result, "ACCT.CLOUDTRAIL")["message"]
