"""Roles baseline.iam.identity_center and baseline.iam.guardrails through baseline.iam.apply and
baseline.iam.drift, on the organization host the Organizations inventory adds: the four steps
with state read back from the API and zero writes in the check runs, then a passing drift check;
a bad declaration changes nothing anywhere."""

import json

import pytest
import yaml

from tests.support import organization_level as _org
from tests.support.calls import is_mutating
from tests.support.inventory import write_config
from tests.support.playbook import run_playbook

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def variables(level):
    return {
        "iam_baseline_identity_center": {
            "permission_sets": [
                {"name": "Administrators", "session_duration": "PT1H", "managed_policies": ["AdministratorAccess"]},
                {"name": "ReadOnly", "session_duration": "PT4H", "managed_policies": ["job-function/ViewOnlyAccess"]},
            ],
            "assignments": [
                {"permission_set": "Administrators", "group": "platform-admins", "accounts": ["/Root/Workloads/Prod"]},
                {"permission_set": "ReadOnly", "group": "developers", "accounts": ["/Root/Workloads", level.accounts["sandbox-1"]]},
            ],
            "purge_assignments": True,
            "admin_accounts": ["/Root/Workloads/Prod"],
        },
        "iam_baseline_guardrails": {"targets": ["/Root/Workloads", "/Root/Sandbox"], "enable_policy_type": True},
        "iam_baseline_audit": {"require_access_analyzer": False, "require_cloudtrail": False},
    }


def inventory(level, directory, overrides=None):
    directory.mkdir(parents=True, exist_ok=True)
    role = "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % level.account_id
    write_config(directory / "org.aws_accounts.yml", assume_role_arn=role, organization_host="organization", organization_role_arn=role,
                 read_tags=False)  # fmt: skip
    (directory / "group_vars").mkdir(exist_ok=True)
    (directory / "group_vars" / "all.yml").write_text(yaml.safe_dump({**variables(level), **(overrides or {})}))
    return directory


def read_back(level):
    return {
        "Administrators": _org.permission_set(level, "Administrators"),
        "ReadOnly": _org.permission_set(level, "ReadOnly"),
        "guardrails": (_org.scp(level, "baseline-iam-guardrails") or {}).get("targets"),
    }


def writes_since(level, mark):
    return [c["action"] for c in level.management.simulator.proxy.calls_since(mark, level.account_id) if is_mutating(c["action"])]


@pytest.fixture()
def level(simulator):
    level = _org.seed(simulator)
    # Drift: a hand-made Administrators with 12-hour sessions, assigned to a user.
    sso = level.client("sso-admin")
    arn = sso.create_permission_set(InstanceArn=level.instance_arn, Name="Administrators", SessionDuration="PT12H")["PermissionSet"][
        "PermissionSetArn"
    ]
    sso.attach_managed_policy_to_permission_set(InstanceArn=level.instance_arn, PermissionSetArn=arn, ManagedPolicyArn=ADMIN)
    sso.create_account_assignment(InstanceArn=level.instance_arn, TargetId=level.accounts["prod-1"], TargetType="AWS_ACCOUNT",
                                  PermissionSetArn=arn, PrincipalType="USER", PrincipalId=level.users["alice"])  # fmt: skip
    return level


def test_four_steps_on_the_organization_host_then_the_drift_check_passes(level, simulator, tmp_path):
    directory = inventory(level, tmp_path / "inventory")
    prod, sandbox = [level.accounts["prod-1"], level.accounts["prod-2"]], level.accounts["sandbox-1"]
    before = read_back(level)
    for label, check, want_change in (("check", True, True), ("apply", False, True), ("check again", True, False), ("again", False, False)):
        mark = simulator.proxy.mark()
        result = run_playbook("baseline.iam.apply", simulator.env(), inventory=directory, limit="organization,localhost", check=check, diff=True,
                              extra_vars={"iam_baseline_report_dir": str(tmp_path / label)})  # fmt: skip
        result.assert_ok()
        changed = {r["task"].split(" : ")[-1].split(" | ")[0] for r in result.changed if r["host"] == "organization"}
        assert changed == ({"IDC.DECLARED", "ORG.GUARDRAIL"} if want_change else set()), (label, changed)
        assert (writes_since(level, mark) == []) is (check or not want_change), (label, writes_since(level, mark))
        if label == "check":
            assert read_back(level) == before
    state = read_back(level)
    assert state["Administrators"]["session_duration"] == "PT1H"
    assert state["Administrators"]["assignments"] == sorted((a, "GROUP", "platform-admins") for a in prod)
    assert state["ReadOnly"]["assignments"] == sorted((a, "GROUP", "developers") for a in [*prod, sandbox])
    assert state["guardrails"] == sorted([level.ou_ids["/Root/Workloads"], level.ou_ids["/Root/Sandbox"]])
    changes = json.loads((tmp_path / "apply" / "changes.json").read_text())
    entry = next(a for a in changes["accounts"] if a["host"] == "organization")
    assert {c["what"] for c in entry["changes"]["identity_center"] if c["changed"]} == {
        "permission set Administrators",
        "permission set ReadOnly",
    }
    assert [c["what"] for c in entry["changes"]["guardrails"] if c["changed"]] == ["SCP baseline-iam-guardrails"]

    drift = run_playbook("baseline.iam.drift", simulator.env(), inventory=directory, limit="organization,localhost",
                         extra_vars={"iam_baseline_report_dir": str(tmp_path / "drift")})  # fmt: skip
    findings = json.loads((tmp_path / "drift" / "findings.json").read_text())["findings"]
    statuses = {(f["control_id"], f["status"]) for f in findings}
    assert drift.rc == 0, drift.output[-3000:]
    assert {f["account_id"] for f in findings} == {level.account_id}
    assert (
        {s for _c, s in statuses} <= {"PASS", "NOT_APPLICABLE"}
        and ("IDC.DECLARED", "PASS") in statuses
        and ("ORG.GUARDRAIL", "PASS") in statuses
    )


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"iam_baseline_guardrails": {"enabled": ["deny_everything"], "enable_policy_type": True}}, "iam_baseline_guardrails.enabled[0]: unknown guardrail"),
        ({"iam_baseline_identity_center": {"permission_sets": [
            {"name": "Administrators", "session_duration": "PT12H", "managed_policies": ["AdministratorAccess"]}]}},
         "(Administrators).session_duration: PT12H is longer than"),
    ],
)  # fmt: skip
def test_a_bad_organization_declaration_changes_nothing(level, simulator, tmp_path, overrides, words):
    directory = inventory(level, tmp_path / "inventory", overrides)
    before = read_back(level)
    mark = simulator.proxy.mark()
    result = run_playbook("baseline.iam.apply", simulator.env(), inventory=directory, limit="organization")
    assert result.rc != 0 and words in result.output
    assert writes_since(level, mark) == [] and read_back(level) == before
