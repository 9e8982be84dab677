"""baseline.iam.service_control_policy against the simulator (AWS Organizations in the management
account of a small organization): state read back from the API, call counts from the proxy, and
every safety rule of issue 16 tried from the side that would break it."""

import json

import pytest

from tests.support import organization_level as _org
from tests.support.calls import is_mutating
from tests.support.playbook import run_tasks
from tests.support.steps import four_steps

DENY_LEAVE = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "NoLeaving", "Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}],
}
DENY_IAM = {"Version": "2012-10-17", "Statement": [{"Sid": "NoIam", "Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}
ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
MEMBER_ROLE = "arn:*:iam::*:role/OrganizationAccountAccessRole"


@pytest.fixture()
def level(simulator):
    return _org.seed(simulator)


def task(**options):
    return [{"name": "scp", "baseline.iam.service_control_policy": options, "register": "out"}]


def calls_since(level, mark):
    return [c["action"] for c in level.management.simulator.proxy.calls_since(mark, level.account_id)]


def run(level, **options):
    mark = level.management.simulator.proxy.mark()
    result = run_tasks(task(**options), level.management.env())
    return result, calls_since(level, mark)


def scp_types(level):
    return [t["Type"] for t in level.client("organizations").list_roots()["Roots"][0]["PolicyTypes"]]


def everywhere(level):
    """Every root, OU and account id of the organization."""
    return [*level.ou_ids.values(), level.account_id, *level.accounts.values()]


def test_four_steps_enable_create_attach(level):
    workloads = level.ou_ids["/Root/Workloads"]

    def read_back():
        return {"types": scp_types(level), "policy": _org.scp(level, "deny-leave")}

    options = dict(name="deny-leave", description="No account leaves", document=DENY_LEAVE, targets=["root", "/Root/Workloads"],
                   enable_policy_type=True)  # fmt: skip
    expected = {"types": ["SERVICE_CONTROL_POLICY"],
                "policy": {"content": DENY_LEAVE, "description": "No account leaves", "targets": sorted([level.root_id, workloads])}}  # fmt: skip
    results = four_steps(level.management, task(**options), read_back, expected)
    predicted = results[0].result("scp")
    assert predicted["policy_id"] is None and predicted["policy"]["targets"] == ["/Root/Workloads", "root"]
    assert results[1].result("scp")["policy_id"].startswith("p-")
    # enabling the type attached FullAWSAccess everywhere; the new policy sits next to it
    assert all("FullAWSAccess" in _org.scps_on(level, target) for target in everywhere(level))


def test_four_steps_update_and_purge_targets(level):
    level.enable_scps()
    org = level.client("organizations")
    policy_id = org.create_policy(Name="deny-leave", Description="", Type="SERVICE_CONTROL_POLICY", Content=json.dumps(DENY_LEAVE))[
        "Policy"
    ]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=policy_id, TargetId=level.ou_ids["/Root/Sandbox"])
    document = json.loads(json.dumps(DENY_LEAVE))
    document["Statement"].append({"Sid": "NoAccountClosing", "Effect": "Deny", "Action": "account:CloseAccount", "Resource": "*"})
    options = dict(name="deny-leave", document=document, targets=["/Root/Workloads"], purge_targets=True)
    expected = {"content": document, "description": "", "targets": [level.ou_ids["/Root/Workloads"]]}
    four_steps(level.management, task(**options), lambda: _org.scp(level, "deny-leave"), expected)


def test_the_same_document_in_another_spelling_is_no_change(level):
    level.enable_scps()
    run(level, name="deny-leave", document=DENY_LEAVE, targets=["root"])[0].assert_ok()
    reordered = {"Statement": {"Resource": ["*"], "Effect": "Deny", "Action": ["ORGANIZATIONS:LeaveOrganization"], "Sid": "NoLeaving"},
                 "Version": "2012-10-17"}  # fmt: skip
    result, calls = run(level, name="deny-leave", document=reordered, targets=["root"])
    assert not result.assert_ok().changed and [a for a in calls if is_mutating(a)] == []


def test_the_policy_type_is_enabled_only_when_declared(level):
    result, calls = run(level, name="deny-leave", document=DENY_LEAVE, targets=["root"])
    assert result.rc != 0 and result.result("scp")["invalid_field"] == "enable_policy_type"
    assert [a for a in calls if is_mutating(a)] == [] and scp_types(level) == []
    assert _org.scp(level, "deny-leave") is None


def test_full_aws_access_is_never_detached_by_another_policy(level):
    level.enable_scps()
    result, calls = run(level, name="allow-list", document=ALLOW_ALL, targets=["/Root/Workloads/Prod"], purge_targets=True)
    result.assert_ok()
    assert "DetachPolicy" not in calls
    assert all("FullAWSAccess" in _org.scps_on(level, target) for target in everywhere(level))


def test_full_aws_access_is_detached_only_where_declared_and_never_leaving_a_target_without_an_allow(level):
    level.enable_scps()
    prod = level.ou_ids["/Root/Workloads/Prod"]
    # Declared, but /Root/Sandbox (and Workloads, and every account) would be left with no SCP allowing anything
    result, calls = run(level, name="FullAWSAccess", targets=["root", "/Root/Workloads/Prod"], purge_targets=True)
    assert result.rc != 0 and result.result("scp")["invalid_field"] == "targets" and "surely allows" in result.result("scp")["msg"]
    assert [a for a in calls if is_mutating(a)] == [] and all("FullAWSAccess" in _org.scps_on(level, t) for t in everywhere(level))
    # Declared, and another SCP allows everything at that OU: FullAWSAccess leaves it, nothing else changes
    run(level, name="allow-list", document=ALLOW_ALL, targets=["/Root/Workloads/Prod"])[0].assert_ok()
    keep = ["root", "/Root/Workloads", "/Root/Sandbox", level.account_id, *level.accounts.values()]
    result, calls = run(level, name="FullAWSAccess", targets=keep, purge_targets=True)
    result.assert_ok()
    assert [a for a in calls if is_mutating(a)] == ["DetachPolicy"]
    assert _org.scps_on(level, prod) == ["allow-list"]
    assert all("FullAWSAccess" in _org.scps_on(level, t) for t in everywhere(level) if t != prod)


@pytest.mark.parametrize(
    ("document", "words"),
    [
        (DENY_IAM, "would deny the baseline's member role OrganizationAccountAccessRole"),
        ({"Statement": [{"Effect": "Deny", "Action": "secretsmanager:*", "Resource": "*",
                         "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}, "may deny"),
        ({"Statement": [{"Effect": "Deny", "Action": "iam:UpdateAssumeRolePolicy", "Resource": "arn:aws:iam::*:role/*"}]}, "may deny"),
    ],
)  # fmt: skip
def test_a_policy_that_would_deny_the_member_role_what_the_baseline_needs_is_refused(level, document, words):
    level.enable_scps()
    result, calls = run(level, name="guard", document=document, targets=["/Root/Workloads"])
    failure = result.result("scp")
    assert result.rc != 0 and failure["invalid_field"] == "document" and words in failure["msg"], failure["msg"]
    assert [a for a in calls if is_mutating(a)] == [] and _org.scp(level, "guard") is None


def test_the_same_deny_sparing_the_member_role_is_accepted(level):
    level.enable_scps()
    document = {"Statement": [dict(DENY_IAM["Statement"][0], Condition={"ArnNotLike": {"aws:PrincipalArn": MEMBER_ROLE}})]}
    run(level, name="guard", document=document, targets=["/Root/Workloads"])[0].assert_ok()
    assert _org.scp(level, "guard")["targets"] == [level.ou_ids["/Root/Workloads"]]


def test_an_existing_policy_cannot_be_changed_into_one_that_denies_the_member_role(level):
    level.enable_scps()
    run(level, name="guard", document=DENY_LEAVE, targets=["/Root/Sandbox"])[0].assert_ok()
    result, calls = run(level, name="guard", document=DENY_IAM)  # no targets declared: it stays where it is
    assert result.rc != 0 and "attached at /Root/Sandbox" in result.result("scp")["msg"]
    assert [a for a in calls if is_mutating(a)] == [] and _org.scp(level, "guard")["content"] == DENY_LEAVE


def test_scps_never_restrict_the_management_account(level):
    level.enable_scps()
    run(level, name="deny-all-iam", document=DENY_IAM, targets=[level.account_id])[0].assert_ok()
    assert _org.scp(level, "deny-all-iam")["targets"] == [level.account_id]


def test_size_limit_is_checked_before_any_call(level):
    big = {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "S%03d" % i, "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"} for i in range(100)],
    }
    result, calls = run(level, name="big", document=big, targets=["root"], enable_policy_type=True)
    assert result.rc != 0 and result.result("scp")["invalid_field"] == "document" and "5120" in result.result("scp")["msg"]
    assert calls == []


def test_five_policies_per_target_is_checked_before_any_write(level):
    level.enable_scps()
    for index in range(4):
        document = {"Statement": [{"Effect": "Deny", "Action": "s3:Delete%d*" % index, "Resource": "*"}]}
        run(level, name="p%d" % index, document=document, targets=["/Root/Sandbox"])[0].assert_ok()
    assert len(_org.scps_on(level, level.ou_ids["/Root/Sandbox"])) == 5
    result, calls = run(level, name="sixth", document=DENY_LEAVE, targets=["root", "/Root/Sandbox"])
    assert result.rc != 0 and result.result("scp")["invalid_field"] == "targets" and "at most 5" in result.result("scp")["msg"]
    assert [a for a in calls if is_mutating(a)] == [] and _org.scp(level, "sixth") is None


def test_unknown_targets_are_refused_before_any_write(level):
    level.enable_scps()
    for target in ("/Root/NoSuchOu", "999999999999"):
        result, calls = run(level, name="deny-leave", document=DENY_LEAVE, targets=[target])
        assert result.rc != 0 and result.result("scp")["invalid_field"] == "targets"
        assert [a for a in calls if is_mutating(a)] == []


def test_absent_detaches_everywhere_then_deletes(level):
    level.enable_scps()
    run(level, name="deny-leave", document=DENY_LEAVE, targets=["root", "/Root/Sandbox"])[0].assert_ok()
    four_steps(level.management, task(name="deny-leave", state="absent"), lambda: _org.scp(level, "deny-leave"), None)
