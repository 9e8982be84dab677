"""The role_trust spec: the document it builds, and every rejection (naming the field)."""

import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._policy import document as _policy
from ansible_collections.baseline.iam.plugins.module_utils._trust import analysis as _trust
from ansible_collections.baseline.iam.plugins.module_utils._trust import model as _role_trust
from tests.unit.trust.fixtures import ALLOWED, FOREIGN, GITHUB, ORG, SAML, allow, doc

CONTEXT = {"organization_id": ORG, "allowed_accounts": [ALLOWED]}


def validate(spec, partition="aws", context=None):
    return _role_trust.validate(spec, partition, CONTEXT if context is None else context)


def test_trusted_account_statement():
    document = validate({"trusted_accounts": [{"account_id": FOREIGN, "external_id": "vendor-1", "require_mfa": True}]})
    assert document == doc(
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::%s:root" % FOREIGN},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "vendor-1"}, "Bool": {"aws:MultiFactorAuthPresent": "true"}},
        }
    )


def test_trusted_principals_replace_the_root():
    principals = ["arn:aws:iam::%s:role/ci" % ALLOWED, "arn:aws:iam::%s:user/alice" % ALLOWED]
    (statement,) = validate({"trusted_accounts": [{"account_id": ALLOWED, "principals": principals}]})["Statement"]
    assert statement["Principal"] == {"AWS": principals}
    assert "Condition" not in statement


def test_saml_audience_defaults_to_the_partition_sign_in():
    spec = {"saml_provider": {"arn": SAML}}
    assert validate(spec)["Statement"][0]["Condition"] == {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}
    gov = {"saml_provider": {"arn": SAML.replace("arn:aws:", "arn:aws-us-gov:")}}
    assert (
        validate(gov, "aws-us-gov")["Statement"][0]["Condition"]["StringEquals"]["SAML:aud"] == "https://signin.amazonaws-us-gov.com/saml"
    )
    custom = {"saml_provider": {"arn": SAML, "audience": "urn:amazon:webservices"}}
    assert validate(custom)["Statement"][0]["Condition"]["StringEquals"]["SAML:aud"] == "urn:amazon:webservices"


@pytest.mark.parametrize(
    ("subjects", "operator"),
    [
        (["repo:org/app:ref:refs/heads/main"], "StringEquals"),
        (["repo:org/app:ref:refs/heads/main", "repo:org/app:environment:*"], "StringLike"),
    ],
)
def test_oidc_statement(subjects, operator):
    (statement,) = validate({"oidc_provider": {"arn": GITHUB, "audience": "sts.amazonaws.com", "subjects": subjects}})["Statement"]
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    condition = statement["Condition"]
    assert condition["StringEquals"]["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    assert condition[operator]["token.actions.githubusercontent.com:sub"] == (subjects[0] if len(subjects) == 1 else subjects)


def test_services_plain_share_a_statement_conditioned_get_their_own():
    services = [
        "ec2.amazonaws.com",
        {"service": "lambda.amazonaws.com", "source_account": ALLOWED, "source_arn": "arn:aws:lambda:eu-west-1:%s:function:*" % ALLOWED},
        {"service": "ecs-tasks.amazonaws.com"},
    ]
    statements = validate({"services": services})["Statement"]
    assert statements[0] == allow({"Service": ["ec2.amazonaws.com", "ecs-tasks.amazonaws.com"]})
    assert statements[1]["Condition"] == {
        "StringEquals": {"aws:SourceAccount": ALLOWED},
        "ArnLike": {"aws:SourceArn": "arn:aws:lambda:eu-west-1:%s:function:*" % ALLOWED},
    }


def test_no_trust_declared_is_none():
    assert validate({"max_session_duration": 7200}) is None


def test_raw_document_as_json_text():
    text = json.dumps(doc(allow({"Service": "ec2.amazonaws.com"})))
    assert validate({"document": text}) == json.loads(text)


def test_org_restricted_wildcard_document_is_accepted():
    assert validate({"document": doc(allow("*", {"StringEquals": {"aws:PrincipalOrgID": ORG}}))})


def test_document_built_from_the_spec_passes_the_audit_checks():
    spec = {
        "trusted_accounts": [{"account_id": FOREIGN, "external_id": "vendor-1"}, {"account_id": ALLOWED, "require_mfa": True}],
        "saml_provider": {"arn": SAML},
        "oidc_provider": {"arn": GITHUB, "audience": "sts.amazonaws.com", "subjects": ["repo:org/app:*"]},
        "services": ["ec2.amazonaws.com"],
    }
    document = validate(spec)
    assert _trust.document_problems(document, {**CONTEXT, "account_id": "111122223333"}) == []


# Rejections -----------------------------------------------------------------------------------

WILD = doc(allow("*"))
GH = {"arn": GITHUB, "audience": "sts.amazonaws.com"}
MANY_ROLES = ["arn:aws:iam::%s:role/role-number-%03d-with-a-long-name" % (ALLOWED, i) for i in range(60)]
BIG = doc(*[allow({"AWS": "arn:aws:iam::%s:role/role-number-%03d" % (ALLOWED, i)}) for i in range(40)])

REJECTIONS = [
    # (label, spec, field named, words in the problem)
    ("wildcard document", {"document": WILD}, "document", "'*'"),
    ('{"AWS": "*"}', {"document": doc(allow({"AWS": "*"}))}, "document", "TRUST.WILDCARD"),
    (
        'StringLike PrincipalOrgID "*"',
        {"document": doc(allow("*", {"StringLike": {"aws:PrincipalOrgID": "*"}}))},
        "document",
        "restricting",
    ),
    (
        "NotPrincipal allow",
        {"document": doc({"Effect": "Allow", "NotPrincipal": {"AWS": FOREIGN}, "Action": "sts:AssumeRole"})},
        "document",
        "NotPrincipal",
    ),
    ("OIDC without subjects", {"oidc_provider": {**GH, "subjects": []}}, "oidc_provider.subjects", "sub"),
    (
        "OIDC document without sub",
        {"document": doc(allow({"Federated": GITHUB}, {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}))},
        "document",
        "sub",
    ),
    ('OIDC subject "*"', {"oidc_provider": {**GH, "subjects": ["*"]}}, "oidc_provider.subjects[0]", "every subject"),
    (
        "GitHub org only",
        {"oidc_provider": {**GH, "subjects": ["repo:org/app:*", "repo:my-org/*"]}},
        "oidc_provider.subjects[1]",
        "repository",
    ),
    ("GitHub repo of any org", {"oidc_provider": {**GH, "subjects": ["repo:*/app:*"]}}, "oidc_provider.subjects[0]", "organization"),
    ("OIDC without audience", {"oidc_provider": {"arn": GITHUB, "subjects": ["repo:org/app:*"]}}, "oidc_provider.audience", "required"),
    ("foreign account without external id", {"trusted_accounts": [{"account_id": FOREIGN}]}, "trusted_accounts[0].external_id", FOREIGN),
    ("foreign document without external id", {"document": doc(allow({"AWS": FOREIGN}))}, "document", "sts:ExternalId"),
    (
        "external id too short",
        {"trusted_accounts": [{"account_id": FOREIGN, "external_id": "x"}]},
        "trusted_accounts[0].external_id",
        "2 to 1224",
    ),
    (
        "external id too long",
        {"trusted_accounts": [{"account_id": FOREIGN, "external_id": "x" * 1225}]},
        "trusted_accounts[0].external_id",
        "2 to 1224",
    ),
    (
        "external id non-ASCII letter",
        {"trusted_accounts": [{"account_id": FOREIGN, "external_id": "cl\u00e9-1234"}]},
        "trusted_accounts[0].external_id",
        "may contain",
    ),
    (
        "external id bad characters",
        {"trusted_accounts": [{"account_id": FOREIGN, "external_id": "has space"}]},
        "trusted_accounts[0].external_id",
        "may contain",
    ),
    (
        "external id in a document",
        {"document": doc(allow({"AWS": FOREIGN}, {"StringEquals": {"sts:ExternalId": "a#b"}}))},
        "document",
        "ExternalId",
    ),
    ("session too short", {"max_session_duration": 3599}, "max_session_duration", "3600 and 43200"),
    ("session too long", {"max_session_duration": 43201}, "max_session_duration", "3600 and 43200"),
    ("document too large", {"document": BIG}, "document", "2048"),
    ("spec too large", {"trusted_accounts": [{"account_id": ALLOWED, "principals": MANY_ROLES}]}, "trusted_accounts", "2048"),
    ("SAML document without aud", {"document": doc(allow({"Federated": SAML}, None, "sts:AssumeRoleWithSAML"))}, "document", "SAML:aud"),
    ("document and spec", {"document": WILD, "services": ["ec2.amazonaws.com"]}, "document", "mutually exclusive"),
    ("document not JSON", {"document": "{nope"}, "document", "JSON"),
    ("document without statements", {"document": {"Version": "2012-10-17", "Statement": []}}, "document", "no statement"),
    ("account id with 11 digits", {"trusted_accounts": [{"account_id": "12345678901"}]}, "trusted_accounts[0].account_id", "12-digit"),
    (
        "principal of another account",
        {"trusted_accounts": [{"account_id": ALLOWED, "principals": ["arn:aws:iam::%s:role/x" % FOREIGN]}]},
        "trusted_accounts[0].principals[0]",
        "not in account",
    ),
    (
        "principal of another partition",
        {"trusted_accounts": [{"account_id": ALLOWED, "principals": ["arn:aws-cn:iam::%s:role/x" % ALLOWED]}]},
        "trusted_accounts[0].principals[0]",
        "partition",
    ),
    ("SAML arn of an OIDC provider", {"saml_provider": {"arn": GITHUB}}, "saml_provider.arn", "saml-provider"),
    ("service principal", {"services": ["ec2"]}, "services[0].service", "service principal"),
    ("service unknown key", {"services": [{"service": "ec2.amazonaws.com", "source_acount": ALLOWED}]}, "services[0]", "source_acount"),
    (
        "allowed account malformed",
        {"services": ["ec2.amazonaws.com"], "_context": {"allowed_accounts": ["1234"]}},
        "allowed_accounts[0]",
        "12-digit",
    ),
]


@pytest.mark.parametrize(("label", "spec", "field", "words"), REJECTIONS, ids=[r[0] for r in REJECTIONS])
def test_rejections_name_the_field(label, spec, field, words):
    spec = dict(spec)
    context = {**CONTEXT, **spec.pop("_context", {})}
    with pytest.raises(InputError) as e:
        validate(spec, context=context)
    assert e.value.field == field, str(e.value)
    assert words in e.value.problem, str(e.value)


def test_size_limit_is_the_documented_constant():
    assert _role_trust.TRUST_POLICY_MAX_CHARS == 2048
    # White space does not count.
    assert _role_trust.policy_size(doc(allow({"Service": "ec2.amazonaws.com"}))) == len(
        json.dumps(doc(allow({"Service": "ec2.amazonaws.com"})), separators=(",", ":"))
    )


def test_external_id_bounds():
    assert _trust.external_id_problem("ab") is None
    assert _trust.external_id_problem("a" * 1224) is None
    assert _trust.external_id_problem("user@example.com/x:y=z,w+v-u_t.s") is None


@pytest.mark.parametrize(
    ("region", "partition"),
    [
        ("eu-west-1", "aws"),
        ("us-gov-west-1", "aws-us-gov"),
        ("cn-north-1", "aws-cn"),
        ("us-iso-east-1", "aws-iso"),
        ("us-isob-east-1", "aws-iso-b"),
        (None, "aws"),
    ],
)
def test_partition_for_region(region, partition):
    assert _role_trust.partition_for_region(region) == partition


def test_gov_partition_builds_gov_arns():
    document = validate({"trusted_accounts": [{"account_id": ALLOWED}]}, "aws-us-gov")
    assert document["Statement"][0]["Principal"]["AWS"] == "arn:aws-us-gov:iam::%s:root" % ALLOWED
    assert _policy.equal(document, doc(allow({"AWS": ALLOWED})), "aws-us-gov")
