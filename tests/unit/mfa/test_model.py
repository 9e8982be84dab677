"""_mfa_policy: the document, its safety checks, option validation, version pruning."""

import copy

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._mfa import model as m
from ansible_collections.baseline.iam.plugins.module_utils._policy import validate as _policy_validate


def statement(doc, sid):
    return next(s for s in doc["Statement"] if s.get("Sid") == sid)


def test_document_follows_the_documented_pattern():
    doc = m.document("aws")
    deny = statement(doc, "DenyAllExceptMFASelfServiceWithoutMFA")
    assert deny["Effect"] == "Deny" and deny["Resource"] == "*"
    assert deny["Condition"] == {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}
    assert set(m.SELF_ENROLMENT) <= set(deny["NotAction"])
    assert "iam:ChangePassword" not in deny["NotAction"]
    assert statement(doc, "AllowManageOwnMFA")["Resource"] == "arn:aws:iam::*:user/${aws:username}"
    assert statement(doc, "AllowDeactivateOwnMFAOnlyWithMFA")["Condition"] == {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    assert m.safety_problem(doc) is None
    assert _policy_validate.validate(doc, "managed")[1] is None


def test_document_is_partition_aware():
    doc = m.document("aws-us-gov")
    assert statement(doc, "AllowCreateOwnVirtualMFADevice")["Resource"] == "arn:aws-us-gov:iam::*:mfa/*"
    assert statement(doc, "AllowManageOwnMFA")["Resource"] == "arn:aws-us-gov:iam::*:user/${aws:username}"


def test_change_password_without_mfa_and_extra_not_actions():
    doc = m.document("aws", allow_change_password_without_mfa=True, extra_not_actions=["sso:List*", "iam:GetUser"])
    deny = statement(doc, "DenyAllExceptMFASelfServiceWithoutMFA")
    assert {"iam:ChangePassword", "iam:GetAccountPasswordPolicy", "sso:List*"} <= set(deny["NotAction"])
    assert deny["NotAction"].count("iam:GetUser") == 1
    assert "iam:ChangePassword" in statement(doc, "AllowManageOwnMFA")["Action"]
    assert m.safety_problem(doc) is None


def without(doc, action):
    doc = copy.deepcopy(doc)
    for s in doc["Statement"]:
        for key in ("Action", "NotAction"):
            if isinstance(s.get(key), list) and action in s[key]:
                s[key].remove(action)
            elif s.get(key) == action:
                s[key] = "iam:Nothing"
    return doc


@pytest.mark.parametrize("action", m.SELF_ENROLMENT)
def test_refuses_a_document_lacking_a_self_enrolment_action(action):
    problem = m.safety_problem(without(m.document("aws"), action))
    assert problem and action in problem and "could not enrol" in problem


def test_refuses_a_self_enrolment_action_only_allowed_with_a_condition():
    doc = copy.deepcopy(m.document("aws"))
    statement(doc, "AllowManageOwnMFA")["Condition"] = {"Bool": {"aws:SecureTransport": "true"}}
    assert "iam:EnableMFADevice" in m.safety_problem(doc)


@pytest.mark.parametrize("extra", [["iam:DeleteVirtualMFADevice"], ["iam:*"], ["IAM:Delete*"], ["iam:?eactivateMFADevice"]])
def test_refuses_mfa_removal_without_mfa(extra):
    problem = m.safety_problem(m.document("aws", extra_not_actions=extra))
    assert problem and "without MFA" in problem


def test_refuses_an_allow_of_delete_without_condition():
    doc = copy.deepcopy(m.document("aws"))
    doc["Statement"].append({"Effect": "Allow", "Action": "iam:DeleteVirtualMFADevice", "Resource": "*"})
    assert "iam:DeleteVirtualMFADevice" in m.safety_problem(doc)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["Statement"].pop(),  # no deny at all
        lambda d: statement(d, "DenyAllExceptMFASelfServiceWithoutMFA").update(Condition={"Bool": {"aws:MultiFactorAuthPresent": "false"}}),
        lambda d: statement(d, "DenyAllExceptMFASelfServiceWithoutMFA").update(Resource="arn:aws:s3:::*"),
        lambda d: d["Statement"].append(copy.deepcopy(statement(d, "DenyAllExceptMFASelfServiceWithoutMFA"))),
    ],
)
def test_refuses_a_document_without_exactly_one_mfa_deny(change):
    doc = copy.deepcopy(m.document("aws"))
    change(doc)
    assert "exactly one Deny" in m.safety_problem(doc)


@pytest.mark.parametrize(
    ("options", "field", "words"),
    [
        ({"name": "a b"}, "name", "must be 1-128 letters"),
        ({"path": "x/"}, "path", "must start and end with '/'"),
        ({"extra_not_actions": ["*"]}, "extra_not_actions", "is not an action like 'service:Action'"),
        ({"extra_not_actions": ["iam:Deactivate*"]}, "extra_not_actions", "would be allowed without MFA"),
        ({"groups": ["a b"]}, "groups", "is not a valid group name"),
    ],
)
def test_validate_names_the_field(options, field, words):
    params = {"name": "BaselineRequireMFA", "path": "/", "extra_not_actions": [], "groups": None, **options}
    with pytest.raises(InputError) as raised:
        m.validate(params)
    assert raised.value.field == field
    assert words in raised.value.problem, raised.value.problem


def test_options_ok():
    assert (
        m.validate({"name": "BaselineRequireMFA", "path": "/baseline/", "extra_not_actions": ["sso:ListInstances"], "groups": ["admins"]})
        is None
    )


def versions(*ids, default):
    return [{"VersionId": v, "IsDefaultVersion": v == default} for v in ids]


@pytest.mark.parametrize(
    ("existing", "prune", "next_id"),
    [
        (versions("v1", default="v1"), None, "v2"),
        (versions("v1", "v2", "v3", "v4", default="v4"), None, "v5"),
        (versions("v1", "v2", "v3", "v4", "v5", default="v5"), "v1", "v6"),
        (versions("v1", "v2", "v3", "v4", "v5", default="v1"), "v2", "v6"),
        (versions("v10", "v9", "v12", "v11", "v13", default="v12"), "v9", "v14"),
    ],
)
def test_versions(existing, prune, next_id):
    assert m.version_to_prune(existing) == prune
    assert m.next_version_id(existing) == next_id
