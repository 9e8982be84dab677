# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The error contract of the collection (no AWS calls here).

- Bad input: every validator raises InputError(field, problem); each module's main() catches it
  once and fails with `invalid_field`.
- AWS errors: botocore's, read with error_code() / error_message(); every client this collection
  makes is passed through name_operations(), so a failure also tells which API operation failed
  (operation()), and failure_message() says it the same way everywhere:
  "Could not <doing> (iam:CreateGroup): AccessDenied: <AWS message>".
"""

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


# Where an error answer carries the operation that got it (see name_operations).
OPERATION_KEY = "BaselineIamOperation"


class InputError(ValueError):
    """Bad input, found before anything is changed: `field` names the option or variable at fault
    ('inline_policies.admin', 'exemptions[0].expires'), `problem` says what is wrong with it.

    Its text, 'field: problem', is the message users see."""

    def __init__(self, field, problem):
        super().__init__("%s: %s" % (field, problem))
        self.field, self.problem = field, problem

    def under(self, prefix):
        """The message with the field placed under a variable: 'iam_baseline_mfa.groups: ...'."""
        return "%s.%s: %s" % (prefix, self.field, self.problem)


class StepFailed(Exception):
    """A step that failed for an AWS reason without being an AWS error itself (a new access key
    that does not authenticate): reported like one, with a code and, when known, the operation."""

    def __init__(self, code, message, operation=None):
        super().__init__(message)
        self.code, self.aws_operation = code, operation


class SourceUnavailable(Exception):
    """A read that did not fail with an AWS error but still gave no data (e.g. a timeout)."""

    code = "Unavailable"


def error_code(error):
    """The AWS error code of an exception ('Throttling', 'AccessDenied'), or its class name."""
    if isinstance(error, (SourceUnavailable, StepFailed)):
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


def name_operations(client):
    """Makes every failure of `client`'s calls tell its API operation, as an IAM action name
    ('iam:CreateGroup', 'secretsmanager:CreateSecret'), for operation() to read. Returns `client`.

    Registered once where a client is made, it covers every call (paginated ones included), so no
    call site has to repeat what it calls: amazon.aws names the operation per function with a
    decorator, which can drift from what the function calls. An error answer gets the name in its
    response before botocore raises the ClientError; a call that got no answer (connection
    failure, timeout) gets it on the exception."""
    prefix = client.meta.service_model.signing_name  # the IAM action prefix: iam, sts, secretsmanager

    def on_answer(http_response, parsed, model, **_kwargs):
        if http_response.status_code >= 300 and isinstance(parsed, dict):
            parsed[OPERATION_KEY] = "%s:%s" % (prefix, model.name)

    def on_no_answer(exception, event_name, **_kwargs):
        if not getattr(exception, "aws_operation", None):
            exception.aws_operation = "%s:%s" % (prefix, event_name.rsplit(".", 1)[-1])

    client.meta.events.register("after-call", on_answer, unique_id="baseline-iam-operation-answer")
    client.meta.events.register("after-call-error", on_no_answer, unique_id="baseline-iam-operation-no-answer")
    return client


def operation(error):
    """'iam:CreateGroup': the API operation whose call failed, or None when it is not known."""
    response = getattr(error, "response", None)
    if isinstance(response, dict) and response.get(OPERATION_KEY):
        return response[OPERATION_KEY]
    # A client made elsewhere still knows the operation, without its service.
    return getattr(error, "aws_operation", None) or getattr(error, "operation_name", None) or None


def describe(error):
    """'iam:DeleteAccessKey: AccessDenied: <AWS message>' (without the operation when unknown)."""
    text = "%s: %s" % (error_code(error), error_message(error))
    return "%s: %s" % (operation(error), text) if operation(error) else text


def failure_message(doing, error):
    """'Could not <doing> (iam:CreateGroup): AccessDenied: <AWS message>'."""
    where = " (%s)" % operation(error) if operation(error) else ""
    return "Could not %s%s: %s: %s" % (doing, where, error_code(error), error_message(error))


def is_not_found(error):
    return error_code(error) in NOT_FOUND_CODES


def is_throttling(error):
    return error_code(error) in THROTTLING_CODES
