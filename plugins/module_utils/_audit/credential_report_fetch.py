# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Getting a credential report: reuse one younger than 4 hours, else generate one and wait for it
with bounded back-off (ReportInProgress, LimitExceeded), never longer than `max_wait` seconds.

A report stamped in the future (beyond CLOCK_SKEW) is not fresh: its age is unknown. It is
regenerated once; if AWS still hands out one from the future (it serves the same report for up to
4 hours), the source is unreadable (ReportFromTheFuture) rather than trusted."""

from __future__ import annotations

import time

from .._core import dates as _time
from .._core.errors import AWS_ERRORS, SourceUnavailable, error_code
from . import credential_report as _credential_report

REUSE_SECONDS = 4 * 3600
# Clock difference tolerated between this host and AWS when judging the report's age.
CLOCK_SKEW_SECONDS = 300
WAITING_CODES = ("ReportInProgress", "ReportNotPresent", "ReportExpired", "LimitExceeded", "LimitExceededException")
FIRST_DELAY, MAX_DELAY = 0.5, 8.0


class CredentialReportTimeout(SourceUnavailable):
    """The report was not ready within the wait budget."""

    code = "ReportTimeout"


class CredentialReportFromTheFuture(SourceUnavailable):
    """The report is stamped later than now (plus CLOCK_SKEW_SECONDS), even after regenerating."""

    code = "ReportFromTheFuture"


def _get(iam):
    """The current report, or None while there is none (or it is being made)."""
    try:
        return iam.get_credential_report()
    except AWS_ERRORS as e:
        if error_code(e) in WAITING_CODES:
            return None
        raise


def _generate(iam):
    try:
        iam.generate_credential_report()
    except AWS_ERRORS as e:
        if error_code(e) not in WAITING_CODES:  # LimitExceeded: one is already being made
            raise


def _age(answer, now):
    """Seconds since the report was generated (negative: stamped in the future), None if unstamped."""
    generated = _time.parse(answer.get("GeneratedTime"))
    return None if generated is None else (_time.parse(now) - generated).total_seconds()


def _fresh(answer, now):
    age = _age(answer, now)
    return age is not None and -CLOCK_SKEW_SECONDS <= age < REUSE_SECONDS


def _from_the_future(answer, now):
    age = _age(answer, now)
    return age is not None and age < -CLOCK_SKEW_SECONDS


def _as_source(answer):
    return {"generated_time": _time.iso(answer.get("GeneratedTime")), "rows": _credential_report.parse_csv(answer["Content"])}


def fetch_credential_report(iam, now, max_wait=120, sleep=time.sleep, clock=time.monotonic):
    answer = _get(iam)
    if answer is not None and _fresh(answer, now):
        return _as_source(answer)
    _generate(iam)
    deadline, delay = clock() + max_wait, FIRST_DELAY
    while True:
        answer = _get(iam)
        if answer is not None and _fresh(answer, now):
            return _as_source(answer)
        if answer is not None and _from_the_future(answer, now):
            raise CredentialReportFromTheFuture()
        if clock() + delay > deadline:
            raise CredentialReportTimeout()
        sleep(delay)
        delay = min(delay * 2, MAX_DELAY)
        _generate(iam)  # keeps a generation running (AWS answers LimitExceeded while one is)
