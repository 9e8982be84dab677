"""TRUST.LONG_SESSION, TRUST.DECLARED and FED.PROVIDERS: PASS, FAIL, ERROR, NOT_APPLICABLE."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._trust import model as _role_trust
from tests.support.snapshots import evaluate, statuses
from tests.unit.trust.fixtures import ACCOUNT, ALLOWED, GITHUB, SAML, TRUST, allow, doc, role, trust_snapshot

METADATA = "<EntityDescriptor>" + "x" * 1000 + "</EntityDescriptor>"
SPEC = {"name": "deploy", "trusted_accounts": [{"account_id": ALLOWED, "require_mfa": True}]}


def trust_findings(snap, control, trust=None, providers=None):
    """The findings of `control` with the trust variable (TRUST updated with `trust`) and `providers`."""
    params = {"trust": {**TRUST, **(trust or {})}, "identity_providers": providers or []}
    return evaluate(snap, control, params=params)


# TRUST.LONG_SESSION ---------------------------------------------------------------------------


def test_long_session_threshold_from_the_trust_variable():
    roles = [role("short", doc(), max_session=3600), role("long", doc(), max_session=43200)]
    assert statuses(trust_findings(trust_snapshot(*roles), "TRUST.LONG_SESSION")) == {"short": "PASS", "long": "FAIL"}
    assert statuses(trust_findings(trust_snapshot(*roles), "TRUST.LONG_SESSION", {"max_session_duration": 43200})) == {
        "short": "PASS",
        "long": "PASS",
    }


def test_long_session_accepts_the_duration_declared_for_a_role_with_a_reason():
    roles = [role("deploy", doc(), max_session=7200), role("other", doc(), max_session=7200)]
    trust = {"roles": [{**SPEC, "max_session_duration": 7200, "max_session_duration_reason": "nightly batch runs 2 h (OPS-7)"}]}
    findings = {f["resource_id"]: f for f in trust_findings(trust_snapshot(*roles), "TRUST.LONG_SESSION", trust)}
    assert {k: f["status"] for k, f in findings.items()} == {"deploy": "PASS", "other": "FAIL"}
    assert "nightly batch runs 2 h (OPS-7)" in findings["deploy"]["message"]


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_longer_declared_session_without_a_reason_does_not_relax_the_control(reason):
    """Issue 14: a declared max_session_duration above the baseline needs
    max_session_duration_reason, as a waiver needs a reason (it used to PASS without one)."""
    trust = {"roles": [{**SPEC, "max_session_duration": 7200, "max_session_duration_reason": reason}]}
    (finding,) = trust_findings(trust_snapshot(role("deploy", doc(), max_session=7200)), "TRUST.LONG_SESSION", trust)
    assert finding["status"] == "FAIL"
    assert "max_session_duration_reason" in finding["message"]
    assert finding["expected"] == "<= 3600"


def test_a_declared_session_within_the_baseline_needs_no_reason():
    trust = {"roles": [{**SPEC, "max_session_duration": 3600}]}
    snap = trust_snapshot(role("deploy", doc(), max_session=3600))
    assert statuses(trust_findings(snap, "TRUST.LONG_SESSION", trust)) == {"deploy": "PASS"}


def test_long_session_unknown_duration_is_error():
    snap = trust_snapshot(role("a", doc()), list_roles=[])
    assert statuses(trust_findings(snap, "TRUST.LONG_SESSION")) == {"a": "ERROR"}


def test_long_session_unreadable_list_roles_is_error():
    findings = trust_findings(trust_snapshot(role("a", doc()), errors={"roles": "Throttling"}), "TRUST.LONG_SESSION")
    assert [f["status"] for f in findings] == ["ERROR"] and "Throttling" in findings[0]["message"]


def test_long_session_finding_evidence():
    (finding,) = trust_findings(trust_snapshot(role("long", doc(), max_session=43200)), "TRUST.LONG_SESSION")
    assert (finding["expected"], finding["actual"]) == ("<= 3600", 43200)
    assert "43200" in finding["message"]


# TRUST.DECLARED -------------------------------------------------------------------------------


def built(spec, partition="aws"):
    return _role_trust.desired_document(spec, partition)


def test_declared_role_with_the_built_document_passes():
    snap = trust_snapshot(role("deploy", built(SPEC)))
    assert statuses(trust_findings(snap, "TRUST.DECLARED", {"roles": [SPEC]})) == {"deploy": "PASS"}


def test_declared_compares_semantically():
    # What AWS may hand back: a bare account id instead of the root ARN, lists for single values,
    # a boolean instead of "true", statements in another order.
    current = doc(
        {
            "Action": ["sts:AssumeRole"],
            "Principal": {"AWS": [ALLOWED]},
            "Effect": "Allow",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": True}},
        }
    )
    assert statuses(trust_findings(trust_snapshot(role("deploy", current)), "TRUST.DECLARED", {"roles": [SPEC]})) == {"deploy": "PASS"}


def test_declared_partition_aware():
    gov = built(SPEC, "aws-us-gov")
    snap = trust_snapshot(role("deploy", gov, partition="aws-us-gov"), partition="aws-us-gov")
    assert statuses(trust_findings(snap, "TRUST.DECLARED", {"roles": [SPEC]})) == {"deploy": "PASS"}
    snap = trust_snapshot(role("deploy", built(SPEC, "aws"), partition="aws-us-gov"), partition="aws-us-gov")
    assert statuses(trust_findings(snap, "TRUST.DECLARED", {"roles": [SPEC]})) == {"deploy": "FAIL"}


@pytest.mark.parametrize(
    ("current", "max_session", "spec_change", "status"),
    [
        (doc(allow({"AWS": ALLOWED})), 3600, {}, "FAIL"),  # MFA condition missing
        (doc(allow("*")), 3600, {}, "FAIL"),
        (None, 7200, {"max_session_duration": 3600}, "FAIL"),
        (None, 3600, {"max_session_duration": 3600}, "PASS"),
        (None, 43200, {}, "PASS"),  # no declared duration: TRUST.LONG_SESSION judges it
    ],
)
def test_declared_drift(current, max_session, spec_change, status):
    spec = {**SPEC, **spec_change}
    snap = trust_snapshot(role("deploy", current or built(spec), max_session=max_session))
    (finding,) = trust_findings(snap, "TRUST.DECLARED", {"roles": [spec]})
    assert finding["status"] == status, finding["message"]
    if status == "FAIL":
        assert finding["expected"] and finding["actual"]


def test_declared_raw_document():
    document = doc(allow({"Service": "lambda.amazonaws.com"}))
    spec = {
        "name": "fn",
        "document": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    }
    assert statuses(trust_findings(trust_snapshot(role("fn", document)), "TRUST.DECLARED", {"roles": [spec]})) == {"fn": "PASS"}


def test_declared_but_missing_fails_with_the_predicted_arn():
    (finding,) = trust_findings(trust_snapshot(), "TRUST.DECLARED", {"roles": [SPEC]})
    assert finding["status"] == "FAIL"
    assert finding["resource_arn"] == "arn:aws:iam::%s:role/deploy" % ACCOUNT


def test_declared_role_names_match_case_insensitively():
    assert statuses(trust_findings(trust_snapshot(role("Deploy", built(SPEC))), "TRUST.DECLARED", {"roles": [SPEC]})) == {"Deploy": "PASS"}


def test_declared_invalid_spec_is_error():
    spec = {"name": "deploy", "document": {"Statement": []}, "services": ["ec2.amazonaws.com"]}
    (finding,) = trust_findings(trust_snapshot(role("deploy", doc())), "TRUST.DECLARED", {"roles": [spec]})
    assert finding["status"] == "ERROR" and "mutually exclusive" in finding["message"]


def test_nothing_declared_is_not_applicable():
    assert [f["status"] for f in trust_findings(trust_snapshot(), "TRUST.DECLARED")] == ["NOT_APPLICABLE"]
    assert [f["status"] for f in trust_findings(trust_snapshot(), "FED.PROVIDERS")] == ["NOT_APPLICABLE"]


def test_declared_oidc_and_saml_spec():
    spec = {
        "name": "ci",
        "oidc_provider": {"arn": GITHUB, "audience": "sts.amazonaws.com", "subjects": ["repo:org/app:*"]},
        "saml_provider": {"arn": SAML},
    }
    snap = trust_snapshot(role("ci", built(spec)))
    assert statuses(trust_findings(snap, "TRUST.DECLARED", {"roles": [spec]})) == {"ci": "PASS"}
    # the built document also passes the document controls
    for control in ("TRUST.OIDC_NO_SUB", "TRUST.SAML_NO_AUD", "TRUST.WILDCARD", "TRUST.FOREIGN_ACCOUNT"):
        assert statuses(trust_findings(snap, control)) == {"ci": "PASS"}, control


# FED.PROVIDERS --------------------------------------------------------------------------------

OIDC_ARN = "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com" % ACCOUNT
GH = {"type": "oidc", "url": "https://token.actions.githubusercontent.com", "client_ids": ["sts.amazonaws.com"]}
CORP = {"type": "saml", "name": "corp", "metadata_document": METADATA}


def oidc(client_ids=("sts.amazonaws.com",), thumbprints=()):
    return {"arn": OIDC_ARN, "url": "token.actions.githubusercontent.com", "client_ids": list(client_ids), "thumbprints": list(thumbprints)}


def saml(metadata=METADATA):
    return {"arn": SAML, "metadata_document": metadata, "valid_until": None}


@pytest.mark.parametrize(
    ("declared", "saml_providers", "oidc_providers", "status"),
    [
        (GH, [], [oidc()], "PASS"),
        (GH, [], [], "FAIL"),
        (GH, [], [oidc(client_ids=("sts.amazonaws.com", "other"))], "FAIL"),
        ({**GH, "url": "https://TOKEN.actions.githubusercontent.com/"}, [], [oidc()], "PASS"),
        ({**GH, "thumbprints": ["A" * 40]}, [], [oidc(thumbprints=["a" * 40])], "PASS"),
        ({**GH, "thumbprints": ["b" * 40]}, [], [oidc(thumbprints=["a" * 40])], "FAIL"),
        ({"type": "oidc", "url": GH["url"]}, [], [oidc(client_ids=("anything",))], "PASS"),  # not declared: not compared
        (CORP, [saml()], [], "PASS"),
        (CORP, [saml(METADATA + "\n")], [], "PASS"),
        (CORP, [saml(METADATA.replace("x", "y"))], [], "FAIL"),
        (CORP, [], [], "FAIL"),
        ({**CORP, "state": "absent"}, [saml()], [], "FAIL"),
        ({"type": "saml", "name": "corp", "state": "absent"}, [], [], "PASS"),
        ({"type": "saml", "name": "bad name!"}, [], [], "ERROR"),
    ],
)
def test_providers(declared, saml_providers, oidc_providers, status):
    snap = trust_snapshot(saml=saml_providers, oidc=oidc_providers)
    (finding,) = trust_findings(snap, "FED.PROVIDERS", providers=[declared])
    assert finding["status"] == status, finding["message"]
    assert finding["resource_type"] == "AwsIamIdentityProvider"


def test_missing_provider_finding_has_the_arn_it_would_have():
    (finding,) = trust_findings(trust_snapshot(), "FED.PROVIDERS", providers=[GH])
    assert finding["resource_arn"] == OIDC_ARN


def test_unreadable_providers_are_error():
    snap = trust_snapshot(oidc=[oidc()], errors={"saml_providers": "AccessDenied"})
    assert [f["status"] for f in trust_findings(snap, "FED.PROVIDERS", providers=[GH])] == ["ERROR"]
