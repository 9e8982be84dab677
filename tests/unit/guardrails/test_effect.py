"""The SCP effect check: table-tested three-valued statement verdicts, and every guardrail of the
library proven harmless to the baseline's member role while doing what it says to everyone else."""

import json
from pathlib import Path

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._baseline import defaults as _defaults
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import effect as _effect
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import library as _library
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import needs as _needs

REPO = Path(__file__).resolve().parents[3]
ACCOUNT, ORG = "111111111111", "o-abcdefghij"
MEMBER = _effect.member_role_context("aws", ACCOUNT, ORG, "OrganizationAccountAccessRole")
T, F, U = _effect.TRUE, _effect.FALSE, _effect.UNKNOWN


def request(action="iam:CreateGroup", resource="*", context=None):
    return _effect.requests_for([(action, resource)], context or MEMBER)[0]


def deny(**fields):
    return {"Effect": "Deny", "Action": "iam:*", "Resource": "*", **fields}


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (deny(), T),
        (deny(Action="IAM:create*"), T),  # actions match case-insensitively
        (deny(Action="s3:*"), F),
        ({"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*"}, F),
        ({"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}, T),
        (deny(Resource="arn:aws:iam::*:group/admins"), U),  # may be a group the baseline manages
        (deny(Resource="arn:aws:s3:::bucket"), F),
        (deny(NotResource="*", Resource=None), F),
        (deny(Condition={"ArnNotLike": {"aws:PrincipalArn": "arn:*:iam::*:role/OrganizationAccountAccessRole"}}), F),
        (deny(Condition={"ArnNotLike": {"aws:PrincipalArn": "arn:*:iam::*:role/Other"}}), T),
        (deny(Condition={"StringNotEquals": {"aws:PrincipalAccount": ACCOUNT}}), F),
        (deny(Condition={"StringEquals": {"aws:PrincipalOrgID": ORG}}), T),
        (deny(Condition={"StringLike": {"aws:PrincipalArn": "arn:*:iam::*:root"}}), F),  # deny_root_user
        (deny(Condition={"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}), U),  # unknown key
        (deny(Condition={"Null": {"aws:PrincipalArn": "true"}}), F),
        (deny(Condition={"StringEqualsIfExists": {"aws:PrincipalTag/team": "x"}}), U),
        (deny(Condition={"ForAnyValue:StringLike": {"aws:PrincipalArn": "x"}}), U),
        (deny(Condition={"NumericLessThan": {"aws:PrincipalArn": "1"}}), U),  # operator not modelled
        (deny(Condition={"BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}), T),
    ],
)
def test_verdict_for_the_member_role(statement, expected):
    statement = {k: v for k, v in statement.items() if v is not None}
    assert _effect.verdict(statement, request()) == expected


@pytest.mark.parametrize(
    ("pattern", "needed", "covers", "overlap"),
    [
        ("*", "*", True, True),
        ("arn:*:secretsmanager:*:*:secret:*", "arn:*:secretsmanager:*:*:secret:iam-baseline/*", True, True),
        ("arn:*:secretsmanager:*:*:secret:other/*", "arn:*:secretsmanager:*:*:secret:iam-baseline/*", False, False),
        ("arn:aws:iam::*:role/x", "*", False, True),
        ("a?c", "a*c", False, True),
    ],
)
def test_resource_patterns(pattern, needed, covers, overlap):
    assert _effect.covers(pattern, needed) is covers
    assert _effect.may_overlap(pattern, needed) is overlap


def test_an_allow_list_must_allow_every_need():
    allow_iam = {"Statement": [{"Effect": "Allow", "Action": ["iam:*", "sts:*"], "Resource": "*"}]}
    requests = _effect.requests_for(_needs.needs(), MEMBER)
    missing = {r.action.split(":")[0] for r, _result in _effect.not_allowed([allow_iam], requests)}
    assert missing == {"access-analyzer", "cloudtrail", "ec2", "secretsmanager"}
    full = {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    assert _effect.not_allowed([allow_iam, full], requests) == []


def settings(**changes):
    values = _defaults.complete("guardrails", None)
    values.update(enabled=list(_library.GUARDRAILS), **changes)
    return values


def test_no_guardrail_of_the_library_denies_the_member_role_anything_the_baseline_needs():
    document = _library.library_document(settings(exempt_principals=["arn:aws:iam::*:role/cloudtrail-admin"]))
    assert len(document["Statement"]) == len(_library.GUARDRAILS)
    assert _effect.denials(document, _effect.requests_for(_needs.needs(), MEMBER)) == []


def test_with_another_member_role_the_library_follows_it():
    document = _library.library_document(settings(member_role_name="automation/Baseline"))
    other = _effect.member_role_context("aws", ACCOUNT, ORG, "automation/Baseline")
    assert _effect.denials(document, _effect.requests_for(_needs.needs(), other)) == []
    # ...and OrganizationAccountAccessRole is now just another role: deny_iam_users stops its key
    # creation, and protect_member_role its changes to roles (one of them may be automation/Baseline)
    stopped = {r.action: (v, sid) for r, v, sid in _effect.denials(document, _effect.requests_for(_needs.needs(), MEMBER))}
    assert stopped["iam:CreateAccessKey"] == (_effect.UNKNOWN, "BaselineDenyIamUsers")
    role_changes = {"iam:DetachRolePolicy", "iam:TagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole"}
    assert set(stopped) == {"iam:CreateAccessKey"} | role_changes
    assert {stopped[a] for a in role_changes} == {(_effect.UNKNOWN, "BaselineProtectMemberRole")}


@pytest.mark.parametrize(
    ("guardrail", "action", "resource", "principal", "denied"),
    [
        ("deny_leave_organization", "organizations:LeaveOrganization", "*", "arn:aws:iam::111111111111:role/Admin", T),
        ("deny_root_user", "s3:ListBucket", "*", "arn:aws:iam::111111111111:root", T),
        ("deny_root_user", "s3:ListBucket", "*", "arn:aws:iam::111111111111:role/Admin", F),
        ("protect_cloudtrail", "cloudtrail:StopLogging", "*", "arn:aws:iam::111111111111:role/Admin", T),
        ("protect_cloudtrail", "cloudtrail:StopLogging", "*", "arn:aws:iam::111111111111:role/cloudtrail-admin", F),
        ("protect_access_analyzer", "access-analyzer:DeleteAnalyzer", "*", "arn:aws:iam::111111111111:role/Admin", T),
        ("deny_iam_users", "iam:CreateUser", "arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:role/Admin", T),
        ("deny_iam_users", "iam:CreateUser", "arn:aws:iam::111111111111:user/break-glass/bg1", "arn:aws:iam::111111111111:role/Admin", F),
        ("protect_member_role", "iam:UpdateAssumeRolePolicy", "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
         "arn:aws:iam::111111111111:role/Admin", T),
        ("protect_member_role", "iam:UpdateAssumeRolePolicy", "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
         "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole", F),
        ("protect_member_role", "iam:UpdateAssumeRolePolicy", "arn:aws:iam::111111111111:role/app", "arn:aws:iam::111111111111:role/Admin", F),
    ],
)  # fmt: skip
def test_each_guardrail_stops_what_it_says_and_no_more(guardrail, action, resource, principal, denied):
    statement = _library.statement(guardrail, settings(exempt_principals=["arn:aws:iam::*:role/cloudtrail-admin"]))
    context = dict(MEMBER, **{"aws:PrincipalArn": principal})
    assert _effect.verdict(statement, _effect.Request(action, resource, context)) == denied


def test_needs_are_the_shipped_policies():
    pairs = set()
    for name in ("baseline-iam-apply.json", "baseline-iam-readonly.json"):
        for statement in json.loads((REPO / "files" / "policies" / name).read_text())["Statement"]:
            pairs |= {(action, statement["Resource"]) for action in statement["Action"]}
    assert set(_needs.needs()) == pairs
