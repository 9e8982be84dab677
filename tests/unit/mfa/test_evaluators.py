"""Evaluators of the MFA family and root MFA: PASS, FAIL, NOT_APPLICABLE and ERROR, table-driven."""

import copy

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import document
from tests.support.credential_report import ROOT_USER, credential_report, report_row
from tests.support.fixed import ACCOUNT
from tests.support.snapshots import authorization_details, evaluate, snapshot, statuses

ROOT = "arn:aws:iam::%s:root" % ACCOUNT
ROOT_SERIAL = "arn:aws:iam::%s:mfa/root-account-mfa-device" % ACCOUNT
REPORT_TIME = "2026-11-26T23:00:00Z"  # not the snapshot's time: findings from the report carry the report's


def snap(rows=(), summary=None, devices=(), policies=(), groups=(), errors=(), partition="aws"):
    """The sources of the MFA controls; `errors`: sources denied."""
    return snapshot(
        credential_report=credential_report(*rows, generated_time=REPORT_TIME),
        account_summary=summary if summary is not None else {"AccountMFAEnabled": 0},
        virtual_mfa_devices=list(devices),
        authorization_details=authorization_details(groups=groups, policies=policies),
        errors=dict.fromkeys(errors, "AccessDenied"),
        partition=partition,
    )


def single(snapshot, control, params=None):
    (finding,) = evaluate(snapshot, control, params=params)
    return finding


@pytest.mark.parametrize(
    ("control", "source"),
    [
        ("USER.CONSOLE_NO_MFA", "credential_report"),
        ("MFA.POLICY_DRIFT", "authorization_details"),
        ("MFA.POLICY_ATTACHED", "authorization_details"),
        ("ROOT.MFA", "account_summary"),
        ("ROOT.MFA", "credential_report"),
        ("ROOT.HARDWARE_MFA", "account_summary"),
        ("ROOT.HARDWARE_MFA", "virtual_mfa_devices"),
    ],
)
def test_unreadable_source_is_error_never_pass(control, source):
    finding = single(snap(errors=(source,), summary={"AccountMFAEnabled": 1}), control, {"mfa": {"groups": ["admins"]}})
    assert finding["status"] == "ERROR"
    assert source in finding["message"] and "AccessDenied" in finding["message"]


# USER.CONSOLE_NO_MFA


def test_console_users_without_mfa_fail():
    root = {**report_row(ROOT_USER), "password_enabled": "true"}  # AWS writes not_supported: root is left out as root
    rows = [root, report_row("alice", password=True, mfa=True), report_row("bob", password=True), report_row("robot")]
    assert statuses(evaluate(snap(rows), "USER.CONSOLE_NO_MFA")) == {"alice": "PASS", "bob": "FAIL"}
    finding = next(f for f in evaluate(snap(rows), "USER.CONSOLE_NO_MFA") if f["resource_id"] == "bob")
    assert finding["resource_arn"] == "arn:aws:iam::%s:user/bob" % ACCOUNT
    assert finding["evidence_time"] == "2026-11-26T23:00:00Z"


def test_no_console_user_is_not_applicable():
    assert statuses(evaluate(snap([report_row("robot")]), "USER.CONSOLE_NO_MFA")) == {ACCOUNT: "NOT_APPLICABLE"}


# MFA.POLICY_DRIFT


def policy(doc, name="BaselineRequireMFA", path="/", partition="aws"):
    return {
        "PolicyName": name,
        "Path": path,
        "Arn": "arn:%s:iam::%s:policy%s%s" % (partition, ACCOUNT, path, name),
        "DefaultVersionId": "v3",
        "AttachmentCount": 1,
        "PolicyVersionList": [{"VersionId": "v3", "IsDefaultVersion": True, "Document": doc}],
    }


def test_policy_drift_passes_on_the_baseline_document_even_reordered():
    doc = copy.deepcopy(document("aws"))
    doc["Statement"].reverse()
    doc["Statement"][0]["NotAction"] = [a.upper() for a in reversed(doc["Statement"][0]["NotAction"])]
    assert single(snap(policies=[policy(doc)]), "MFA.POLICY_DRIFT")["status"] == "PASS"


def test_policy_drift_fails_and_names_the_changed_statement():
    finding = single(snap(policies=[policy(document("aws", allow_change_password_without_mfa=True))]), "MFA.POLICY_DRIFT")
    assert finding["status"] == "FAIL"
    assert "DenyAllExceptMFASelfServiceWithoutMFA" in finding["message"]
    assert "v3" in finding["message"]


def test_policy_drift_reads_the_family_options():
    params = {"mfa": {"allow_change_password_without_mfa": True, "extra_not_actions": ["sso:ListInstances"]}}
    doc = document("aws", True, ["sso:ListInstances"])
    assert single(snap(policies=[policy(doc)]), "MFA.POLICY_DRIFT", params)["status"] == "PASS"
    assert single(snap(policies=[policy(document("aws"))]), "MFA.POLICY_DRIFT", params)["status"] == "FAIL"


def test_policy_drift_is_partition_aware():
    snapshot = snap(policies=[policy(document("aws-cn"), partition="aws-cn")], partition="aws-cn")
    assert single(snapshot, "MFA.POLICY_DRIFT")["status"] == "PASS"
    wrong = snap(policies=[policy(document("aws"), partition="aws-cn")], partition="aws-cn")
    assert single(wrong, "MFA.POLICY_DRIFT")["status"] == "FAIL"


def test_policy_missing_or_elsewhere_fails():
    assert "does not exist" in single(snap(), "MFA.POLICY_DRIFT")["message"]
    finding = single(snap(policies=[policy(document("aws"), path="/legacy/")]), "MFA.POLICY_DRIFT")
    assert finding["status"] == "FAIL" and "path /legacy/" in finding["message"]
    # the name is read from the ARN when the details leave PolicyName out (as the simulator does)
    nameless = {k: v for k, v in policy(document("aws"), path="/legacy/").items() if k != "PolicyName"}
    assert "path /legacy/" in single(snap(policies=[nameless]), "MFA.POLICY_DRIFT")["message"]


# MFA.POLICY_ATTACHED


def group(name, attached=(), inline=None):
    return {
        "GroupName": name,
        "Arn": "arn:aws:iam::%s:group/%s" % (ACCOUNT, name),
        "Path": "/",
        "AttachedManagedPolicies": [{"PolicyArn": a} for a in attached],
        "GroupPolicyList": [{"PolicyName": n, "PolicyDocument": d} for n, d in (inline or {}).items()],
    }


BASELINE_ARN = "arn:aws:iam::%s:policy/BaselineRequireMFA" % ACCOUNT


def test_policy_attached_per_listed_group():
    snapshot = snap(groups=[group("admins", [BASELINE_ARN]), group("devs")], policies=[policy(document("aws"))])
    params = {"mfa": {"groups": ["admins", "devs", "ghosts"]}}
    assert statuses(evaluate(snapshot, "MFA.POLICY_ATTACHED", params=params)) == {"admins": "PASS", "devs": "FAIL", "ghosts": "FAIL"}


def test_policy_attached_judges_what_the_group_policies_do():
    """A listed group that already forces MFA with its own policy passes, naming it; the
    baseline's policy attached but edited so that it no longer forces MFA fails (issue 14)."""
    weakened = copy.deepcopy(document("aws"))
    weakened["Statement"][-1]["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
    own = {"Version": "2012-10-17", "Statement": [dict(document("aws")["Statement"][-1], Sid="CorpMFA")]}
    params = {"mfa": {"groups": ["ops", "admins"]}}
    snapshot = snap(groups=[group("ops", inline={"corp-mfa": own}), group("admins", [BASELINE_ARN])], policies=[policy(weakened)])
    result = {f["resource_id"]: f for f in evaluate(snapshot, "MFA.POLICY_ATTACHED", params=params)}
    assert result["ops"]["status"] == "PASS"
    assert "forced by corp-mfa (inline)" in result["ops"]["message"]
    assert "BaselineRequireMFA is not attached" in result["ops"]["message"]
    assert result["admins"]["status"] == "FAIL"
    assert "access keys" in result["admins"]["message"]


def test_policy_attached_without_groups_is_not_applicable():
    assert statuses(evaluate(snap(), "MFA.POLICY_ATTACHED")) == {ACCOUNT: "NOT_APPLICABLE"}


# ROOT.MFA and ROOT.HARDWARE_MFA


@pytest.mark.parametrize(
    ("rows", "summary", "status"),
    [
        ([report_row(ROOT_USER, mfa=True)], {"AccountMFAEnabled": 0}, "PASS"),  # the report wins when it has a root row
        ([report_row(ROOT_USER)], {"AccountMFAEnabled": 1}, "FAIL"),
        ([report_row("alice", password=True)], {"AccountMFAEnabled": 1}, "PASS"),  # no root row (the simulator): account summary
        ([], {"AccountMFAEnabled": 0}, "FAIL"),
    ],
)
def test_root_mfa(rows, summary, status):
    assert single(snap(rows, summary), "ROOT.MFA")["status"] == status


VIRTUAL_ROOT_BY_USER = {
    "SerialNumber": "arn:aws:iam::%s:mfa/my-phone" % ACCOUNT,
    "User": {"Arn": ROOT},
    "EnableDate": "2026-01-01T00:00:00Z",
}
VIRTUAL_ROOT_BY_SERIAL = {"SerialNumber": ROOT_SERIAL, "EnableDate": "2026-01-01T00:00:00Z"}
VIRTUAL_ALICE = {"SerialNumber": "arn:aws:iam::%s:mfa/alice" % ACCOUNT, "User": {"Arn": "arn:aws:iam::%s:user/alice" % ACCOUNT}}
UNASSIGNED_ROOT_SERIAL = {"SerialNumber": ROOT_SERIAL}


@pytest.mark.parametrize(
    ("summary", "devices", "status", "words"),
    [
        ({"AccountMFAEnabled": 0}, [], "FAIL", "no MFA at all"),
        ({"AccountMFAEnabled": 1}, [VIRTUAL_ROOT_BY_USER], "FAIL", "virtual device"),
        ({"AccountMFAEnabled": 1}, [VIRTUAL_ROOT_BY_SERIAL], "FAIL", "root-account-mfa-device"),
        ({"AccountMFAEnabled": 1}, [VIRTUAL_ALICE, UNASSIGNED_ROOT_SERIAL], "PASS", "not a virtual device"),
        ({"AccountMFAEnabled": 1}, [], "PASS", "not a virtual device"),
    ],
)
def test_root_hardware_mfa(summary, devices, status, words):
    finding = single(snap(summary=summary, devices=devices), "ROOT.HARDWARE_MFA")
    assert finding["status"] == status
    assert words in finding["message"]


def test_root_hardware_mfa_partition_aware():
    gov_root = {"SerialNumber": "arn:aws-us-gov:iam::%s:mfa/root-account-mfa-device" % ACCOUNT, "EnableDate": "2026-01-01T00:00:00Z"}
    snapshot = snap(summary={"AccountMFAEnabled": 1}, devices=[gov_root], partition="aws-us-gov")
    assert single(snapshot, "ROOT.HARDWARE_MFA")["status"] == "FAIL"
    assert single(snapshot, "ROOT.HARDWARE_MFA")["resource_arn"] == "arn:aws-us-gov:iam::%s:root" % ACCOUNT
