"""_policy_validate: what IAM would refuse, found before any call."""

import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._policy import validate as v

OK = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def with_actions(n):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:A%05d" % i for i in range(n)], "Resource": "*"}]}


@pytest.mark.parametrize("kind", ["managed", "inline_group", "inline_user", "inline_role"])
def test_valid_identity_policy(kind):
    assert v.validate(OK, kind) == (OK, None)
    assert v.validate(json.dumps(OK, indent=4), kind) == (OK, None)


def test_valid_trust_policy():
    assert v.validate(TRUST, "trust") == (TRUST, None)


@pytest.mark.parametrize(
    ("document", "kind", "words"),
    [
        ("{nope", "managed", "not valid JSON"),
        ("[]", "managed", "must be a JSON object"),
        (42, "managed", "must be a JSON object or a string"),
        ({"Version": "2012-10-17"}, "managed", "needs a Statement"),
        ({"Statement": []}, "managed", "needs a Statement"),
        ({"Version": "2020-01-01", "Statement": OK["Statement"]}, "managed", "Version must be"),
        ({"Statement": ["x"]}, "managed", "Statement[0] must be a JSON object"),
        ({"Statement": [{"Effect": "allow", "Action": "*", "Resource": "*"}]}, "managed", "Statement[0].Effect"),
        ({"Statement": [{"Effect": "Allow", "Resource": "*"}]}, "managed", "exactly one of Action or NotAction"),
        ({"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}]}, "managed", "exactly one of Action"),
        ({"Statement": [{"Effect": "Allow", "Action": "*"}]}, "managed", "exactly one of Resource or NotResource"),
        (
            {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": "*"}]},
            "inline_group",
            "must not name a Principal",
        ),
        ({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}, "trust", "Principal or NotPrincipal"),
    ],
)
def test_shape_problems(document, kind, words):
    loaded, problem = v.validate(document, kind)
    assert loaded is None
    assert words in problem


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("caf\u00e9 \u00ff\t\n\r", True),  # Latin-1 and the three control characters IAM accepts
        ("smart\u2019quote", False),
        ("emoji \U0001f600", False),
        ("nul\u0000", False),
        ("bell\u0007", False),
        ("del\u007f", True),  # U+007F is inside U+0020-U+00FF
        ("\u0100", False),
    ],
)
def test_allowed_characters(text, allowed):
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "x",
                "Effect": "Allow",
                "Action": "s3:GetObject",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:PrincipalTag/team": text}},
            }
        ],
    }
    _loaded, problem = v.validate(document, "managed")
    assert (problem is None) is allowed, problem
    if not allowed:
        assert "Statement[0].Condition.StringEquals.aws:PrincipalTag/team" in problem
        assert "U+" in problem


def test_bad_character_in_a_key_and_escaped_in_json_text():
    _loaded, problem = v.validate({"Statement": [{"Sid\u2019": "x", "Effect": "Allow", "Action": "*", "Resource": "*"}]}, "managed")
    assert "U+2019" in problem
    _loaded, problem = v.validate('{"Statement": [{"Sid": "\\u2019", "Effect": "Allow", "Action": "*", "Resource": "*"}]}', "managed")
    assert "U+2019 at Statement[0].Sid" in problem


def test_size_ignores_white_space_and_counts_latin1_as_one():
    compact = v.size(OK)
    assert v.size(json.dumps(OK, indent=8)) == compact
    accented = {"Statement": [{"Sid": "\u00e9", "Effect": "Allow", "Action": "*", "Resource": "*"}]}
    plain = {"Statement": [{"Sid": "e", "Effect": "Allow", "Action": "*", "Resource": "*"}]}
    assert v.size(accented) == v.size(plain)


@pytest.mark.parametrize(("kind", "limit"), sorted((k, n) for k, n in v.LIMITS.items() if k != "trust"))
def test_size_limits_at_the_edge(kind, limit):
    n = next(n for n in range(5000) if v.size(with_actions(n + 1)) > limit)
    under = with_actions(n)
    assert v.size(under) <= limit
    assert v.validate(under, kind)[1] is None
    over = with_actions(n + 1)
    assert v.size(over) > limit
    problem = v.validate(over, kind)[1]
    assert "%d" % limit in problem and v.KIND_WORDS[kind] in problem


def test_trust_size_limit():
    big = {
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::%012d:root" % i for i in range(80)]}, "Action": "sts:AssumeRole"}
        ]
    }
    assert "2048" in v.validate(big, "trust")[1]


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        v.validate(OK, "bucket")
