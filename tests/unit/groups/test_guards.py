"""_groups/guards.py: what baseline.iam.group refuses because of who is in the group."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.caller import Protection, caller_from_identity
from ansible_collections.baseline.iam.plugins.module_utils._groups import guards
from ansible_collections.baseline.iam.plugins.module_utils._groups.model import member_guard

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ = "arn:aws:iam::aws:policy/ReadOnlyAccess"
DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
OTHER = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
CALLER = caller_from_identity({"Arn": "arn:aws:iam::111122223333:user/automation", "Account": "111122223333"}, "AKIACALLER")


def state(managed=(), inline=None, members=()):
    return {
        "name": "ops",
        "path": "/",
        "arn": "arn",
        "managed_policies": sorted(managed),
        "inline_policies": dict(inline or {}),
        "members": sorted(members),
    }


def users(*names):
    return {n.lower(): {"name": n, "arn": "arn:aws:iam::111122223333:user/%s" % n} for n in names}


GUARD = member_guard(Protection(CALLER, ["break-glass"]))


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (None, state([ADMIN]), []),
        (state([ADMIN]), state([ADMIN, READ]), []),  # adding is fine
        (state([ADMIN, READ]), state([ADMIN]), [("purge_policies", "detach ReadOnlyAccess")]),
        (state(inline={"a": DOC}), state(), [("purge_inline_policies", "delete inline policy a")]),
        (state(inline={"a": DOC}), state(inline={"a": OTHER}), [("inline_policies.a", "replace the document of inline policy a")]),
        (state(inline={"a": DOC}), state(inline={"a": dict(DOC)}), []),  # the same document
        (state([ADMIN], {"a": DOC}), None, [("state", "detach AdministratorAccess"), ("state", "delete inline policy a")]),
    ],
)
def test_policy_removals(before, after, expected):
    assert guards.policy_removals(before, after) == expected


def test_removal_refused_for_a_group_holding_the_caller_or_a_protected_principal():
    before, after = state([ADMIN, READ]), state([ADMIN])
    field, message = guards.removal_refusal("ops", before, after, users("automation", "Break-Glass", "carol"), GUARD, allowed=False)
    assert field == "purge_policies"
    assert message == (
        "group ops holds automation (it is the caller of this run); Break-Glass (it matches protected principal 'break-glass'): "
        "the run would detach ReadOnlyAccess; set allow_caller_group_changes: true for this group to allow it"
    )
    assert guards.removal_refusal("ops", before, after, users("automation"), GUARD, allowed=True) is None
    assert guards.removal_refusal("ops", before, after, users("carol"), GUARD, allowed=False) is None
    assert (
        guards.removal_refusal("ops", before, state([ADMIN, READ, "arn:aws:iam::aws:policy/X"]), users("automation"), GUARD, False) is None
    )


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        (None, state(), False),
        (None, state([ADMIN]), True),
        (state([ADMIN]), state([ADMIN], members=["x"]), False),
        (state([ADMIN, READ]), state([ADMIN]), False),
        (state(inline={"a": DOC}), state(inline={"a": OTHER}), True),
        (state(inline={"a": DOC}), state(inline={"a": DOC, "b": DOC}), True),
    ],
)
def test_policies_changed(before, after, changed):
    assert guards.policies_changed(before, after) is changed


@pytest.mark.parametrize(
    ("forced_before", "forced_after", "expected"),
    [
        (False, False, []),
        (True, False, []),
        (False, True, ["alice", "bob", "new"]),  # the deny is new: every member
        (True, True, ["new"]),  # it was there: the added member
    ],
)
def test_exposed_members(forced_before, forced_after, expected):
    before, after = state(members=["alice", "bob"]), state(members=["alice", "bob", "new"])
    assert guards.exposed_members(before, after, forced_before, forced_after) == expected
    assert guards.exposed_members(before, None, forced_before, forced_after) == []
