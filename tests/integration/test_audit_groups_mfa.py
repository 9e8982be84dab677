"""The groups and MFA controls through the real audit (baseline.iam.audit's snapshot of the
simulator): a seeded account yields exactly the expected findings, and after the groups and mfa
roles have applied the same variables, the controls they enforce pass (apply and verify agree)."""

import datetime
import json

from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import document
from tests.support.playbook import run_playbook, run_tasks, write_inventory
from tests.support.principals import create_user

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
CLOUDSHELL = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
STAR = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
CONTROLS = (
    "GROUP.DECLARED",
    "USER.DIRECT_POLICY",
    "USER.NO_GROUP",
    "POL.ADMIN_STAR",
    "POL.SUPPORT_ROLE",
    "POL.CLOUDSHELL",
    "GROUP.ADMIN_NO_MFA_POLICY",
    "USER.CONSOLE_NO_MFA",
    "MFA.POLICY_DRIFT",
    "MFA.POLICY_ATTACHED",
    "ROOT.MFA",
    "ROOT.HARDWARE_MFA",
)
VARIABLES = {
    "groups": [{"name": "administrators", "managed_policies": ["AdministratorAccess"], "members": ["alice"]}],
    "mfa": {"groups": ["administrators"]},
}


def audit(account):
    options = {**VARIABLES, "audit": {"require_access_analyzer": False, "require_cloudtrail": False}}
    result = run_tasks([{"name": "audit", "baseline.iam.audit": options, "register": "out"}], account.env()).assert_ok()
    table = {}
    for finding in result.result("audit")["findings"]:
        if finding["control_id"] in CONTROLS:
            table.setdefault(finding["control_id"], set()).add((finding["status"], finding["resource_id"]))
    return table


def seed(account):
    iam = account.client("iam")
    create_user(account, "alice", console=True)  # console user without MFA, in no group
    create_user(account, "robot")
    iam.put_user_policy(UserName="robot", PolicyName="own", PolicyDocument=json.dumps(S3))
    iam.attach_user_policy(UserName="robot", PolicyArn=CLOUDSHELL)
    iam.create_group(GroupName="ops")
    iam.attach_group_policy(GroupName="ops", PolicyArn=ADMIN)
    iam.add_user_to_group(GroupName="ops", UserName="robot")
    star = iam.create_policy(PolicyName="everything", PolicyDocument=json.dumps(STAR))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName=make_role(account, "deployer"), PolicyArn=star)
    # a drifted force-MFA policy: the baseline document minus its deny
    drifted = document("aws")
    drifted["Statement"] = drifted["Statement"][:-1]
    iam.create_policy(PolicyName="BaselineRequireMFA", PolicyDocument=json.dumps(drifted))
    account.set_root(mfa_active=True)
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="root-account-mfa-device")["VirtualMFADevice"]["SerialNumber"]
    # the root's virtual device, enabled (the API cannot enable a device for the root user)
    account.iam_backend().virtual_mfa_devices[serial].enable_date = datetime.datetime.now(datetime.UTC)


def make_role(account, name, policy=None):
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    account.client("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
    if policy:
        account.client("iam").attach_role_policy(RoleName=name, PolicyArn=policy)
    return name


def test_audit_finds_exactly_the_seeded_violations_then_apply_fixes_what_the_roles_fix(simulator, tmp_path):
    account = simulator.new_account()
    seed(account)
    acct = account.account_id
    before = audit(account)
    assert before == {
        "GROUP.DECLARED": {("FAIL", "administrators")},
        "USER.DIRECT_POLICY": {("PASS", "alice"), ("FAIL", "robot")},
        "USER.NO_GROUP": {("FAIL", "alice"), ("PASS", "robot")},
        "POL.ADMIN_STAR": {("FAIL", "everything")},
        "POL.SUPPORT_ROLE": {("FAIL", acct)},
        "POL.CLOUDSHELL": {("FAIL", "robot")},
        "GROUP.ADMIN_NO_MFA_POLICY": {("FAIL", "ops")},
        "USER.CONSOLE_NO_MFA": {("FAIL", "alice")},
        "MFA.POLICY_DRIFT": {("FAIL", "BaselineRequireMFA")},
        "MFA.POLICY_ATTACHED": {("FAIL", "administrators")},
        "ROOT.MFA": {("PASS", acct)},
        "ROOT.HARDWARE_MFA": {("FAIL", acct)},
    }

    inventory = write_inventory(
        tmp_path / "inventory.yml",
        [account],
        group_vars={"iam_baseline_groups": VARIABLES["groups"], "iam_baseline_mfa": VARIABLES["mfa"]},
    )
    run_playbook("baseline.iam.apply", simulator.env(), inventory=inventory, tags=["groups", "mfa"]).assert_ok()
    after = audit(account)
    # what the roles enforce now passes ...
    for control in ("GROUP.DECLARED", "MFA.POLICY_DRIFT", "MFA.POLICY_ATTACHED"):
        assert {status for status, _resource in after[control]} == {"PASS"}, (control, after[control])
    assert after["USER.NO_GROUP"] == {("PASS", "alice"), ("PASS", "robot")}
    assert ("PASS", "administrators") in after["GROUP.ADMIN_NO_MFA_POLICY"]
    # ... and what they do not touch is still reported
    assert after["GROUP.ADMIN_NO_MFA_POLICY"] >= {("FAIL", "ops")}  # not listed in iam_baseline_mfa.groups
    assert after["USER.CONSOLE_NO_MFA"] == {("FAIL", "alice")}  # report is the default action
    assert after["USER.DIRECT_POLICY"] == before["USER.DIRECT_POLICY"]
    assert after["POL.ADMIN_STAR"] == before["POL.ADMIN_STAR"]
