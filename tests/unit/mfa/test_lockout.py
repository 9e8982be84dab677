"""_mfa/lockout.py: who a force-MFA deny would cut off (the rule mfa_policy and group share)."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.caller import Protection, caller_from_identity
from ansible_collections.baseline.iam.plugins.module_utils._mfa import lockout

NOW = "2026-11-27T12:00:00Z"
CALLER = caller_from_identity({"Arn": "arn:aws:iam::111122223333:user/automation", "Account": "111122223333"}, "AKIACALLER")


def member(name, console=False, used=(), never_used=0):
    """`used`: last uses of active keys (ISO); `never_used`: active keys never used."""
    keys = [{"access_key_id": "AKIA%s%d" % (name.upper()[:4], i), "last_used": u} for i, u in enumerate(used)]
    keys += [{"access_key_id": "AKIANEW%d" % i, "last_used": None} for i in range(never_used)]
    return {"name": name, "arn": "arn:aws:iam::111122223333:user/%s" % name, "console": console, "keys": keys}


CASES = [
    # (member, protected patterns, window, expected kind or None, words in the reason)
    (member("carol", console=True), [], 30, None, ()),
    (member("carol", console=True, never_used=1), [], 30, None, ()),  # a key nobody has used yet
    (member("carol", console=True, used=["2026-10-01T00:00:00Z"]), [], 30, None, ()),  # last used 57 days ago
    (member("dev", console=True, used=["2026-11-20T00:00:00Z"]), [], 30, lockout.KEY_USER, ("AKIADEV0", "2026-11-20", "30")),
    (member("dev", console=True, used=["2026-11-20T00:00:00Z"]), [], 5, None, ()),  # outside a 5-day window
    (member("dev", console=True, used=["2026-10-28T12:00:00Z"]), [], 30, lockout.KEY_USER, ()),  # exactly 30 days
    (member("dev", console=True, used=["2026-01-01T00:00:00Z", "2026-11-26T00:00:00Z"]), [], 30, lockout.KEY_USER, ("AKIADEV1",)),
    (member("robot", never_used=1), [], 30, lockout.KEY_USER, ("no console password",)),  # key-only, as documented
    (member("robot", used=["2025-01-01T00:00:00Z"]), [], 30, lockout.KEY_USER, ("no console password",)),
    (member("idle"), [], 30, None, ()),  # no password, no active key
    (member("break-glass", console=True), ["break-*"], 30, lockout.PROTECTED, ("protected principal 'break-*'",)),
    (member("automation", console=True), [], 30, lockout.PROTECTED, ("caller of this run",)),
]


@pytest.mark.parametrize(("who", "patterns", "window", "kind", "words"), CASES)
def test_member_risk(who, patterns, window, kind, words):
    protection = Protection(CALLER, patterns)
    risk = lockout.member_risk(who, protection.user_reason(who["name"], who["arn"]), NOW, window)
    assert (risk[0] if risk else None) == kind, risk
    for word in words:
        assert word in risk[1], risk


def test_the_override_allows_key_users_never_protected_ones():
    key_user = (lockout.KEY_USER, "signs API calls ...")
    protected = (lockout.PROTECTED, "is protected (it is the caller of this run)")
    assert lockout.is_refused(key_user, allow_key_users=False)
    assert not lockout.is_refused(key_user, allow_key_users=True)
    assert lockout.is_refused(protected, allow_key_users=True)
    assert not lockout.is_refused(None, allow_key_users=False)


def test_refusal_names_the_member_and_the_override():
    text = lockout.refusal("cannot attach the force-MFA policy to group ci", "deployer", (lockout.KEY_USER, "has active access keys"))
    assert text == (
        "cannot attach the force-MFA policy to group ci: member deployer has active access keys; set allow_key_only_members: true to allow it anyway"
    )
    text = lockout.refusal("cannot add robot to group admins", "robot", (lockout.PROTECTED, "is protected (x)"))
    assert "allow_key_only_members" not in text


def test_refused_members_keeps_order_and_applies_the_override():
    members = [member("automation", console=True), member("carol", console=True), member("robot", never_used=1)]
    protection = Protection(CALLER)
    found = lockout.refused_members(members, protection, NOW, 30, allow_key_users=False)
    assert [(m["name"], r[0]) for m, r in found] == [("automation", "protected"), ("robot", "key_user")]
    found = lockout.refused_members(members, protection, NOW, 30, allow_key_users=True)
    assert [m["name"] for m, _r in found] == ["automation"]


@pytest.mark.parametrize(("value", "ok"), [(1, True), (30, True), (3650, True), (0, False), (3651, False), ("30", False), (True, False)])
def test_window_problem(value, ok):
    assert (lockout.window_problem(value) is None) is ok
