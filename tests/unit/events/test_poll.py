"""The event source's loop on a fake queue and a fake clock: messages kept, skipped or logged,
every message deleted, windows closed on time, bounded back-off on queue errors."""

import asyncio
import logging

from ansible_collections.baseline.iam.plugins.module_utils._events import coalesce as _coalesce
from ansible_collections.baseline.iam.plugins.module_utils._events import poll as _poll
from tests.support import cloudtrail_events

A, B = "210000000001", "210000000002"


class Clock:
    def __init__(self):
        self.now = 1772460130.0
        self.slept = []

    def __call__(self):
        return self.now

    async def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


class FakeQueue:
    """Answers receive() from a script: a list of messages, or an exception to raise. A receive
    with nothing scripted waits its long-poll time on the fake clock and answers nothing."""

    def __init__(self, clock, script):
        self.clock, self.script = clock, list(script)
        self.waits, self.deleted = [], []

    async def receive(self, wait, max_messages):
        self.waits.append(wait)
        if not self.script:
            self.clock.now += wait
            return []
        answer = self.script.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async def delete(self, messages):
        self.deleted.extend(m["MessageId"] for m in messages)
        return []


def message(i, body):
    return {"MessageId": "m%d" % i, "ReceiptHandle": "r%d" % i, "Body": body}


def make(script, window=60, **options):
    clock = Clock()
    queue = FakeQueue(clock, script)
    put = []

    async def collect(event):
        put.append(event)

    poller = _poll.Poller(queue, collect, _coalesce.Coalescer(window), logging.getLogger("test.poll"), clock, clock.sleep, **options)
    return poller, queue, clock, put


def run_steps(poller, n):
    async def steps():
        for _step in range(n):
            await poller.step()

    asyncio.run(steps())


def test_keeps_skips_and_logs_and_deletes_every_message(caplog):
    batch = [
        message(1, cloudtrail_events.body("iam-update-account-password-policy", A)),
        message(2, "{broken"),
        message(3, cloudtrail_events.body("iam-delete-user-access-denied", B)),
        message(4, cloudtrail_events.body("iam-tag-user", B)),
        message(5, cloudtrail_events.body("iam-put-group-policy", A)),
    ]
    poller, queue, _clock, put = make([batch], window=50)
    with caplog.at_level(logging.DEBUG, logger="test.poll"):
        run_steps(poller, 3)
        assert queue.deleted == ["m1", "m2", "m3", "m4", "m5"]
        assert put == []  # the window is still open
        run_steps(poller, 1)
    # The last receive waited only until the window closed (10 s), then the event went out.
    assert queue.waits == [20, 20, 20, 10]
    assert [(e["account_id"], e["count"]) for e in put] == [(A, 2)]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert warnings[0].startswith("iam_change_events: skipped malformed message m2: the message body is not JSON (Expecting property name")
    assert "{broken" not in caplog.text  # bodies are never logged


def test_long_poll_is_shortened_to_the_window_end():
    first = [message(1, cloudtrail_events.body("iam-put-group-policy", A))]
    poller, queue, _clock, put = make([first], window=5, wait_time=20)
    run_steps(poller, 3)
    assert queue.waits[0] == 20  # nothing open yet
    assert queue.waits[1] == 5  # the window closes in 5 s
    assert len(put) == 1
    assert queue.waits[2] == 20  # nothing open again


def test_queue_errors_back_off_boundedly_and_windows_still_close(caplog):
    failure = _poll.QueueError("Throttling: slow down")
    first = [message(1, cloudtrail_events.body("iam-put-group-policy", A))]
    poller, _queue, _clock, put = make([first] + [failure] * 8, window=10, max_backoff=8)
    with caplog.at_level(logging.ERROR, logger="test.poll"):
        run_steps(poller, 9)
    delays = [float(r.getMessage().rsplit("again in ", 1)[1].split(" ")[0]) for r in caplog.records if "trying again" in r.getMessage()]
    assert delays == [1, 2, 4, 8, 8, 8, 8, 8]
    assert len(put) == 1 and put[0]["account_id"] == A  # closed during the back-off
    assert put[0]["closed_at"] <= "2026-03-02T14:02:22Z"  # on time, not after the back-off
    run_steps(poller, 1)  # a success resets the back-off
    assert poller.backoff.failures == 0


def test_a_failed_delete_is_logged_and_the_loop_goes_on(caplog):
    class FailingDelete(FakeQueue):
        async def delete(self, messages):
            raise _poll.QueueError("AccessDenied: no sqs:DeleteMessage")

    clock = Clock()
    queue = FailingDelete(clock, [[message(1, cloudtrail_events.body("iam-put-group-policy", A))]])
    put = []

    async def collect(event):
        put.append(event)

    poller = _poll.Poller(queue, collect, _coalesce.Coalescer(0), logging.getLogger("test.poll"), clock, clock.sleep)
    with caplog.at_level(logging.ERROR, logger="test.poll"):
        run_steps(poller, 2)
    assert "deleting 1 message(s) failed: AccessDenied" in caplog.text
    assert len(put) == 1


def test_backoff_sequence():
    backoff = _poll.Backoff(first=1, cap=60)
    assert [backoff.failed() for _failure in range(9)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    backoff.succeeded()
    assert backoff.failed() == 1
