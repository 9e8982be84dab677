import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.caller import Protection, caller_from_identity


@pytest.mark.parametrize(
    ("arn", "kind", "name", "partition"),
    [
        ("arn:aws:iam::111122223333:user/ops/alice", "user", "alice", "aws"),
        ("arn:aws:sts::111122223333:assumed-role/OrganizationAccountAccessRole/baseline", "role", "OrganizationAccountAccessRole", "aws"),
        ("arn:aws-us-gov:sts::111122223333:assumed-role/Audit/s", "role", "Audit", "aws-us-gov"),
        ("arn:aws-cn:iam::111122223333:root", "root", None, "aws-cn"),
        ("arn:aws:sts::111122223333:federated-user/bob", "federated", "bob", "aws"),
    ],
)
def test_caller_from_identity(arn, kind, name, partition):
    caller = caller_from_identity({"Arn": arn, "Account": "111122223333"}, "AKIAEXAMPLE")
    assert (caller["kind"], caller["name"], caller["partition"]) == (kind, name, partition)
    assert caller["access_key_id"] == "AKIAEXAMPLE"


def _role_caller():
    return caller_from_identity(
        {"Arn": "arn:aws:sts::111122223333:assumed-role/OrganizationAccountAccessRole/x", "Account": "111122223333"}, "ASIAKEY"
    )


def test_caller_role_is_protected_whatever_the_path_or_case():
    p = Protection(_role_caller())
    assert p.role_reason("OrganizationAccountAccessRole")
    assert p.role_reason("organizationaccountaccessrole", "arn:aws:iam::111122223333:role/x/OrganizationAccountAccessRole")
    assert p.role_reason("Other") is None
    assert p.user_reason("OrganizationAccountAccessRole") is None


def test_caller_user_and_key_are_protected():
    caller = caller_from_identity({"Arn": "arn:aws:iam::111122223333:user/automation", "Account": "111122223333"}, "AKIACALLER")
    p = Protection(caller)
    assert "caller" in p.user_reason("automation")
    assert p.key_reason("AKIACALLER")
    assert p.key_reason("AKIAOTHER") is None


@pytest.mark.parametrize(
    ("pattern", "name", "arn", "protected"),
    [
        ("breakglass-*", "breakglass-1", None, True),
        ("BreakGlass", "breakglass", None, True),
        ("arn:aws:iam::*:user/admins/*", "x", "arn:aws:iam::111122223333:user/admins/x", True),
        ("arn:aws:iam::*:user/admins/*", "x", "arn:aws:iam::111122223333:user/x", False),
        ("arn:aws:iam::*:role/Sec*", "SecurityAudit", "arn:aws:iam::111122223333:role/SecurityAudit", True),
        ("arn:aws:iam::*:role/Sec*", "SecurityAudit", None, False),
        ("ops", "ops-2", None, False),
    ],
)
def test_protected_patterns(pattern, name, arn, protected):
    p = Protection(_role_caller(), [pattern])
    assert bool(p.user_reason(name, arn)) is protected
    assert bool(p.role_reason(name, arn)) is protected


def test_the_long_term_key_behind_a_role_session_is_protected():
    # Issue 13: the run signs with a role session (ASIA...) opened with its own AKIA key.
    identity = {"Arn": "arn:aws:sts::111122223333:assumed-role/OrganizationAccountAccessRole/run", "Account": "111122223333"}
    p = Protection(caller_from_identity(identity, "ASIASESSION", "AKIAIOSFODNN7EXAMPLE"))
    assert p.key_reason("ASIASESSION") == "it signs the current session"
    assert "long-term key" in p.key_reason("AKIAIOSFODNN7EXAMPLE")
    assert p.key_reason("AKIAOTHER0000000000X") is None


def test_run_long_term_key_comes_from_the_environment_or_the_credentials_file(monkeypatch, tmp_path):
    from ansible_collections.baseline.iam.plugins.module_utils._core.caller import run_long_term_key_id

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    credentials = tmp_path / "credentials"
    credentials.write_text("[default]\naws_access_key_id = AKIAFROMTHEFILE00001\naws_secret_access_key = x\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    assert run_long_term_key_id() == "AKIAFROMTHEFILE00001"
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAFROMTHEENVIRON01")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    assert run_long_term_key_id() == "AKIAFROMTHEENVIRON01"  # the environment comes first, as in botocore
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "ASIATEMPORARYKEY0001")  # a session, not a long-term key
    monkeypatch.setenv("AWS_SESSION_TOKEN", "t")
    assert run_long_term_key_id() is None
