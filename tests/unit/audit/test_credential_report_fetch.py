"""Credential report: reuse, generation, bounded back-off (stubbed IAM client)."""

import pytest
from botocore.exceptions import ClientError

from ansible_collections.baseline.iam.plugins.module_utils._audit.credential_report_fetch import (
    CredentialReportFromTheFuture,
    CredentialReportTimeout,
    fetch_credential_report,
)
from tests.support.credential_report import report_csv, report_row
from tests.support.fixed import NOW_ISO

CSV = report_csv(report_row("alice", password=True)).encode()


def error(code):
    return ClientError({"Error": {"Code": code, "Message": code}}, "op")


class FakeIAM:
    def __init__(self, gets, generates=()):
        self.gets, self.generates, self.calls = list(gets), list(generates), []

    def get_credential_report(self):
        self.calls.append("Get")
        answer = self.gets.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return {"Content": CSV, "GeneratedTime": answer}

    def generate_credential_report(self):
        self.calls.append("Generate")
        if self.generates:
            answer = self.generates.pop(0)
            if isinstance(answer, Exception):
                raise answer
        return {"State": "STARTED"}


class Clock:
    def __init__(self):
        self.t, self.sleeps = 0.0, []

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.t += seconds

    def __call__(self):
        return self.t


def fetch(iam, wait=120):
    clock = Clock()
    return fetch_credential_report(iam, NOW_ISO, max_wait=wait, sleep=clock.sleep, clock=clock), clock


def test_reuses_a_report_younger_than_four_hours():
    iam = FakeIAM(["2026-11-27T09:00:01Z"])
    report, _clock = fetch(iam)
    assert iam.calls == ["Get"]
    assert report["generated_time"] == "2026-11-27T09:00:01Z"
    assert report["rows"][0]["user"] == "alice"


def test_old_report_is_regenerated_and_waited_for():
    iam = FakeIAM(["2026-11-27T07:00:00Z", error("ReportInProgress"), error("ReportInProgress"), "2026-11-27T12:00:03Z"])
    report, clock = fetch(iam)
    assert iam.calls == ["Get", "Generate", "Get", "Generate", "Get", "Generate", "Get"]
    assert clock.sleeps == [0.5, 1.0]
    assert report["generated_time"] == "2026-11-27T12:00:03Z"


def test_limit_exceeded_is_waited_out():
    iam = FakeIAM(
        [error("ReportNotPresent"), error("ReportInProgress"), "2026-11-27T12:00:03Z"], [error("LimitExceeded"), error("LimitExceeded")]
    )
    report, _clock = fetch(iam)
    assert report["generated_time"] == "2026-11-27T12:00:03Z"


def test_wait_is_bounded():
    iam = FakeIAM([error("ReportNotPresent")] + [error("ReportInProgress")] * 100)
    with pytest.raises(CredentialReportTimeout):
        fetch(iam, wait=10)
    assert iam.calls.count("Get") < 10


def test_other_errors_propagate():
    with pytest.raises(ClientError):
        fetch(FakeIAM([error("AccessDenied")]))


# A report stamped in the future is not fresh (issue 14): its age is unknown.


def test_a_report_from_the_future_is_regenerated():
    iam = FakeIAM(["2026-11-27T14:00:00Z", "2026-11-27T12:00:02Z"])
    report, _clock = fetch(iam)
    assert iam.calls == ["Get", "Generate", "Get"]
    assert report["generated_time"] == "2026-11-27T12:00:02Z"


def test_a_report_still_from_the_future_after_regenerating_is_unreadable():
    iam = FakeIAM(["2026-11-27T14:00:00Z", "2026-11-27T14:00:00Z"])
    with pytest.raises(CredentialReportFromTheFuture) as e:
        fetch(iam)
    assert e.value.code == "ReportFromTheFuture"
    assert iam.calls == ["Get", "Generate", "Get"]


def test_a_small_clock_skew_is_tolerated():
    iam = FakeIAM(["2026-11-27T12:04:00Z"])  # 4 minutes ahead of this host
    report, _clock = fetch(iam)
    assert iam.calls == ["Get"]
    assert report["generated_time"] == "2026-11-27T12:04:00Z"
