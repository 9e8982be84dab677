"""Recorded CloudTrail events as EventBridge delivers them to SQS (tests/support/cloudtrail/*.json).

Written from AWS' documented structure of "AWS API Call via CloudTrail" events (EventBridge
envelope, CloudTrail record in `detail`), with the documentation account ids and addresses.
"""

import json
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "cloudtrail"
SAMPLE_ACCOUNT = "111122223333"


def names():
    return sorted(p.stem for p in FOLDER.glob("*.json"))


def sample(name, account_id=None):
    """The event as a dict; account_id moves it (every ARN and id) into another account."""
    text = (FOLDER / ("%s.json" % name)).read_text()
    if account_id:
        text = text.replace(SAMPLE_ACCOUNT, account_id)
    return json.loads(text)


def body(name, account_id=None):
    """The SQS message body EventBridge would deliver."""
    return json.dumps(sample(name, account_id))


def sns_notification(message_body):
    """The body when an SNS topic sits between the rule and the queue (no raw delivery)."""
    return json.dumps(
        {
            "Type": "Notification",
            "MessageId": "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
            "TopicArn": "arn:aws:sns:us-east-1:%s:iam-changes" % SAMPLE_ACCOUNT,
            "Message": message_body,
            "Timestamp": "2026-03-02T14:02:12.000Z",
            "SignatureVersion": "1",
        }
    )
