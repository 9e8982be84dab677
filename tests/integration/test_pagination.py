"""More than one page of users, groups, roles and customer managed policies (the simulator pages
at 100, as AWS does: tests/support/moto_patches.py): the audit and the modules see all of them,
including a GetAccountAuthorizationDetails answered in several pages."""

import json

import pytest

from tests.support.audit import audit, statuses
from tests.support.playbook import run_tasks

N = 105  # each kind crosses the 100-item page
SERVICE_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}
STAR = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
S3_READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


def name(kind, index):
    return "%s-%03d" % (kind, index)


@pytest.fixture(scope="module")
def crowded(simulator):
    """An account with N users (one key each, each in its own group), N groups, N roles and N
    customer managed policies; the last policy allows * on * and is attached to the last group,
    so the findings that prove it sit on the last page."""
    account = simulator.new_account()
    iam = account.client("iam")
    for i in range(N):
        iam.create_user(UserName=name("user", i))
        iam.create_access_key(UserName=name("user", i))
        iam.create_group(GroupName=name("group", i))
        iam.add_user_to_group(GroupName=name("group", i), UserName=name("user", i))
        iam.create_role(RoleName=name("role", i), AssumeRolePolicyDocument=json.dumps(SERVICE_TRUST))
        iam.create_policy(PolicyName=name("policy", i), PolicyDocument=json.dumps(STAR if i == N - 1 else S3_READ))
    last_policy = "arn:aws:iam::%s:policy/%s" % (account.account_id, name("policy", N - 1))
    iam.attach_group_policy(GroupName=name("group", N - 1), PolicyArn=last_policy)
    return account


def test_the_simulator_pages_as_aws_does(crowded):
    iam = crowded.client("iam")
    page = iam.get_account_authorization_details(Filter=["User", "Group", "Role", "LocalManagedPolicy"])
    assert page["IsTruncated"] is True
    assert len(page["UserDetailList"]) + len(page["GroupDetailList"]) + len(page["RoleDetailList"]) + len(page["Policies"]) == 100
    assert iam.list_users()["IsTruncated"] is True and len(iam.list_users()["Users"]) == 100
    assert iam.list_roles()["IsTruncated"] is True


def test_the_audit_sees_every_user_group_role_and_policy(crowded):
    result = audit(crowded)
    users = {name("user", i) for i in range(N)}
    assert set(statuses(result, "USER.NO_GROUP")) == users  # every user, from the details' pages
    assert set(statuses(result, "USER.KEY_UNUSED")) == users  # every user, from the credential report
    assert {name("role", i) for i in range(N)} <= set(statuses(result, "TRUST.LONG_SESSION"))  # ListRoles' pages
    # the policy and the group created last are on the last page
    assert statuses(result, "POL.ADMIN_STAR") == {name("policy", N - 1): "FAIL"}
    assert statuses(result, "GROUP.ADMIN_NO_MFA_POLICY") == {name("group", N - 1): "FAIL"}
    # 4 x 105 entities (+ the account's own role) in pages of 100
    assert result["api_calls"]["GetAccountAuthorizationDetails"] == 5
    assert result["api_calls"]["ListRoles"] == 2


def test_the_access_keys_module_sees_every_user(crowded):
    result = run_tasks([{"name": "keys", "baseline.iam.access_keys": {"action": "report"}, "register": "out"}], crowded.env())
    keys = result.assert_ok().result("keys")["keys"]
    assert {k["user"] for k in keys} == {name("user", i) for i in range(N)}


def test_the_group_module_sees_every_member(crowded):
    iam = crowded.client("iam")
    iam.create_group(GroupName="everyone")
    for i in range(N):
        iam.add_user_to_group(GroupName="everyone", UserName=name("user", i))
    everyone = {"name": "everyone", "members": [name("user", i) for i in range(N)], "purge_members": True}
    mark = crowded.simulator.proxy.mark()
    result = run_tasks([{"name": "group", "baseline.iam.group": everyone, "register": "out"}], crowded.env())
    out = result.assert_ok().result("group")
    assert out["changed"] is False  # had it seen 100 members, it would add the other 5
    assert len(out["group"]["members"]) == N
    calls = [c["action"] for c in crowded.simulator.proxy.calls_since(mark, crowded.account_id)]
    assert calls.count("GetGroup") >= 2  # the members came in more than one page
