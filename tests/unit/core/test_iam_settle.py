"""IAM's eventual consistency: calls on an entity this run has just created wait for it, boundedly."""

import pytest
from botocore.exceptions import ClientError

from ansible_collections.baseline.iam.plugins.module_utils._core import iam as _iam


def error(code):
    return ClientError({"Error": {"Code": code, "Message": code}}, "AttachGroupPolicy")


class Flaky:
    """Answers `answers` in turn (an exception is raised), then `last` for ever."""

    def __init__(self, answers, last):
        self.answers, self.last, self.calls = list(answers), last, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        answer = self.answers.pop(0) if self.answers else self.last
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_settled_retries_not_found_then_succeeds():
    slept = []
    call = Flaky([error("NoSuchEntity"), error("NoSuchEntity")], "done")
    assert _iam.settled(call, "group", sleep=slept.append) == "done"
    assert call.calls == 3 and slept == [1, 2]


def test_settled_is_bounded_then_raises():
    slept = []
    call = Flaky([], error("NoSuchEntity"))
    with pytest.raises(ClientError):
        _iam.settled(call, sleep=slept.append)
    assert call.calls == len(_iam.SETTLE_DELAYS) + 1 and sum(slept) == 15


def test_settled_does_not_retry_other_errors():
    call = Flaky([error("AccessDenied")], "done")
    with pytest.raises(ClientError):
        _iam.settled(call, sleep=lambda _s: pytest.fail("must not wait"))
    assert call.calls == 1


def test_settled_returns_a_none_answer_of_an_action():
    call = Flaky([], None)  # e.g. attach_policy() returns nothing
    assert _iam.settled(call, sleep=lambda _s: pytest.fail("must not wait")) is None and call.calls == 1


def test_settled_read_waits_for_the_entity_to_appear():
    slept = []
    read = Flaky([None], {"RoleName": "new"})
    assert _iam.settled_read(read, sleep=slept.append) == {"RoleName": "new"}
    assert slept == [1]


def test_settled_read_is_bounded():
    slept = []
    read = Flaky([], None)
    assert _iam.settled_read(read, sleep=slept.append) is None
    assert read.calls == len(_iam.SETTLE_DELAYS) + 1 and sum(slept) == 15
