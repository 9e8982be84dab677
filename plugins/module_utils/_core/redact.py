# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Before/after diffs with secrets redacted (DESIGN §8.5: no secret in output, diff or logs)."""

from __future__ import annotations

import copy

from .mask import mask_external_ids

REDACTED = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"

# Keys whose values are secrets wherever they appear in a result or a diff.
SECRET_KEYS = frozenset(
    (
        "secret_key",
        "secret_access_key",
        "SecretAccessKey",
        "session_token",
        "SessionToken",
        "password",
        "Password",
        "SecretString",
        "secret_string",
    )
)


def redact(value, secret_keys=SECRET_KEYS):
    """A deep copy of value with every secret key's value replaced by a marker."""
    if isinstance(value, dict):
        return {k: (REDACTED if k in secret_keys and v is not None else redact(v, secret_keys)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v, secret_keys) for v in value]
    return copy.deepcopy(value)


def make_diff(before, after, secret_keys=SECRET_KEYS):
    """The `diff` result for --diff: redacted before/after (None becomes an empty dict), with
    sts:ExternalId values masked (_core/mask.py)."""
    return mask_external_ids(
        {
            "before": redact(before, secret_keys) if before is not None else {},
            "after": redact(after, secret_keys) if after is not None else {},
        }
    )
