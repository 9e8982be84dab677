"""The error contract: InputError for bad input, and AWS failures that name the API operation.

The clients are real botocore clients: error answers come from botocore's Stubber (no request is
sent), the connection failure from the offline test endpoint on 127.0.0.1 (nothing listens)."""

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from botocore.stub import Stubber

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import (
    InputError,
    StepFailed,
    describe,
    error_code,
    failure_message,
    name_operations,
    operation,
)
from ansible_collections.baseline.iam.plugins.module_utils._core.module import client_config

SESSION = boto3.session.Session()


def client(service, named=True):
    made = SESSION.client(service, region_name="us-east-1", config=client_config(max_attempts=0))
    return name_operations(made) if named else made


def test_input_error_is_field_and_problem():
    error = InputError("inline_policies.admin", "the document is not JSON")
    assert (error.field, error.problem) == ("inline_policies.admin", "the document is not JSON")
    assert str(error) == "inline_policies.admin: the document is not JSON"
    assert (
        error.under("iam_baseline_groups[0] (admins)") == "iam_baseline_groups[0] (admins).inline_policies.admin: the document is not JSON"
    )
    assert isinstance(error, ValueError)


@pytest.mark.parametrize(
    ("service", "method", "code", "named"),
    [
        ("iam", "create_group", "AccessDenied", "iam:CreateGroup"),
        ("iam", "update_account_password_policy", "AccessDenied", "iam:UpdateAccountPasswordPolicy"),
        ("secretsmanager", "create_secret", "AccessDeniedException", "secretsmanager:CreateSecret"),
        ("sts", "get_caller_identity", "InvalidClientTokenId", "sts:GetCallerIdentity"),
    ],
)
def test_an_error_answer_names_its_operation(service, method, code, named):
    service_client = client(service)
    with Stubber(service_client) as stub:
        stub.add_client_error(method, service_error_code=code, service_message="not authorized", http_status_code=403)
        with pytest.raises(ClientError) as raised:
            getattr(service_client, method)(**_arguments(method))
    error = raised.value
    assert operation(error) == named
    assert error_code(error) == code  # the code is read as before
    assert failure_message("do it", error) == "Could not do it (%s): %s: not authorized" % (named, code)


def test_a_paginated_call_names_its_operation():
    iam = client("iam")
    with Stubber(iam) as stub:
        stub.add_response("list_users", {"Users": [], "IsTruncated": True, "Marker": "m"})
        stub.add_client_error("list_users", service_error_code="Throttling", http_status_code=400)
        with pytest.raises(ClientError) as raised:
            iam.get_paginator("list_users").paginate().build_full_result()
    assert operation(raised.value) == "iam:ListUsers"


def test_a_call_without_an_answer_names_its_operation():
    iam = client("iam")  # the offline endpoint: nothing listens there
    with pytest.raises(EndpointConnectionError) as raised:
        iam.delete_access_key(UserName="app", AccessKeyId="AKIAIOSFODNN7EXAMPLE")
    assert operation(raised.value) == "iam:DeleteAccessKey"
    assert failure_message("delete the key", raised.value).startswith(
        "Could not delete the key (iam:DeleteAccessKey): EndpointConnectionError: "
    )


def test_a_client_made_elsewhere_still_gives_the_operation_name():
    iam = client("iam", named=False)
    with Stubber(iam) as stub:
        stub.add_client_error("create_group", service_error_code="AccessDenied", http_status_code=403)
        with pytest.raises(ClientError) as raised:
            iam.create_group(GroupName="g")
    assert operation(raised.value) == "CreateGroup"


def test_unknown_operation_is_left_out_of_the_message():
    error = ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "")
    assert operation(error) is None
    assert failure_message("read", error) == "Could not read: AccessDenied: no"
    assert describe(error) == "AccessDenied: no"


def test_a_failed_step_reads_like_an_aws_error():
    step = StepFailed("InvalidClientTokenId", "the new key does not work", "sts:GetCallerIdentity")
    assert error_code(step) == "InvalidClientTokenId"
    assert describe(step) == "sts:GetCallerIdentity: InvalidClientTokenId: the new key does not work"
    assert failure_message("rotate", step) == "Could not rotate (sts:GetCallerIdentity): InvalidClientTokenId: the new key does not work"


def test_naming_twice_is_harmless():
    iam = name_operations(client("iam"))
    with Stubber(iam) as stub:
        stub.add_client_error("get_user", service_error_code="NoSuchEntity", http_status_code=404)
        with pytest.raises(ClientError) as raised:
            iam.get_user(UserName="x")
    assert operation(raised.value) == "iam:GetUser"


def _arguments(method):
    return {
        "create_group": {"GroupName": "g"},
        "update_account_password_policy": {"MinimumPasswordLength": 14},
        "create_secret": {"Name": "s", "SecretString": "{}"},
        "get_caller_identity": {},
    }[method]
