"""A control's `role` says which family role fixes it: an apply limited to the drifted families
(iam_baseline_apply_only_drifted) and the event-driven rulebook run that role for it. A role named
for a control it does not change would run, change nothing and leave the control FAIL; a control
no role fixes declares none."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from tests.support import role_files


def _role_name(control):
    return _catalog.remediation_role(control).rsplit(".", 1)[-1]


def _reads(role, variable):
    """Whether a role's tasks, defaults or argument spec use a variable."""
    files = [*(role_files.REPO / "roles" / role).glob("tasks/*.yml"), *(role_files.REPO / "roles" / role).glob("*/main.yml")]
    return any(variable in path.read_text() for path in files)


REMEDIATED = [c for c in _catalog.CONTROLS if c["role"]]


@pytest.mark.parametrize("control", REMEDIATED, ids=lambda c: c["id"])
def test_a_declared_role_enforces_the_control(control):
    """The role tags a task with the control (its tasks act on what the control judges)."""
    role = _role_name(control)
    assert _catalog.tag_of(control["id"]) in role_files.role_tags(role), "%s names %s, whose tasks do not enforce it" % (
        control["id"],
        role,
    )


@pytest.mark.parametrize("control", REMEDIATED, ids=lambda c: c["id"])
def test_a_declared_role_reads_the_family_variable_of_its_name(control):
    """role="trust" is iam_baseline_trust, which the role the catalog maps it to reads."""
    assert _reads(_role_name(control), "iam_baseline_%s" % control["role"]), control["id"]


def test_every_control_a_family_role_enforces_declares_that_role():
    """The other way round: a control tag on a family role means the control names that role."""
    by_tag = {_catalog.tag_of(c["id"]): c for c in _catalog.CONTROLS}
    wrong = {
        tag: (role, by_tag[tag]["role"])
        for role, tags in role_files.family_roles().items()
        for tag in tags
        if tag.startswith("control_") and (not by_tag[tag]["role"] or _role_name(by_tag[tag]) != role)
    }
    assert wrong == {}


@pytest.mark.parametrize("control_id", ["USER.DIRECT_POLICY", "POL.ADMIN_STAR", "POL.CLOUDSHELL", "USER.SETUP_KEY"])
def test_controls_no_role_changes_declare_none(control_id):
    """The groups role manages declared groups only (not users' own policies, policy documents or
    attachments to users and roles); the access-key role acts on keys older than unused_days
    (USER.KEY_UNUSED), not on a young key never used."""
    assert _catalog.get(control_id)["role"] is None
