"""Which family roles an apply with iam_baseline_apply_only_drifted runs (pure), and the filters
the account role reads it through."""

import pytest

from ansible_collections.baseline.iam.plugins.filter import baseline as _filters
from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._baseline.drifted import FAMILY_ROLES, families_to_apply

ALL = list(FAMILY_ROLES)


@pytest.mark.parametrize(
    ("failing", "families"),
    [
        ({}, []),  # compliant: nothing runs
        ({"PP.MIN_LENGTH": "FAIL"}, ["password_policy"]),
        ({"PP.MISSING": "ERROR"}, ["password_policy"]),  # an ERROR is never skipped
        ({"PP.REUSE": "WAIVED"}, ["password_policy"]),  # a full apply enforces it despite the waiver
        ({"GROUP.DECLARED": "FAIL", "TRUST.DECLARED": "ERROR"}, ["groups", "role_trust"]),
        ({"FED.PROVIDERS": "FAIL"}, ["role_trust"]),
        ({"MFA.POLICY_ATTACHED": "FAIL"}, ["mfa"]),
        ({"GROUP.ADMIN_NO_MFA_POLICY": "FAIL"}, ["mfa"]),
        # Controls no family remediates.
        ({"ROOT.MFA": "FAIL", "ACCT.CLOUDTRAIL": "FAIL", "POL.SUPPORT_ROLE": "FAIL", "ACCT.ACCESS_ANALYZER": "ERROR"}, []),
        # Reported only by the defaults (access_keys action report, console_user_action report).
        ({"USER.KEY_AGE": "FAIL", "USER.SETUP_KEY": "FAIL", "USER.CONSOLE_NO_MFA": "FAIL"}, []),
        # The account could not be read, no answer, a control the catalog lacks: everything runs.
        ({"ACCT.ACCESS": "ERROR"}, ALL),
        (None, ALL),
        ({"PP.NOPE": "FAIL"}, ALL),
        ({"PP.MIN_LENGTH": "PASS"}, ALL),  # not an answer the audit gives
        ("garbage", ALL),
    ],
)
def test_families_from_failing_controls(failing, families):
    assert families_to_apply(failing) == families


@pytest.mark.parametrize(
    ("action", "families"), [("report", []), ("deactivate", ["access_keys"]), ("delete", ["access_keys"]), ("rotate", ["access_keys"])]
)
def test_access_keys_run_when_their_action_can_change_a_key(action, families):
    assert families_to_apply({"USER.KEY_UNUSED": "FAIL"}, access_keys={"action": action}) == families


@pytest.mark.parametrize("action", ["delete", "rotate"])
def test_key_deletion_and_rotation_always_run(action):
    """Keys waiting out grace_days, or in a rotation, are no finding: only the module sees them."""
    assert families_to_apply({}, access_keys={"action": action}) == ["access_keys"]
    assert families_to_apply({}, access_keys_action=action) == ["access_keys"]  # the rotate_keys override


def test_the_action_override_wins():
    assert families_to_apply({"USER.KEY_AGE": "FAIL"}, access_keys={"action": "rotate"}, access_keys_action="report") == []


def test_console_users_run_the_mfa_family_only_when_it_acts():
    assert families_to_apply({"USER.CONSOLE_NO_MFA": "FAIL"}, mfa={"console_user_action": "disable_console"}) == ["mfa"]
    assert families_to_apply({"USER.CONSOLE_NO_MFA": "FAIL"}, mfa={"console_user_action": "report"}) == []


def test_purging_attachments_always_runs_the_mfa_family():
    """An attachment outside iam_baseline_mfa.groups is no finding."""
    assert families_to_apply({}, mfa={"purge_attachments": True}) == ["mfa"]


def test_order_is_the_account_roles():
    failing = {"USER.KEY_AGE": "FAIL", "TRUST.WILDCARD": "FAIL", "MFA.POLICY_DRIFT": "FAIL", "GROUP.DECLARED": "FAIL", "PP.REUSE": "FAIL"}
    assert families_to_apply(failing, access_keys={"action": "deactivate"}) == ALL


def test_every_remediating_role_is_a_family_role():
    """Each control the catalog gives a remediating role runs exactly that one family role (with
    settings that act rather than report)."""
    acting = {"access_keys": {"action": "deactivate"}, "mfa": {"console_user_action": "disable_console"}}
    for control in _catalog.CONTROLS:
        families = _filters.drifted_families({control["id"]: "FAIL"}, **acting)
        if control["scope"] == "organization":
            assert families == [], control["id"]  # the organization host's families are not narrowed
        elif control["role"]:
            assert families == [_catalog.remediation_role(control).rsplit(".", 1)[-1]], control["id"]
            assert families[0] in FAMILY_ROLES
        elif control["id"] != "ACCT.ACCESS":
            assert families == [], control["id"]


@pytest.mark.parametrize(
    ("failing", "selected", "families"),
    [
        ({"PP.MIN_LENGTH": "FAIL", "GROUP.DECLARED": "FAIL"}, ["groups"], ["groups"]),
        ({"PP.MIN_LENGTH": "FAIL"}, ["groups", "mfa"], []),  # drift outside the selection: nothing
        ({"ACCT.ACCESS": "ERROR"}, ["password_policy"], ["password_policy"]),  # cannot tell: all selected
        (None, ["mfa", "groups"], ["groups", "mfa"]),  # the account role's order
        ({"GROUP.DECLARED": "FAIL"}, [], []),
    ],
)
def test_drift_narrows_the_selected_families_never_widens_them(failing, selected, families):
    """iam_baseline_apply_families (the user's or the rulebook's selection) and the audit's answer
    make one selection: the drifted families among the selected ones."""
    assert families_to_apply(failing, families=selected) == families
    assert _filters.drifted_families(failing, families=selected) == families


def test_the_filter_selects_every_family_by_default():
    assert _filters.drifted_families(None) == ALL
    assert FAMILY_ROLES == _catalog.APPLY_FAMILIES


class HostVars(dict):
    pass


def test_fleet_batches_group_accounts_by_their_baseline():
    strict = {"password_policy": {"minimum_length": 20}}
    hostvars = HostVars(
        a={"aws_account_role_arn": "arn:aws:iam::111111111111:role/Org", "account__baseline": {}},
        b={"aws_account_role_arn": "arn:aws:iam::222222222222:role/Org", "account__baseline": strict},
        c={"aws_account_role_arn": "arn:aws:iam::333333333333:role/Org", "account__baseline": {}},
        d={"aws_account_role_arn": "arn:aws:iam::444444444444:role/Org"},  # no baseline fact
        e={"account__baseline": {}},  # no member role: the run's own credentials
    )
    batches = _filters.fleet_batches(["a", "b", "c", "d", "e"], hostvars, "account__baseline")
    assert [(b["baseline"], [a["account_id"] for a in b["accounts"]]) for b in batches] == [
        ({}, ["111111111111", "333333333333"]),
        (strict, ["222222222222"]),
    ]
