"""What the local simulator lacks of IAM Identity Center, tested with recorded AWS responses
(botocore Stubber, shapes from the AWS API reference, checked by botocore against the service
model): the provisioning status (DescribePermissionSetProvisioningStatus), asynchronous
assignment statuses, permissions boundaries and tags after creation."""

import boto3
import pytest
from botocore.stub import ANY, Stubber

from ansible_collections.baseline.iam.plugins.module_utils._identity_center import aws as _aws
from ansible_collections.baseline.iam.plugins.module_utils._identity_center import provisioning as _provisioning
from ansible_collections.baseline.iam.plugins.module_utils._identity_center import task as _task

INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
PS = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef"
PROD, DEV = "111111111111", "222222222222"
REQUEST = "%08d-1111-2222-3333-444444444444"


class Clock:
    """A fake clock: sleep() moves time forward and records each pause."""

    def __init__(self):
        self.now, self.pauses = 0.0, []

    def sleep(self, seconds):
        self.pauses.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def client():
    return boto3.client("sso-admin", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")


def status(number, state, account=PROD, reason=None):
    answer = {"Status": state, "RequestId": REQUEST % number, "AccountId": account, "PermissionSetArn": PS}
    if reason:
        answer["FailureReason"] = reason
    return {"PermissionSetProvisioningStatus": answer}


def test_provisioning_waits_for_every_account_and_names_the_failed_one():
    sso, clock = client(), Clock()
    with Stubber(sso) as stub:
        for number, account in ((1, PROD), (2, DEV)):
            stub.add_response("provision_permission_set", status(number, "IN_PROGRESS", account),
                              {"InstanceArn": INSTANCE, "PermissionSetArn": PS, "TargetType": "AWS_ACCOUNT", "TargetId": account})  # fmt: skip
        describe = "describe_permission_set_provisioning_status"
        stub.add_response(describe, status(1, "IN_PROGRESS"), {"InstanceArn": INSTANCE, "ProvisionPermissionSetRequestId": REQUEST % 1})
        stub.add_response(describe, status(2, "FAILED", DEV, "Received a 404 status error: Not supported policy arn:aws:iam::222222222222:policy/local."),
                          {"InstanceArn": INSTANCE, "ProvisionPermissionSetRequestId": REQUEST % 2})  # fmt: skip
        stub.add_response(describe, status(1, "SUCCEEDED"), {"InstanceArn": INSTANCE, "ProvisionPermissionSetRequestId": REQUEST % 1})
        outcomes = _provisioning.provision(sso, INSTANCE, PS, [PROD, DEV], timeout=60, sleep=clock.sleep, clock=clock)
        stub.assert_no_pending_responses()
    assert [(o["account_id"], o["status"]) for o in outcomes] == [(PROD, "SUCCEEDED"), (DEV, "FAILED")]
    assert [o["account_id"] for o in _provisioning.failed(outcomes)] == [DEV]
    assert "Not supported policy" in outcomes[1]["reason"]
    assert clock.pauses == [1, 2]


def test_the_wait_is_bounded():
    clock = Clock()
    outcomes = [{"account_id": PROD, "status": "IN_PROGRESS", "request_id": "r"}]
    _provisioning.wait(outcomes, lambda request_id: {"Status": "IN_PROGRESS", "RequestId": request_id}, 20, clock.sleep, clock)
    assert outcomes[0]["status"] == "TIMED_OUT" and "20 seconds" in outcomes[0]["reason"]
    assert sum(clock.pauses) == 20 and clock.pauses == [1, 2, 4, 8, 5]


def test_an_error_for_one_account_does_not_stop_the_others():
    sso, clock = client(), Clock()
    with Stubber(sso) as stub:
        stub.add_client_error("create_account_assignment", "ConflictException", "An operation is in progress for this account", 409)
        stub.add_response(
            "create_account_assignment",
            {"AccountAssignmentCreationStatus": {"Status": "SUCCEEDED", "RequestId": REQUEST % 3, "TargetId": DEV}},
            {"InstanceArn": INSTANCE, "PermissionSetArn": PS, "TargetType": "AWS_ACCOUNT", "TargetId": DEV, "PrincipalType": "GROUP",
             "PrincipalId": "g-1"},
        )  # fmt: skip
        items = [{"account_id": a, "principal_type": "GROUP", "principal": "admins", "principal_id": "g-1"} for a in (PROD, DEV)]
        outcomes = _provisioning.assign(sso, INSTANCE, PS, items, timeout=60, sleep=clock.sleep, clock=clock)
    assert [(o["account_id"], o["status"], o["action"]) for o in outcomes] == [(PROD, "FAILED", "assign"), (DEV, "SUCCEEDED", "assign")]
    assert outcomes[0]["reason"].startswith("ConflictException")
    assert clock.pauses == []  # nothing was in progress


def test_deletion_statuses_are_polled_too():
    sso, clock = client(), Clock()
    with Stubber(sso) as stub:
        stub.add_response(
            "delete_account_assignment", {"AccountAssignmentDeletionStatus": {"Status": "IN_PROGRESS", "RequestId": REQUEST % 4}}
        )
        stub.add_response(
            "describe_account_assignment_deletion_status",
            {"AccountAssignmentDeletionStatus": {"Status": "SUCCEEDED", "RequestId": REQUEST % 4}},
            {"InstanceArn": INSTANCE, "AccountAssignmentDeletionRequestId": REQUEST % 4},
        )
        item = {"account_id": PROD, "principal_type": "USER", "principal": "alice", "principal_id": "u-1"}
        outcomes = _provisioning.unassign(sso, INSTANCE, PS, [item], timeout=60, sleep=clock.sleep, clock=clock)
    assert outcomes[0]["status"] == "SUCCEEDED" and outcomes[0]["principal"] == "alice"


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"PermissionsBoundary": {"ManagedPolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"}},
         {"managed_policy_arn": "arn:aws:iam::aws:policy/PowerUserAccess"}),
        ({"PermissionsBoundary": {"CustomerManagedPolicyReference": {"Name": "boundary", "Path": "/org/"}}}, {"name": "boundary", "path": "/org/"}),
        (None, {}),
    ],
)  # fmt: skip
def test_permissions_boundary_read(answer, expected):
    sso = client()
    with Stubber(sso) as stub:
        if answer is None:
            stub.add_client_error("get_permissions_boundary_for_permission_set", "ResourceNotFoundException", "no boundary", 404)
        else:
            stub.add_response("get_permissions_boundary_for_permission_set", answer, {"InstanceArn": INSTANCE, "PermissionSetArn": PS})
        assert _aws.permissions_boundary(sso, INSTANCE, PS) == expected


def _described():
    return {"Name": "Admins", "PermissionSetArn": PS, "Description": "d", "SessionDuration": "PT1H"}


def _stub_reads(stub, tags):
    stub.add_response("list_instances", {"Instances": [{"InstanceArn": INSTANCE, "IdentityStoreId": "d-1234567890"}]})
    stub.add_response("list_permission_sets", {"PermissionSets": [PS]})
    stub.add_response("describe_permission_set", {"PermissionSet": _described()})
    stub.add_response("list_managed_policies_in_permission_set", {"AttachedManagedPolicies": []})
    stub.add_response("list_customer_managed_policy_references_in_permission_set", {"CustomerManagedPolicyReferences": []})
    stub.add_response("get_inline_policy_for_permission_set", {})  # no inline policy: no InlinePolicy key
    stub.add_client_error("get_permissions_boundary_for_permission_set", "ResourceNotFoundException", "no boundary", 404)
    stub.add_response("list_tags_for_resource", {"Tags": [{"Key": k, "Value": v} for k, v in tags.items()]})


def test_a_boundary_and_tags_are_read_compared_and_written():
    sso = client()
    params = {"name": "Admins", "description": None, "session_duration": None, "managed_policies": [], "customer_managed_policies": [],
              "inline_policy": None, "permissions_boundary": "PowerUserAccess", "tags": {"team": "platform", "env": "prod"},
              "purge_policies": False, "assignments": None, "purge_assignments": False, "instance_arn": None, "state": "present"}  # fmt: skip
    iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    clients = _task.Clients({"sso-admin": sso, "iam": iam}.__getitem__)
    with Stubber(sso) as stub, Stubber(iam) as iam_stub:
        _stub_reads(stub, {"team": "platform"})
        iam_stub.add_response("get_policy", {"Policy": {"Arn": "arn:aws:iam::aws:policy/PowerUserAccess"}}, {"PolicyArn": ANY})
        found = _task.plan(clients, params, None)
        assert found["before"]["permissions_boundary"] == {} and found["before"]["tags"] == {"team": "platform"}
        assert found["after"]["permissions_boundary"] == {"managed_policy_arn": "arn:aws:iam::aws:policy/PowerUserAccess"}
        stub.add_response("put_permissions_boundary_to_permission_set", {}, {"InstanceArn": INSTANCE, "PermissionSetArn": PS,
                          "PermissionsBoundary": {"ManagedPolicyArn": "arn:aws:iam::aws:policy/PowerUserAccess"}})  # fmt: skip
        stub.add_response("tag_resource", {}, {"InstanceArn": INSTANCE, "ResourceArn": PS, "Tags": [{"Key": "env", "Value": "prod"}]})
        # a new boundary changes what the accounts' roles may do: the permission set is provisioned again
        stub.add_response("list_accounts_for_provisioned_permission_set", {"AccountIds": [PROD]})
        stub.add_response("provision_permission_set", status(5, "SUCCEEDED"))
        arn, outcomes = _task.write(sso, found, 60)
        stub.assert_no_pending_responses()
    assert arn == PS and [(o["action"], o["account_id"], o["status"]) for o in outcomes] == [("provision", PROD, "SUCCEEDED")]
