# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The loop of the event source, with the queue calls passed in: the plugin gives it SQS through
boto3, the unit tests a fake queue and a fake clock.

Each step long-polls the queue (never past the next window's end), keeps or skips each message,
deletes every message it read (a malformed one too: it will never become readable, and leaving
it would bring it back after every visibility timeout), then hands out the windows that closed.
Queue errors never end the loop: it waits 1, 2, 4 ... seconds, at most `max_backoff`, and tries
again; windows keep closing on time meanwhile.
"""

from __future__ import annotations

import asyncio
import math
import time

from . import cloudtrail as _cloudtrail


class QueueError(Exception):
    """A queue call failed (the plugin turns botocore's errors into this)."""


class Backoff:
    """1, 2, 4 ... seconds after consecutive failures, never more than `cap`; reset on success."""

    def __init__(self, first=1.0, cap=60.0):
        self.first, self.cap, self.failures = first, cap, 0

    def failed(self):
        delay = min(self.cap, self.first * (2 ** min(self.failures, 30)))
        self.failures += 1
        return delay

    def succeeded(self):
        self.failures = 0


class Poller:
    def __init__(self, queue, put, coalescer, log, clock=time.time, sleep=asyncio.sleep, **options):
        self.queue, self.put, self.coalescer, self.log = queue, put, coalescer, log
        self.clock, self.sleep = clock, sleep
        self.wait_time = options.get("wait_time", 20)
        self.max_messages = options.get("max_messages", 10)
        self.ignore_principals = tuple(options.get("ignore_principals") or ())
        self.backoff = Backoff(cap=options.get("max_backoff", 60))
        self.emitted = 0

    async def run(self):
        while True:
            await self.step()

    def _wait(self):
        deadline = self.coalescer.next_deadline()
        if deadline is None:
            return self.wait_time
        return max(0, min(self.wait_time, math.ceil(deadline - self.clock())))

    async def step(self):
        try:
            messages = await self.queue.receive(self._wait(), self.max_messages)
        except QueueError as e:
            delay = self.backoff.failed()
            self.log.error("iam_change_events: reading the queue failed: %s; trying again in %g s", e, delay)
            await self._pause(delay)
            return
        self.backoff.succeeded()
        now = self.clock()
        for message in messages:
            self._consume(message, now)
        if messages:
            await self._delete(messages)
        await self._emit_due()

    def _consume(self, message, now):
        message_id = message.get("MessageId", "?")
        try:
            change = _cloudtrail.parse(message.get("Body"))
        except _cloudtrail.MalformedMessage as e:
            # The body is not logged: it may hold request parameters nobody asked to see in a log.
            self.log.warning("iam_change_events: skipped malformed message %s: %s", message_id, e)
            return
        reason = _cloudtrail.skip_reason(change, self.ignore_principals)
        if reason:
            self.log.debug("iam_change_events: skipped %s (account %s): %s", change["event_name"], change["account_id"], reason)
            return
        self.coalescer.add(change, now)
        self.log.info("iam_change_events: account %s: %s by %s", change["account_id"], change["event_name"], change["principal"])

    async def _delete(self, messages):
        try:
            failed = await self.queue.delete(messages)
        except QueueError as e:
            self.log.error("iam_change_events: deleting %d message(s) failed: %s; SQS will deliver them again", len(messages), e)
            return
        for item in failed:
            self.log.error("iam_change_events: deleting message %s failed: %s", item.get("Id"), item.get("Message") or item.get("Code"))

    async def _emit_due(self):
        for event in self.coalescer.due(self.clock()):
            self.emitted += 1
            self.log.info(
                "iam_change_events: account %s: %d change(s) (%s) -> run %s for %s",
                event["account_id"],
                event["count"],
                ", ".join(event["event_names"]),
                event["run_id"],
                ", ".join(event["controls"]) or "no control",
            )
            await self.put(event)

    async def _pause(self, seconds):
        """Sleeps `seconds`, waking up to hand out windows that close meanwhile."""
        end = self.clock() + seconds
        while True:
            await self._emit_due()
            now = self.clock()
            if now >= end:
                return
            deadline = self.coalescer.next_deadline()
            await self.sleep(max(0, min(end, deadline if deadline is not None else end) - now))
