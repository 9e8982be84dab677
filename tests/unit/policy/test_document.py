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
