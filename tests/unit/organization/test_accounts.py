"""The Organizations inventory's pure parts: reading with a stubbed client, names, filters,
member role ARNs, and the hosts and groups built from an organization."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._organization import accounts as org
from ansible_collections.baseline.iam.plugins.module_utils._organization import read

ROOT, WORK, PROD, DEV = "r-ab12", "ou-ab12-11111111", "ou-ab12-22222222", "ou-ab12-33333333"


class Paginator:
    def __init__(self, client, operation):
        self.client, self.operation = client, operation

    def paginate(self, **arguments):
        self.client.calls.append((self.operation, arguments))
        pages = self.client.answers[self.operation](**arguments)
        yield from pages


class StubClient:
    """Answers like Organizations, two items per page, and records every call."""

    def __init__(self, tree, accounts, tags):
        self.tree, self.accounts, self.tags, self.calls = tree, accounts, tags, []
        self.answers = {
            "list_roots": lambda: self._paged("Roots", [{"Id": ROOT, "Name": "Root"}]),
            "list_organizational_units_for_parent": lambda ParentId: self._paged("OrganizationalUnits", self.tree.get(ParentId, [])),
            "list_accounts_for_parent": lambda ParentId: self._paged("Accounts", self.accounts.get(ParentId, [])),
            "list_tags_for_resource": lambda ResourceId: self._paged("Tags", self.tags.get(ResourceId, [])),
        }

    @staticmethod
    def _paged(key, items):
        return [{key: items[i : i + 2]} for i in range(0, max(len(items), 1), 2)]

    def get_paginator(self, operation):
        return Paginator(self, operation)

    def describe_organization(self):
        self.calls.append(("describe_organization", {}))
        return {
            "Organization": {
                "Id": "o-abc",
                "Arn": "arn:aws-us-gov:organizations::111111111111:organization/o-abc",
                "MasterAccountId": "111111111111",
            }
        }


def api_account(account_id, name, state="ACTIVE", old_status=False):
    item = {"Id": account_id, "Name": name, "Email": "%s@example.com" % name, "Arn": "arn:acct/%s" % account_id}
    item["Status" if old_status else "State"] = state
    return item


@pytest.fixture()
def client():
    tree = {ROOT: [{"Id": WORK, "Name": "Workloads"}], WORK: [{"Id": DEV, "Name": "Dev"}, {"Id": PROD, "Name": "Prod"}]}
    accounts = {
        ROOT: [api_account("111111111111", "management")],
        WORK: [api_account("222222222222", "shared")],
        PROD: [api_account("333333333333", "Payments Prod"), api_account("444444444444", "web", old_status=True)],
        DEV: [
            api_account("555555555555", "web"),
            api_account("666666666666", "old", state="SUSPENDED"),
            api_account("777777777777", "closing", state="PENDING_CLOSURE"),
        ],
    }
    tags = {
        "333333333333": [{"Key": "env", "Value": "prod"}, {"Key": "role", "Value": "Audit"}],
        "555555555555": [{"Key": "env", "Value": "dev"}],
    }
    return StubClient(tree, accounts, tags)


@pytest.fixture()
def organization(client):
    data = read.read_structure(client)
    data["tags"] = read.read_tags(client, [a["id"] for a in data["accounts"]])
    return data


def test_walk_reads_each_ou_once_and_builds_paths(client):
    data = read.read_structure(client)
    assert [ou["path"] for ou in data["ous"]] == ["/Root", "/Root/Workloads", "/Root/Workloads/Dev", "/Root/Workloads/Prod"]
    paths = {a["id"]: a["ou_path"] for a in data["accounts"]}
    assert paths["444444444444"] == "/Root/Workloads/Prod"
    assert paths["111111111111"] == "/Root"
    states = {a["id"]: a["state"] for a in data["accounts"]}
    assert states["444444444444"] == "ACTIVE"  # from the older Status field
    assert states["666666666666"] == "SUSPENDED"
    operations = [op for op, _args in client.calls]
    assert operations.count("list_accounts_for_parent") == 4
    assert operations.count("list_organizational_units_for_parent") == 4
    assert "list_parents" not in operations
    assert data["organization"] == {
        "id": "o-abc",
        "arn": "arn:aws-us-gov:organizations::111111111111:organization/o-abc",
        "partition": "aws-us-gov",
        "management_account_id": "111111111111",
    }


def test_read_tags_one_read_per_account(client):
    tags = read.read_tags(client, ["333333333333", "222222222222"])
    assert tags == {"333333333333": {"env": "prod", "role": "Audit"}, "222222222222": {}}
    assert [op for op, _args in client.calls] == ["list_tags_for_resource"] * 2


@pytest.mark.parametrize(
    ("state", "expected"),
    [({"State": "ACTIVE", "Status": "SUSPENDED"}, "ACTIVE"), ({"Status": "SUSPENDED"}, "SUSPENDED"), ({}, "UNKNOWN")],
)
def test_api_state_prefers_state_over_status(state, expected):
    assert org.api_state(state) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Payments Prod", "Payments_Prod"), ("a/b:c", "a_b_c"), ("  ok-1.x ", "ok-1.x"), ("***", ""), ("web", "web")],
)
def test_sanitize_host_name(text, expected):
    assert org.sanitize_host_name(text) == expected


@pytest.mark.parametrize(
    ("path", "group"),
    [
        ("/Root", "ou_root"),
        ("/Root/Workloads/Prod", "ou_root_workloads_prod"),
        ("/Root/Team A-B/x.y", "ou_root_team_a_b_x_y"),
        ("/Root/**", "ou_root__"),
    ],
)
def test_ou_group_name(path, group):
    assert org.ou_group_name(path) == group


def test_ou_lineage_and_subtree():
    assert org.ou_lineage("/Root/A/B") == ["/Root", "/Root/A", "/Root/A/B"]
    assert org.in_subtree("/Root/A/B", "/Root/A")
    assert org.in_subtree("/Root/A", "/Root/A")
    assert not org.in_subtree("/Root/AB", "/Root/A")


def test_host_names_keep_colliding_names_apart():
    accounts = [{"id": "1", "name": "web"}, {"id": "2", "name": "web"}, {"id": "3", "name": "api!"}, {"id": "4", "name": "%%"}]
    assert org.host_names(accounts, "name") == {"1": "web_1", "2": "web_2", "3": "api", "4": "4"}
    assert org.host_names(accounts, "id") == {"1": "1", "2": "2", "3": "3", "4": "4"}


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"hostnames": "email"}, "hostnames"),
        ({"member_role_arn_template": "arn:{partition}:iam::{acount_id}:role/x"}, "member_role_arn_template"),
        ({"member_role_arn_template": "arn:{}:iam::1:role/x"}, "member_role_arn_template"),
        ({"member_role_arn_template": "arn:{partition:iam::1:role/x"}, "member_role_arn_template"),
        ({"member_role_arn_template": "role/{account_id}"}, "member_role_arn_template"),
        ({"member_role_name": "arn:aws:iam::1:role/x"}, "member_role_name"),
        ({"member_role_name": ""}, "member_role_name"),
        ({"include_ous": ["Workloads"]}, "include_ous"),
        ({"exclude_ous": [""]}, "exclude_ous"),
        ({"include_accounts": [12]}, "include_accounts"),
        ({"include_tags": ["env"]}, "include_tags"),
        ({"include_tags": {"env": 1}}, "include_tags"),
        ({"include_tags": {"env": "prod"}, "read_tags": False}, "include_tags"),
    ],
)
def test_bad_options_name_the_option(options, option):
    full = {"hostnames": "id", "member_role_name": "OrganizationAccountAccessRole", "read_tags": True, **options}
    with pytest.raises(InputError) as raised:
        org.validate(full)
    assert raised.value.field == option
    assert str(raised.value).startswith(option + ": ")


def test_good_options_pass():
    org.validate(
        {
            "hostnames": "name",
            "member_role_arn_template": "arn:{partition}:iam::{account_id}:role/{tags[role]}",
            "include_ous": ["/Root/Workloads", PROD, ROOT],
            "include_tags": {"env": ["prod", "dev"]},
            "read_tags": True,
        }
    )


BASE = {"hostnames": "id", "member_role_name": "OrganizationAccountAccessRole", "read_tags": True}


def hosts(organization, **options):
    return {h["name"]: h for h in org.build(organization, {**BASE, **options})["hosts"]}


def test_build_keeps_active_accounts_with_groups_and_vars(organization):
    built = org.build(organization, BASE)
    by_name = {h["name"]: h for h in built["hosts"]}
    assert set(by_name) == {"111111111111", "222222222222", "333333333333", "444444444444", "555555555555"}
    payments = by_name["333333333333"]
    assert payments["groups"] == ["aws_accounts", "ou_root_workloads_prod"]
    assert payments["vars"]["aws_account_role_arn"] == "arn:aws-us-gov:iam::333333333333:role/OrganizationAccountAccessRole"
    assert payments["vars"]["aws_account_tags"] == {"env": "prod", "role": "Audit"}
    assert payments["vars"]["aws_account_ou_path"] == "/Root/Workloads/Prod"
    assert payments["vars"]["aws_account_partition"] == "aws-us-gov"
    assert "aws_account_email" not in payments["vars"]
    assert by_name["111111111111"]["vars"]["aws_account_is_management"] is True
    assert built["groups"] == [
        ("ou_root", None),
        ("ou_root_workloads", "ou_root"),
        ("ou_root_workloads_dev", "ou_root_workloads"),
        ("ou_root_workloads_prod", "ou_root_workloads"),
    ]
    assert built["vars"]["aws_organization_account_ids"] == ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"]
    assert built["vars"]["aws_organization_id"] == "o-abc"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"include_ous": ["/Root/Workloads"]}, {"222222222222", "333333333333", "444444444444", "555555555555"}),
        ({"include_ous": [PROD, DEV]}, {"333333333333", "444444444444", "555555555555"}),
        ({"exclude_ous": ["/Root/Workloads"]}, {"111111111111"}),
        ({"include_ous": ["/Root/Workloads"], "exclude_ous": [DEV]}, {"222222222222", "333333333333", "444444444444"}),
        ({"include_accounts": ["web"]}, {"444444444444", "555555555555"}),
        ({"include_accounts": ["Payments*", "222222222222"]}, {"222222222222", "333333333333"}),
        ({"exclude_accounts": ["web", "111111111111"]}, {"222222222222", "333333333333"}),
        ({"include_tags": {"env": "prod"}}, {"333333333333"}),
        ({"include_tags": {"env": ["prod", "dev"]}}, {"333333333333", "555555555555"}),
        ({"include_tags": {"env": "prod", "role": "Other"}}, set()),
        ({"include_accounts": ["666666666666"]}, set()),  # suspended stays out even when named
    ],
)
def test_filters(organization, options, expected):
    assert set(hosts(organization, **options)) == expected


def test_unknown_ou_is_an_error_and_unmatched_accounts_are_reported(organization):
    with pytest.raises(InputError, match=r"^exclude_ous: the organization has no OU '/Root/Work'"):
        org.build(organization, {**BASE, "exclude_ous": ["/Root/Work"]})
    with pytest.raises(InputError, match=r"^include_ous: "):
        org.build(organization, {**BASE, "include_ous": ["ou-ab12-99999999"]})
    _selected, unmatched = org.select_accounts(organization, {"include_accounts": ["nobody", "web"], "exclude_accounts": ["999999999999"]})
    assert unmatched == ["nobody", "999999999999"]


def test_names_email_external_id(organization):
    built = hosts(organization, hostnames="name", include_email=True, external_id="x-1")
    assert set(built) == {"management", "shared", "Payments_Prod", "web_444444444444", "web_555555555555"}
    assert built["shared"]["vars"]["aws_account_email"] == "shared@example.com"
    assert built["shared"]["vars"]["aws_account_external_id"] == "x-1"


@pytest.mark.parametrize(
    ("template", "account", "arn", "error"),
    [
        ("arn:{partition}:iam::{account_id}:role/Audit", "333333333333", "arn:aws-us-gov:iam::333333333333:role/Audit", None),
        ("arn:{partition}:iam::{account_id}:role/{tags[role]}", "333333333333", "arn:aws-us-gov:iam::333333333333:role/Audit", None),
        (
            "arn:{partition}:iam::{account_id}:role/ops/{account_name}",
            "222222222222",
            "arn:aws-us-gov:iam::222222222222:role/ops/shared",
            None,
        ),
        ("arn:{partition}:iam::{account_id}:role/{tags[role]}", "555555555555", None, "the account has no tag 'role'"),
        ("arn:{partition}:iam::{account_id}:role/{account_name}", "333333333333", None, "not an IAM role ARN"),
        ("arn:{partition}:iam::{account_id}:role/{tags[env]}:{ou_path}", "333333333333", None, "not an IAM role ARN"),
        ("arn:{partition}:iam::111111111111:role/Audit", "333333333333", None, "gives a role in account 111111111111"),
        ("arn:{partition}:iam::{account_id[20]}:role/Audit", "333333333333", None, "cannot be filled in"),
    ],
)
def test_member_role_template(organization, template, account, arn, error):
    built = hosts(organization, member_role_arn_template=template)[account]
    assert built["vars"].get("aws_account_role_arn") == arn
    if error:
        assert error in built["vars"]["aws_account_error"]
        assert built["vars"]["aws_account_error"].startswith("member_role_arn_template: ")
        assert "aws_accounts_error" in built["groups"]
    else:
        assert "aws_account_error" not in built["vars"]
        assert "aws_accounts_error" not in built["groups"]


def test_member_role_name_with_path(organization):
    assert hosts(organization, member_role_name="automation/Baseline")["222222222222"]["vars"]["aws_account_role_arn"] == (
        "arn:aws-us-gov:iam::222222222222:role/automation/Baseline"
    )


def test_missing_tags_of_cached_data(organization):
    selected, _unmatched = org.select_accounts(organization, BASE)
    assert org.missing_tags(organization, selected) == []
    del organization["tags"]["333333333333"]
    assert org.missing_tags(organization, selected) == ["333333333333"]


def test_no_organization_host_unless_asked(organization):
    built = org.build(organization, BASE)
    assert not [h for h in built["hosts"] if h["vars"].get("aws_organization_host")]
    assert ("aws_organization", None) not in built["groups"]


def test_the_organization_host_stands_for_the_organization(organization):
    role = "arn:aws-us-gov:iam::111111111111:role/BaselineOrganization"
    built = org.build(
        organization, {**BASE, "organization_host": "organization", "organization_role_arn": role, "exclude_ous": ["/Root/Workloads"]}
    )
    last = built["hosts"][-1]  # after the accounts: never the canary of an apply wave
    assert (last["name"], last["groups"]) == ("organization", ["aws_organization"])
    variables = last["vars"]
    assert variables["aws_organization_host"] is True and variables["ansible_connection"] == "local"
    assert variables["aws_account_id"] == "111111111111" and variables["aws_account_role_arn"] == role
    # every active account with its OU path, whatever the filters keep (exclude_ous above)
    assert [(a["id"], a["ou_path"]) for a in variables["aws_organization_accounts"]] == [
        ("111111111111", "/Root"), ("222222222222", "/Root/Workloads"), ("333333333333", "/Root/Workloads/Prod"),
        ("444444444444", "/Root/Workloads/Prod"), ("555555555555", "/Root/Workloads/Dev"),
    ]  # fmt: skip
    assert ("aws_organization", None) in built["groups"]
    without_role = org.build(organization, {**BASE, "organization_host": "organization"})["hosts"][-1]["vars"]
    assert "aws_account_role_arn" not in without_role  # the run's own credentials


@pytest.mark.parametrize(
    ("options", "option"),
    [
        ({"organization_host": "bad name"}, "organization_host"),
        ({"organization_host": "org", "organization_role_arn": "arn:aws:iam::1:role/x"}, "organization_role_arn"),
        ({"organization_role_arn": "arn:aws:iam::111111111111:role/x"}, "organization_role_arn"),
    ],
)
def test_organization_host_options_are_checked(options, option):
    with pytest.raises(InputError, match="^%s: " % option):
        org.validate({**BASE, **options})


def test_the_organization_host_name_must_not_be_an_account_host(organization):
    with pytest.raises(InputError, match=r"^organization_host: 'shared' is also the host name of an account"):
        org.build(organization, {**BASE, "hostnames": "name", "organization_host": "shared"})
