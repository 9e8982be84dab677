"""ORG.SCP_ENABLED and ORG.GUARDRAIL over organization snapshots, in tables."""

import copy

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import evaluators as _evaluators
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import library as _library
from tests.support.org_snapshot import MANAGEMENT, PROD, PROD_OU, ROOT_ID, SANDBOX_OU, full_aws_access, organization_snapshot, scp

DENY_LEAVE = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}


def params(**guardrails):
    return _engine.complete_params({"guardrails": guardrails})


def library(settings_changes=None, targets=(ROOT_ID,), **changes):
    settings = params(**(settings_changes or {}))["guardrails"]
    document = _library.library_document(settings)
    if changes.get("mutate"):
        changes["mutate"](document)
    return scp("baseline-iam-guardrails", document, targets)


def statuses(findings):
    return [(f["resource_id"], f["status"]) for f in findings]


def test_scp_enabled():
    assert [f["status"] for f in _evaluators.scp_enabled(organization_snapshot(), params())] == ["PASS"]
    findings = _evaluators.scp_enabled(organization_snapshot(scps_enabled=False), params())
    assert [f["status"] for f in findings] == ["FAIL"]
    assert findings[0]["account_id"] == MANAGEMENT and findings[0]["resource_id"] == ROOT_ID
    assert findings[0]["resource_arn"] == "arn:aws:organizations::%s:root/o-abcdefghij/%s" % (MANAGEMENT, ROOT_ID)


DEFAULT = ["deny_leave_organization", "deny_root_user", "protect_cloudtrail", "protect_access_analyzer", "protect_member_role"]


def _drop_cloudtrail(document):
    document["Statement"] = [s for s in document["Statement"] if s["Sid"] != "BaselineProtectCloudtrail"]


def _weaken_root(document):
    document["Statement"][1]["Condition"] = {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::123456789012:root"}}


@pytest.mark.parametrize(
    ("policies", "failing", "words"),
    [
        ([full_aws_access(), library()], [], "in force as declared"),
        ([full_aws_access()], DEFAULT, "does not exist"),
        ([full_aws_access(), library(mutate=_drop_cloudtrail)], ["protect_cloudtrail"], "BaselineProtectCloudtrail is missing"),
        ([full_aws_access(), library(mutate=_weaken_root)], ["deny_root_user"], "differs from the library"),
        ([full_aws_access(), library(targets=(PROD_OU,))], DEFAULT, "not attached at root"),
    ],
)
def test_guardrail_one_finding_per_declared_guardrail(policies, failing, words):
    findings = _evaluators.guardrail(organization_snapshot(policies=policies), params())
    assert [f["resource_id"] for f in findings] == DEFAULT
    assert sorted(f["resource_id"] for f in findings if f["status"] == "FAIL") == sorted(failing)
    assert all(words in f["message"] for f in findings if f["status"] == ("FAIL" if failing else "PASS"))


def test_a_statement_in_another_spelling_is_the_same_guardrail():
    def respell(document):
        statement = document["Statement"][0]
        statement["Action"] = [statement["Action"].upper()]
        statement["Resource"] = ["*"]

    findings = _evaluators.guardrail(organization_snapshot(policies=[full_aws_access(), library(mutate=respell)]), params())
    assert {f["status"] for f in findings} == {"PASS"}


def test_custom_guardrails_are_compared_as_documents_and_targets():
    custom = [{"name": "deny-leave", "document": DENY_LEAVE, "targets": ["/Root/Sandbox"]}]
    settings = {"enabled": [], "custom": custom, "purge_targets": True}
    as_declared = scp("deny-leave", copy.deepcopy(DENY_LEAVE), [SANDBOX_OU])
    assert statuses(_evaluators.guardrail(organization_snapshot(policies=[full_aws_access(), as_declared]), params(**settings))) == [
        ("deny-leave", "PASS")
    ]
    extra = scp("deny-leave", DENY_LEAVE, [SANDBOX_OU, PROD])
    findings = _evaluators.guardrail(organization_snapshot(policies=[full_aws_access(), extra]), params(**settings))
    assert statuses(findings) == [("deny-leave", "FAIL")] and "also attached at %s (undeclared)" % PROD in findings[0]["message"]
    other = scp("deny-leave", {"Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}, [SANDBOX_OU])
    findings = _evaluators.guardrail(organization_snapshot(policies=[full_aws_access(), other]), params(**settings))
    assert "document differs" in findings[0]["message"]


def test_guardrails_fail_while_scps_are_disabled_and_are_not_applicable_when_none_is_declared():
    findings = _evaluators.guardrail(organization_snapshot(scps_enabled=False), params())
    assert {f["status"] for f in findings} == {"FAIL"} and all("not enabled" in f["message"] for f in findings)
    assert statuses(_evaluators.guardrail(organization_snapshot(), params(enabled=[]))) == [(MANAGEMENT, "NOT_APPLICABLE")]


def test_an_invalid_declaration_is_an_error_not_a_pass():
    findings = _evaluators.guardrail(organization_snapshot(), params(enabled=["deny_everything"]))
    assert statuses(findings) == [(MANAGEMENT, "ERROR")] and "enabled[0]: unknown guardrail" in findings[0]["message"]


def test_org_controls_fail_closed():
    findings = _engine.evaluate(organization_snapshot(errors={"service_control_policies": "AccessDeniedException"}), params())
    org = {f["control_id"]: f["status"] for f in findings if f["control_id"].startswith("ORG.")}
    assert org == {"ORG.SCP_ENABLED": "ERROR", "ORG.GUARDRAIL": "ERROR"}
