"""Role baseline.iam.cli_profiles on the Organizations inventory: the file parses with botocore,
a profile really assumes into its account, the user's own profiles survive, check mode and a
second run change nothing."""

import boto3
import botocore.session
import pytest

from tests.support.inventory import write_config
from tests.support.organization import seed_organization
from tests.support.playbook import run_tasks, write_inventory

USER_PROFILES = "[default]\nregion = eu-west-1\n\n[profile mine]\nregion = eu-central-1\noutput = json\n"
MFA = "arn:aws:iam::999999999999:mfa/alice"
TASK = "baseline.iam.cli_profiles : RUN | PROFILES | "
ROLE_TASK = [{"name": "profiles", "ansible.builtin.include_role": {"name": "baseline.iam.cli_profiles"}}]


@pytest.fixture(scope="module")
def org(simulator):
    return seed_organization(simulator)


@pytest.fixture()
def inventory(org, tmp_path):
    # Prod accounts require MFA: per account, from the inventory (as group_vars of an OU would).
    return write_config(
        tmp_path / "org.aws_accounts.yml",
        hostnames="name",
        member_role_arn_template="arn:{partition}:iam::{account_id}:role/{tags[AuditRole]}",
        compose={"iam_baseline_cli_profiles_require_mfa": "aws_account_ou_path.startswith('/Root/Workloads/Prod')"},
    )


def run_role(org, inventory, path, check=False, **variables):
    extra = {"iam_baseline_cli_profiles_path": str(path), "iam_baseline_cli_profiles_source_profile": "hub", **variables}
    return run_tasks(ROLE_TASK, org.management.env(), hosts="all", inventory=inventory, extra_vars=extra, check=check, diff=True)


def scoped(path, profile, monkeypatch):
    monkeypatch.setenv("AWS_CONFIG_FILE", str(path))
    return botocore.session.Session(profile=profile).get_scoped_config()


def test_profiles_parse_assume_and_keep_the_users_file(org, inventory, tmp_path, monkeypatch):
    path = tmp_path / "aws" / "config"
    path.parent.mkdir()
    path.write_text(USER_PROFILES)

    preview = run_role(org, inventory, path, check=True, iam_baseline_cli_profiles_mfa_serial=MFA).assert_ok()
    assert preview.tasks(TASK + "Write", action="blockinfile")[0]["status"] == "changed"
    assert path.read_text() == USER_PROFILES  # check mode wrote nothing
    assert "+[profile web-prod]" in preview.output  # --diff shows what would be added

    first = run_role(org, inventory, path, iam_baseline_cli_profiles_mfa_serial=MFA).assert_ok()
    assert [r["status"] for r in first.tasks(TASK + "Write")] == ["changed"]
    skipped = first.result(TASK + "Accounts without")["msg"]
    assert "lab-1" in skipped and "web-dev" in skipped  # the inventory's aws_account_error
    text = path.read_text()
    assert text.startswith(USER_PROFILES)
    assert oct(path.stat().st_mode & 0o777) == "0o600"

    monkeypatch.setenv("AWS_CONFIG_FILE", str(path))
    profiles = botocore.session.Session().full_config["profiles"]
    expected = {"master", "shared-services", "security-audit", "log-archive", "payments_prod", "web-prod", "payments_dev",
                "legacy_%s" % org.accounts["legacy-workloads"], "legacy_%s" % org.accounts["legacy-sandbox"], "sandbox-alice"}  # fmt: skip
    assert set(profiles) == expected | {"default", "mine"}
    assert profiles["mine"] == {"region": "eu-central-1", "output": "json"}

    web_prod = scoped(path, "web-prod", monkeypatch)
    assert web_prod == {
        "role_arn": "arn:aws:iam::%s:role/Audit" % org.accounts["web-prod"],
        "source_profile": "hub",
        "mfa_serial": MFA,
        "duration_seconds": "3600",
        "region": "us-east-1",
    }
    assert "mfa_serial" not in scoped(path, "sandbox-alice", monkeypatch)

    # The profile works: with the hub's credentials it assumes into its own account.
    creds = org.management.credentials
    with path.open("a") as f:
        f.write("\n[profile hub]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n"
                % (creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]))  # fmt: skip
    monkeypatch.setenv("AWS_ENDPOINT_URL", org.management.simulator.endpoint)
    identity = boto3.Session(profile_name="sandbox-alice").client("sts").get_caller_identity()
    assert identity["Account"] == org.accounts["sandbox-alice"]
    assert ":assumed-role/Audit/" in identity["Arn"]
    with_hub = path.read_text()

    again = run_role(org, inventory, path, iam_baseline_cli_profiles_mfa_serial=MFA).assert_ok()
    assert again.changed == []
    assert path.read_text() == with_hub
    again_check = run_role(org, inventory, path, check=True, iam_baseline_cli_profiles_mfa_serial=MFA).assert_ok()
    assert again_check.changed == []


def test_one_profile_per_role_and_account(org, inventory, tmp_path, monkeypatch):
    path = tmp_path / "new" / "dir" / "config"  # created with its directories
    roles = [{"name": "ReadOnly", "suffix": "-ro"}, {"name": "admin/Admin", "require_mfa": True, "duration_seconds": 900}]
    run_role(
        org, inventory, path, iam_baseline_cli_profiles_roles=roles, iam_baseline_cli_profiles_mfa_serial=MFA,
        iam_baseline_cli_profiles_prefix="org-", iam_baseline_cli_profiles_hosts=["shared-services", "lab-1"],
    ).assert_ok()  # fmt: skip
    account = org.accounts["shared-services"]
    assert scoped(path, "org-shared-services-ro", monkeypatch) == {
        "role_arn": "arn:aws:iam::%s:role/ReadOnly" % account,
        "source_profile": "hub",
        "duration_seconds": "3600",
        "region": "us-east-1",
    }
    admin = scoped(path, "org-shared-services-Admin", monkeypatch)
    assert admin["role_arn"] == "arn:aws:iam::%s:role/admin/Admin" % account
    assert admin["mfa_serial"] == MFA and admin["duration_seconds"] == "900"
    profiles = botocore.session.Session().full_config["profiles"]
    assert set(profiles) == {"org-shared-services-ro", "org-shared-services-Admin"}  # lab-1: aws_account_error


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"iam_baseline_cli_profiles_mfa_serial": ""}, "iam_baseline_cli_profiles_mfa_serial"),
        (
            {"iam_baseline_cli_profiles_mfa_serial": MFA, "iam_baseline_cli_profiles_duration_seconds": 60},
            "iam_baseline_cli_profiles_duration_seconds",
        ),
        (
            {"iam_baseline_cli_profiles_mfa_serial": MFA, "iam_baseline_cli_profiles_source_profile": ""},
            "iam_baseline_cli_profiles_source_profile",
        ),
    ],
)
def test_bad_settings_fail_naming_the_variable_and_leave_the_file(org, inventory, tmp_path, variables, named):
    path = tmp_path / "config"
    path.write_text(USER_PROFILES)
    result = run_role(org, inventory, path, **variables)
    assert result.rc != 0
    assert named + ":" in result.output
    assert path.read_text() == USER_PROFILES


def test_each_account_decides_mfa_even_when_the_first_host_differs(simulator, tmp_path, monkeypatch):
    """The run-once task runs on the first host: it must not lend that host's setting to others."""
    first, second = simulator.new_account(), simulator.new_account()
    inventory = write_inventory(tmp_path / "inventory.yml", [first, second],
                                host_vars={first.account_id: {"iam_baseline_cli_profiles_require_mfa": True}})  # fmt: skip
    path = tmp_path / "config"
    extra = {"iam_baseline_cli_profiles_path": str(path), "iam_baseline_cli_profiles_mfa_serial": MFA}
    run_tasks(ROLE_TASK, simulator.env(), hosts="all", inventory=inventory, extra_vars=extra).assert_ok()
    assert scoped(path, "acct_%s" % first.account_id, monkeypatch)["mfa_serial"] == MFA
    assert "mfa_serial" not in scoped(path, "acct_%s" % second.account_id, monkeypatch)
    assert scoped(path, "acct_%s" % second.account_id, monkeypatch)["source_profile"] == "default"
