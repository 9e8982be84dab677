"""The IAM policy evaluator (plugins/module_utils/_policy/evaluate.py), checked against the
behaviour AWS documents in the IAM User Guide ("Policy evaluation logic", "IAM JSON policy
elements: Condition operators", "NotAction", "Policy variables")."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._policy.evaluate import (
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY,
    Request,
    Unsupported,
    action_pattern_within,
    decide,
)

V = "2012-10-17"


def policy(*statements, version=V):
    return {"Version": version, "Statement": list(statements)}


def allow(action, resource="*", **extra):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra):
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


# "By default, all requests are implicitly denied"; "an explicit deny in any policy overrides any allows".


def test_default_is_implicit_deny():
    assert decide([], Request("s3:GetObject")) == IMPLICIT_DENY
    assert decide([policy(allow("s3:PutObject"))], Request("s3:GetObject")) == IMPLICIT_DENY


def test_allow_allows():
    assert decide([policy(allow("s3:GetObject"))], Request("s3:GetObject")) == ALLOW


@pytest.mark.parametrize("order", [0, 1])
def test_explicit_deny_wins_in_any_policy_and_any_order(order):
    policies = [policy(allow("*")), policy(deny("s3:GetObject"))]
    if order:
        policies.reverse()
    assert decide(policies, Request("s3:GetObject")) == EXPLICIT_DENY
    assert decide(policies, Request("s3:PutObject")) == ALLOW


# Action matching: case-insensitive, wildcards anywhere.


@pytest.mark.parametrize(
    ("pattern", "action", "match"),
    [
        ("iam:*", "iam:CreateUser", True),
        ("IAM:createuser", "iam:CreateUser", True),
        ("iam:*MFADevice", "iam:EnableMFADevice", True),
        ("iam:*MFADevice", "iam:ListMFADevices", False),
        ("iam:?nableMFADevice", "iam:EnableMFADevice", True),
        ("*", "sts:GetSessionToken", True),
        ("iam:[E]nableMFADevice", "iam:EnableMFADevice", False),  # brackets are not wildcards in IAM
    ],
)
def test_action_wildcards(pattern, action, match):
    assert (decide([policy(allow(pattern))], Request(action)) == ALLOW) is match


# NotAction: "Allow with NotAction" allows everything else; "Deny with NotAction" denies everything else.


def test_not_action_with_allow_and_with_deny():
    allow_all_but_iam = policy({"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})
    assert decide([allow_all_but_iam], Request("s3:GetObject")) == ALLOW
    assert decide([allow_all_but_iam], Request("iam:CreateUser")) == IMPLICIT_DENY  # not allowed, not denied
    deny_all_but_iam = policy({"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"})
    assert decide([policy(allow("*")), deny_all_but_iam], Request("s3:GetObject")) == EXPLICIT_DENY
    assert decide([policy(allow("*")), deny_all_but_iam], Request("iam:CreateUser")) == ALLOW


# Resources: case-sensitive, wildcards, NotResource, policy variables.


def test_resource_matching_and_not_resource():
    p = policy(allow("s3:GetObject", "arn:aws:s3:::bucket/*"))
    assert decide([p], Request("s3:GetObject", "arn:aws:s3:::bucket/key")) == ALLOW
    assert decide([p], Request("s3:GetObject", "arn:aws:s3:::Bucket/key")) == IMPLICIT_DENY
    not_resource = policy({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"})
    assert decide([not_resource], Request("s3:GetObject", "arn:aws:s3:::secret/x")) == IMPLICIT_DENY
    assert decide([not_resource], Request("s3:GetObject", "arn:aws:s3:::public/x")) == ALLOW


def test_aws_username_variable_is_resolved_only_in_version_2012():
    own = "arn:aws:iam::*:user/${aws:username}"
    alice = {"aws:username": "alice"}
    assert decide([policy(allow("iam:GetUser", own))], Request("iam:GetUser", "arn:aws:iam::1:user/alice", alice)) == ALLOW
    assert decide([policy(allow("iam:GetUser", own))], Request("iam:GetUser", "arn:aws:iam::1:user/bob", alice)) == IMPLICIT_DENY
    # 2008-10-17 treats ${...} as literal text
    old = policy(allow("iam:GetUser", own), version="2008-10-17")
    assert decide([old], Request("iam:GetUser", "arn:aws:iam::1:user/alice", alice)) == IMPLICIT_DENY
    # no value for the variable: the statement does not match
    assert decide([policy(allow("iam:GetUser", own))], Request("iam:GetUser", "arn:aws:iam::1:user/alice")) == IMPLICIT_DENY


# Conditions.


def mfa_deny(operator):
    return policy({"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {operator: {"aws:MultiFactorAuthPresent": "false"}}})


@pytest.mark.parametrize(
    ("context", "bool_result", "bool_if_exists_result"),
    [
        # AWS: long-term access keys send no aws:MultiFactorAuthPresent at all. With Bool the key is
        # absent, the condition is false and the deny does NOT apply (the documented pitfall);
        # with BoolIfExists an absent key makes the condition true and the deny applies.
        ({}, ALLOW, EXPLICIT_DENY),
        ({"aws:MultiFactorAuthPresent": "false"}, EXPLICIT_DENY, EXPLICIT_DENY),
        ({"aws:MultiFactorAuthPresent": "true"}, ALLOW, ALLOW),
        ({"AWS:multifactorauthpresent": "FALSE"}, EXPLICIT_DENY, EXPLICIT_DENY),  # keys and Bool values ignore case
    ],
)
def test_bool_and_bool_if_exists_with_an_absent_key(context, bool_result, bool_if_exists_result):
    admin = policy(allow("*"))
    assert decide([admin, mfa_deny("Bool")], Request("s3:GetObject", context=context)) == bool_result
    assert decide([admin, mfa_deny("BoolIfExists")], Request("s3:GetObject", context=context)) == bool_if_exists_result


@pytest.mark.parametrize(
    ("operator", "values", "context", "result"),
    [
        ("StringEquals", "alice", {"aws:username": "alice"}, True),
        ("StringEquals", ["bob", "alice"], {"aws:username": "alice"}, True),  # values are ORed
        ("StringEquals", "Alice", {"aws:username": "alice"}, False),
        ("StringEqualsIgnoreCase", "Alice", {"aws:username": "alice"}, True),
        ("StringEquals", "alice", {}, False),  # absent key: positive operator is false
        ("StringEqualsIfExists", "alice", {}, True),  # ... unless IfExists
        ("StringNotEquals", "alice", {}, True),  # absent key: negated operator is true
        ("StringNotEquals", ["alice", "bob"], {"aws:username": "bob"}, False),
        ("StringNotEquals", ["alice", "bob"], {"aws:username": "carol"}, True),
        ("StringLike", "ali*", {"aws:username": "alice"}, True),
        ("StringLike", "a?ice", {"aws:username": "alice"}, True),
        ("StringLike", "bob*", {"aws:username": "alice"}, False),
        ("StringNotLike", "bob*", {"aws:username": "alice"}, True),
        ("StringEquals", "${aws:username}", {"aws:username": "alice", "aws:PrincipalTag/owner": "alice"}, None),
    ],
)
def test_string_operators(operator, values, context, result):
    key = "aws:PrincipalTag/owner" if result is None else "aws:username"
    p = policy(allow("s3:GetObject", Condition={operator: {key: values}}))
    expected = ALLOW if result in (True, None) else IMPLICIT_DENY
    assert decide([p], Request("s3:GetObject", context=context)) == expected


def test_all_keys_and_all_operators_must_match():
    p = policy(
        allow(
            "s3:GetObject",
            Condition={
                "StringEquals": {"aws:username": "alice", "aws:RequestedRegion": "eu-west-1"},
                "Bool": {"aws:SecureTransport": "true"},
            },
        )
    )
    full = {"aws:username": "alice", "aws:RequestedRegion": "eu-west-1", "aws:SecureTransport": "true"}
    assert decide([p], Request("s3:GetObject", context=full)) == ALLOW
    for key in full:
        partial = {k: v for k, v in full.items() if k != key}
        assert decide([p], Request("s3:GetObject", context=partial)) == IMPLICIT_DENY


# Null: "true" when the key is absent from the request, "false" when it is present.


@pytest.mark.parametrize(
    ("value", "context", "result"),
    [
        ("true", {}, ALLOW),
        ("true", {"aws:MultiFactorAuthPresent": "false"}, IMPLICIT_DENY),
        ("false", {"aws:MultiFactorAuthPresent": "false"}, ALLOW),
        ("false", {}, IMPLICIT_DENY),
        (True, {}, ALLOW),
    ],
)
def test_null_operator(value, context, result):
    p = policy(allow("s3:GetObject", Condition={"Null": {"aws:MultiFactorAuthPresent": value}}))
    assert decide([p], Request("s3:GetObject", context=context)) == result


# One action pattern within another (sound: never claims more than is true).


@pytest.mark.parametrize(
    ("outer", "inner", "within"),
    [
        ("iam:*", "iam:GetUser", True),
        ("iam:GetUser", "IAM:getuser", True),
        ("iam:*", "iam:List*", True),
        ("iam:List*", "iam:*", False),
        ("s3:List*", "s3:List*", True),
        ("s3:List?", "s3:List*", False),  # ? is one character, * is any number
        ("s3:List?", "s3:List?", True),
        ("*", "*", True),
        ("iam:GetUser", "iam:*", False),
        ("iam:*MFADevice", "iam:Deactivate*", False),
    ],
)
def test_action_pattern_within(outer, inner, within):
    assert action_pattern_within(outer, inner) is within


@pytest.mark.parametrize(
    "statement",
    [
        allow("*", Condition={"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}),
        allow("*", Condition={"ForAnyValue:StringEquals": {"aws:TagKeys": "x"}}),
        allow("*", Principal="*"),
    ],
)
def test_unsupported_constructs_raise_instead_of_guessing(statement):
    with pytest.raises(Unsupported):
        decide([policy(statement)], Request("s3:GetObject"))
