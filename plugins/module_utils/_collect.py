# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fills snapshot sources from AWS (read calls only). Each collector records either the value
or the AWS error code, so an unreadable source makes its controls ERROR."""

from __future__ import annotations

from . import _iam
from ._errors import AWS_ERRORS, error_code
from ._snapshot import record, record_error


def collect(snapshot, source, read):
    """Runs read() and records its value, or the AWS error code, under `source`."""
    try:
        record(snapshot, source, read())
    except AWS_ERRORS as e:
        record_error(snapshot, source, error_code(e))


def collect_password_policy(snapshot, iam):
    collect(snapshot, "password_policy", lambda: _iam.get_password_policy(iam))
