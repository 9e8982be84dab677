# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-rulebook event source: CloudTrail IAM changes from an SQS queue, per account."""

from __future__ import annotations

DOCUMENTATION = r"""
---
short_description: IAM changes that can affect the baseline, from CloudTrail events in an SQS queue
description:
  - An ansible-rulebook event source plugin. It reads the CloudTrail events that an EventBridge rule
    delivers to an SQS queue (C(files/eda/eventbridge-rule-pattern.json) is that rule's pattern) and
    keeps the successful calls that can change a control of the baseline - the password policy,
    groups, their policies and members, users, login profiles, access keys, MFA devices, roles and
    their trust, customer managed policies and their versions, identity providers, server
    certificates, CloudTrail trails, Access Analyzer analyzers, EC2 instance profiles.
  - Bursts are coalesced per account - the first change of an account opens a window of O(window)
    seconds, and when it closes one event goes out for the account with the event names, the
    controls and the apply families the changes can affect.
  - Every message read is deleted from the queue. A message that is not a CloudTrail event is
    logged (without its body) and skipped; errors of the queue are logged and retried after 1, 2,
    4 ... seconds, at most O(max_backoff). Neither ends the source.
  - Emitted event - C(account_id), C(hosts) (from O(host_pattern)), C(run_id) (a name for the run,
    safe in a path), C(event_names), C(services), C(controls), C(families) (the tags of the roles
    that remediate, for example C(groups) or C(role_trust)), C(apply_families) (those of them in
    O(apply_families)), C(principals), C(regions), C(count),
    C(first_event_time), C(last_event_time), C(window_seconds), C(opened_at), C(closed_at).
  - Needs boto3. Credentials come from the options or from boto3's usual chain (environment,
    profile, instance or task role); they need C(sqs:ReceiveMessage), C(sqs:DeleteMessage) and
    C(sqs:GetQueueUrl) on the queue.
options:
  queue_url:
    description: URL of the queue. Give this or O(name).
    type: str
  name:
    description: Name of the queue (looked up with C(GetQueueUrl)). Give this or O(queue_url).
    type: str
  queue_owner_account_id:
    description: The account that owns the queue, when it is not the credentials' own (with O(name)).
    type: str
  region:
    description: Region of the queue. Defaults to boto3's (C(AWS_REGION), the profile).
    type: str
  endpoint_url:
    description: Another SQS endpoint (a VPC endpoint, a local simulator).
    type: str
  profile:
    description: A profile of the AWS config files.
    type: str
  access_key:
    description: An access key id (prefer the environment or a role).
    type: str
  secret_key:
    description: The secret access key of O(access_key).
    type: str
  session_token:
    description: The session token of temporary credentials.
    type: str
  window:
    description:
      - Seconds a burst of changes of one account is gathered before its one event goes out. V(0)
        sends an event per receive call.
    type: int
    default: 60
  wait_time:
    description: Long polling of C(ReceiveMessage), 0 to 20 seconds (shortened so a window closes on time).
    type: int
    default: 20
  max_messages:
    description: Messages per C(ReceiveMessage), 1 to 10.
    type: int
    default: 10
  max_backoff:
    description: The longest wait between two attempts after queue errors, in seconds.
    type: int
    default: 60
  host_pattern:
    description:
      - The inventory host pattern of an account, put in the event's C(hosts). C({account_id}) is
        replaced by the account id. The default suits the C(baseline.iam.aws_accounts) inventory
        with C(hostnames=id); with C(hostnames=name), add a keyed group on C(aws_account_id)
        (C(prefix=account)) and use C(account_{account_id}).
    type: str
    default: "{account_id}"
  ignore_principals:
    description:
      - Calls made by these principals are skipped (shell-style globs on the ARN CloudTrail names,
        for example C(arn:aws:sts::*:assumed-role/*/baseline-iam*) for the automation's own
        sessions, so an automatic apply does not start another audit).
    type: list
    elements: str
    default: []
  apply_families:
    description:
      - The families the rulebook may apply automatically. An event's C(apply_families) holds those
        of them its changes can affect (empty when none), so a rule can run C(baseline.iam.apply)
        for exactly those (its variable C(iam_baseline_apply_families)).
    type: list
    elements: str
    choices: [password_policy, groups, mfa, role_trust, access_keys]
    default: []
"""

EXAMPLES = r"""
- name: IAM changes that can affect the baseline
  hosts: all
  sources:
    - baseline.iam.iam_change_events:
        queue_url: https://sqs.us-east-1.amazonaws.com/111122223333/baseline-iam-changes
        region: us-east-1
        window: 60
  rules:
    - name: Audit the account that changed
      condition: event.account_id is defined
      action:
        run_playbook:
          name: baseline.iam.drift
          extra_vars:
            iam_baseline_hosts: "{{ event.hosts }}"
"""

import asyncio
import logging
import os
import sys

try:
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # reported when the source starts
    boto3 = None

try:
    from ansible_collections.baseline.iam.plugins.module_utils._events import coalesce as _coalesce
    from ansible_collections.baseline.iam.plugins.module_utils._events import poll as _poll
    from ansible_collections.baseline.iam.plugins.module_utils._events import table as _table
except ImportError:
    # ansible-rulebook runs this file on its own (runpy), with no collection loader: the
    # collection's pure logic is imported from the collections directory this file lies in.
    sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), *[os.pardir] * 7)))
    from ansible_collections.baseline.iam.plugins.module_utils._events import coalesce as _coalesce
    from ansible_collections.baseline.iam.plugins.module_utils._events import poll as _poll
    from ansible_collections.baseline.iam.plugins.module_utils._events import table as _table

LOG = logging.getLogger("baseline.iam.iam_change_events")
MISSING_QUEUE = ("AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist")
INT_RANGES = {"window": (0, 86400), "wait_time": (0, 20), "max_messages": (1, 10), "max_backoff": (1, 3600)}
LISTS = ("ignore_principals", "apply_families")
DEFAULTS = {
    "window": 60,
    "wait_time": 20,
    "max_messages": 10,
    "max_backoff": 60,
    "host_pattern": "{account_id}",
    "ignore_principals": [],
    "apply_families": [],
}


def settings(args):
    """The options with their defaults, checked (ValueError naming the option) before any call."""
    result = dict(DEFAULTS, **{k: v for k, v in (args or {}).items() if v is not None})
    if not result.get("queue_url") and not result.get("name"):
        raise ValueError("iam_change_events: give queue_url or name")
    for key, (low, high) in INT_RANGES.items():
        try:
            result[key] = int(result[key])
        except (TypeError, ValueError):
            raise ValueError("iam_change_events: %s must be an integer, got %r" % (key, result[key])) from None
        if not low <= result[key] <= high:
            raise ValueError("iam_change_events: %s must be between %d and %d, got %d" % (key, low, high, result[key]))
    for key in LISTS:
        if isinstance(result[key], str) or not isinstance(result[key], (list, tuple)):
            raise ValueError("iam_change_events: %s must be a list, got %r" % (key, result[key]))
        result[key] = [str(v) for v in result[key]]
    unknown = sorted(set(result["apply_families"]) - set(_table.APPLY_FAMILIES))
    if unknown:
        raise ValueError(
            "iam_change_events: apply_families: unknown %s (known: %s)" % (", ".join(unknown), ", ".join(_table.APPLY_FAMILIES))
        )
    try:
        _coalesce.host_names(str(result["host_pattern"]), "000000000000")
    except (KeyError, IndexError, ValueError) as e:
        raise ValueError("iam_change_events: host_pattern %r: only {account_id} may be used (%s)" % (result["host_pattern"], e)) from None
    return result


def sqs_client(options):
    if boto3 is None:
        raise ValueError("iam_change_events: needs boto3 (pip install boto3)")
    session = boto3.session.Session(
        profile_name=options.get("profile"),
        aws_access_key_id=options.get("access_key"),
        aws_secret_access_key=options.get("secret_key"),
        aws_session_token=options.get("session_token"),
        region_name=options.get("region"),
    )
    return session.client("sqs", endpoint_url=options.get("endpoint_url"))


def _describe(error):
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        return "%s: %s" % (details.get("Code"), details.get("Message"))
    return str(error)


class SqsQueue:
    """The two queue calls of the poller, through boto3 in a worker thread (boto3 blocks)."""

    def __init__(self, client, url):
        self.client, self.url = client, url

    async def receive(self, wait_seconds, max_messages):
        try:
            answer = await asyncio.to_thread(
                self.client.receive_message, QueueUrl=self.url, WaitTimeSeconds=wait_seconds, MaxNumberOfMessages=max_messages
            )
        except (BotoCoreError, ClientError) as e:
            raise _poll.QueueError(_describe(e)) from None
        return answer.get("Messages", [])

    async def delete(self, messages):
        entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
        try:
            answer = await asyncio.to_thread(self.client.delete_message_batch, QueueUrl=self.url, Entries=entries)
        except (BotoCoreError, ClientError) as e:
            raise _poll.QueueError(_describe(e)) from None
        return answer.get("Failed", [])


async def queue_url(client, options, sleep=asyncio.sleep):
    """The queue's URL; a queue that does not exist is a configuration error, other errors are retried."""
    if options.get("queue_url"):
        return options["queue_url"]
    arguments = {"QueueName": options["name"]}
    if options.get("queue_owner_account_id"):
        arguments["QueueOwnerAWSAccountId"] = str(options["queue_owner_account_id"])
    backoff = _poll.Backoff(cap=options["max_backoff"])
    while True:
        try:
            return (await asyncio.to_thread(client.get_queue_url, **arguments))["QueueUrl"]
        except ClientError as e:
            if e.response.get("Error", {}).get("Code") in MISSING_QUEUE:
                raise ValueError("iam_change_events: queue %s does not exist" % options["name"]) from None
            error = e
        except BotoCoreError as e:
            error = e
        delay = backoff.failed()
        LOG.error("iam_change_events: looking up queue %s failed: %s; trying again in %g s", options["name"], _describe(error), delay)
        await sleep(delay)


async def main(queue, args):
    """Entry point called by ansible-rulebook: puts one event per account and window on `queue`."""
    options = settings(args)
    client = sqs_client(options)
    url = await queue_url(client, options)
    coalescer = _coalesce.Coalescer(options["window"], str(options["host_pattern"]), options["apply_families"])
    poller = _poll.Poller(
        SqsQueue(client, url),
        queue.put,
        coalescer,
        LOG,
        wait_time=options["wait_time"],
        max_messages=options["max_messages"],
        max_backoff=options["max_backoff"],
        ignore_principals=options["ignore_principals"],
    )
    LOG.info("iam_change_events: reading %s (window %d s)", url, options["window"])
    await poller.run()
