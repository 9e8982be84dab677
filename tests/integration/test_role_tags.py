"""Every family role, run through baseline.iam.apply with each of its tags, records its change in
changes.json (issue 12: the tag lists were retyped per task and had drifted, so `--tags
control_pp_min_length` changed the password policy but left it out of changes.json).

The (role, tag) pairs are read from the roles' task files, not listed here. One playbook run
covers one tag of every role at once: a run with tags {a, b} executes exactly the tasks of role A
it would execute with tag a alone, provided no task of A carries b (checked below). So the number
of runs is the longest tag list of a role, not the number of pairs."""

import itertools
import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from tests.support import key_dates, principals, role_files, state
from tests.support.playbook import run_playbook, write_inventory
from tests.support.principals import create_user


def batches():
    """[{role: tag}]: run i takes the i-th tag of every role that has one."""
    columns = itertools.zip_longest(*([(role, tag) for tag in tags] for role, tags in role_files.family_roles().items()))
    return [dict(pair for pair in column if pair) for column in columns]


# How to give each family something to change in a fresh account (seed + variables) and how to
# read that family's state back from the API. A new family role fails test_every_family_is_covered
# until it has an entry here.
def _seed_mfa(account):
    account.client("iam").create_group(GroupName="developers")
    create_user(account, "old-no-mfa", console=True)
    principals.age_user(account, "old-no-mfa", 30)  # its password too: past console_grace_days


FAMILIES = {
    "password_policy": {
        "seed": lambda account: None,
        "variables": {},
        "read": state.password_policy,
    },
    "groups": {
        "seed": lambda account: None,
        "variables": {"iam_baseline_groups": [{"name": "platform"}]},
        "read": lambda account: state.group(account, "platform"),
    },
    "mfa": {
        "seed": _seed_mfa,
        "variables": {"iam_baseline_mfa": {"groups": ["developers"], "console_user_action": "disable_console", "console_grace_days": 7}},
        "read": lambda account: {
            "policy": state.managed_policy(account, "arn:aws:iam::%s:policy/BaselineRequireMFA" % account.account_id),
            "console": state.login_profile_exists(account, "old-no-mfa"),
        },
    },
    "role_trust": {
        "seed": lambda account: None,
        "variables": {
            "iam_baseline_trust": {"roles": [{"name": "ec2-app", "create": True, "services": ["ec2.amazonaws.com"]}]},
            "iam_baseline_identity_providers": [
                {"type": "oidc", "url": "https://token.actions.githubusercontent.com", "client_ids": ["sts.amazonaws.com"]}
            ],
        },
        "read": lambda account: {"role": state.role_trust(account, "ec2-app"), "providers": state.identity_providers(account)},
    },
    "access_keys": {
        # A key unused for 60 days: USER.KEY_AGE, USER.KEY_UNUSED and (max 1 active) nothing else.
        "seed": lambda account: key_dates.seed_key(account, "idle", 100, 60),
        "variables": {"iam_baseline_access_keys": {"action": "deactivate"}},
        "read": lambda account: state.access_keys(account, "idle"),
    },
}


# The organization-level families run on the organization host only (an account host skips them,
# whatever the tags); their four steps, tags and changes.json entries are proven on that host in
# test_organization_roles.py.
ORGANIZATION_FAMILIES = {"identity_center", "guardrails"}


def test_every_family_is_covered():
    assert set(role_files.family_roles()) == set(FAMILIES) | ORGANIZATION_FAMILIES


def test_batched_tags_select_the_same_tasks():
    """No tag of one role appears in another role, so a batch run equals one run per tag."""
    owners = {}
    for role, tags in role_files.family_roles().items():
        for tag in tags:
            owners.setdefault(tag, []).append(role)
    assert {tag: roles for tag, roles in owners.items() if len(roles) > 1} == {}


def test_control_tags_name_controls_the_role_remediates():
    """A control tag sits on the role the catalog names for that control (and on no other)."""
    by_tag = {_catalog.tag_of(c["id"]): c for c in _catalog.CONTROLS}
    for role, tags in role_files.family_roles().items():
        for tag in (t for t in tags if t.startswith("control_")):
            assert tag in by_tag, (role, tag)
            assert _catalog.remediation_role(by_tag[tag]) == "baseline.iam.%s" % role, (role, tag)


@pytest.mark.parametrize("batch", batches(), ids=lambda batch: "+".join(sorted(batch.values())))
def test_each_tag_records_its_change(simulator, tmp_path, batch):
    account = simulator.new_account()
    variables = {}
    for family in FAMILIES.values():
        family["seed"](account)
        variables.update(family["variables"])
    before = {role: family["read"](account) for role, family in FAMILIES.items()}
    inventory = write_inventory(tmp_path / "inventory.yml", [account], group_vars=variables)
    reports = tmp_path / "reports"
    run_playbook(
        "baseline.iam.apply",
        simulator.env(),
        inventory=inventory,
        tags=sorted(batch.values()),
        extra_vars={"iam_baseline_report_dir": str(reports)},
    ).assert_ok()

    (entry,) = json.loads((reports / "changes.json").read_text())["accounts"]
    for role, family in FAMILIES.items():
        after = family["read"](account)
        if role in batch:
            assert after != before[role], "--tags %s changed nothing in %s" % (batch[role], role)
            recorded = entry["changes"].get(role, [])
            assert any(item["changed"] for item in recorded), "--tags %s: the change is not in changes.json: %s" % (batch[role], recorded)
        else:
            assert after == before[role], "%s ran though none of its tags was given" % role
            assert role not in entry["changes"], role
    assert entry["changed"] is True
    assert (reports / "changes.md").read_text().count("changed: ") >= len(batch)
