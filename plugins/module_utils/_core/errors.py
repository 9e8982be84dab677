# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS error helpers shared by modules, the audit and the inventory plugin (no AWS calls here)."""

from __future__ import annotations

try:
    from botocore.exceptions import BotoCoreError, ClientError

    # What an AWS call can raise: an error answer from AWS, or a failure in botocore itself.
    AWS_ERRORS = (ClientError, BotoCoreError)
except ImportError:  # pragma: no cover - the module base reports the missing library

    class BotocoreMissing(Exception):
        """Stand-in so that `except AWS_ERRORS` stays valid without botocore."""

    AWS_ERRORS = (BotocoreMissing,)

# Errors that mean "the thing is not there": callers turn them into None, not failures.
NOT_FOUND_CODES = frozenset(("NoSuchEntity", "NoSuchEntityException", "ResourceNotFoundException", "NotFoundException"))
THROTTLING_CODES = frozenset(("Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException", "SlowDown"))


class SourceUnavailable(Exception):
    """A read that did not fail with an AWS error but still gave no data (e.g. a timeout)."""

    code = "Unavailable"


def error_code(error):
    """The AWS error code of an exception ('Throttling', 'AccessDenied'), or its class name."""
    if isinstance(error, SourceUnavailable):
        return error.code
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        code = response.get("Error", {}).get("Code")
        if code:
            return str(code)
    return type(error).__name__


def error_message(error):
    """The AWS error message of an exception, falling back to its text."""
    response = getattr(error, "response", None)
    if isinstance(response, dict):
        message = response.get("Error", {}).get("Message")
        if message:
            return str(message)
    return str(error)


def is_not_found(error):
    return error_code(error) in NOT_FOUND_CODES


def is_throttling(error):
    return error_code(error) in THROTTLING_CODES
