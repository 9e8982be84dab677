"""_console_mfa and the credential report reader."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils import _console_mfa as c
from ansible_collections.baseline.iam.plugins.module_utils import _iam_credential_report as r

NOW = "2026-11-27T12:00:00Z"
HEADER = "user,arn,user_creation_time,password_enabled,mfa_active\n"


def rows(*lines):
    from ansible_collections.baseline.iam.plugins.module_utils._credential_report import parse_csv

    return parse_csv(HEADER + "\n".join(lines) + "\n")


def test_candidates_are_console_users_without_mfa():
    found = c.candidates(
        rows(
            "<root_account>,arn:aws:iam::1:root,2020-01-01T00:00:00+00:00,true,false",
            "alice,arn:aws:iam::1:user/alice,2026-11-01T00:00:00+00:00,true,false",
            "bob,arn:aws:iam::1:user/bob,2026-11-01T00:00:00+00:00,true,true",
            "robot,arn:aws:iam::1:user/robot,2026-11-01T00:00:00+00:00,false,false",
        )
    )
    assert found == [{"name": "alice", "arn": "arn:aws:iam::1:user/alice", "created": "2026-11-01T00:00:00Z"}]


@pytest.mark.parametrize(
    ("created", "grace", "past"),
    [
        ("2026-11-20T12:00:00Z", 7, False),  # exactly 7 days: not past
        ("2026-11-20T11:59:59Z", 7, True),
        ("2026-11-27T11:00:00Z", 0, True),
        (None, 0, False),  # unknown creation: never acted on
    ],
)
def test_past_grace(created, grace, past):
    assert c.past_grace(created, NOW, grace) is past


@pytest.mark.parametrize(
    ("created", "action", "protected", "status"),
    [
        ("2026-10-01T00:00:00Z", "disable_console", None, c.DISABLED),
        ("2026-10-01T00:00:00Z", "report", None, c.REPORTED),
        ("2026-11-25T00:00:00Z", "disable_console", None, c.IN_GRACE),
        ("2026-10-01T00:00:00Z", "disable_console", "it is the caller of this run", c.PROTECTED),
    ],
)
def test_decide(created, action, protected, status):
    got, reason = c.decide({"name": "u", "created": created}, NOW, 7, action, protected)
    assert got == status
    assert reason
    if status == c.DISABLED:
        assert "access keys untouched" in reason


def test_summary_counts_every_status():
    assert c.summarize([{"status": c.DISABLED}, {"status": c.DISABLED}, {"status": c.IN_GRACE}]) == {
        "reported": 0,
        "in_grace": 1,
        "protected": 0,
        "console_disabled": 2,
    }


class FakeIAM:
    """generate_credential_report answers from a script; get_credential_report returns a report."""

    def __init__(self, states):
        self.states = list(states)
        self.generated = 0

    def generate_credential_report(self):
        self.generated += 1
        state = self.states.pop(0)
        if isinstance(state, Exception):
            raise state
        return {"State": state}

    def get_credential_report(self):
        return {
            "GeneratedTime": "2026-11-27T10:00:00Z",
            "Content": (HEADER + "alice,arn:a,2026-01-01T00:00:00+00:00,true,false\n").encode(),
        }


def client_error(code):
    from botocore.exceptions import ClientError

    return ClientError({"Error": {"Code": code, "Message": code}}, "GenerateCredentialReport")


def test_fetch_waits_with_back_off_until_complete():
    sleeps = []
    fake = FakeIAM(["STARTED", client_error("LimitExceeded"), "INPROGRESS", "COMPLETE"])
    report = r.fetch(fake, wait_seconds=60, sleep=sleeps.append)
    assert sleeps == [1.0, 2.0, 4.0]
    assert report["generated_time"] == "2026-11-27T10:00:00Z"
    assert report["rows"][0]["user"] == "alice"


def test_fetch_gives_up_after_the_wait():
    fake = FakeIAM(["STARTED"] * 20)
    with pytest.raises(r.ReportNotReady):
        r.fetch(fake, wait_seconds=5, sleep=lambda s: None)
    assert fake.generated <= 5


def test_fetch_raises_other_errors():
    with pytest.raises(Exception) as e:
        r.fetch(FakeIAM([client_error("AccessDenied")]), sleep=lambda s: None)
    assert "AccessDenied" in str(e.value)
