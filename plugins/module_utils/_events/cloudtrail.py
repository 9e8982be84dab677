# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudTrail events from SQS message bodies, and whether one can change a control (pure).

A body is what an EventBridge rule delivers to SQS: the EventBridge event whose `detail` is the
CloudTrail record ("AWS API Call via CloudTrail"). Also accepted: the same event wrapped in an
SNS notification (a topic between the rule and the queue, without raw message delivery), and a
bare CloudTrail record (a forwarder of one's own). Anything else is malformed: the caller logs
it and goes on.
"""

from __future__ import annotations

import fnmatch
import json
import re

from . import table as _table

ACCOUNT_ID = re.compile(r"^\d{12}$")


class MalformedMessage(ValueError):
    """A message that is not a CloudTrail event this source can read (the text says why)."""


def _json_object(text, what):
    try:
        value = json.loads(text)
    except (TypeError, ValueError) as e:
        raise MalformedMessage("%s is not JSON (%s)" % (what, e)) from None
    if not isinstance(value, dict):
        raise MalformedMessage("%s is not a JSON object" % what)
    return value


def _unwrap(body):
    """(CloudTrail record, EventBridge envelope or {}) from a message body."""
    message = _json_object(body, "the message body")
    if message.get("Type") == "Notification" and isinstance(message.get("Message"), str):
        message = _json_object(message["Message"], "the SNS notification's Message")
    if "detail" in message:
        record = message["detail"]
        if not isinstance(record, dict):
            raise MalformedMessage("the EventBridge event's detail is not an object")
        return record, message
    if "eventName" in message:
        return message, {}
    raise MalformedMessage("neither an EventBridge event (no detail) nor a CloudTrail record (no eventName)")


def _text(record, key):
    value = record.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedMessage("the CloudTrail record has no %s" % key)
    return value


def _principal(identity):
    """Who made the call: the ARN CloudTrail names (an assumed-role session, a user, root)."""
    if not isinstance(identity, dict):
        return "unknown"
    return identity.get("arn") or identity.get("invokedBy") or identity.get("type") or "unknown"


def parse(body):
    """The change a message body reports: {account_id, service, event_name, event_time,
    event_id, region, principal, error_code}. Raises MalformedMessage."""
    record, envelope = _unwrap(body)
    account_id = record.get("recipientAccountId") or envelope.get("account")
    if not isinstance(account_id, str) or not ACCOUNT_ID.match(account_id):
        raise MalformedMessage("no 12-digit account id (recipientAccountId / account): %r" % (account_id,))
    return {
        "account_id": account_id,
        "service": _text(record, "eventSource"),
        "event_name": _text(record, "eventName"),
        "event_time": record.get("eventTime") or envelope.get("time") or "",
        "event_id": record.get("eventID") or envelope.get("id") or "",
        "region": record.get("awsRegion") or envelope.get("region") or "",
        "principal": _principal(record.get("userIdentity")),
        "error_code": record.get("errorCode"),
    }


def skip_reason(change, ignore_principals=()):
    """Why a change is not kept, or None to keep it: failed calls and events that cannot change
    a control are dropped, and so are calls by principals matching `ignore_principals` (globs)."""
    if change["error_code"]:
        return "the call failed (%s) and changed nothing" % change["error_code"]
    if not _table.rows_for(change["service"], change["event_name"]):
        return "%s %s cannot change a control" % (change["service"], change["event_name"])
    for pattern in ignore_principals:
        if fnmatch.fnmatchcase(change["principal"], pattern):
            return "made by %s (ignore_principals: %s)" % (change["principal"], pattern)
    return None
