"""The guard that keeps tests away from real AWS: it must refuse risky environments, and a call
without the simulator endpoint must fail on the dead proxy instead of reaching AWS."""

import os
import subprocess
import sys

import pytest

from tests.support.guard import DEAD_PROXY, RealAWSRisk, check_offline, offline_environment


def test_environment_points_only_at_loopback():
    env = offline_environment(
        "http://127.0.0.1:5555", base={"AWS_PROFILE": "prod", "AWS_ACCESS_KEY_ID": "AKIAREALKEY123456789", "PATH": "/bin"}
    )
    assert env["AWS_ENDPOINT_URL"] == "http://127.0.0.1:5555"
    assert env["AWS_ACCESS_KEY_ID"] == "testing"
    assert "AWS_PROFILE" not in env
    assert env["HTTPS_PROXY"] == DEAD_PROXY
    assert env["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull


@pytest.mark.parametrize(
    "change",
    [
        {"AWS_ENDPOINT_URL": "https://iam.amazonaws.com"},
        {"AWS_ENDPOINT_URL": ""},
        {"HTTPS_PROXY": ""},
        {"AWS_PROFILE": "prod"},
        {"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE"},
    ],
)
def test_risky_environment_is_refused(change):
    env = {**offline_environment("http://127.0.0.1:5555"), **change}
    with pytest.raises(RealAWSRisk):
        check_offline(env)


def test_the_test_process_itself_is_guarded():
    check_offline(os.environ)


def test_a_call_that_escapes_the_endpoint_hits_the_dead_proxy():
    # Even with the endpoint override removed, the request cannot leave: the proxy refuses it.
    env = offline_environment("http://127.0.0.1:5555")
    del env["AWS_ENDPOINT_URL"]
    code = (
        "import boto3, botocore.config as c, sys\n"
        "iam = boto3.client('iam', config=c.Config(retries={'max_attempts': 1}, connect_timeout=2))\n"
        "try:\n    iam.list_users()\nexcept Exception as e:\n    print(type(e).__name__); sys.exit(3)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 3, proc.stdout + proc.stderr
    assert "ProxyConnectionError" in proc.stdout
