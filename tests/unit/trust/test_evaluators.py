"""TRUST.* evaluators over a table of trust documents, good and bad, including the tricky ones:
NotPrincipal, several statements, Bool vs BoolIfExists, ARNs of other partitions, a bare account
id vs its root ARN, StringLike "*", ...IfExists and ForAllValues."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from tests.unit.trust.fixtures import (
    ACCOUNT,
    ALLOWED,
    FOREIGN,
    GITHUB,
    MEMBER_ROLE,
    ORG,
    SAML,
    TRUST,
    VENDOR,
    allow,
    doc,
    role,
    trust_snapshot,
)

TRUST_IDS = ("TRUST.WILDCARD", "TRUST.FOREIGN_ACCOUNT", "TRUST.NO_MFA", "TRUST.OIDC_NO_SUB", "TRUST.SAML_NO_AUD")
GH_AUD = {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}
MFA = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
EC2 = allow({"Service": "ec2.amazonaws.com"})


def github(sub_condition, aud=True):
    condition = dict(sub_condition)
    if aud:
        condition.setdefault("StringEquals", {}).update(GH_AUD)
    return allow({"Federated": GITHUB}, condition, "sts:AssumeRoleWithWebIdentity")


def role_statuses(document, trust=None, name="subject", **snap):
    """{control: status of the role `name`} (or of the account-level finding when none is per role)."""
    findings = _engine.evaluate(trust_snapshot(role(name, document), **snap), {"trust": {**TRUST, **(trust or {})}}, only=TRUST_IDS)
    found = {}
    for f in findings:
        if f["resource_id"] == name or f["control_id"] not in found:
            found[f["control_id"]] = f["status"]
    return found


P, F, NA = "PASS", "FAIL", "NOT_APPLICABLE"

# (label, document, {control: expected status}); controls not listed are not asserted.
TABLE = [
    # --- wildcards -----------------------------------------------------------------------------
    ("service principal", doc(EC2), {"TRUST.WILDCARD": P, "TRUST.FOREIGN_ACCOUNT": P, "TRUST.NO_MFA": NA, "TRUST.OIDC_NO_SUB": NA}),
    ('Principal "*"', doc(allow("*")), {"TRUST.WILDCARD": F, "TRUST.FOREIGN_ACCOUNT": F}),
    ('{"AWS": "*"}', doc(allow({"AWS": "*"})), {"TRUST.WILDCARD": F, "TRUST.FOREIGN_ACCOUNT": F}),
    ('"*" among other AWS principals', doc(allow({"AWS": [ALLOWED, "*"]})), {"TRUST.WILDCARD": F}),
    (
        "* restricted to our org",
        doc(allow("*", {"StringEquals": {"aws:PrincipalOrgID": ORG}})),
        {"TRUST.WILDCARD": P, "TRUST.FOREIGN_ACCOUNT": P},
    ),
    (
        "* restricted to another org",
        doc(allow("*", {"StringEquals": {"aws:PrincipalOrgID": "o-other"}})),
        {"TRUST.WILDCARD": P, "TRUST.FOREIGN_ACCOUNT": F},
    ),
    ('StringLike PrincipalOrgID "*"', doc(allow("*", {"StringLike": {"aws:PrincipalOrgID": "*"}})), {"TRUST.WILDCARD": F}),
    ('StringLike PrincipalOrgID "o-*"', doc(allow("*", {"StringLike": {"aws:PrincipalOrgID": "o-*"}})), {"TRUST.WILDCARD": F}),
    ("StringEqualsIfExists PrincipalOrgID", doc(allow("*", {"StringEqualsIfExists": {"aws:PrincipalOrgID": ORG}})), {"TRUST.WILDCARD": F}),
    ("ForAllValues PrincipalOrgID", doc(allow("*", {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": ORG}})), {"TRUST.WILDCARD": F}),
    ("StringNotEquals PrincipalOrgID", doc(allow("*", {"StringNotEquals": {"aws:PrincipalOrgID": "o-bad"}})), {"TRUST.WILDCARD": F}),
    ("an org id among values * ", doc(allow("*", {"StringLike": {"aws:PrincipalOrgID": [ORG, "*"]}})), {"TRUST.WILDCARD": F}),
    ("condition on an unrelated key", doc(allow("*", {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}})), {"TRUST.WILDCARD": F}),
    (
        "ExternalId alone does not restrict *",
        doc(allow("*", {"StringEquals": {"sts:ExternalId": "abc-123"}})),
        {"TRUST.WILDCARD": F, "TRUST.FOREIGN_ACCOUNT": P},
    ),
    (
        "PrincipalArn of any account",
        doc(allow("*", {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/deploy"}})),
        {"TRUST.WILDCARD": F},
    ),
    (
        "PrincipalArn of an allowed account",
        doc(allow("*", {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::%s:role/deploy-*" % ALLOWED}})),
        {"TRUST.WILDCARD": P, "TRUST.FOREIGN_ACCOUNT": P},
    ),
    (
        "PrincipalArn of a foreign account",
        doc(allow("*", {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::%s:role/deploy" % FOREIGN}})),
        {"TRUST.WILDCARD": P, "TRUST.FOREIGN_ACCOUNT": F},
    ),
    (
        "SourceAccount own account",
        doc(allow("*", {"StringEquals": {"aws:SourceAccount": ACCOUNT}})),
        {"TRUST.WILDCARD": P, "TRUST.FOREIGN_ACCOUNT": P},
    ),
    ('SourceAccount "*"', doc(allow("*", {"StringLike": {"aws:SourceAccount": "*"}})), {"TRUST.WILDCARD": F}),
    (
        "PrincipalOrgPaths of our org",
        doc(allow("*", {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ORG + "/r-ab12/ou-ab12-*"}})),
        {"TRUST.WILDCARD": P},
    ),
    (
        "NotPrincipal in an Allow",
        doc({"Effect": "Allow", "NotPrincipal": {"AWS": FOREIGN}, "Action": "sts:AssumeRole"}),
        {"TRUST.WILDCARD": F},
    ),
    (
        "NotPrincipal in a Deny grants nothing",
        doc(EC2, {"Effect": "Deny", "NotPrincipal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}),
        {"TRUST.WILDCARD": P, "TRUST.FOREIGN_ACCOUNT": P},
    ),
    (
        "a Deny does not count as the wildcard's restriction",
        doc(allow("*"), {"Effect": "Deny", "Principal": "*", "Action": "*"}),
        {"TRUST.WILDCARD": F},
    ),
    # --- accounts ------------------------------------------------------------------------------
    ("own account root", doc(allow({"AWS": "arn:aws:iam::%s:root" % ACCOUNT})), {"TRUST.FOREIGN_ACCOUNT": P, "TRUST.NO_MFA": NA}),
    ("allowed account as a bare id", doc(allow({"AWS": ALLOWED}, MFA)), {"TRUST.FOREIGN_ACCOUNT": P}),
    ("allowed account as its root ARN", doc(allow({"AWS": "arn:aws:iam::%s:root" % ALLOWED}, MFA)), {"TRUST.FOREIGN_ACCOUNT": P}),
    ("foreign account as a bare id", doc(allow({"AWS": FOREIGN})), {"TRUST.FOREIGN_ACCOUNT": F, "TRUST.WILDCARD": P}),
    ("foreign account in another partition", doc(allow({"AWS": "arn:aws-us-gov:iam::%s:root" % FOREIGN})), {"TRUST.FOREIGN_ACCOUNT": F}),
    (
        "allowed account's role in another partition",
        doc(allow({"AWS": "arn:aws-cn:iam::%s:role/x" % ALLOWED})),
        {"TRUST.FOREIGN_ACCOUNT": P},
    ),
    (
        "foreign account with ExternalId",
        doc(allow({"AWS": FOREIGN}, {"StringEquals": {"sts:ExternalId": "vendor-123"}})),
        {"TRUST.FOREIGN_ACCOUNT": P},
    ),
    (
        'foreign account with StringLike ExternalId "*"',
        doc(allow({"AWS": FOREIGN}, {"StringLike": {"sts:ExternalId": "*"}})),
        {"TRUST.FOREIGN_ACCOUNT": F},
    ),
    (
        "foreign account with ExternalIdIfExists",
        doc(allow({"AWS": FOREIGN}, {"StringEqualsIfExists": {"sts:ExternalId": "x1"}})),
        {"TRUST.FOREIGN_ACCOUNT": F},
    ),
    (
        "foreign account held to our org",
        doc(allow({"AWS": FOREIGN}, {"StringEquals": {"aws:PrincipalOrgID": ORG}})),
        {"TRUST.FOREIGN_ACCOUNT": P},
    ),
    ("third party without ExternalId", doc(allow({"AWS": VENDOR})), {"TRUST.FOREIGN_ACCOUNT": F}),
    (
        "third party with ExternalId",
        doc(allow({"AWS": VENDOR}, {"StringEquals": {"sts:ExternalId": "vendor-123"}})),
        {"TRUST.FOREIGN_ACCOUNT": P},
    ),
    (
        "several statements: the second is foreign",
        doc(EC2, allow({"AWS": ALLOWED}, MFA), allow({"AWS": "arn:aws:iam::%s:role/ci" % FOREIGN})),
        {"TRUST.FOREIGN_ACCOUNT": F, "TRUST.WILDCARD": P},
    ),
    ("a deleted principal (unique id)", doc(allow({"AWS": "AROAEXAMPLEID12345678"})), {"TRUST.FOREIGN_ACCOUNT": P, "TRUST.WILDCARD": P}),
    # --- MFA for human roles (by default: trusted by another account's root or users) -----------
    ("cross-account root with Bool MFA", doc(allow({"AWS": ALLOWED}, MFA)), {"TRUST.NO_MFA": P}),
    ("Bool MFA as a JSON boolean", doc(allow({"AWS": ALLOWED}, {"Bool": {"aws:multifactorauthpresent": True}})), {"TRUST.NO_MFA": P}),
    (
        "BoolIfExists MFA does not require MFA",
        doc(allow({"AWS": ALLOWED}, {"BoolIfExists": {"aws:MultiFactorAuthPresent": "true"}})),
        {"TRUST.NO_MFA": F},
    ),
    ("Bool MFA false", doc(allow({"AWS": ALLOWED}, {"Bool": {"aws:MultiFactorAuthPresent": "false"}})), {"TRUST.NO_MFA": F}),
    ("MFA age bound", doc(allow({"AWS": ALLOWED}, {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}})), {"TRUST.NO_MFA": P}),
    (
        "MFA age bound IfExists",
        doc(allow({"AWS": ALLOWED}, {"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}})),
        {"TRUST.NO_MFA": F},
    ),
    ("cross-account root without MFA", doc(allow({"AWS": ALLOWED})), {"TRUST.NO_MFA": F}),
    ("cross-account user without MFA", doc(allow({"AWS": "arn:aws:iam::%s:user/alice" % ALLOWED})), {"TRUST.NO_MFA": F}),
    (
        "MFA on one statement, not on the other",
        doc(allow({"AWS": ALLOWED}, MFA), allow({"AWS": "arn:aws:iam::%s:user/bob" % ALLOWED})),
        {"TRUST.NO_MFA": F},
    ),
    (
        "cross-account role (workload chain) is not a human role",
        doc(allow({"AWS": "arn:aws:iam::%s:role/ci" % ALLOWED})),
        {"TRUST.NO_MFA": NA},
    ),
    (
        "federated (SAML) role is not checked for MFA",
        doc(allow({"Federated": SAML}, {"StringEquals": {"SAML:aud": "x"}}, "sts:AssumeRoleWithSAML")),
        {"TRUST.NO_MFA": NA},
    ),
    # --- OIDC ----------------------------------------------------------------------------------
    (
        "GitHub pinned to a branch",
        doc(github({"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main"}})),
        {"TRUST.OIDC_NO_SUB": P},
    ),
    (
        "GitHub any ref of one repo",
        doc(github({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/app:*"}})),
        {"TRUST.OIDC_NO_SUB": P},
    ),
    (
        "GitHub repository claim",
        doc(github({"StringEquals": {"token.actions.githubusercontent.com:sub": "repository:org/app"}})),
        {"TRUST.OIDC_NO_SUB": P},
    ),
    ('GitHub sub StringLike "*"', doc(github({"StringLike": {"token.actions.githubusercontent.com:sub": "*"}})), {"TRUST.OIDC_NO_SUB": F}),
    (
        "GitHub every repo of an org",
        doc(github({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:org/*"}})),
        {"TRUST.OIDC_NO_SUB": F},
    ),
    (
        "GitHub one repo name in any org",
        doc(github({"StringLike": {"token.actions.githubusercontent.com:sub": "repo:*/app:*"}})),
        {"TRUST.OIDC_NO_SUB": F},
    ),
    (
        "GitHub one good, one bad subject",
        doc(github({"StringLike": {"token.actions.githubusercontent.com:sub": ["repo:org/app:*", "repo:org/*"]}})),
        {"TRUST.OIDC_NO_SUB": F},
    ),
    ("GitHub without sub", doc(github({})), {"TRUST.OIDC_NO_SUB": F}),
    (
        "GitHub without aud",
        doc(github({"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main"}}, aud=False)),
        {"TRUST.OIDC_NO_SUB": F},
    ),
    (
        "GitHub sub only IfExists",
        doc(github({"StringLikeIfExists": {"token.actions.githubusercontent.com:sub": "repo:org/app:*"}})),
        {"TRUST.OIDC_NO_SUB": F},
    ),
    (
        "EKS service account",
        doc(
            allow(
                {"Federated": "arn:aws:iam::%s:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC" % ACCOUNT},
                {
                    "StringEquals": {
                        "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:apps:web",
                        "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
                    }
                },
                "sts:AssumeRoleWithWebIdentity",
            )
        ),
        {"TRUST.OIDC_NO_SUB": P, "TRUST.FOREIGN_ACCOUNT": P},
    ),
    (
        "Cognito identity pool pinned by aud",
        doc(
            allow(
                {"Federated": "cognito-identity.amazonaws.com"},
                {"StringEquals": {"cognito-identity.amazonaws.com:aud": "eu-west-1:pool"}},
                "sts:AssumeRoleWithWebIdentity",
            )
        ),
        {"TRUST.OIDC_NO_SUB": P},
    ),
    (
        "Google without sub",
        doc(
            allow(
                {"Federated": "accounts.google.com"}, {"StringEquals": {"accounts.google.com:aud": "app"}}, "sts:AssumeRoleWithWebIdentity"
            )
        ),
        {"TRUST.OIDC_NO_SUB": F},
    ),
    # --- SAML ----------------------------------------------------------------------------------
    (
        "SAML with aud",
        doc(allow({"Federated": SAML}, {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}, "sts:AssumeRoleWithSAML")),
        {"TRUST.SAML_NO_AUD": P},
    ),
    ("SAML without aud", doc(allow({"Federated": SAML}, None, "sts:AssumeRoleWithSAML")), {"TRUST.SAML_NO_AUD": F}),
    (
        'SAML aud StringLike "*"',
        doc(allow({"Federated": SAML}, {"StringLike": {"saml:aud": "*"}}, "sts:AssumeRoleWithSAML")),
        {"TRUST.SAML_NO_AUD": F},
    ),
    (
        "SAML in another partition",
        doc(allow({"Federated": "arn:aws-us-gov:iam::%s:saml-provider/corp" % ACCOUNT}, None, "sts:AssumeRoleWithSAML")),
        {"TRUST.SAML_NO_AUD": F},
    ),
]


@pytest.mark.parametrize(("label", "document", "expected"), TABLE, ids=[row[0] for row in TABLE])
def test_trust_document_table(label, document, expected):
    found = role_statuses(document)
    assert {c: found[c] for c in expected} == expected, label


def test_table_has_good_and_bad_rows_for_every_document_control():
    for control in TRUST_IDS:
        outcomes = {row[2][control] for row in TABLE if control in row[2]}
        assert {P, F} <= outcomes, control


def test_fail_message_names_the_statement_and_the_account():
    document = doc(EC2, allow({"AWS": VENDOR}))
    (finding,) = _engine.evaluate(trust_snapshot(role("vendor", document)), {"trust": TRUST}, only=("TRUST.FOREIGN_ACCOUNT",))
    assert finding["status"] == F
    assert "Statement[1]" in finding["message"] and VENDOR in finding["message"] and "third party" in finding["message"]
    assert finding["resource_arn"] == "arn:aws:iam::%s:role/vendor" % ACCOUNT
    assert finding["resource_type"] == "AwsIamRole"
    assert '"AWS":"%s"' % VENDOR in finding["actual"]


def test_allowed_accounts_come_from_the_trust_variable():
    document = doc(allow({"AWS": FOREIGN}))
    assert role_statuses(document)["TRUST.FOREIGN_ACCOUNT"] == F
    assert role_statuses(document, {"allowed_accounts": [FOREIGN]})["TRUST.FOREIGN_ACCOUNT"] == P


def test_org_condition_counts_only_for_the_declared_organization():
    document = doc(allow("*", {"StringEquals": {"aws:PrincipalOrgID": ORG}}))
    assert role_statuses(document)["TRUST.FOREIGN_ACCOUNT"] == P
    assert role_statuses(document, {"organization_id": None})["TRUST.FOREIGN_ACCOUNT"] == F


def test_the_callers_own_role_is_not_a_human_role():
    document = doc(allow({"AWS": ALLOWED}))
    assert role_statuses(document, name=MEMBER_ROLE)["TRUST.NO_MFA"] == NA
    assert role_statuses(document, name="Admin")["TRUST.NO_MFA"] == F
    assert role_statuses(document, name=MEMBER_ROLE, caller_role=None)["TRUST.NO_MFA"] == F


def test_human_role_patterns_replace_the_default():
    workload = doc(allow({"AWS": ALLOWED}))
    assert role_statuses(workload, {"human_role_patterns": ["Human-*"]}, name="ci-deployer")["TRUST.NO_MFA"] == NA
    assert role_statuses(workload, {"human_role_patterns": ["human-*"]}, name="Human-Admin")["TRUST.NO_MFA"] == F
    with_mfa = doc(allow({"AWS": ALLOWED}, MFA))
    assert role_statuses(with_mfa, {"human_role_patterns": ["Human-*"]}, name="Human-Admin")["TRUST.NO_MFA"] == P


def test_aws_managed_roles_are_not_applicable():
    wild = doc(allow("*"))
    for path in ("/aws-service-role/support.amazonaws.com/", "/aws-reserved/sso.amazonaws.com/"):
        findings = _engine.evaluate(
            trust_snapshot(role("managed", wild, path=path)), {"trust": TRUST}, only=("TRUST.WILDCARD", "TRUST.FOREIGN_ACCOUNT")
        )
        assert {f["status"] for f in findings} == {NA}
        assert all("AWS-managed" in f["message"] for f in findings)


def test_sso_role_with_long_session_is_not_applicable():
    sso = role(
        "AWSReservedSSO_Admin_abc",
        doc(allow({"Federated": SAML}, {"StringEquals": {"SAML:aud": "x"}})),
        "/aws-reserved/sso.amazonaws.com/",
        43200,
    )
    (finding,) = _engine.evaluate(trust_snapshot(sso), {"trust": TRUST}, only=("TRUST.LONG_SESSION",))
    assert finding["status"] == NA


def test_every_role_is_judged_not_only_declared_ones():
    roles = [role("a", doc(EC2)), role("b", doc(allow("*"))), role("c", doc(allow({"AWS": FOREIGN})))]
    findings = _engine.evaluate(trust_snapshot(*roles), {"trust": TRUST}, only=("TRUST.WILDCARD",))
    assert {f["resource_id"]: f["status"] for f in findings} == {"a": P, "b": F, "c": P}


@pytest.mark.parametrize("control", TRUST_IDS + ("TRUST.LONG_SESSION", "TRUST.DECLARED"))
def test_unreadable_roles_are_error_never_pass(control):
    snap = trust_snapshot(role("a", doc(EC2)), errors={"authorization_details": "AccessDenied"})
    findings = _engine.evaluate(snap, {"trust": {**TRUST, "roles": [{"name": "a", "services": ["ec2.amazonaws.com"]}]}}, only=(control,))
    assert [f["status"] for f in findings] == ["ERROR"]
    assert "AccessDenied" in findings[0]["message"]


def test_trust_document_that_is_not_json_is_error():
    findings = _engine.evaluate(trust_snapshot(role("a", "{not json")), {"trust": TRUST}, only=("TRUST.WILDCARD",))
    assert [f["status"] for f in findings] == ["ERROR"]
