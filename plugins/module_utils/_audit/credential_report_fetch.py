# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Getting a credential report: reuse one younger than 4 hours, else generate one and wait for it
with bounded back-off (ReportInProgress, LimitExceeded), never longer than `max_wait` seconds."""

from __future__ import annotations

import time

from .._core import dates as _time
from .._core.errors import AWS_ERRORS, SourceUnavailable, error_code
from . import credential_report as _credential_report

REUSE_SECONDS = 4 * 3600
WAITING_CODES = ("ReportInProgress", "ReportNotPresent", "ReportExpired", "LimitExceeded", "LimitExceededException")
FIRST_DELAY, MAX_DELAY = 0.5, 8.0


class CredentialReportTimeout(SourceUnavailable):
    """The report was not ready within the wait budget."""

    code = "ReportTimeout"


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


def _fresh(answer, now):
    generated = _time.parse(answer.get("GeneratedTime"))
    return generated is not None and (_time.parse(now) - generated).total_seconds() < REUSE_SECONDS


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
        if clock() + delay > deadline:
            raise CredentialReportTimeout()
        sleep(delay)
        delay = min(delay * 2, MAX_DELAY)
        _generate(iam)  # keeps a generation running (AWS answers LimitExceeded while one is)
