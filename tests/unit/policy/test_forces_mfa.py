"""forces_mfa(): does a set of policies deny everything but MFA self-service to sessions without
MFA? A table of documents that do and do not, each "forced" answer cross-checked with decide()
request by request, so the symbolic answer and the evaluator cannot drift apart."""

import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import document as baseline_document
from ansible_collections.baseline.iam.plugins.module_utils._policy.evaluate import (
    EXPLICIT_DENY,
    MFA_SELF_SERVICE,
    NO_MFA_SESSIONS,
    Request,
    decide,
    forces_mfa,
)

V = "2012-10-17"
ADMIN = {"Version": V, "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
# AWS' documented example "BlockMostAccessUnlessSignedInWithMFA" (IAM User Guide, "Allow MFA-authenticated
# IAM users to manage their own MFA device"): the exempt actions and the BoolIfExists condition.
AWS_EXAMPLE_EXEMPT = (
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetUser",
    "iam:GetMFADevice",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
)
# Requests a user without MFA must not be able to make.
OUTSIDE_SELF_SERVICE = [
    "s3:GetObject",
    "ec2:RunInstances",
    "kms:Decrypt",
    "iam:CreateAccessKey",
    "iam:AttachUserPolicy",
    "iam:DeactivateMFADevice",
    "iam:DeleteVirtualMFADevice",
    "sts:AssumeRole",
]


def doc(*statements):
    return {"Version": V, "Statement": list(statements)}


def deny(condition, not_action=AWS_EXAMPLE_EXEMPT, action=None, resource="*", **extra):
    statement = {"Effect": "Deny", "Resource": resource, **extra}
    if action is not None:
        statement["Action"] = action
    else:
        statement["NotAction"] = list(not_action)
    if condition is not None:
        statement["Condition"] = condition
    return statement


BOOL_IF_EXISTS = {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
BOOL = {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
NULL = {"Null": {"aws:MultiFactorAuthPresent": "true"}}

FORCED = {
    "the baseline's own document": [("BaselineRequireMFA", baseline_document("aws"))],
    "the baseline's document allowing ChangePassword": [("BaselineRequireMFA", baseline_document("aws", True))],
    "AWS' documented example": [("RequireMFA", doc(deny(BOOL_IF_EXISTS)))],
    "JSON text, key and value in other cases, a JSON boolean": [
        ("text", json.dumps(doc(deny({"BoolIfExists": {"AWS:multifactorauthpresent": False}}))))
    ],
    "Bool and Null split across two policies": [("bool", doc(deny(BOOL))), ("null", doc(deny(NULL)))],
    "Bool and Null split across two statements of one inline policy": [("inline (inline)", doc(deny(BOOL), deny(NULL)))],
    "a deny of everything without MFA (no self-service, but forced)": [("all", doc(deny(BOOL_IF_EXISTS, action="*")))],
    "a wide NotAction closed by a second deny of those actions": [
        ("wide", doc(deny(BOOL_IF_EXISTS, not_action=[*AWS_EXAMPLE_EXEMPT, "iam:*"]))),
        ("iam", doc(deny(BOOL_IF_EXISTS, action=["iam:*"]))),
    ],
    "two NotAction denies whose common exemptions are self-service": [
        ("a", doc(deny(BOOL_IF_EXISTS, not_action=[*AWS_EXAMPLE_EXEMPT, "s3:GetObject"]))),
        ("b", doc(deny(BOOL_IF_EXISTS, not_action=[*AWS_EXAMPLE_EXEMPT, "kms:Decrypt"]))),
    ],
    "the admin allow beside it changes nothing": [("AdministratorAccess", ADMIN), ("RequireMFA", doc(deny(BOOL_IF_EXISTS)))],
    "a single statement instead of a list": [("single", {"Version": V, "Statement": deny(BOOL_IF_EXISTS)})],
}

NOT_FORCED = {
    # name: (policies, words the problems must contain)
    "Bool lets requests signed with access keys through": ([("bool", doc(deny(BOOL)))], "access keys"),
    "Null alone lets sign-ins without MFA through": ([("null", doc(deny(NULL)))], "sign-ins without MFA"),
    "Bool and Null in one statement never apply together": ([("both", doc(deny({**BOOL, **NULL})))], "does not apply"),
    "a deny limited to some services": ([("some", doc(deny(BOOL_IF_EXISTS, action=["s3:*", "ec2:*"])))], "everything except ec2:*, s3:*"),
    "an allow-list too wide (iam:*)": ([("wide", doc(deny(BOOL_IF_EXISTS, not_action=[*AWS_EXAMPLE_EXEMPT, "iam:*"])))], "iam:*"),
    "an allow-list of everything": ([("all", doc(deny(BOOL_IF_EXISTS, not_action=["*"])))], ": *"),
    "a wildcard exemption reaching past self-service": (
        [("mfa-wild", doc(deny(BOOL_IF_EXISTS, not_action=[*AWS_EXAMPLE_EXEMPT, "iam:*MFADevice"])))],
        "iam:*MFADevice",
    ),
    "the condition value true denies sessions WITH MFA": (
        [("inverted", doc(deny({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}})))],
        "does not apply",
    ),
    "a deny limited to some resources": ([("bucket", doc(deny(BOOL_IF_EXISTS, resource="arn:aws:s3:::*")))], "only some resources"),
    "NotResource": (
        [("not-resource", doc({**deny(BOOL_IF_EXISTS, resource=None), "NotResource": "arn:aws:s3:::public/*"}))],
        "only some resources",
    ),
    "a deny that also depends on the region": (
        [("region", doc(deny({**BOOL_IF_EXISTS, "StringEquals": {"aws:RequestedRegion": "eu-west-1"}})))],
        "aws:RequestedRegion",
    ),
    "MFA age instead of presence": (
        [("age", doc(deny({"NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "3600"}})))],
        "not counted",
    ),
    "a set operator is not modelled": (
        [("set", doc(deny({"ForAnyValue:StringEquals": {"aws:MultiFactorAuthPresent": "false"}})))],
        "does not model",
    ),
    "an operator the evaluator lacks": (
        [("binary", doc(deny({"BinaryEqualsIfExists": {"aws:MultiFactorAuthPresent": "ZmFsc2U="}})))],
        "not modelled",
    ),
    "allows only": ([("AdministratorAccess", ADMIN)], "everything"),
    "no policy at all": ([], "everything"),
    "an unreadable document": ([("broken", "{not json")], "could not be read"),
    "the baseline's document with an extra exemption that was not accepted": (
        [("BaselineRequireMFA", baseline_document("aws", extra_not_actions=["s3:List*"]))],
        "s3:List*",
    ),
}


def no_mfa_outcomes(policies, action):
    documents = [ADMIN] + [d for _label, d in policies]
    return [decide(documents, Request(action, "*", {"aws:username": "alice", **context})) for _name, context in NO_MFA_SESSIONS]


@pytest.mark.parametrize("name", sorted(FORCED))
def test_documents_that_force_mfa(name):
    verdict = forces_mfa(FORCED[name])
    assert verdict["forced"] is True, verdict["problems"]
    assert verdict["problems"] == []
    assert verdict["by"], "a forced verdict names the policy that does it"
    assert set(verdict["by"]) <= {label for label, _d in FORCED[name]} - {"AdministratorAccess"}
    # the evaluator agrees request by request: an explicit deny in both kinds of sessions without MFA
    for action in OUTSIDE_SELF_SERVICE:
        assert no_mfa_outcomes(FORCED[name], action) == [EXPLICIT_DENY, EXPLICIT_DENY], action


@pytest.mark.parametrize("name", sorted(NOT_FORCED))
def test_documents_that_do_not_force_mfa(name):
    policies, words = NOT_FORCED[name]
    verdict = forces_mfa(policies)
    assert verdict["forced"] is False
    assert verdict["by"] == []
    assert any(words in problem for problem in verdict["problems"]), verdict["problems"]


@pytest.mark.parametrize(
    "name",
    [
        "Bool lets requests signed with access keys through",
        "Null alone lets sign-ins without MFA through",
        "a deny limited to some services",
        "an allow-list too wide (iam:*)",
        "a deny limited to some resources",
        "allows only",
    ],
)
def test_not_forced_means_some_request_gets_through(name):
    """Where the evaluator can decide, a "not forced" answer is real: some request outside
    self-service is not explicitly denied in some session without MFA."""
    policies, _words = NOT_FORCED[name]
    let_through = [a for a in OUTSIDE_SELF_SERVICE if any(r != EXPLICIT_DENY for r in no_mfa_outcomes(policies, a))]
    assert let_through


def test_an_accepted_exemption_is_allowed():
    policies = [("BaselineRequireMFA", baseline_document("aws", extra_not_actions=["s3:List*"]))]
    assert forces_mfa(policies, allowed_without_mfa=["s3:List*"])["forced"] is True
    assert forces_mfa(policies, allowed_without_mfa=["s3:ListBucket"])["forced"] is False  # narrower than the exemption


def test_self_service_is_what_aws_documents():
    assert set(AWS_EXAMPLE_EXEMPT) <= set(MFA_SELF_SERVICE)
    assert not {"iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice", "iam:CreateAccessKey"} & set(MFA_SELF_SERVICE)


def test_problems_name_the_policy():
    verdict = forces_mfa([("AdminsInline (inline)", doc(deny(BOOL)))])
    assert any(p.startswith("AdminsInline (inline): ") for p in verdict["problems"])
