"""Inventory plugin baseline.iam.aws_accounts through the real ansible-inventory, against a
simulated organization of 13 accounts in nested OUs (tests/support/organization.py)."""

import pytest

from tests.support.calls import is_mutating
from tests.support.inventory import run_inventory, write_config
from tests.support.organization import seed_organization
from tests.support.playbook import run_playbook
from tests.support.state import password_policy

AUDIT_TEMPLATE = "arn:{partition}:iam::{account_id}:role/{tags[AuditRole]}"


@pytest.fixture(scope="module")
def org(simulator):
    """Shared by the tests that only read the organization."""
    return seed_organization(simulator)


@pytest.fixture()
def fresh_org(simulator):
    """For a test that changes the organization."""
    return seed_organization(simulator)


def inventory(org, tmp_path, env=None, extra_args=(), name="org.aws_accounts.yml", **options):
    config = write_config(tmp_path / name, **options)
    return run_inventory(config, env or org.management.env(), extra_args=extra_args)


def org_calls(simulator, mark):
    return [c for c in simulator.proxy.calls_since(mark) if c["service"] == "organizations"]


def count(calls):
    counts = {}
    for call in calls:
        counts[call["action"]] = counts.get(call["action"], 0) + 1
    return counts


def test_active_accounts_hostvars_groups_and_calls(simulator, org, tmp_path):
    mark = simulator.proxy.mark()
    result = inventory(org, tmp_path).assert_ok()
    calls = org_calls(simulator, mark)

    active = org.active
    assert result.hosts("aws_accounts") == set(active.values())
    assert result.hosts() == set(active.values())
    assert org.accounts["sandbox-bob"] not in result.hostvars  # suspended (closed) account left out

    prod = result.hostvars[org.accounts["payments-prod"]]
    assert prod["aws_account_id"] == org.accounts["payments-prod"]
    assert prod["aws_account_name"] == "payments prod"
    assert prod["aws_account_ou_path"] == "/Root/Workloads/Prod"
    assert prod["aws_account_ou_id"] == org.ou_ids["/Root/Workloads/Prod"]
    assert prod["aws_account_tags"] == {"env": "prod", "team": "payments", "AuditRole": "Audit"}
    assert prod["aws_account_role_arn"] == "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % org.accounts["payments-prod"]
    assert prod["aws_account_state"] == "ACTIVE"
    assert prod["aws_account_partition"] == "aws"
    assert prod["aws_account_is_management"] is False
    assert prod["ansible_connection"] == "local"
    assert prod["ansible_python_interpreter"] == "{{ ansible_playbook_python }}"
    for absent in ("aws_account_email", "aws_account_external_id", "aws_account_error"):
        assert absent not in prod
    assert result.hostvars[org.management.account_id]["aws_account_is_management"] is True

    # Organization-wide variables: every active account, whatever the filters keep.
    assert prod["aws_organization_id"] == org.organization_id
    assert prod["aws_organization_management_account_id"] == org.management.account_id
    assert prod["aws_organization_account_ids"] == sorted(active.values())

    # One group per OU path, parents containing their children.
    assert result.hosts("ou_root_workloads_prod") == {org.accounts["payments-prod"], org.accounts["web-prod"]}
    assert result.children("ou_root_workloads") == {"ou_root_workloads_prod", "ou_root_workloads_dev"}
    assert result.children("ou_root_workloads_dev") == {"ou_root_workloads_dev_experiments"}
    assert result.hosts("ou_root_workloads") == {
        org.accounts[k] for k in ("payments-prod", "web-prod", "payments-dev", "web-dev", "lab-1", "legacy-workloads")
    }
    assert result.hosts("ou_root") == set(active.values())
    assert result.hosts("aws_accounts_error") == set()

    # The tree walked once: two calls per OU (7 OUs incl. the root), one tag read per host,
    # no per-account ListParents, nothing written, the collection's user agent.
    assert count(calls) == {
        "DescribeOrganization": 1,
        "ListRoots": 1,
        "ListOrganizationalUnitsForParent": 7,
        "ListAccountsForParent": 7,
        "ListTagsForResource": len(active),
    }
    assert not [c for c in simulator.proxy.calls_since(mark) if is_mutating(c["action"])]
    assert all("baseline.iam/" in (c["user_agent"] or "") for c in calls)


def test_unresolvable_role_template_makes_that_account_an_error(org, tmp_path):
    result = inventory(org, tmp_path, member_role_arn_template=AUDIT_TEMPLATE).assert_ok()
    errors = {org.key_of(h) for h in result.hosts("aws_accounts_error")}
    assert errors == {"lab-1", "web-dev"}
    lab = result.hostvars[org.accounts["lab-1"]]
    assert "aws_account_role_arn" not in lab
    assert lab["aws_account_error"] == "member_role_arn_template: the account has no tag 'AuditRole'"
    web_dev = result.hostvars[org.accounts["web-dev"]]
    assert "not an IAM role ARN" in web_dev["aws_account_error"]
    assert org.accounts["lab-1"] in result.hosts("ou_root_workloads_dev_experiments")  # still where it belongs
    for key, account_id in org.active.items():
        if key not in ("lab-1", "web-dev"):
            assert result.hostvars[account_id]["aws_account_role_arn"] == "arn:aws:iam::%s:role/Audit" % account_id


def test_filters_names_email_and_external_id(org, tmp_path):
    result = inventory(
        org,
        tmp_path,
        hostnames="name",
        include_email=True,
        external_id="ext-1234",
        include_ous=["/Root/Workloads", "/Root/Sandbox"],
        exclude_ous=[org.ou_ids["/Root/Workloads/Dev/Experiments"]],
        exclude_accounts=["web-*"],
        include_tags={"team": ["payments", "platform"]},
    ).assert_ok()
    # legacy (Workloads, platform) and legacy (Sandbox, no team tag: left out) share a name.
    assert set(result.hostvars) == {"payments_prod", "payments_dev", "legacy"}
    legacy = result.hostvars["legacy"]
    assert legacy["aws_account_id"] == org.accounts["legacy-workloads"]
    assert legacy["aws_account_email"] == "legacy-workloads@example.com"
    assert legacy["aws_account_external_id"] == "ext-1234"
    # Organization-wide ids do not follow the filters.
    assert legacy["aws_organization_account_ids"] == sorted(org.active.values())


def test_duplicate_names_are_kept_apart_and_include_accounts(org, tmp_path):
    result = inventory(org, tmp_path, hostnames="name", include_accounts=["legacy", org.accounts["lab-1"]]).assert_ok()
    assert set(result.hostvars) == {
        "legacy_%s" % org.accounts["legacy-workloads"],
        "legacy_%s" % org.accounts["legacy-sandbox"],
        "lab-1",
    }


def test_keyed_groups_compose_and_groups(org, tmp_path):
    result = inventory(
        org,
        tmp_path,
        keyed_groups=[{"key": "aws_account_tags.env | default('none')", "prefix": "env"}],
        groups={"production": "aws_account_ou_path.startswith('/Root/Workloads/Prod')"},
        compose={"iam_baseline_session_name": "'baseline-' ~ aws_account_id"},
    ).assert_ok()
    assert result.hosts("env_prod") == {org.accounts["payments-prod"], org.accounts["web-prod"]}
    assert result.hosts("production") == result.hosts("env_prod")
    assert org.accounts["shared-services"] in result.hosts("env_none")
    host = org.accounts["lab-1"]
    assert result.hostvars[host]["iam_baseline_session_name"] == "baseline-%s" % host


def test_cache_answers_the_second_run(simulator, fresh_org, tmp_path):
    org = fresh_org
    cache = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache")}
    mark = simulator.proxy.mark()
    first = inventory(org, tmp_path, **cache).assert_ok()
    assert org_calls(simulator, mark)
    mark = simulator.proxy.mark()
    second = inventory(org, tmp_path, **cache).assert_ok()
    assert org_calls(simulator, mark) == []
    assert second.data == first.data
    # A new account shows up only after the cache is flushed.
    org.management.client("organizations").create_account(AccountName="late", Email="late@example.com")
    assert inventory(org, tmp_path, **cache).assert_ok().data == first.data
    mark = simulator.proxy.mark()
    flushed = inventory(org, tmp_path, extra_args=["--flush-cache"], **cache).assert_ok()
    assert org_calls(simulator, mark)
    assert len(flushed.hostvars) == len(first.hostvars) + 1


def test_cached_data_is_completed_when_filters_select_more(simulator, org, tmp_path):
    cache = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(tmp_path / "cache")}
    inventory(org, tmp_path, include_ous=["/Root/Security"], **cache).assert_ok()
    mark = simulator.proxy.mark()
    wider = inventory(org, tmp_path, include_ous=["/Root/Security", "/Root/Sandbox"], **cache).assert_ok()
    tag_reads = [c for c in org_calls(simulator, mark) if c["action"] == "ListTagsForResource"]
    assert len(tag_reads) == 2  # legacy (Sandbox) and sandbox-alice; bob is suspended
    assert wider.hostvars[org.accounts["sandbox-alice"]]["aws_account_tags"]["env"] == "sandbox"


def test_assume_role_arn_reads_through_the_role(simulator, org, tmp_path):
    role = "arn:aws:iam::%s:role/OrganizationReadOnly" % org.management.account_id
    mark = simulator.proxy.mark()
    # The simulator's default credentials are another account: only the role reaches the org.
    result = inventory(org, tmp_path, env=simulator.env(), assume_role_arn=role, read_tags=False).assert_ok()
    assert result.hosts() == set(org.active.values())
    assert result.hostvars[org.accounts["web-prod"]]["aws_account_tags"] == {}
    assumes = [c for c in simulator.proxy.calls_since(mark) if c["action"] == "AssumeRole"]
    assert len(assumes) == 1
    assert {c["account"] for c in org_calls(simulator, mark)} == {org.management.account_id}
    assert not [c for c in org_calls(simulator, mark) if c["action"] == "ListTagsForResource"]


def test_denied_assume_role_fails_naming_the_option(simulator, org, tmp_path):
    role = "arn:aws:iam::%s:role/OrganizationReadOnly" % org.management.account_id
    with simulator.proxy.failing("AssumeRole", "AccessDenied", status=403, body_contains="OrganizationReadOnly"):
        result = inventory(org, tmp_path, env=simulator.env(), assume_role_arn=role)
    assert result.rc != 0
    assert "assume_role_arn" in result.stderr and "AccessDenied" in result.stderr


def test_aws_error_fails_the_inventory_clearly(simulator, org, tmp_path):
    with simulator.proxy.failing("ListAccountsForParent", "AccessDeniedException", status=400, account=org.management.account_id) as fault:
        result = inventory(org, tmp_path)
    assert fault.hits == 1
    assert result.rc != 0
    # The message names the operation that failed (issue 12), between the step and the code.
    assert "Could not read the organization's accounts (organizations:ListAccountsForParent): AccessDeniedException" in result.stderr


@pytest.mark.parametrize(
    ("options", "field", "reads"),
    [
        ({"hostnames": "email"}, "config 'hostnames'", False),  # ansible-core checks choices itself
        ({"member_role_arn_template": "arn:{partition}:iam::{acount_id}:role/Audit"}, "member_role_arn_template", False),
        ({"member_role_arn_template": "Audit"}, "member_role_arn_template", False),
        ({"member_role_name": "arn:aws:iam::111122223333:role/Audit"}, "member_role_name", False),
        ({"include_ous": ["Workloads"]}, "include_ous", False),
        ({"include_tags": {"team": "web"}, "read_tags": False}, "include_tags", False),
        ({"exclude_ous": ["/Root/Workload"]}, "exclude_ous", True),
    ],
)
def test_bad_config_fails_naming_the_option(simulator, org, tmp_path, options, field, reads):
    mark = simulator.proxy.mark()
    result = inventory(org, tmp_path, **options)
    assert result.rc != 0
    expected = field if field.startswith("config") else "baseline.iam.aws_accounts: %s:" % field
    assert expected in result.stderr, result.stderr[-2000:]
    assert bool(org_calls(simulator, mark)) is reads


def test_error_account_is_reported_never_run_with_the_run_credentials(simulator, org, tmp_path):
    """The run's own credentials are the management account's: an account without a role ARN
    must not fall back to them (it would change the management account)."""
    config = write_config(tmp_path / "dev.aws_accounts.yml", member_role_arn_template=AUDIT_TEMPLATE, include_ous=["/Root/Workloads/Dev"])
    result = run_playbook("baseline.iam.apply", org.management.env(), inventory=config)
    assert result.rc != 0  # the run says accounts were not done
    assert "InventoryError" in result.output
    summary = result.result("RUN | SUMMARY | Fail the run")["msg"]
    assert org.accounts["lab-1"] in summary and org.accounts["web-dev"] in summary
    assert org.accounts["payments-dev"] not in summary
    assert password_policy(org.management) is None
    payments = simulator.new_account(org.accounts["payments-dev"])
    assert password_policy(payments)["MinimumPasswordLength"] == 14


def test_the_organization_host(simulator, org, tmp_path):
    """organization_host adds one host for the organization-level roles and audit (issue 16): in
    its own group, not an account host, with the management account's id and every active
    account's OU path; organization_role_arn is the role it comes in through."""
    role = "arn:aws:iam::%s:role/BaselineOrganization" % org.management.account_id
    result = inventory(
        org, tmp_path, organization_host="organization", organization_role_arn=role, exclude_ous=["/Root/Workloads"]
    ).assert_ok()
    assert result.hosts("aws_organization") == {"organization"}
    assert "organization" not in result.hosts("aws_accounts")
    host = result.hostvars["organization"]
    assert host["aws_organization_host"] is True and host["ansible_connection"] == "local"
    assert host["aws_account_id"] == org.management.account_id and host["aws_account_role_arn"] == role
    paths = {a["id"]: a["ou_path"] for a in host["aws_organization_accounts"]}
    assert paths == {account_id: org.ou_paths[key] for key, account_id in org.active.items()}  # the filters do not apply
    assert result.hostvars[org.accounts["shared-services"]].get("aws_organization_host") is None


def test_the_organization_host_name_is_checked_before_any_call(simulator, org, tmp_path):
    mark = simulator.proxy.mark()
    result = inventory(org, tmp_path, organization_host="not a host")
    assert result.rc != 0 and "organization_host: must be a host name" in result.output
    assert org_calls(simulator, mark) == []
