"""The shipped policies hold where the simulator enforces IAM authorization.

moto checks every request against the caller's IAM policies once its count of unchecked requests
(INITIAL_NO_AUTH_ACTION_COUNT) is used up. The setting is server-wide, so these tests run their
own simulator process (tests.support.serve) and switch enforcement on after the set-up calls.
"""

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest

from tests.support.guard import offline_environment
from tests.support.playbook import REPO, run_tasks

POLICIES = REPO / "files" / "policies"
NO_ANALYZER = {"require_access_analyzer": False}  # the simulator has no Access Analyzer


class EnforcingSimulator:
    def __init__(self, tmp):
        self.env_file = Path(tmp) / "env"
        self.process = subprocess.Popen([sys.executable, "-m", "tests.support.serve", "--env-file", str(self.env_file)], cwd=REPO)
        for _attempt in range(300):
            if self.env_file.exists() and self.env_file.read_text().strip():
                break
            time.sleep(0.1)
        values = dict(line.split(" ", 1)[1].split("=", 1) for line in self.env_file.read_text().splitlines())
        self.endpoint = values["AWS_ENDPOINT_URL"].strip("'")

    def client(self, service, **credentials):
        return boto3.client(service, region_name="us-east-1", endpoint_url=self.endpoint, **credentials)

    def enforce(self):
        """From now on every request is authorized against the caller's policies."""
        request = urllib.request.Request(
            self.endpoint + "/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"}
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def enforcing(tmp_path_factory):
    sim = EnforcingSimulator(tmp_path_factory.mktemp("enforcing"))
    users = {}
    try:
        admin = sim.client("sts", aws_access_key_id="testing", aws_secret_access_key="testing")
        creds = admin.assume_role(RoleArn="arn:aws:iam::210000000777:role/Setup", RoleSessionName="setup")["Credentials"]
        session = {"aws_access_key_id": creds["AccessKeyId"], "aws_secret_access_key": creds["SecretAccessKey"],
                   "aws_session_token": creds["SessionToken"]}  # fmt: skip
        iam = sim.client("iam", **session)
        iam.update_account_password_policy(MinimumPasswordLength=8)
        for user, policies in {"reader": ["readonly"], "applier": ["readonly", "apply"], "nobody": []}.items():
            iam.create_user(UserName=user)
            for policy in policies:
                document = (POLICIES / ("baseline-iam-%s.json" % policy)).read_text()
                iam.put_user_policy(UserName=user, PolicyName="baseline-iam-%s" % policy, PolicyDocument=document)
            key = iam.create_access_key(UserName=user)["AccessKey"]
            users[user] = (key["AccessKeyId"], key["SecretAccessKey"])
        sim.enforce()
        yield sim, users
    finally:
        sim.stop()


def env_of(sim, key):
    env = offline_environment(sim.endpoint)
    env.pop("AWS_SESSION_TOKEN")
    env.update(AWS_ACCESS_KEY_ID=key[0], AWS_SECRET_ACCESS_KEY=key[1], BASELINE_SIMULATOR_KEY="1")
    return env


def run(sim, key, task):
    """(status, result) of one task run with the user's key; failures are recorded as 'ignored'."""
    (record,) = run_tasks([dict(task, name="task", ignore_errors=True)], env_of(sim, key)).tasks("task")
    return record["status"], record["result"]


def audit(sim, key):
    return run(sim, key, {"baseline.iam.audit": {"audit": NO_ANALYZER}})


def test_enforcement_is_on(enforcing):
    sim, users = enforcing
    nobody = sim.client("iam", aws_access_key_id=users["nobody"][0], aws_secret_access_key=users["nobody"][1])
    with pytest.raises(nobody.exceptions.ClientError, match="AccessDenied"):
        nobody.get_account_password_policy()


def test_audit_with_only_the_read_only_policy_is_never_denied(enforcing):
    sim, users = enforcing
    status, out = audit(sim, users["reader"])
    assert status == "ok", out.get("msg")
    denied = [f for f in out["findings"] if "AccessDenied" in json.dumps(f)]
    assert denied == []
    access = [f for f in out["findings"] if f["control_id"] == "ACCT.ACCESS"]
    assert [f["status"] for f in access] == ["PASS"]
    assert {"GetAccountAuthorizationDetails", "GetCredentialReport", "DescribeTrails", "DescribeInstances"} <= set(out["api_calls"])


def test_audit_without_permissions_is_denied(enforcing):
    sim, users = enforcing
    status, out = audit(sim, users["nobody"])
    assert status == "ok"  # sts:GetCallerIdentity needs no permission; every read after it is denied
    (access,) = [f for f in out["findings"] if f["control_id"] == "ACCT.ACCESS"]
    assert "authorization_details (AccessDenied)" in access["message"]
    # Fail closed: every control is ERROR (or not applicable), none PASSes on unread data.
    statuses = {f["control_id"]: f["status"] for f in out["findings"] if f["control_id"] != "ACCT.ACCESS"}
    assert set(statuses.values()) <= {"ERROR", "NOT_APPLICABLE"}, statuses
    assert statuses["PP.MIN_LENGTH"] == "ERROR"


def test_password_policy_needs_the_apply_policy(enforcing):
    sim, users = enforcing
    task = {"baseline.iam.password_policy": {"minimum_length": 14}}
    status, denied = run(sim, users["reader"], task)
    assert status == "ignored" and denied["error_code"] == "AccessDenied"
    assert "iam:UpdateAccountPasswordPolicy" in denied["msg"]
    status, applied = run(sim, users["applier"], task)
    assert status == "changed", applied.get("msg")
    assert applied["password_policy"]["minimum_length"] == 14
