"""The export's pure shaping: what an account has -> iam_baseline_* variables."""

from ansible_collections.baseline.iam.plugins.module_utils._baseline import export as _export
from ansible_collections.baseline.iam.plugins.module_utils._core.caller import Protection

CALLER = {"kind": "role", "name": "OrganizationAccountAccessRole", "arn": "arn:aws:sts::1:assumed-role/OrganizationAccountAccessRole/s"}
DOC = {"Version": "2012-10-17", "Statement": []}


def test_password_policy_keeps_hard_expiry_confirmed():
    api = {"MinimumPasswordLength": 10, "HardExpiry": True, "ExpirePasswords": False}
    policy = _export.password_policy(api)
    assert policy["minimum_length"] == 10
    assert policy["hard_expiry"] is True and policy["allow_hard_expiry"] is True
    assert policy["max_age_days"] == 0 and policy["reuse_prevention"] == 0
    assert _export.password_policy(None) is None


def test_groups_with_members_from_users():
    details = {
        "users": [{"UserName": "b", "GroupList": ["g1"]}, {"UserName": "a", "GroupList": ["g1", "g2"]}, {"UserName": "c"}],
        "groups": [
            {"GroupName": "g2", "Path": "/x/"},
            {"GroupName": "g1", "AttachedManagedPolicies": [{"PolicyArn": "arn:z"}, {"PolicyArn": "arn:a"}],
             "GroupPolicyList": [{"PolicyName": "p", "PolicyDocument": DOC}]},
        ],
    }  # fmt: skip
    assert _export.groups(details) == [
        {"name": "g1", "path": "/", "managed_policies": ["arn:a", "arn:z"], "inline_policies": {"p": DOC}, "members": ["a", "b"]},
        {"name": "g2", "path": "/x/", "managed_policies": [], "inline_policies": {}, "members": ["a"]},
    ]


def test_roles_leave_out_aws_managed_caller_and_protected():
    listed = [
        {"RoleName": "z", "Path": "/", "AssumeRolePolicyDocument": DOC, "MaxSessionDuration": 7200},
        {"RoleName": "AWSServiceRoleForX", "Path": "/aws-service-role/x.amazonaws.com/", "AssumeRolePolicyDocument": DOC},
        {"RoleName": "AWSReservedSSO_Admin", "Path": "/aws-reserved/sso.amazonaws.com/", "AssumeRolePolicyDocument": DOC},
        {"RoleName": "OrganizationAccountAccessRole", "Path": "/", "AssumeRolePolicyDocument": DOC},
        {"RoleName": "break-glass", "Path": "/", "AssumeRolePolicyDocument": DOC},
        {"RoleName": "a", "Path": "/", "AssumeRolePolicyDocument": DOC},
    ]
    roles, skipped = _export.roles(listed, Protection(CALLER, ["break-*"]))
    assert roles == [
        {"name": "a", "document": DOC, "max_session_duration": 3600},
        {"name": "z", "document": DOC, "max_session_duration": 7200},
    ]
    assert [s["name"] for s in skipped] == ["AWSReservedSSO_Admin", "AWSServiceRoleForX", "OrganizationAccountAccessRole", "break-glass"]


def test_providers_in_the_identity_provider_shape():
    saml = [{"arn": "arn:aws:iam::1:saml-provider/okta", "metadata_document": "<xml/>"}]
    oidc = [{"arn": "arn:aws:iam::1:oidc-provider/h", "url": "h/path", "client_ids": ["b", "a"], "thumbprints": ["ABC"]}]
    assert _export.identity_providers(saml, oidc) == [
        {"type": "saml", "name": "okta", "metadata_document": "<xml/>"},
        {"type": "oidc", "url": "https://h/path", "client_ids": ["a", "b"], "thumbprints": ["abc"]},
    ]


def test_variables_without_a_policy_turn_pp_missing_off():
    assert _export.variables(None, [], [], []) == {
        "iam_baseline_controls": {"PP.MISSING": {"enabled": False}, "MFA.POLICY_DRIFT": {"enabled": False}},
        "iam_baseline_groups": [],
        "iam_baseline_trust": {"roles": []},
        "iam_baseline_identity_providers": [],
    }
    mfa = {"name": "BaselineRequireMFA", "path": "/", "groups": ["admins"], "allow_change_password_without_mfa": False}
    assert list(_export.variables({"minimum_length": 14}, [], [], [], mfa)) == [
        "iam_baseline_password_policy", "iam_baseline_mfa", "iam_baseline_groups", "iam_baseline_trust", "iam_baseline_identity_providers",
    ]  # fmt: skip


def _force_mfa(document, name="BaselineRequireMFA"):
    arn = "arn:aws:iam::111122223333:policy/%s" % name
    return {"Arn": arn, "Path": "/", "PolicyVersionList": [{"Document": document, "VersionId": "v1", "IsDefaultVersion": True}]}


def test_force_mfa_policy_is_exported_with_its_groups_only_when_it_is_the_baselines():
    from ansible_collections.baseline.iam.plugins.module_utils._mfa import model as _mfa_policy

    baseline = _mfa_policy.document("aws", allow_change_password_without_mfa=True)
    arn = "arn:aws:iam::111122223333:policy/BaselineRequireMFA"
    details = {
        "policies": [_force_mfa(baseline)],
        "groups": [
            {"GroupName": "admins", "AttachedManagedPolicies": [{"PolicyArn": arn}]},
            {"GroupName": "readers", "AttachedManagedPolicies": []},
        ],
    }
    assert _export.mfa(details) == {
        "name": "BaselineRequireMFA",
        "path": "/",
        "groups": ["admins"],
        "allow_change_password_without_mfa": True,
    }
    custom = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]}
    assert _export.mfa({"policies": [_force_mfa(custom)], "groups": []}) is None
    assert _export.mfa({"policies": [_force_mfa(baseline, name="Other")], "groups": []}) is None
