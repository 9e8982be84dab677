"""What the force-MFA policy DOES, not only what it says: requests evaluated with the test policy
evaluator (plugins/module_utils/_policy/evaluate.py) for a user with and without MFA.

Without MFA only the self-enrolment actions (plus iam:GetUser, and ChangePassword /
GetAccountPasswordPolicy when allowed) get through, even for a user who also has
AdministratorAccess; with MFA the group's own permissions apply, unchanged.
"""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import SELF_ENROLMENT, document
from ansible_collections.baseline.iam.plugins.module_utils._policy.evaluate import ALLOW, EXPLICIT_DENY, IMPLICIT_DENY, Request, decide

ACCOUNT = "111122223333"
USER = "alice"
OWN_USER = "arn:aws:iam::%s:user/%s" % (ACCOUNT, USER)
OTHER_USER = "arn:aws:iam::%s:user/bob" % ACCOUNT
OWN_DEVICE = "arn:aws:iam::%s:mfa/%s" % (ACCOUNT, USER)
ADMINISTRATOR_ACCESS = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
DEVELOPERS = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}

# (action, resource) a user might try: self-service on its own user and device, on someone else,
# and ordinary work in other services.
REQUESTS = [
    ("iam:CreateVirtualMFADevice", OWN_DEVICE),
    ("iam:EnableMFADevice", OWN_USER),
    ("iam:ResyncMFADevice", OWN_USER),
    ("iam:ListMFADevices", OWN_USER),
    ("iam:ListVirtualMFADevices", "*"),
    ("iam:GetUser", OWN_USER),
    ("sts:GetSessionToken", "*"),
    ("iam:GetMFADevice", OWN_USER),
    ("iam:DeactivateMFADevice", OWN_USER),
    ("iam:DeleteVirtualMFADevice", OWN_DEVICE),
    ("iam:ChangePassword", OWN_USER),
    ("iam:GetAccountPasswordPolicy", "*"),
    ("iam:CreateAccessKey", OWN_USER),
    ("iam:CreateLoginProfile", OWN_USER),
    ("iam:EnableMFADevice", OTHER_USER),
    ("iam:DeactivateMFADevice", OTHER_USER),
    ("iam:CreateUser", "arn:aws:iam::%s:user/mallory" % ACCOUNT),
    ("iam:AttachUserPolicy", OWN_USER),
    ("sts:AssumeRole", "arn:aws:iam::%s:role/admin" % ACCOUNT),
    ("s3:GetObject", "arn:aws:s3:::bucket/key"),
    ("s3:ListBucket", "arn:aws:s3:::bucket"),
    ("ec2:RunInstances", "*"),
    ("kms:Decrypt", "*"),
]
# aws:MultiFactorAuthPresent as each kind of session sends it.
NO_MFA_SESSIONS = {
    "console sign-in without MFA": {"aws:MultiFactorAuthPresent": "false"},
    "long-term access keys (the key is absent)": {},
}
MFA_SESSIONS = {
    "console sign-in with MFA": {"aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "60"},
    "GetSessionToken with MFA": {"aws:MultiFactorAuthPresent": "true"},
}


def outcomes(policies, session):
    context = {"aws:username": USER, **session}
    return {(a, r): decide(policies, Request(a, r, context)) for a, r in REQUESTS}


def allowed(policies, session):
    return {a for (a, r), result in outcomes(policies, session).items() if result == ALLOW}


@pytest.mark.parametrize("session", sorted(NO_MFA_SESSIONS))
def test_without_mfa_an_administrator_can_only_enrol(session):
    policies = [ADMINISTRATOR_ACCESS, document("aws")]
    assert allowed(policies, NO_MFA_SESSIONS[session]) == set(SELF_ENROLMENT) | {"iam:GetUser"}
    results = outcomes(policies, NO_MFA_SESSIONS[session])
    # everything else is an explicit deny, which no other policy can override
    assert results[("s3:GetObject", "arn:aws:s3:::bucket/key")] == EXPLICIT_DENY
    assert results[("iam:DeleteVirtualMFADevice", OWN_DEVICE)] == EXPLICIT_DENY
    assert results[("iam:DeactivateMFADevice", OWN_USER)] == EXPLICIT_DENY
    assert results[("iam:ChangePassword", OWN_USER)] == EXPLICIT_DENY


@pytest.mark.parametrize("session", sorted(NO_MFA_SESSIONS))
def test_without_mfa_a_new_user_can_enrol_its_own_device_only(session):
    results = outcomes([DEVELOPERS, document("aws")], NO_MFA_SESSIONS[session])
    assert {a for (a, r), v in results.items() if v == ALLOW} == set(SELF_ENROLMENT) | {"iam:GetUser"}
    assert results[("iam:EnableMFADevice", OWN_USER)] == ALLOW
    assert results[("iam:EnableMFADevice", OTHER_USER)] == IMPLICIT_DENY  # someone else's user: not granted
    assert results[("s3:GetObject", "arn:aws:s3:::bucket/key")] == EXPLICIT_DENY


@pytest.mark.parametrize("session", sorted(NO_MFA_SESSIONS))
def test_without_mfa_change_password_when_allowed(session):
    policies = [ADMINISTRATOR_ACCESS, document("aws", allow_change_password_without_mfa=True)]
    expected = set(SELF_ENROLMENT) | {"iam:GetUser", "iam:ChangePassword", "iam:GetAccountPasswordPolicy"}
    assert allowed(policies, NO_MFA_SESSIONS[session]) == expected
    # and a user without other permissions gets the same self-service
    assert allowed([document("aws", allow_change_password_without_mfa=True)], NO_MFA_SESSIONS[session]) == expected


@pytest.mark.parametrize("session", sorted(MFA_SESSIONS))
def test_with_mfa_the_group_permissions_apply(session):
    everything = {a for a, _r in REQUESTS}
    assert allowed([ADMINISTRATOR_ACCESS, document("aws")], MFA_SESSIONS[session]) == everything
    results = outcomes([DEVELOPERS, document("aws")], MFA_SESSIONS[session])
    assert results[("s3:GetObject", "arn:aws:s3:::bucket/key")] == ALLOW
    assert results[("ec2:RunInstances", "*")] == IMPLICIT_DENY  # not granted by the group
    assert results[("iam:DeactivateMFADevice", OWN_USER)] == ALLOW  # own device, with MFA
    assert results[("iam:DeactivateMFADevice", OTHER_USER)] == IMPLICIT_DENY
    assert results[("iam:DeleteVirtualMFADevice", OWN_DEVICE)] == IMPLICIT_DENY
    assert EXPLICIT_DENY not in results.values()  # the force-MFA policy denies nothing with MFA


def test_extra_not_actions_let_listed_actions_through_without_mfa():
    policies = [ADMINISTRATOR_ACCESS, document("aws", extra_not_actions=["s3:List*"])]
    assert allowed(policies, {}) == set(SELF_ENROLMENT) | {"iam:GetUser", "s3:ListBucket"}


def test_the_same_holds_in_other_partitions():
    gov_user = "arn:aws-us-gov:iam::%s:user/%s" % (ACCOUNT, USER)
    gov_device = "arn:aws-us-gov:iam::%s:mfa/%s" % (ACCOUNT, USER)
    doc = document("aws-us-gov")
    context = {"aws:username": USER}
    assert decide([doc], Request("iam:EnableMFADevice", gov_user, context)) == ALLOW
    assert decide([doc], Request("iam:CreateVirtualMFADevice", gov_device, context)) == ALLOW
    assert decide([doc], Request("iam:EnableMFADevice", OWN_USER, context)) == IMPLICIT_DENY  # aws partition ARN
