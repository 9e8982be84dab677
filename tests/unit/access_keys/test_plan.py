"""The per-user decisions of baseline.iam.access_keys (pure), table-driven, plus a randomized
search for plans that would break a safety rule (DESIGN §8.1, §8.3)."""

import datetime
import random

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._access_keys.model import KEY_CONTROLS, NEW_KEY, deactivated_tag, rotation_tag
from ansible_collections.baseline.iam.plugins.module_utils._access_keys.plan import plan_user
from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time
from tests.support.fixed import NOW, NOW_ISO, ago

SECRET = {"name": "iam-baseline/111122223333/app/access-key", "problem": None, "exists": False, "stored_key_id": None}


def key(kid, created, used=None, status="Active"):
    """created/used: days ago (used None = never)."""
    return {"access_key_id": kid, "status": status, "created": ago(created), "last_used": None if used is None else ago(used)}


def plan(keys, action="rotate", tags=None, guard=None, key_guards=None, secret=None, **params):
    user = {
        "name": "app",
        "arn": "arn:aws:iam::111122223333:user/app",
        "keys": keys,
        "tags": tags or {},
        "guard": guard,
        "key_guards": key_guards or {},
        "secret": SECRET if secret is None else secret,
    }
    settings = {
        "action": action,
        "max_age_days": 90,
        "unused_days": 45,
        "max_active_keys": 1,
        "grace_days": 14,
        "controls": list(KEY_CONTROLS),
    }
    settings.update(params)
    return plan_user(user, NOW, settings)


def actions(p):
    return {r["access_key_id"]: r["action"] for r in p["results"]}


def reasons(p):
    return {r["access_key_id"]: r["reason"] for r in p["results"]}


def ops(p):
    return [(o["op"], o.get("key") or o.get("old") or sorted(o.get("tags") or o.get("keys") or [])) for o in p["ops"]]


# one key, no rotation in progress --------------------------------------------------------------


@pytest.mark.parametrize("action", ["report", "deactivate", "delete", "rotate"])
def test_young_used_key_is_left_alone(action):
    p = plan([key("K1", 10, 1)], action)
    assert actions(p) == {"K1": "none"}
    assert p["ops"] == []
    assert p["results"][0]["findings"] == []
    assert p["before"] == p["after"]


def test_report_changes_nothing_but_reports_every_finding():
    p = plan([key("K1", 200, 100), key("K2", 100, 1)], "report")
    assert actions(p) == {"K1": "none", "K2": "none"}
    assert p["ops"] == []
    findings = {r["access_key_id"]: r["findings"] for r in p["results"]}
    assert findings == {
        "K1": ["USER.KEY_AGE", "USER.KEY_UNUSED", "USER.TWO_ACTIVE_KEYS"],
        "K2": ["USER.KEY_AGE", "USER.TWO_ACTIVE_KEYS"],
    }
    assert "K1 is 200 days old (baseline: at most 90)" in reasons(p)["K1"]
    assert "last used 100 days ago (baseline: used within 45 days)" in reasons(p)["K1"]


@pytest.mark.parametrize(
    ("created", "used", "unused"),
    [
        (60, 46, True),
        (60, 45, False),  # exactly unused_days: still fine
        (46, None, True),  # never used, created 46 days ago
        (45, None, False),
        (10, None, False),  # a new key not yet used
    ],
)
def test_unused_threshold(created, used, unused):
    p = plan([key("K1", created, used)], "deactivate")
    assert actions(p)["K1"] == ("deactivated" if unused else "none")
    if unused:
        assert ops(p) == [("deactivate", "K1"), ("tag", [deactivated_tag("K1")])]
        assert p["after"]["tags"] == {deactivated_tag("K1"): NOW_ISO}
        assert p["after"]["access_keys"] == {"K1": "Inactive"}


@pytest.mark.parametrize(("age", "stale"), [(91, True), (90, False)])
def test_age_threshold(age, stale):
    p = plan([key("K1", age, 1)], "rotate")
    assert actions(p)["K1"] == ("rotated" if stale else "none")


@pytest.mark.parametrize("action", ["deactivate", "delete"])
def test_old_key_in_use_is_only_replaced_by_rotate(action):
    p = plan([key("K1", 120, 1)], action)
    assert actions(p) == {"K1": "none"}
    assert "action rotate replaces it" in reasons(p)["K1"]
    assert p["ops"] == []


def test_rotate_creates_into_the_free_slot():
    p = plan([key("K1", 120, 1)], "rotate")
    assert actions(p) == {"K1": "rotated"}
    (op,) = p["ops"]
    assert op == {"op": "rotate", "old": "K1", "secret_name": SECRET["name"], "known": ["K1"], "resumed": False}
    result = p["results"][0]
    assert result["secret_name"] == SECRET["name"] and result["replaced_by"] is None
    assert p["after"]["access_keys"] == {"K1": "Active", NEW_KEY: "Active"}
    assert p["after"]["tags"] == {rotation_tag("K1"): NOW_ISO}


def test_rotate_never_deletes_to_make_room():
    tags = {deactivated_tag("K0"): ago(3)}
    p = plan([key("K0", 300, 50, "Inactive"), key("K1", 120, 1)], "rotate", tags=tags)
    assert actions(p) == {"K0": "none", "K1": "blocked"}
    assert [o for o in p["ops"] if o["op"] in ("rotate", "delete")] == []
    assert "never deletes a key to make room" in reasons(p)["K1"]
    assert "K0 becomes deletable on 2026-12-08" in reasons(p)["K1"]


def test_rotate_blocked_when_the_secret_cannot_be_used():
    secret = dict(SECRET, problem="iam-baseline/x exists but is not tagged baseline-iam:user=app; it is not overwritten")
    p = plan([key("K1", 120, 1)], "rotate", secret=secret)
    assert actions(p) == {"K1": "blocked"}
    assert "not tagged" in reasons(p)["K1"]
    assert p["ops"] == []


def test_old_and_unused_key_is_deactivated_not_rotated():
    p = plan([key("K1", 120, 60)], "rotate")
    assert actions(p) == {"K1": "deactivated"}
    assert [o["op"] for o in p["ops"]] == ["deactivate", "tag"]


# two active keys ------------------------------------------------------------------------------


def test_two_active_keys_older_still_used_is_blocked():
    p = plan([key("OLD", 60, 1), key("NEW", 10, 2)], "deactivate")
    assert actions(p) == {"OLD": "blocked", "NEW": "none"}
    assert "used since" in reasons(p)["OLD"]
    assert p["ops"] == []


def test_two_active_keys_older_unused_since_newer_is_deactivated():
    p = plan([key("OLD", 60, 20), key("NEW", 10, 1)], "deactivate")
    assert actions(p) == {"OLD": "deactivated", "NEW": "none"}
    assert ops(p)[0] == ("deactivate", "OLD")


def test_two_active_keys_newer_younger_than_a_day_waits():
    keys = [key("OLD", 60, 2), {"access_key_id": "NEW", "status": "Active", "created": ago(0, 3), "last_used": ago(0, 1)}]
    p = plan(keys, "deactivate")
    assert actions(p) == {"OLD": "none", "NEW": "none"}
    assert "less than a day ago" in reasons(p)["OLD"]


def test_two_active_keys_the_unused_one_goes_not_the_older():
    p = plan([key("OLD", 60, 1), key("NEW", 50, None)], "deactivate")
    assert actions(p) == {"OLD": "none", "NEW": "deactivated"}


def test_two_active_keys_allowed_when_max_active_keys_is_two():
    p = plan([key("OLD", 60, 1), key("NEW", 10, 1)], "deactivate", max_active_keys=2)
    assert actions(p) == {"OLD": "none", "NEW": "none"}
    assert all(r["findings"] == [] for r in p["results"])


# inactive keys and deletion ------------------------------------------------------------------


def test_inactive_key_without_date_starts_its_grace_period():
    p = plan([key("K1", 200, 100, "Inactive")], "delete")
    assert actions(p) == {"K1": "none"}
    assert ops(p) == [("tag", [deactivated_tag("K1")])]
    assert "deletable after 2026-12-11" in reasons(p)["K1"]


def test_deactivate_action_does_not_touch_inactive_keys():
    p = plan([key("K1", 200, 100, "Inactive")], "deactivate")
    assert p["ops"] == []


@pytest.mark.parametrize(
    ("deactivated", "used", "expected"),
    [
        (20, 30, "deleted"),
        (20, None, "deleted"),
        (14, 30, "deleted"),  # exactly grace_days
        (13, 30, "none"),
        (20, 3, "blocked"),  # used after its deactivation
    ],
)
def test_deletion_after_grace_and_only_if_unused_since(deactivated, used, expected):
    tags = {deactivated_tag("K1"): ago(deactivated)}
    p = plan([key("K1", 200, used, "Inactive")], "delete", tags=tags)
    assert actions(p) == {"K1": expected}
    if expected == "deleted":
        assert ops(p) == [("delete", "K1"), ("untag", [deactivated_tag("K1")])]
        assert p["after"] == {"access_keys": {}, "tags": {}}
    else:
        assert p["ops"] == []


@pytest.mark.parametrize(
    ("created", "expected"),
    [
        (3, "none"),  # created 3 days ago: a tag saying "deactivated 30 days ago" cannot be true
        (13, "none"),
        (14, "deleted"),  # exactly grace_days since its creation
        (40, "deleted"),
    ],
)
def test_deletion_also_needs_the_keys_own_dates_past_grace(created, expected):
    # Issue 13: the deactivation tag is a user tag anyone with iam:TagUser can backdate; a never
    # used key's grace also counts from its creation (a used key's from its last use, which the
    # "unused since the deactivation" rule already bounds).
    tags = {deactivated_tag("K1"): ago(30)}
    p = plan([key("K1", created, None, "Inactive")], "delete", tags=tags)
    assert actions(p) == {"K1": expected}
    if expected == "none":
        assert p["ops"] == []
        assert "deletable after %s" % ago(created - 14)[:10] in reasons(p)["K1"]


def test_deactivated_and_deleted_never_in_the_same_run():
    p = plan([key("K1", 200, 100)], "delete")
    assert actions(p) == {"K1": "deactivated"}
    assert "delete" not in [o["op"] for o in p["ops"]]


# guards ---------------------------------------------------------------------------------------


def test_session_key_is_blocked_not_touched():
    p = plan([key("K1", 300, 200)], "rotate", key_guards={"K1": "it signs the current session"})
    assert actions(p) == {"K1": "blocked"}
    assert p["ops"] == []
    assert "it signs the current session" in reasons(p)["K1"]


def test_protected_user_gets_no_write_at_all():
    keys = [key("K1", 300, 200), key("K2", 300, 200, "Inactive")]
    p = plan(keys, "rotate", guard="it is the caller of this run", tags={rotation_tag("GONE"): ago(3)})
    assert actions(p) == {"K1": "blocked", "K2": "none"}
    assert p["ops"] == []
    assert p["before"] == p["after"]


def test_excluded_key_id_spares_only_that_key():
    p = plan([key("K1", 100, 60), key("K2", 100, 60)], "deactivate", key_guards={"K1": "it is listed in exclude"})
    assert actions(p) == {"K1": "blocked", "K2": "deactivated"}
    assert {o.get("key") for o in p["ops"] if o["op"] == "deactivate"} == {"K2"}


def test_disabled_control_neither_reports_nor_acts():
    p = plan([key("K1", 100, 60)], "rotate", controls=["USER.KEY_AGE", "USER.TWO_ACTIVE_KEYS"])
    assert p["results"][0]["findings"] == ["USER.KEY_AGE"]
    assert actions(p) == {"K1": "rotated"}
    p = plan([key("K1", 100, 60)], "rotate", controls=[])
    assert actions(p) == {"K1": "none"} and p["ops"] == []


# a rotation begun by an earlier run ------------------------------------------------------------


def rotating(others, action="rotate", stored=None, works=True, started=3, old_used=5, secret=None):
    tags = {rotation_tag("OLD"): ago(started)}
    secret = secret or dict(SECRET, exists=True, stored_key_id=stored, works=works, error=None if works else "InvalidClientTokenId")
    return plan([key("OLD", 120, old_used), *others], action, tags=tags, secret=secret)


def test_resume_when_the_replacement_was_never_created():
    p = rotating([])
    assert actions(p) == {"OLD": "rotated"}
    assert p["ops"][0]["op"] == "rotate" and p["ops"][0]["resumed"] is True


def at(days, minutes=0):
    """A key dict's date `days` ago plus `minutes` (what key() cannot say)."""
    return _time.iso(NOW - datetime.timedelta(days=days) + datetime.timedelta(minutes=minutes))


def lost(status="Active", created_minutes_after=1, started=3, used=None):
    """A key made by the rotation that began `started` days ago, whose secret never got stored."""
    return {"access_key_id": "LOST", "status": status, "created": at(started, created_minutes_after), "last_used": used}


def test_interrupted_attempt_key_is_deactivated_not_deleted():
    # Issue 13: even the rotation's own leftover is deactivated first and deleted after grace.
    p = rotating([lost()], stored=None)
    assert actions(p) == {"OLD": "none", "LOST": "deactivated"}
    assert ops(p) == [("deactivate", "LOST"), ("tag", [deactivated_tag("LOST")])]
    assert "interrupted rotation" in reasons(p)["LOST"]
    assert "LOST" in reasons(p)["OLD"] and "deleted" in reasons(p)["OLD"]
    assert p["after"]["access_keys"] == {"OLD": "Active", "LOST": "Inactive"}


def test_a_key_made_long_after_the_rotation_started_is_not_its_leftover():
    # Issue 13: a person's fresh key created days after a rotation tag is not the rotation's.
    p = rotating([lost(created_minutes_after=2 * 24 * 60)], stored=None)
    assert actions(p) == {"OLD": "blocked", "LOST": "blocked"}
    assert p["ops"] == []
    assert "resolve by hand" in reasons(p)["LOST"]


def test_deactivated_leftover_is_deleted_after_grace_and_the_rotation_resumes():
    tags = {rotation_tag("OLD"): ago(20), deactivated_tag("LOST"): ago(15)}
    secret = dict(SECRET, exists=True, stored_key_id=None, works=True)
    p = plan([key("OLD", 120, 5), lost("Inactive", started=20)], "rotate", tags=tags, secret=secret)
    assert actions(p) == {"OLD": "rotated", "LOST": "deleted"}
    assert [o["op"] for o in p["ops"]] == ["delete", "untag", "rotate"]
    assert p["ops"][2]["known"] == ["OLD"] and p["ops"][2]["resumed"] is True


def test_deactivated_leftover_within_grace_waits():
    tags = {rotation_tag("OLD"): ago(5), deactivated_tag("LOST"): ago(4)}
    secret = dict(SECRET, exists=True, stored_key_id=None, works=True)
    p = plan([key("OLD", 120, 5), lost("Inactive", started=5)], "rotate", tags=tags, secret=secret)
    assert actions(p) == {"OLD": "none", "LOST": "none"}
    assert p["ops"] == []
    assert "deletable after" in reasons(p)["LOST"]


def test_resume_refuses_an_unstored_replacement_that_was_used():
    p = rotating([key("LOST", 1, 0)], stored="SOMETHING-ELSE")
    assert actions(p) == {"OLD": "blocked", "LOST": "blocked"}
    assert p["ops"] == []


def test_other_key_older_than_the_rotation_is_not_ours():
    p = rotating([key("HUMAN", 10, None)], started=3)
    assert actions(p) == {"OLD": "blocked", "HUMAN": "blocked"}
    assert p["ops"] == []


@pytest.mark.parametrize(
    ("new_created_days", "old_used", "works", "expected"),
    [
        (2, 5, True, "deactivated"),  # old not used since the new key was created
        (2, 1, True, "none"),  # old used after: applications still use it
        (0, 5, True, "none"),  # new key younger than a day
        (2, 5, False, "blocked"),  # the stored key does not work
    ],
)
def test_retiring_the_old_key(new_created_days, old_used, works, expected):
    p = rotating([key("NEW", new_created_days, 0)], stored="NEW", works=works, started=new_created_days, old_used=old_used)
    assert actions(p) == {"OLD": expected, "NEW": "none"}
    if expected == "deactivated":
        assert ops(p) == [("deactivate", "OLD"), ("tag", [deactivated_tag("OLD")]), ("untag", [rotation_tag("OLD")])]
        assert p["after"]["tags"] == {deactivated_tag("OLD"): NOW_ISO}
    else:
        assert p["ops"] == []


def test_other_actions_leave_an_open_rotation_to_rotate():
    p = rotating([key("NEW", 2, 0)], action="delete", stored="NEW")
    assert actions(p) == {"OLD": "none", "NEW": "none"}
    assert p["ops"] == []
    assert "action rotate finishes it" in reasons(p)["OLD"]


def test_finished_rotation_tag_is_removed_and_the_clock_started():
    tags = {rotation_tag("OLD"): ago(30)}
    p = plan([key("OLD", 120, 25, "Inactive"), key("NEW", 30, 0)], "rotate", tags=tags)
    assert actions(p) == {"OLD": "none", "NEW": "none"}
    assert ops(p) == [("tag", [deactivated_tag("OLD")]), ("untag", [rotation_tag("OLD")])]


def test_stale_tags_are_cleaned_in_delete_and_rotate_only():
    tags = {deactivated_tag("GONE"): ago(40), deactivated_tag("K1"): ago(40), "baseline-iam:other": "x"}
    for action, expected in (("deactivate", []), ("delete", [("untag", [deactivated_tag("GONE"), deactivated_tag("K1")])])):
        p = plan([key("K1", 50, 1)], action, tags=tags)  # K1 is active again: its date is stale
        assert ops(p) == expected, action


# randomized: no plan may break a safety rule ---------------------------------------------------


def _random_user(rng):
    keys = []
    for i in range(rng.choice([0, 1, 1, 2, 2])):
        created = rng.choice([0, 1, 2, 10, 50, 100, 200])
        used = rng.choice([None, 0, 1, 3, 30, 60, 150])
        used = None if used is None or used > created else used
        keys.append(key("K%d" % i, created, used, rng.choice(["Active", "Active", "Inactive"])))
    tags = {}
    for k in keys:
        if rng.random() < 0.4:
            tags[deactivated_tag(k["access_key_id"])] = ago(rng.choice([1, 13, 14, 30]))
        if rng.random() < 0.3:
            tags[rotation_tag(k["access_key_id"])] = ago(rng.choice([0, 2, 5, 60]))
        others = [o for o in keys if o is not k]
        if others and rng.random() < 0.3:
            # a rotation of k that began shortly before (or after) the other key was created: the
            # other key may be its leftover (created within LEFTOVER_WINDOW) or somebody else's
            minutes = rng.choice([-10, 1, 14, 16, 60 * 24 * 2])
            started = _time.parse(others[0]["created"]) - datetime.timedelta(minutes=minutes)
            tags[rotation_tag(k["access_key_id"])] = _time.iso(started)
    secret = dict(SECRET, exists=True, stored_key_id=rng.choice([None, "K0", "K1"]), works=rng.random() < 0.8)
    guard = rng.choice([None, None, None, "it is the caller of this run"])
    key_guards = {k["access_key_id"]: "it signs the current session" for k in keys if rng.random() < 0.2}
    return keys, tags, secret, guard, key_guards


def _idle_days(k):
    return (NOW - _time.parse(k["last_used"] or k["created"])).days


def _replaced_unused(k, other):
    """k was not used since `other` was created, at least a day ago (DESIGN §8.3)."""
    created = _time.parse(other["created"])
    return NOW - created >= datetime.timedelta(days=1) and (k["last_used"] is None or _time.parse(k["last_used"]) <= created)


def _rotation_leftover(k, keys, tags):
    """k was never used and was created within minutes of the start of another key's rotation."""
    if k["last_used"] is not None:
        return False
    created = _time.parse(k["created"])
    for other in keys:
        started = tags.get(rotation_tag(other["access_key_id"])) if other is not k else None
        if started and -datetime.timedelta(minutes=5) <= created - _time.parse(started) <= datetime.timedelta(minutes=15):
            return True
    return False


@pytest.mark.parametrize("seed", range(3))
def test_no_random_plan_breaks_a_safety_rule(seed):
    rng = random.Random(seed)
    for _case in range(2000):
        keys, tags, secret, guard, key_guards = _random_user(rng)
        action = rng.choice(["report", "deactivate", "delete", "rotate"])
        p = plan(keys, action, tags=tags, guard=guard, key_guards=key_guards, secret=secret)
        by_id = {k["access_key_id"]: k for k in keys}
        touched = [o.get("key") or o.get("old") for o in p["ops"] if o["op"] in ("deactivate", "delete", "rotate")]
        if action == "report" or guard:
            assert p["ops"] == [], (action, guard, p["ops"])
        assert not set(touched) & set(key_guards), p["ops"]
        assert len(touched) == len(set(touched)), "a key got two actions in one run: %s" % p["ops"]
        for o in p["ops"]:
            if o["op"] == "delete":
                # No exception, the rotation's own leftovers included: only an inactive key,
                # deactivated grace_days ago, unused since, and not used (or, never used, not
                # created) within grace_days whatever the tag says (DESIGN §8.3, issue 13).
                k = by_id[o["key"]]
                since = _time.parse(tags[deactivated_tag(o["key"])])
                assert k["status"] == "Inactive" and NOW - since >= datetime.timedelta(days=14), (k, tags)
                assert k["last_used"] is None or _time.parse(k["last_used"]) <= since
                assert _idle_days(k) >= 14, (k, tags)
            if o["op"] == "deactivate":
                k = by_id[o["key"]]
                assert k["status"] == "Active"
                assert (
                    _idle_days(k) > 45
                    or any(_replaced_unused(k, other) for other in keys if other is not k)
                    or _rotation_leftover(k, keys, tags)
                ), (k, keys, tags)
            if o["op"] == "rotate":
                assert len(o["known"]) < 2
