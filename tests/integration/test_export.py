"""Playbook baseline.iam.export (module baseline.iam.account_info): read-only, the exported
variables describe the seeded account, and applying them back changes nothing."""

import json

import yaml

from tests.support.calls import is_mutating
from tests.support.playbook import run_playbook, write_inventory
from tests.support.state import password_policy

GITHUB = "token.actions.githubusercontent.com"
THUMBPRINT = "6938FD4D98BAB03FAADB97B34396831E3780AEA1"
SAML_METADATA = (
    '<?xml version="1.0"?><EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com">'
    + ("<!-- padding -->" * 80)
    + "</EntityDescriptor>"
)
READ_ONLY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}
CI_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": "ci-123"}},
        }
    ],
}
EC2_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def seed(account):
    iam = account.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True, PasswordReusePrevention=5, HardExpiry=True,
                                       AllowUsersToChangePassword=True)  # fmt: skip
    iam.create_group(GroupName="admins", Path="/ops/")
    iam.attach_group_policy(GroupName="admins", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    iam.put_group_policy(GroupName="admins", PolicyName="read-bucket", PolicyDocument=json.dumps(READ_ONLY))
    iam.create_group(GroupName="empty")
    for user in ("bob", "alice"):
        iam.create_user(UserName=user)
        iam.add_user_to_group(GroupName="admins", UserName=user)
    iam.create_role(RoleName="ci", AssumeRolePolicyDocument=json.dumps(CI_TRUST), MaxSessionDuration=7200)
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(EC2_TRUST))
    iam.create_role(RoleName="break-glass", AssumeRolePolicyDocument=json.dumps(CI_TRUST))
    iam.create_role(RoleName="OrganizationAccountAccessRole", AssumeRolePolicyDocument=json.dumps(CI_TRUST))
    iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    iam.create_saml_provider(Name="okta", SAMLMetadataDocument=SAML_METADATA)
    iam.create_open_id_connect_provider(Url="https://" + GITHUB, ClientIDList=["sts.amazonaws.com"], ThumbprintList=[THUMBPRINT])


def export(simulator, account, tmp_path, check=False):
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    extra = {"iam_baseline_export_path": str(tmp_path / "exports" / "{{ inventory_hostname }}.yml"),
             "iam_baseline_protected_principals": ["break-*"]}  # fmt: skip
    mark = simulator.proxy.mark()
    result = run_playbook("baseline.iam.export", simulator.env(), inventory=inventory, extra_vars=extra, check=check).assert_ok()
    calls = simulator.proxy.calls_since(mark, account.account_id)
    return result, calls, tmp_path / "exports" / ("acct_%s.yml" % account.account_id)


def apply(simulator, account, tmp_path, exported, check=False):
    inventory = write_inventory(tmp_path / "inventory.yml", [account])
    mark = simulator.proxy.mark()
    result = run_playbook(
        "baseline.iam.apply", simulator.env(), inventory=inventory, extra_args=["-e", "@%s" % exported], check=check, diff=True
    )
    writes = [c["action"] for c in simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])]
    return result.assert_ok(), writes


def test_export_describes_the_account_read_only(simulator, account, tmp_path):
    seed(account)
    result, calls, path = export(simulator, account, tmp_path)
    assert [c["action"] for c in calls if is_mutating(c["action"])] == []
    assert {c["action"] for c in calls} <= {
        "AssumeRole", "GetCallerIdentity", "ListAccountAliases", "GetAccountPasswordPolicy", "GetAccountAuthorizationDetails", "ListRoles",
        "ListSAMLProviders", "GetSAMLProvider", "ListOpenIDConnectProviders", "GetOpenIDConnectProvider",
    }  # fmt: skip
    text = path.read_text()
    assert text.startswith("# The IAM set-up of account %s" % account.account_id)
    exported = yaml.safe_load(text)
    assert exported["iam_baseline_password_policy"] == {
        "minimum_length": 8, "require_symbols": False, "require_numbers": True, "require_uppercase": False,
        "require_lowercase": False, "allow_users_to_change_password": True, "max_age_days": 0, "reuse_prevention": 5,
        "hard_expiry": True, "allow_hard_expiry": True,
    }  # fmt: skip
    assert exported["iam_baseline_groups"] == [
        {"name": "admins", "path": "/ops/", "managed_policies": ["arn:aws:iam::aws:policy/AdministratorAccess"],
         "inline_policies": {"read-bucket": READ_ONLY}, "members": ["alice", "bob"]},
        {"name": "empty", "path": "/", "managed_policies": [], "inline_policies": {}, "members": []},
    ]  # fmt: skip
    roles = {r["name"]: r for r in exported["iam_baseline_trust"]["roles"]}
    assert set(roles) == {"app", "ci"}  # service-linked, caller's own and protected roles left out
    assert roles["ci"] == {"name": "ci", "document": CI_TRUST, "max_session_duration": 7200}
    assert roles["app"]["max_session_duration"] == 3600
    skipped = result.result("RUN | EXPORT | Roles left out")["msg"]
    assert any(s.startswith("OrganizationAccountAccessRole: it is the role this run came in through") for s in skipped)
    assert any(s.startswith("break-glass: it matches protected principal") for s in skipped)
    assert any(s.startswith("AWSServiceRoleForAutoScaling: its trust is managed by AWS") for s in skipped)
    assert exported["iam_baseline_identity_providers"] == [
        {"type": "saml", "name": "okta", "metadata_document": SAML_METADATA},
        {"type": "oidc", "url": "https://" + GITHUB, "client_ids": ["sts.amazonaws.com"], "thumbprints": [THUMBPRINT.lower()]},
    ]

    # A second export writes the same file (no date in it): re-running is safe in a schedule.
    again, _calls, _path = export(simulator, account, tmp_path)
    assert again.changed == []
    assert path.read_text() == text


def test_applying_the_export_changes_nothing(simulator, account, tmp_path):
    seed(account)
    before = password_policy(account)
    _result, _calls, path = export(simulator, account, tmp_path)
    preview, writes = apply(simulator, account, tmp_path, path, check=True)
    assert preview.changed == [] and writes == []
    applied, writes = apply(simulator, account, tmp_path, path)
    assert applied.changed == [] and writes == []
    assert password_policy(account) == before


def test_account_without_password_policy_round_trips(simulator, account, tmp_path):
    _result, _calls, path = export(simulator, account, tmp_path)
    exported = yaml.safe_load(path.read_text())
    assert "iam_baseline_password_policy" not in exported
    assert exported["iam_baseline_controls"] == {"PP.MISSING": {"enabled": False}, "MFA.POLICY_DRIFT": {"enabled": False}}
    applied, writes = apply(simulator, account, tmp_path, path)
    assert applied.changed == [] and writes == []
    assert password_policy(account) is None


def test_check_mode_writes_no_file(simulator, account, tmp_path):
    _result, calls, path = export(simulator, account, tmp_path, check=True)
    assert not path.exists()
    assert [c["action"] for c in calls if is_mutating(c["action"])] == []
