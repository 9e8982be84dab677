import json
from urllib.parse import quote

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._policy import document as _policy

ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        (ADMIN, ADMIN, True),
        # a single value vs a one-element list
        (ADMIN, {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}}, True),
        # statement order and action order/case
        (
            {
                "Statement": [
                    {"Effect": "Allow", "Action": ["s3:GetObject", "iam:ListUsers"], "Resource": "*"},
                    {"Effect": "Deny", "Action": "x:Y", "Resource": "*"},
                ]
            },
            {
                "Statement": [
                    {"Effect": "Deny", "Action": "x:y", "Resource": "*"},
                    {"Effect": "Allow", "Action": ["IAM:listusers", "s3:GetObject"], "Resource": "*"},
                ]
            },
            True,
        ),
        # resource ARNs are case-sensitive
        (
            {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::A"}]},
            {"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::a"}]},
            False,
        ),
        # a bare account id is its root ARN (in the document's partition)
        (
            {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]},
            {"Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "Action": "sts:AssumeRole"}]},
            True,
        ),
        # boolean spelling and condition key case
        (
            {
                "Statement": [
                    {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": False}}}
                ]
            },
            {
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Action": "*",
                        "Resource": "*",
                        "Condition": {"BoolIfExists": {"aws:multifactorauthpresent": "false"}},
                    }
                ]
            },
            True,
        ),
        # Bool is not BoolIfExists
        (
            {
                "Statement": [
                    {"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
                ]
            },
            {
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Action": "*",
                        "Resource": "*",
                        "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
                    }
                ]
            },
            False,
        ),
        # Allow vs Deny
        (ADMIN, {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}, False),
        # empty condition is no condition
        (ADMIN, {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}]}, True),
    ],
)
def test_equal(a, b, equal):
    assert _policy.equal(a, b) is equal
    assert _policy.equal(b, a) is equal


def test_partition_aware_account_principal():
    doc = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}]}
    gov = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws-us-gov:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}
    assert _policy.equal(doc, gov, partition="aws-us-gov")
    assert not _policy.equal(doc, gov, partition="aws")


def test_load_url_encoded_and_json():
    encoded = quote(json.dumps(ADMIN), safe="")
    assert _policy.equal(encoded, ADMIN)
    assert _policy.equal('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', ADMIN)


@pytest.mark.parametrize("bad", ["{not json", "[1, 2]", 42])
def test_load_rejects(bad):
    with pytest.raises(_policy.PolicyError):
        _policy.load(bad)


def test_none_handling():
    assert _policy.equal(None, None)
    assert not _policy.equal(None, ADMIN)


# What IAM treats as equal, and what it does not (issue 13: equivalent documents must cause no write).


def _trust(principal, **extra):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole", **extra}]}


def _allow(condition=None, sid=None, action="s3:GetObject", resource="*"):
    statement = {"Effect": "Allow", "Action": action, "Resource": resource}
    if sid is not None:
        statement["Sid"] = sid
    if condition is not None:
        statement["Condition"] = condition
    return statement


def _doc(*statements):
    return {"Version": "2012-10-17", "Statement": list(statements)}


ORG = {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}

EQUAL_PAIRS = {
    'Principal "*" and {"AWS": "*"}': (_trust("*", Condition=ORG), _trust({"AWS": "*"}, Condition=ORG)),
    'Principal "*" and {"AWS": ["*"]}': (_trust("*", Condition=ORG), _trust({"AWS": ["*"]}, Condition=ORG)),
    'NotPrincipal "*" and {"AWS": "*"}': (
        {"Statement": [{"Effect": "Deny", "NotPrincipal": "*", "Action": "*"}]},
        {"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "*"}, "Action": "*"}]},
    ),
    "a principal list in another order, a duplicate": (
        _trust({"AWS": ["arn:aws:iam::111122223333:role/b", "arn:aws:iam::111122223333:role/a"]}),
        _trust({"AWS": ["arn:aws:iam::111122223333:role/a", "arn:aws:iam::111122223333:role/b", "arn:aws:iam::111122223333:role/a"]}),
    ),
    "Sid differs": (_doc(_allow(sid="ReadObjects")), _doc(_allow(sid="Other"))),
    "Sid present on one side only": (_doc(_allow(sid="ReadObjects")), _doc(_allow())),
    "statement order, with Sids": (
        _doc(_allow(sid="A"), _allow(sid="B", action="s3:PutObject")),
        _doc(_allow(sid="X", action="s3:PutObject"), _allow(sid="Y")),
    ),
    "condition value order and a one-element list": (
        _doc(_allow({"StringEquals": {"aws:SourceAccount": ["222233334444", "111122223333"]}, "Bool": {"aws:SecureTransport": "true"}})),
        _doc(_allow({"StringEquals": {"aws:SourceAccount": ["111122223333", "222233334444"]}, "Bool": {"aws:SecureTransport": ["true"]}})),
    ),
    "action and resource as one-element lists, in another case for actions": (
        _doc(_allow(action="s3:GetObject", resource="arn:aws:s3:::b/*")),
        _doc(_allow(action=["S3:getobject"], resource=["arn:aws:s3:::b/*"])),
    ),
}

UNEQUAL_PAIRS = {
    "StringEquals is not StringLike": (
        _doc(_allow({"StringEquals": {"aws:PrincipalTag/team": "ops*"}})),
        _doc(_allow({"StringLike": {"aws:PrincipalTag/team": "ops*"}})),
    ),
    "StringEquals is not StringEqualsIgnoreCase": (
        _doc(_allow({"StringEquals": {"aws:PrincipalTag/team": "ops"}})),
        _doc(_allow({"StringEqualsIgnoreCase": {"aws:PrincipalTag/team": "ops"}})),
    ),
    "operator names are exact": (
        _doc(_allow({"StringEquals": {"aws:PrincipalTag/team": "ops"}})),
        _doc(_allow({"stringequals": {"aws:PrincipalTag/team": "ops"}})),
    ),
    "Bool is not BoolIfExists": (
        _doc(_allow({"Bool": {"aws:MultiFactorAuthPresent": "true"}})),
        _doc(_allow({"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}})),
    ),
    "ForAnyValue is not ForAllValues": (
        _doc(_allow({"ForAnyValue:StringEquals": {"aws:TagKeys": ["a"]}})),
        _doc(_allow({"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}})),
    ),
    "condition values are case-sensitive": (
        _doc(_allow({"StringEquals": {"sts:ExternalId": "Vendor-1"}})),
        _doc(_allow({"StringEquals": {"sts:ExternalId": "vendor-1"}})),
    ),
    "a condition value more": (
        _doc(_allow({"StringEquals": {"aws:SourceAccount": "111122223333"}})),
        _doc(_allow({"StringEquals": {"aws:SourceAccount": ["111122223333", "222233334444"]}})),
    ),
    'Principal "*" is not {"Service": "*"}': (_trust("*", Condition=ORG), _trust({"Service": "*"}, Condition=ORG)),
    'Principal "*" is not one account': (_trust("*", Condition=ORG), _trust({"AWS": "arn:aws:iam::111122223333:root"}, Condition=ORG)),
    "Principal is not NotPrincipal": (
        {"Statement": [{"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "*"}]},
        {"Statement": [{"Effect": "Deny", "NotPrincipal": {"AWS": "*"}, "Action": "*"}]},
    ),
    "Action is not NotAction": (
        {"Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]},
        {"Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]},
    ),
    "a statement more": (
        _doc(_allow(sid="A")),
        _doc(_allow(sid="A"), _allow(sid="B", action="s3:PutObject")),
    ),
}


@pytest.mark.parametrize("name", sorted(EQUAL_PAIRS))
def test_iam_equivalent_documents_are_equal(name):
    a, b = EQUAL_PAIRS[name]
    assert _policy.equal(a, b) and _policy.equal(b, a)
    assert _policy.normalize(a) == _policy.normalize(b)


@pytest.mark.parametrize("name", sorted(UNEQUAL_PAIRS))
def test_different_documents_are_not_equal(name):
    a, b = UNEQUAL_PAIRS[name]
    assert not _policy.equal(a, b) and not _policy.equal(b, a)
