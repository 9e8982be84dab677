"""Real-time drift end to end: the real ansible-rulebook (from .venv-tools, Java 17) runs the
collection's rulebook with its event source on the simulator's SQS. Recorded CloudTrail events
on the queue start the drift check of the changed accounts only, each with its own report folder;
the one family allowed to auto-apply is applied, the others are not; a malformed message and
events that cannot change a control are logged or skipped and never stop the source."""

import json
import os
import shutil
import subprocess
import time
import uuid

import pytest
import yaml

from tests.support import cloudtrail_events
from tests.support.playbook import BIN, REPO, write_inventory

TOOLS = REPO / ".venv-tools" / "bin"
AUDIT = {"require_access_analyzer": False, "require_cloudtrail": False}
AUTOMATION = "arn:aws:sts::*:assumed-role/*/baseline-iam"


def _rulebook_env(env):
    env = dict(env)
    env.update(
        # ansible-playbook and ansible-galaxy of the main venv (boto3, amazon.aws' needs) first.
        PATH=os.pathsep.join([str(BIN), str(TOOLS), env.get("PATH", "")]),
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        ANSIBLE_COLLECTIONS_PATH=str(REPO / ".collections"),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_DEPRECATION_WARNINGS="0",
    )
    return env


def _wait_for(paths, proc, log, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if all(p() for p in paths):
            return
        if proc.poll() is not None:
            pytest.fail("ansible-rulebook ended (rc=%s):\n%s" % (proc.returncode, log.read_text()[-6000:]))
        time.sleep(1)
    pytest.fail("timed out waiting for the reports:\n%s" % log.read_text()[-8000:])


def _one_run(folder):
    """The one run folder of an account (None while there is none)."""
    runs = [p for p in folder.glob("*") if p.is_dir()] if folder.is_dir() else []
    assert len(runs) <= 1, runs
    return runs[0] if runs else None


def test_rulebook_audits_only_the_changed_accounts(simulator, tmp_path):
    assert (TOOLS / "ansible-rulebook").exists(), "ansible-rulebook is missing: run `make setup-tools`"
    assert shutil.which("java"), "ansible-rulebook needs a Java 17 runtime (Debian: openjdk-17-jre-headless)"
    weak, admin_group, quiet, untouched = (simulator.new_account() for _account in range(4))
    weak.client("iam").update_account_password_policy(MinimumPasswordLength=8)
    iam = admin_group.client("iam")
    iam.create_group(GroupName="Operators")
    iam.put_group_policy(GroupName="Operators", PolicyName="everything", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))  # fmt: skip
    quiet.client("iam").update_account_password_policy(MinimumPasswordLength=6)

    sqs = simulator.default_client("sqs")
    queue_url = sqs.create_queue(QueueName="baseline-iam-changes-%s" % uuid.uuid4().hex[:8])["QueueUrl"]
    messages = [
        cloudtrail_events.body("iam-update-account-password-policy", weak.account_id),
        "{this is not json",
        cloudtrail_events.sns_notification(cloudtrail_events.body("iam-put-group-policy", admin_group.account_id)),
        cloudtrail_events.body("iam-delete-user-access-denied", quiet.account_id),  # a failed call
        cloudtrail_events.body("iam-attach-group-policy-by-automation", quiet.account_id),  # ignored principal
        cloudtrail_events.body("iam-tag-user", quiet.account_id),  # cannot change a control
    ]
    for body in messages:
        sqs.send_message(QueueUrl=queue_url, MessageBody=body)

    inventory = write_inventory(tmp_path / "inventory.yml", [weak, admin_group, quiet, untouched], group_vars={"iam_baseline_audit": AUDIT})
    reports = tmp_path / "reports"
    rulebook_vars = {
        "iam_baseline_eda_queue_url": queue_url,
        "iam_baseline_eda_region": "us-east-1",
        "iam_baseline_eda_endpoint_url": simulator.endpoint,
        "iam_baseline_eda_window": 2,
        "iam_baseline_eda_ignore": [AUTOMATION],
        "iam_baseline_eda_host_pattern": "acct_{account_id}",
        "iam_baseline_eda_report_root": str(reports),
        "iam_baseline_eda_apply_families": ["password_policy"],
    }
    (tmp_path / "vars.yml").write_text(yaml.safe_dump(rulebook_vars))
    log = tmp_path / "rulebook.log"
    args = [
        str(TOOLS / "ansible-rulebook"),
        "-r",
        "baseline.iam.drift_on_change",
        "-i",
        str(inventory),
        "--vars",
        str(tmp_path / "vars.yml"),
        "-v",
    ]
    with log.open("w") as out:
        proc = subprocess.Popen(args, cwd=tmp_path, env=_rulebook_env(simulator.env()), stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(
            [
                lambda: _one_run(reports / weak.account_id) and (_one_run(reports / weak.account_id) / "apply" / "changes.json").is_file(),
                lambda: (
                    _one_run(reports / admin_group.account_id) and (_one_run(reports / admin_group.account_id) / "report.html").is_file()
                ),
            ],
            proc,
            log,
            timeout=400,
        )
        time.sleep(2)  # let a wrong extra run show itself
        assert proc.poll() is None, "the rulebook ended:\n" + log.read_text()[-4000:]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    output = log.read_text()

    # Only the two accounts whose change can affect a control were audited, each on its own.
    assert sorted(p.name for p in reports.iterdir()) == sorted([weak.account_id, admin_group.account_id]), output[-4000:]
    weak_run = _one_run(reports / weak.account_id)
    weak_findings = json.loads((weak_run / "findings.json").read_text())
    assert [a["account_id"] for a in weak_findings["accounts"]] == [weak.account_id]
    assert {(f["control_id"], f["status"]) for f in weak_findings["findings"]} >= {("PP.MIN_LENGTH", "FAIL")}
    group_findings = json.loads((_one_run(reports / admin_group.account_id) / "findings.json").read_text())
    assert [a["account_id"] for a in group_findings["accounts"]] == [admin_group.account_id]
    assert ("POL.ADMIN_STAR", "FAIL") in {(f["control_id"], f["status"]) for f in group_findings["findings"]}

    # password_policy may auto-apply: the weak account's policy now has the baseline's length, and
    # that family alone ran there (a whole apply would also have created the force-MFA policy).
    assert weak.client("iam").get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"] == 14
    assert weak.client("iam").list_policies(Scope="Local")["Policies"] == []
    changes = json.loads((weak_run / "apply" / "changes.json").read_text())
    (applied,) = changes["accounts"]
    assert set(applied["changes"]) == {"password_policy"}
    assert "MFA.POLICY_DRIFT BaselineRequireMFA" in applied["open_findings"]  # the mfa family did not run
    # groups and mfa may not: no apply in that account, no force-MFA policy created there.
    assert not (_one_run(reports / admin_group.account_id) / "apply").exists()
    assert admin_group.client("iam").list_policies(Scope="Local")["Policies"] == []
    # The skipped account is as it was.
    assert quiet.client("iam").get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"] == 6

    assert "skipped malformed message" in output
    # Every message was consumed (deleted, not just in flight).
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert (attributes["ApproximateNumberOfMessages"], attributes["ApproximateNumberOfMessagesNotVisible"]) == ("0", "0")


PARSE = """
import json, shutil, sys, yaml
from ansible_rulebook.conf import settings
from ansible_rulebook.rules_parser import parse_rule_sets
from ansible_rulebook.validators import Validate
settings.ansible_galaxy_path = shutil.which("ansible-galaxy")
rulebook = yaml.safe_load(open(sys.argv[1]))
Validate.rulebook(rulebook)
variables = yaml.safe_load(open(sys.argv[2]))
variables["iam_baseline_eda_organization"] = "Default"
rule_sets = parse_rule_sets(rulebook, variables)
print(json.dumps([[r.name for r in rs.rules] for rs in rule_sets]))
"""


def test_both_rulebooks_pass_ansible_rulebooks_schema_and_parser():
    """The controller variant cannot run here (it needs an EDA controller): ansible-rulebook's own
    schema and condition parser check it, and the standalone one, with the shipped vars template."""
    assert (TOOLS / "python").exists(), "run `make setup-tools`"
    for name in ("drift_on_change", "drift_on_change_controller"):
        path = REPO / "extensions" / "eda" / "rulebooks" / ("%s.yml" % name)
        out = subprocess.run(
            [str(TOOLS / "python"), "-c", PARSE, str(path), str(REPO / "files" / "eda" / "rulebook-vars.yml")],
            capture_output=True,
            text=True,
            check=False,
            env=_rulebook_env(os.environ),
        )
        assert out.returncode == 0, out.stderr[-3000:]
        rules = json.loads(out.stdout.strip().splitlines()[-1])
        assert rules == [["Audit the account that changed", "Apply the changed families that may be applied automatically"]], name
