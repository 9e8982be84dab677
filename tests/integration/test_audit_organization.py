"""The organization audit (controls IDC.*, ORG.*) and TRUST.ROLES_ANYWHERE against the simulator:
a violation of every new control is seeded and the audit finds exactly them, through the real
collectors; unreadable data is ERROR; a fleet audit takes the organization snapshot once."""

import json
from pathlib import Path

from ansible_collections.baseline.iam.plugins.module_utils._baseline import defaults as _defaults
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import library as _library
from tests.support import organization_level as _org
from tests.support.calls import is_mutating
from tests.support.playbook import run_tasks

POLICIES = Path(__file__).resolve().parents[2] / "files" / "policies"
NO_ANALYZER = {"require_access_analyzer": False}  # the simulator has no Access Analyzer
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
VIEW = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
GUARDRAILS = ["deny_leave_organization", "deny_root_user", "protect_cloudtrail", "protect_access_analyzer", "protect_member_role"]
NEW_CONTROLS = {"IDC.SESSION_DURATION", "IDC.ADMIN_TO_USER", "IDC.ADMIN_SCOPE", "IDC.DECLARED", "ORG.SCP_ENABLED", "ORG.GUARDRAIL"}


def audit(env, check=False, **options):
    options.setdefault("audit", NO_ANALYZER)
    result = run_tasks([{"name": "audit", "baseline.iam.audit": options, "register": "out"}], env, check=check)
    return result.assert_ok().result("audit")


def failing(out, control):
    return sorted(f["resource_id"] for f in out["findings"] if f["control_id"] == control and f["status"] == "FAIL")


def create_permission_set(level, name, session, policies, assignments):
    sso = level.client("sso-admin")
    arn = sso.create_permission_set(InstanceArn=level.instance_arn, Name=name, SessionDuration=session)["PermissionSet"]["PermissionSetArn"]
    for policy in policies:
        sso.attach_managed_policy_to_permission_set(InstanceArn=level.instance_arn, PermissionSetArn=arn, ManagedPolicyArn=policy)
    for account, kind, principal in assignments:
        principal_id = (level.users if kind == "USER" else level.groups)[principal]
        sso.create_account_assignment(InstanceArn=level.instance_arn, TargetId=level.accounts[account], TargetType="AWS_ACCOUNT",
                                      PermissionSetArn=arn, PrincipalType=kind, PrincipalId=principal_id)  # fmt: skip


def seed_violations(level):
    """Admins: 12-hour sessions, assigned to a user, and in the sandbox (outside the admin
    accounts); ReadOnly as the baseline wants it; SCPs never enabled."""
    create_permission_set(level, "Admins", "PT12H", [ADMIN], [("prod-1", "USER", "alice"), ("sandbox-1", "GROUP", "platform-admins")])
    create_permission_set(level, "ReadOnly", "PT4H", [VIEW], [("prod-2", "GROUP", "developers")])


def declaration():
    return {
        "permission_sets": [
            {"name": "Admins", "session_duration": "PT1H", "managed_policies": ["AdministratorAccess"]},
            {"name": "Auditors", "managed_policies": ["SecurityAudit"]},  # declared, never created
        ],
        "assignments": [{"permission_set": "Admins", "group": "platform-admins", "accounts": ["/Root/Workloads/Prod"]}],
        "admin_accounts": ["/Root/Workloads/Prod"],
    }


def test_the_organization_audit_finds_exactly_the_seeded_violations(simulator):
    level = _org.seed(simulator)
    seed_violations(level)
    mark = simulator.proxy.mark()
    out = audit(level.management.env(), organization=True, identity_center=declaration())
    calls = simulator.proxy.calls_since(mark)
    assert [c for c in calls if is_mutating(c["action"])] == []
    # every call is one the organization host's read-only policy allows (sso-admin signs as "sso")
    allowed = {a for s in json.loads((POLICIES / "baseline-iam-organization-readonly.json").read_text())["Statement"] for a in s["Action"]}
    assert {"%s:%s" % (c["service"], c["action"]) for c in calls if c["account"] == level.account_id} <= allowed
    assert {f["control_id"] for f in out["findings"]} == NEW_CONTROLS  # the organization's controls, and only those
    assert {f["account_id"] for f in out["findings"]} == {level.account_id} and out["account_id"] == level.account_id
    assert failing(out, "IDC.SESSION_DURATION") == ["Admins"]
    assert failing(out, "IDC.ADMIN_TO_USER") == ["Admins"]
    assert failing(out, "IDC.ADMIN_SCOPE") == ["Admins"]
    assert failing(out, "IDC.DECLARED") == ["Admins", "Auditors"]
    assert failing(out, "ORG.SCP_ENABLED") == [level.root_id]
    assert failing(out, "ORG.GUARDRAIL") == sorted(GUARDRAILS)
    passing = sorted((f["control_id"], f["resource_id"]) for f in out["findings"] if f["status"] == "PASS")
    assert passing == [("IDC.SESSION_DURATION", "ReadOnly")]
    declared = next(f for f in out["findings"] if f["control_id"] == "IDC.DECLARED" and f["resource_id"] == "Admins")
    assert (
        "session duration differs" in declared["message"]
        and "group platform-admins in %s is missing" % level.accounts["prod-1"] in declared["message"]
    )


def test_a_drifted_guardrail_is_the_only_one_found(simulator):
    level = _org.seed(simulator)
    level.enable_scps()
    document = _library.library_document(_defaults.complete("guardrails", None))
    document["Statement"] = [s for s in document["Statement"] if s["Sid"] != "BaselineProtectCloudtrail"]
    org = level.client("organizations")
    policy_id = org.create_policy(Name="baseline-iam-guardrails", Description="", Type="SERVICE_CONTROL_POLICY",
                                  Content=json.dumps(document))["Policy"]["PolicySummary"]["Id"]  # fmt: skip
    org.attach_policy(PolicyId=policy_id, TargetId=level.root_id)
    out = audit(level.management.env(), organization=True)
    assert failing(out, "ORG.GUARDRAIL") == ["protect_cloudtrail"] and failing(out, "ORG.SCP_ENABLED") == []
    assert [f["status"] for f in out["findings"] if f["control_id"].startswith("IDC.")] == ["NOT_APPLICABLE"] * 4


class _fault:
    """A proxy fault for the duration of a block."""

    def __init__(self, simulator, action, code, account):
        self.proxy, self.args = simulator.proxy, (action, code)
        self.account = account

    def __enter__(self):
        return self.proxy.fail(*self.args, account=self.account, status=400)

    def __exit__(self, *exc):
        self.proxy.clear_faults()


def test_unreadable_organization_data_is_error_never_pass(simulator):
    level = _org.seed(simulator)
    seed_violations(level)
    level.enable_scps()
    with _fault(simulator, "ListPermissionSets", "AccessDeniedException", level.account_id):
        out = audit(level.management.env(), organization=True, identity_center=declaration())
    statuses = {f["control_id"]: f["status"] for f in out["findings"]}
    assert {statuses[c] for c in NEW_CONTROLS if c.startswith("IDC.")} == {"ERROR"}
    assert "AccessDeniedException" in next(f["message"] for f in out["findings"] if f["control_id"] == "IDC.DECLARED")
    assert statuses["ORG.SCP_ENABLED"] == "PASS"  # the other sources were read


def test_roles_anywhere_trust_is_found_in_the_member_accounts(account):
    anchor = "arn:aws:rolesanywhere:eu-west-1:%s:trust-anchor/0c8e5a8a-1234-4f6e-9d0e-1a2b3c4d5e6f" % account.account_id
    open_trust = {
        "Effect": "Allow",
        "Principal": {"Service": "rolesanywhere.amazonaws.com"},
        "Action": ["sts:AssumeRole", "sts:TagSession"],
    }
    pinned = dict(
        open_trust, Condition={"ArnEquals": {"aws:SourceArn": anchor}, "StringEquals": {"aws:PrincipalTag/x509Subject/CN": "backup"}}
    )
    iam = account.client("iam")
    for name, statement in (("open-anywhere", open_trust), ("pinned-anywhere", pinned)):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    out = audit(account.env())
    assert failing(out, "TRUST.ROLES_ANYWHERE") == ["open-anywhere"]
    assert ("PASS", "pinned-anywhere") in [
        (f["status"], f["resource_id"]) for f in out["findings"] if f["control_id"] == "TRUST.ROLES_ANYWHERE"
    ]
    assert not NEW_CONTROLS & {f["control_id"] for f in out["findings"]}  # organization controls are not an account's


def test_a_fleet_audit_takes_the_organization_snapshot_once(simulator):
    level = _org.seed(simulator)
    seed_violations(level)
    member = simulator.new_account()
    accounts = [{"role_arn": member.role_arn}, {"account_id": level.account_id, "organization": True}]
    out = audit(level.management.env(), accounts=accounts, identity_center=declaration())
    by_account = {entry["account_id"]: entry for entry in out["accounts"]}
    assert {f["control_id"] for f in by_account[level.account_id]["findings"]} == NEW_CONTROLS
    assert not NEW_CONTROLS & {f["control_id"] for f in by_account[member.account_id]["findings"]}
    assert (
        by_account[level.account_id]["api_calls"].get("ListInstances") == 1
        and "AssumeRole" not in by_account[level.account_id]["api_calls"]
    )
