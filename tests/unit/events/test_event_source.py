"""The event source plugin file as ansible-rulebook loads it (runpy, no collection loader): its
documented options, input checks before any call, and its SQS wrappers (botocore's Stubber)."""

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import yaml
from botocore.stub import Stubber

from ansible_collections.baseline.iam.plugins.module_utils._events import poll as _poll
from ansible_collections.baseline.iam.plugins.module_utils._events import table as _table

REPO = Path(__file__).resolve().parents[3]
RELATIVE = Path("extensions/eda/plugins/event_source/iam_change_events.py")
URL = "https://sqs.us-east-1.amazonaws.com/111122223333/baseline-iam-changes"


@pytest.fixture(scope="module")
def plugin():
    import runpy

    return runpy.run_path(str(REPO / RELATIVE))


def test_loads_on_its_own_from_a_collections_dir():
    """As ansible-rulebook runs it: a fresh interpreter, nothing on sys.path but the stdlib and
    the venv; the plugin finds the collection's module_utils from its own path."""
    path = REPO / ".collections" / "ansible_collections" / "baseline" / "iam" / RELATIVE
    code = "import runpy, sys; m = runpy.run_path(sys.argv[1]); print(callable(m['main']), m['_table'].__name__)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-I", "-c", code, str(path)], capture_output=True, text=True, env=env, cwd="/", check=True)
    assert out.stdout.split() == ["True", "ansible_collections.baseline.iam.plugins.module_utils._events.table"]


def test_documented_options_match_the_code(plugin):
    doc = yaml.safe_load(plugin["DOCUMENTATION"])
    options = doc["options"]
    for key, default in plugin["DEFAULTS"].items():
        assert options[key].get("default") == default, key
    assert options["apply_families"]["choices"] == list(_table.APPLY_FAMILIES)
    examples = yaml.safe_load(plugin["EXAMPLES"])
    assert "baseline.iam.iam_change_events" in examples[0]["sources"][0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "give queue_url or name"),
        ({"queue_url": URL, "window": -1}, "window must be between 0 and 86400"),
        ({"queue_url": URL, "window": "soon"}, "window must be an integer"),
        ({"queue_url": URL, "wait_time": 21}, "wait_time must be between 0 and 20"),
        ({"queue_url": URL, "max_messages": 11}, "max_messages must be between 1 and 10"),
        ({"queue_url": URL, "max_backoff": 0}, "max_backoff must be between 1 and 3600"),
        ({"queue_url": URL, "host_pattern": "{name}"}, "host_pattern '{name}': only {account_id}"),
        ({"queue_url": URL, "ignore_principals": "arn:aws:iam::*:user/x"}, "ignore_principals must be a list"),
        ({"queue_url": URL, "apply_families": ["groups", "root"]}, "apply_families: unknown root"),
    ],
)
def test_bad_options_are_refused_naming_the_option(plugin, args, message):
    with pytest.raises(ValueError, match="iam_change_events: .*" + message.replace("{", r"\{").replace("}", r"\}").replace("(", r"\(")):
        plugin["settings"](args)


def test_defaults_and_none_values(plugin):
    options = plugin["settings"]({"queue_url": URL, "endpoint_url": None, "window": "30"})
    assert (options["window"], options["wait_time"], options["max_messages"], options["max_backoff"]) == (30, 20, 10, 60)
    assert options["apply_families"] == [] and "endpoint_url" not in options


def _client():
    return boto3.client("sqs", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")


def test_sqs_errors_become_queue_errors(plugin):
    client = _client()
    queue = plugin["SqsQueue"](client, URL)
    with Stubber(client) as stub:
        stub.add_client_error("receive_message", "AccessDenied", "no sqs:ReceiveMessage")
        stub.add_response("receive_message", {}, {"QueueUrl": URL, "WaitTimeSeconds": 3, "MaxNumberOfMessages": 10})
        stub.add_response(
            "delete_message_batch",
            {"Successful": [], "Failed": [{"Id": "0", "SenderFault": True, "Code": "ReceiptHandleIsInvalid", "Message": "bad"}]},
            {"QueueUrl": URL, "Entries": [{"Id": "0", "ReceiptHandle": "r1"}]},
        )
        with pytest.raises(_poll.QueueError, match="AccessDenied: no sqs:ReceiveMessage"):
            asyncio.run(queue.receive(3, 10))
        assert asyncio.run(queue.receive(3, 10)) == []
        failed = asyncio.run(queue.delete([{"MessageId": "m1", "ReceiptHandle": "r1"}]))
        assert failed[0]["Code"] == "ReceiptHandleIsInvalid"


def test_queue_lookup_retries_then_refuses_a_missing_queue(plugin):
    client = _client()
    options = plugin["settings"]({"name": "baseline-iam-changes", "queue_owner_account_id": "111122223333"})
    slept = []

    async def sleep(seconds):
        slept.append(seconds)

    expected = {"QueueName": "baseline-iam-changes", "QueueOwnerAWSAccountId": "111122223333"}
    with Stubber(client) as stub:
        stub.add_client_error("get_queue_url", "ServiceUnavailable", "try later", 503, expected_params=expected)
        stub.add_response("get_queue_url", {"QueueUrl": URL}, expected)
        assert asyncio.run(plugin["queue_url"](client, options, sleep)) == URL
        assert slept == [1]
        stub.add_client_error("get_queue_url", "AWS.SimpleQueueService.NonExistentQueue", "no queue", 400, expected_params=expected)
        with pytest.raises(ValueError, match="queue baseline-iam-changes does not exist"):
            asyncio.run(plugin["queue_url"](client, options, sleep))
