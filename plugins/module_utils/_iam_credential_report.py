# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading the IAM credential report: generate (not a change, DESIGN §8.2), wait with bounded
back-off, fetch, parse. The result has the snapshot's `credential_report` shape."""

from __future__ import annotations

import time

from . import _credential_report, _time
from ._errors import AWS_ERRORS, error_code

# Answers that mean "not ready yet, ask again later".
NOT_READY = frozenset(("ReportInProgress", "ReportNotPresent", "ReportExpired", "LimitExceeded", "LimitExceededException"))


class ReportNotReady(Exception):
    """The report was not ready within the time allowed."""


def _generated(client):
    """True once a report is ready (GenerateCredentialReport answers COMPLETE)."""
    try:
        return client.generate_credential_report().get("State") == "COMPLETE"
    except AWS_ERRORS as e:
        if error_code(e) in NOT_READY:
            return False
        raise


def fetch(client, wait_seconds=120, sleep=time.sleep):
    """{"generated_time": ISO, "rows": [dict per CSV row]}; raises ReportNotReady after wait_seconds."""
    waited, delay = 0.0, 1.0
    while not _generated(client):
        if waited >= wait_seconds:
            raise ReportNotReady("the credential report was not ready after %d seconds" % waited)
        sleep(delay)
        waited += delay
        delay = min(delay * 2, 10.0)
    answer = client.get_credential_report()
    return {"generated_time": _time.iso(answer["GeneratedTime"]), "rows": _credential_report.parse_csv(answer["Content"])}
