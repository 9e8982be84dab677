"""IAM Roles Anywhere trust: the role_trust spec, the trust it writes, and TRUST.ROLES_ANYWHERE
judged over a table of trust policies (the same analysis refuses a bad raw document in the module)."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._trust import analysis as _trust
from ansible_collections.baseline.iam.plugins.module_utils._trust import evaluators as _evaluators
from ansible_collections.baseline.iam.plugins.module_utils._trust import model as _role_trust
from tests.unit.trust.fixtures import ACCOUNT, TRUST, allow, doc, role, trust_snapshot

ANCHOR = "arn:aws:rolesanywhere:eu-west-1:%s:trust-anchor/0c8e5a8a-1234-4f6e-9d0e-1a2b3c4d5e6f" % ACCOUNT
RA = {"Service": "rolesanywhere.amazonaws.com"}
ACTIONS = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
PINNED_ANCHOR = {"ArnEquals": {"aws:SourceArn": ANCHOR}}
SUBJECT = {"StringEquals": {"aws:PrincipalTag/x509Subject/CN": "backup.example.com"}}


def params():
    return _engine.complete_params({"trust": TRUST})


def test_the_spec_writes_the_trust_aws_documents():
    roles_anywhere = {"trust_anchor_arn": ANCHOR, "subject": {"CN": "backup.example.com", "OU": "ops*"}, "issuer": {"CN": "Example CA"}}
    spec = {"name": "backup", "roles_anywhere": roles_anywhere}
    document = _role_trust.validate(spec, "aws", {})
    assert document == doc(
        {
            "Effect": "Allow",
            "Principal": RA,
            "Action": ACTIONS,
            "Condition": {
                "ArnEquals": {"aws:SourceArn": ANCHOR},
                "StringEquals": {"aws:PrincipalTag/x509Subject/CN": "backup.example.com", "aws:PrincipalTag/x509Issuer/CN": "Example CA"},
                "StringLike": {"aws:PrincipalTag/x509Subject/OU": "ops*"},
            },
        }
    )
    assert _trust.document_problems(document, {}) == []  # what the module writes, the audit passes


@pytest.mark.parametrize(
    ("roles_anywhere", "field", "words"),
    [
        ({"trust_anchor_arn": ANCHOR}, "roles_anywhere.subject", "subject or issuer is required"),
        ({"trust_anchor_arn": ANCHOR.replace("trust-anchor/0c8e5a8a-1234-4f6e-9d0e-1a2b3c4d5e6f", "trust-anchor/*"), "subject": {"CN": "a"}},
         "roles_anywhere.trust_anchor_arn", "one trust anchor"),
        ({"trust_anchor_arn": "arn:aws:iam::%s:role/x" % ACCOUNT, "subject": {"CN": "a"}}, "roles_anywhere.trust_anchor_arn", "trust anchor"),
        ({"trust_anchor_arn": ANCHOR, "subject": {"CN": "*"}}, "roles_anywhere.subject.CN", "every certificate"),
        ({"trust_anchor_arn": ANCHOR, "issuer": {"common name": "x"}}, "roles_anywhere.issuer.common name", "attribute name"),
        ({"trust_anchor_arn": ANCHOR, "subject": "CN=x"}, "roles_anywhere.subject", "dict"),
    ],
)  # fmt: skip
def test_a_bad_spec_names_the_field(roles_anywhere, field, words):
    with pytest.raises(InputError) as error:
        _role_trust.validate({"name": "backup", "roles_anywhere": roles_anywhere}, "aws", {})
    assert error.value.field == field and words in error.value.problem


def test_roles_anywhere_and_a_document_are_mutually_exclusive():
    with pytest.raises(InputError, match="mutually exclusive with roles_anywhere"):
        _role_trust.validate(
            {"name": "x", "document": doc(allow(RA)), "roles_anywhere": {"trust_anchor_arn": ANCHOR, "subject": {"CN": "a"}}}
        )


# (label, trust statement, status of TRUST.ROLES_ANYWHERE)
TABLE = [
    ("anchor and subject", allow(RA, {**PINNED_ANCHOR, **SUBJECT}, ACTIONS), "PASS"),
    ("anchor and issuer pattern", allow(RA, {**PINNED_ANCHOR, "StringLike": {"aws:PrincipalTag/x509Issuer/O": "Example*"}}), "PASS"),
    ("two anchors named one by one", allow(RA, {"ArnLike": {"aws:SourceArn": [ANCHOR, ANCHOR[:-1] + "0"]}, **SUBJECT}), "PASS"),
    ("no condition at all", allow(RA, None, ACTIONS), "FAIL"),
    ("anchor but no certificate", allow(RA, PINNED_ANCHOR), "FAIL"),
    ("certificate but no anchor", allow(RA, SUBJECT), "FAIL"),
    ("every anchor of the account", allow(RA, {"ArnLike": {"aws:SourceArn": ANCHOR.rsplit("/", 1)[0] + "/*"}, **SUBJECT}), "FAIL"),
    ("anchor of any account", allow(RA, {"ArnLike": {"aws:SourceArn": ANCHOR.replace(ACCOUNT, "*")}, **SUBJECT}), "FAIL"),
    ("certificate condition only if present", allow(RA, {**PINNED_ANCHOR, "StringEqualsIfExists": SUBJECT["StringEquals"]}), "FAIL"),
    ("certificate pattern matching all", allow(RA, {**PINNED_ANCHOR, "StringLike": {"aws:PrincipalTag/x509Subject/CN": "*"}}), "FAIL"),
    ("negated certificate condition", allow(RA, {**PINNED_ANCHOR, "StringNotEquals": SUBJECT["StringEquals"]}), "FAIL"),
]


@pytest.mark.parametrize(("label", "statement", "status"), TABLE, ids=[row[0] for row in TABLE])
def test_roles_anywhere_table(label, statement, status):
    findings = _evaluators.roles_anywhere(trust_snapshot(role("backup", doc(statement))), params())
    assert [(f["resource_id"], f["status"]) for f in findings] == [("backup", status)]
    if status == "FAIL":
        assert "any certificate from any trust anchor" in findings[0]["message"]


def test_roles_not_trusting_roles_anywhere_are_not_judged():
    ec2 = role("app", doc(allow({"Service": "ec2.amazonaws.com"})))
    findings = _evaluators.roles_anywhere(trust_snapshot(ec2), params())
    assert [(f["status"], f["resource_id"]) for f in findings] == [("NOT_APPLICABLE", ACCOUNT)]  # one, for the account


def test_a_raw_document_without_the_pins_is_refused_by_the_module_checks():
    with pytest.raises(InputError, match=r"TRUST\.ROLES_ANYWHERE"):
        _role_trust.validate({"name": "backup", "document": doc(allow(RA, None, ACTIONS))}, "aws", {})
