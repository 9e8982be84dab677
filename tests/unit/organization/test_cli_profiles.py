"""AWS CLI profiles from inventory hosts (pure): names, roles, MFA, validation, rendering."""

import configparser

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._organization import cli_profiles as cli

HOSTVARS = {
    "prod": {"aws_account_id": "111111111111", "aws_account_role_arn": "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole",
             "iam_baseline_cli_profiles_require_mfa": True},
    "gov dev": {"aws_account_role_arn": "arn:aws-us-gov:iam::222222222222:role/Audit"},
    "broken": {"aws_account_id": "333333333333", "aws_account_error": "member_role_arn_template: no tag"},
    "static": {"ansible_host": "x"},
}  # fmt: skip
SETTINGS = {"source_profile": "hub", "region": "us-east-1", "duration_seconds": 3600, "mfa_serial": "arn:aws:iam::9:mfa/a"}


def build(hosts=("prod", "gov dev", "broken", "static"), **settings):
    return cli.build_profiles(list(hosts), HOSTVARS, {**SETTINGS, **settings})


def test_one_profile_per_account_from_the_inventory_role():
    profiles, skipped = build()
    assert skipped == ["broken", "static"]
    assert profiles == [
        {"name": "gov-dev", "role_arn": "arn:aws-us-gov:iam::222222222222:role/Audit", "source_profile": "hub",
         "duration_seconds": 3600, "region": "us-east-1"},
        {"name": "prod", "role_arn": "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole", "source_profile": "hub",
         "mfa_serial": "arn:aws:iam::9:mfa/a", "duration_seconds": 3600, "region": "us-east-1"},
    ]  # fmt: skip


def test_roles_give_one_profile_each_with_partition_and_path():
    roles = [{"name": "ReadOnly", "suffix": ".ro"}, {"name": "/ops/Admin/", "require_mfa": False, "duration_seconds": "900"}]
    profiles, _skipped = build(hosts=("prod", "gov dev"), roles=roles, prefix="o-", region="")
    by_name = {p["name"]: p for p in profiles}
    assert set(by_name) == {"o-prod.ro", "o-prod-Admin", "o-gov-dev.ro", "o-gov-dev-Admin"}
    assert by_name["o-gov-dev-Admin"]["role_arn"] == "arn:aws-us-gov:iam::222222222222:role/ops/Admin"
    assert by_name["o-prod-Admin"]["duration_seconds"] == 900
    assert "mfa_serial" not in by_name["o-prod-Admin"]  # the role's own setting wins
    assert by_name["o-prod.ro"]["mfa_serial"] == "arn:aws:iam::9:mfa/a"  # the host requires MFA
    assert "region" not in by_name["o-prod.ro"]


@pytest.mark.parametrize(
    ("settings", "variable"),
    [
        ({"source_profile": ""}, "iam_baseline_cli_profiles_source_profile"),
        ({"mfa_serial": ""}, "iam_baseline_cli_profiles_mfa_serial"),
        ({"duration_seconds": 899}, "iam_baseline_cli_profiles_duration_seconds"),
        ({"duration_seconds": 43201}, "iam_baseline_cli_profiles_duration_seconds"),
        ({"duration_seconds": "an hour"}, "iam_baseline_cli_profiles_duration_seconds"),
        ({"roles": [{"suffix": "-x"}]}, "iam_baseline_cli_profiles_roles"),
        ({"roles": [{"name": "A", "suffix": ""}, {"name": "B", "suffix": ""}]}, "iam_baseline_cli_profiles_prefix"),
        ({"source_profile": "prod"}, "iam_baseline_cli_profiles_prefix"),
    ],
)
def test_bad_settings_name_the_variable(settings, variable):
    with pytest.raises(InputError) as raised:
        build(**settings)
    assert str(raised.value).startswith(variable + ": ")


def test_require_mfa_from_settings_for_hosts_that_do_not_say():
    profiles, _skipped = build(hosts=("gov dev",), require_mfa="yes")
    assert profiles[0]["mfa_serial"] == "arn:aws:iam::9:mfa/a"


def test_render_parses_as_an_aws_config_file():
    profiles, _skipped = build()
    parser = configparser.ConfigParser()
    parser.read_string(cli.render(profiles))
    assert parser.sections() == ["profile gov-dev", "profile prod"]
    assert parser["profile prod"]["mfa_serial"] == "arn:aws:iam::9:mfa/a"
    assert cli.render([]) == ""


@pytest.mark.parametrize(("text", "name"), [("web prod", "web-prod"), ("a[b]", "a-b"), ("ok_1.x@y+z", "ok_1.x@y+z")])
def test_profile_names(text, name):
    assert cli.profile_name(text) == name
