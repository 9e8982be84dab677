"""_identity_center model and assignments: option checks, the state after a task, admin detection,
and the assignment plan."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._identity_center import assignments as _assignments
from ansible_collections.baseline.iam.plugins.module_utils._identity_center import model as _model

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
VIEW = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
S3 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
STAR = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
PROD, DEV = "111111111111", "222222222222"


def params(**options):
    base = {"name": "Admins", "description": None, "session_duration": None, "managed_policies": [], "customer_managed_policies": [],
            "inline_policy": None, "permissions_boundary": None, "tags": None, "purge_policies": False, "assignments": None,
            "purge_assignments": False, "state": "present"}  # fmt: skip
    base.update(options)
    return base


def current(**fields):
    state = {"name": "Admins", "arn": "arn:aws:sso:::permissionSet/ssoins-1/ps-1", "description": "old", "session_duration": "PT1H",
             "managed_policies": [VIEW], "customer_managed_policies": [{"name": "local", "path": "/"}], "inline_policy": S3}  # fmt: skip
    state.update(fields)
    return state


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("PT1H", 3600), ("PT12H", 43200), ("PT1H30M", 5400), ("PT90M", 5400), ("PT3600S", 3600), ("PT", None), ("P1D", None), ("1h", None)],
)
def test_session_seconds(text, seconds):
    assert _model.session_seconds(text) == seconds


@pytest.mark.parametrize(
    ("options", "field", "words"),
    [
        ({"name": "bad name"}, "name", "1-32"),
        ({"name": "x" * 33}, "name", "1-32"),
        ({"session_duration": "PT13H"}, "session_duration", "between 1 and 12 hours"),
        ({"session_duration": "PT30M"}, "session_duration", "between 1 and 12 hours"),
        ({"session_duration": "4 hours"}, "session_duration", "ISO 8601"),
        ({"managed_policies": ["arn:aws:iam::123456789012:policy/mine"]}, "managed_policies", "customer_managed_policies"),
        ({"managed_policies": ["arn:aws:s3:::bucket"]}, "managed_policies", "not an AWS managed policy"),
        ({"managed_policies": ["Not A Name"]}, "managed_policies", "neither"),
        ({"customer_managed_policies": [{"name": "ok", "path": "no-slash"}]}, "customer_managed_policies[0]", "path"),
        ({"customer_managed_policies": [{"nam": "typo"}]}, "customer_managed_policies[0]", "name"),
        ({"managed_policies": ["P%d" % i for i in range(15)], "customer_managed_policies": [{"name": "c%d" % i} for i in range(6)]},
         "managed_policies", "at most 20"),
        ({"inline_policy": "{not json"}, "inline_policy", "not valid JSON"),
        ({"inline_policy": {"Statement": [{"Effect": "Allow", "Action": "s3:*"}]}}, "inline_policy", "Resource"),
        ({"inline_policy": {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "x" * 33000}]}}, "inline_policy", "32768"),
        ({"permissions_boundary": 42}, "permissions_boundary", "AWS managed policy"),
        ({"permissions_boundary": {"name": "b", "path": "x"}}, "permissions_boundary", "path"),
        ({"tags": {"k": "v" * 300}}, "tags", "256"),
    ],
)  # fmt: skip
def test_validate_names_the_field(options, field, words):
    with pytest.raises(_model.InputError) as error:
        _model.validate(params(**options))
    assert error.value.field == field
    assert words in error.value.problem


def test_validate_returns_the_inline_document():
    assert (
        _model.validate(
            params(
                inline_policy='{"Version": "2012-10-17", "Statement": []}'.replace(
                    "[]", '{"Effect": "Deny", "Action": "*", "Resource": "*"}'
                )
            )
        )["Statement"]["Effect"]
        == "Deny"
    )
    assert _model.validate(params(session_duration="PT4H", managed_policies=["AdministratorAccess", ADMIN])) is None


def test_desired_new_permission_set():
    state = _model.desired(None, params(session_duration="PT4H", managed_policies=["AdministratorAccess"], inline_policy=S3), "aws", S3)
    assert state == {
        "name": "Admins", "arn": None, "description": None, "session_duration": "PT4H", "managed_policies": [ADMIN],
        "customer_managed_policies": [], "inline_policy": S3,
    }  # fmt: skip


def test_desired_keeps_what_is_not_declared_without_purge():
    state = _model.desired(current(), params(managed_policies=[ADMIN]), "aws", None)
    assert state["managed_policies"] == [ADMIN, VIEW]
    assert state["customer_managed_policies"] == [{"name": "local", "path": "/"}]
    assert state["inline_policy"] == S3
    assert (state["description"], state["session_duration"]) == ("old", "PT1H")


def test_desired_with_purge_keeps_only_what_is_declared():
    state = _model.desired(current(), params(managed_policies=[ADMIN], purge_policies=True), "aws", None)
    assert state["managed_policies"] == [ADMIN]
    assert state["customer_managed_policies"] == [] and state["inline_policy"] is None


def test_same_meaning_is_no_change():
    reordered = {"Statement": [{"Resource": ["*"], "Action": ["S3:GetObject"], "Effect": "Allow"}], "Version": "2012-10-17"}
    before = current()
    after = _model.desired(before, params(session_duration="PT60M", inline_policy=reordered), "aws", reordered)
    assert after == before  # PT60M is PT1H, the document means the same


def test_boundary_and_tags_only_when_declared():
    assert "permissions_boundary" not in _model.desired(current(), params(), "aws", None)
    state = _model.desired(current(tags={"team": "a"}), params(permissions_boundary="PowerUserAccess", tags={"env": "prod"}), "aws", None)
    assert state["permissions_boundary"] == {"managed_policy_arn": "arn:aws:iam::aws:policy/PowerUserAccess"}
    assert state["tags"] == {"team": "a", "env": "prod"}
    assert _model.desired(current(), params(permissions_boundary=""), "aws", None)["permissions_boundary"] == {}
    assert _model.desired(current(), params(permissions_boundary={"name": "b"}), "aws", None)["permissions_boundary"] == {
        "name": "b",
        "path": "/",
    }


def test_absent_is_none():
    assert _model.desired(current(), params(state="absent"), "aws", None) is None


@pytest.mark.parametrize(
    ("managed", "inline", "admin"),
    [([ADMIN], None, True), (["arn:aws-us-gov:iam::aws:policy/AdministratorAccess"], None, True), ([VIEW], STAR, True),
     ([VIEW], S3, False), (["arn:aws:iam::123456789012:policy/AdministratorAccess"], None, False)],
)  # fmt: skip
def test_grants_admin(managed, inline, admin):
    assert _model.grants_admin(current(managed_policies=managed, inline_policy=inline)) is admin


def test_result_names_the_inline_policy_without_its_document():
    assert _model.result(current())["inline_policy"] is True
    assert _model.result(None) == {}


# Assignments -----------------------------------------------------------------------------------


def assignment(account, principal="platform-admins", principal_type="GROUP", principal_id=None, state="present"):
    return {"account_id": account, "principal_type": principal_type, "principal": principal,
            "principal_id": principal_id or "id-" + principal, "state": state}  # fmt: skip


@pytest.mark.parametrize(
    ("items", "field", "words"),
    [
        ([{"principal": "x", "accounts": ["1234"]}], "assignments[0].accounts", "12-digit"),
        ([{"principal": "x", "accounts": []}], "assignments[0].accounts", "at least one"),
        ([{"principal": " ", "accounts": [PROD]}], "assignments[0].principal", "required"),
        ([{"principal": "x", "principal_type": "ROLE", "accounts": [PROD]}], "assignments[0].principal_type", "GROUP or USER"),
        ([{"principal": "x", "accounts": [PROD]}, {"principal": "x", "accounts": [PROD], "state": "absent"}], "assignments[1]", "both"),
    ],
)
def test_assignment_checks(items, field, words):
    field_found, problem = _assignments.validate({"assignments": items})
    assert field_found == field and words in problem


def test_admin_to_user_names_the_item():
    problem = _assignments.admin_to_user_problem(
        {"assignments": [{"principal": "g", "accounts": [PROD]}, {"principal": "alice", "principal_type": "USER", "accounts": [PROD]}]}
    )
    assert problem[0] == "assignments[1].principal_type" and "IDC.ADMIN_TO_USER" in problem[1]
    assert (
        _assignments.admin_to_user_problem(
            {"assignments": [{"principal": "alice", "principal_type": "USER", "accounts": [PROD], "state": "absent"}]}
        )
        is None
    )


def test_plan_creates_only_what_is_missing_and_removes_only_as_declared():
    current_ = [assignment(PROD), assignment(PROD, "alice", "USER"), assignment(DEV, "developers")]
    declared = [assignment(PROD), assignment(DEV), assignment(PROD, "alice", "USER", state="absent")]
    after, to_create, to_delete = _assignments.plan(current_, declared, purge=False)
    assert to_create == [assignment(DEV)]
    assert to_delete == [assignment(PROD, "alice", "USER")]
    assert [(a["account_id"], a["principal"]) for a in after] == [(PROD, "platform-admins"), (DEV, "developers"), (DEV, "platform-admins")]


def test_plan_with_purge_removes_the_undeclared():
    current_ = [assignment(PROD), assignment(DEV, "developers")]
    after, to_create, to_delete = _assignments.plan(current_, [assignment(PROD)], purge=True)
    assert (to_create, to_delete) == ([], [assignment(DEV, "developers")])
    assert after == [assignment(PROD)]
