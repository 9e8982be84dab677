# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the access_keys module does to one user's keys (pure): a result per key and the ordered
operations that carry it out. The module gathers the facts, calls plan_user, and runs the
operations unless in check mode, so check mode reports exactly what a real run would do.

The user dict (gathered by the module):
  name, arn, keys [{access_key_id, status, created, last_used}], tags (this module's own tags),
  guard (why the user must not be modified, or None), key_guards {key id: why not},
  secret (None, or {name, problem, stored_key_id, works, error}: the Secrets Manager secret
  for this user, read only when a rotation may need it).

The operations and what each does to the predicted state are defined once, in operations.py
(the executor carries them out from the same table).
"""

from __future__ import annotations

import datetime

from .._core import dates as _time
from .model import (
    AWS_KEY_LIMIT,
    CLOCK_SKEW,
    LEVEL,
    SETTLE,
    assess,
    deactivated_tag,
    key_messages,
    leftover_problem,
    rotation_in_progress,
    rotation_tag,
    tag_date,
    tagged_key_id,
    used_after,
)
from .operations import Predicted, new, predict

PAST = {"deactivate": "deactivated", "delete": "deleted", "rotate": "rotated", "none": "none", "blocked": "blocked"}
MUTATING = ("deactivate", "delete", "rotate")


def _day(value):
    return _time.iso(value)[:10]


class _UserPlan:
    def __init__(self, user, now, params):
        self.user, self.now, self.params = user, now, params
        self.level = LEVEL[params["action"]]
        self.keys = {k["access_key_id"]: k for k in sorted(user["keys"], key=lambda k: _time.parse(k["created"]))}
        active = [k for k in self.keys.values() if k["status"] == "Active"]
        self.facts = {i: assess(k, len(active), now, params, params["controls"]) for i, k in self.keys.items()}
        self.results = {i: self._entry(k, len(active)) for i, k in self.keys.items()}
        self.now_iso = _time.iso(now)
        self.predicted = Predicted({i: k["status"] for i, k in self.keys.items()}, user["tags"], self.now_iso)
        self.ops = []
        self.grace = datetime.timedelta(days=params["grace_days"])
        self.inactive_done = set()  # inactive keys already judged (a rotation's leftover)

    def _entry(self, key, active_count):
        facts = self.facts[key["access_key_id"]]
        messages = key_messages(key, facts, active_count, self.params) or ["no finding"]
        reason = "; ".join(messages) if key["status"] == "Active" else "inactive"
        return {
            "user": self.user["name"],
            "access_key_id": key["access_key_id"],
            "status": key["status"],
            "created": _time.iso(key["created"]),
            "age_days": facts["age_days"],
            "last_used": _time.iso(key["last_used"]),
            "findings": list(facts["findings"]),
            "action": "none",
            "reason": reason,
        }

    # recording decisions --------------------------------------------------------------------

    def guard(self, key_id):
        return self.user["guard"] or self.user["key_guards"].get(key_id)

    def decide(self, key_id, action, reason, ops=()):
        """Records the action for a key; a guarded key is 'blocked' and none of its ops are kept.
        Returns True when the action (and its ops) stands."""
        guard = self.guard(key_id)
        if guard and (action in MUTATING or ops):
            if action in MUTATING:
                self.results[key_id].update(action="blocked", reason="would be %s (%s); not done: %s" % (PAST[action], reason, guard))
            else:
                self.results[key_id].update(action=action, reason="%s; nothing recorded: %s" % (reason, guard))
            return False
        self.results[key_id].update(action=PAST[action], reason=reason)
        for op in ops:
            self.add(op)
        return True

    def add(self, op):
        self.ops.append(op)
        predict(self.predicted, op)

    def deactivate_ops(self, key_id, extra_untag=()):
        ops = [new("deactivate", key=key_id), new("tag", tags={deactivated_tag(key_id): self.now_iso})]
        if extra_untag:
            ops.append(new("untag", keys=list(extra_untag)))
        return ops

    def delete_ops(self, key_id):
        ops = [new("delete", key=key_id)]
        ours = [t for t in (deactivated_tag(key_id), rotation_tag(key_id)) if t in self.predicted.tags]
        if ours:
            ops.append(new("untag", keys=ours))
        return ops

    # rotation -------------------------------------------------------------------------------

    def secret_name(self):
        return (self.user.get("secret") or {}).get("name")

    def start_rotation(self, key_id, why, resumed=False):
        """Rotate key_id now: only into a free slot, only with a usable secret."""
        secret = self.user.get("secret") or {}
        present = [k for k in self.keys if self.predicted.status.get(k) is not None]
        if len(present) >= AWS_KEY_LIMIT:
            others = [k for k in present if k != key_id]
            return self.decide(key_id, "blocked", "%s; cannot rotate: %s" % (why, self.full_reason(others)))
        if secret.get("problem") or not secret.get("name"):
            problem = secret.get("problem") or "no secret name"
            return self.decide(key_id, "blocked", "%s; cannot rotate: secret %s" % (why, problem))
        reason = "%s; replaced by %s stored in secret %s; the old key is deactivated by a later run once it shows no use since" % (
            why,
            "a new key",
            secret["name"],
        )
        op = new("rotate", old=key_id, secret_name=secret["name"], known=present, resumed=resumed)
        if self.decide(key_id, "rotate", reason, [op]):
            self.results[key_id].update(replaced_by=None, secret_name=secret["name"])
            return True
        return False

    def full_reason(self, others):
        """Why a user with two keys cannot get a new one (baseline.iam never deletes to make room)."""
        text = "the user already has %d access keys (the AWS limit) and baseline.iam never deletes a key to make room" % AWS_KEY_LIMIT
        for other in others:
            if self.keys[other]["status"] != "Active":
                since = tag_date(self.user["tags"], deactivated_tag(other))
                if since:
                    when = "on %s" % _day(self.deletable_after(other, since))
                else:
                    when = "once it has been inactive for grace_days (%d)" % self.params["grace_days"]
                text += "; the inactive key %s becomes deletable %s" % (other, when)
        return text

    def deletable_after(self, key_id, since):
        """When an inactive key deactivated at `since` may be deleted: grace_days after the later of
        its deactivation and its own last use (never used: its creation). The deactivation date is
        a user tag anyone allowed iam:TagUser can backdate; the key's own dates come from AWS."""
        key = self.keys[key_id]
        own = _time.parse(key["last_used"] or key["created"])
        return max(since, own) + self.grace

    def plan_rotation(self, old_id, started):
        """A rotation begun by an earlier run: create what is missing, or retire the old key."""
        others = [k for k in self.keys if k != old_id]
        in_progress = "rotation of %s in progress since %s" % (old_id, _time.iso(started))
        if self.level < LEVEL["rotate"]:
            for key_id in [old_id] + others:
                self.decide(key_id, "none", "%s; action rotate finishes it" % in_progress)
            return
        if not others:
            self.start_rotation(old_id, "%s; its replacement does not exist yet" % in_progress, resumed=True)
            return
        new_id = others[0]
        new = self.keys[new_id]
        if _time.parse(new["created"]) < started - CLOCK_SKEW:
            why = "%s, but the user's other key %s is older than the rotation; resolve by hand" % (in_progress, new_id)
            for key_id in (old_id, new_id):
                self.decide(key_id, "blocked", why)
            return
        secret = self.user.get("secret") or {}
        if secret.get("stored_key_id") != new_id:
            self.plan_unstored_replacement(old_id, new_id, started, in_progress)
            return
        self.plan_retirement(old_id, new_id, secret)

    def plan_unstored_replacement(self, old_id, new_id, started, in_progress):
        """The replacement exists but is not in Secrets Manager: a run stopped between the two.
        The leftover goes like any other key: deactivated now, deleted after grace_days; then a
        new key is made."""
        problem = leftover_problem(self.keys[new_id], started)
        if problem:
            why = "%s, but %s is not the key stored in secret %s and %s; resolve by hand" % (
                in_progress,
                new_id,
                self.secret_name(),
                problem,
            )
            for key_id in (old_id, new_id):
                self.decide(key_id, "blocked", why)
            return
        if self.keys[new_id]["status"] == "Active":
            leftover = (
                "created by an interrupted rotation of %s: its secret never reached Secrets Manager and it was never used; "
                "deactivated now, deleted grace_days (%d) later" % (old_id, self.grace.days)
            )
            if self.decide(new_id, "deactivate", leftover, self.deactivate_ops(new_id)):
                self.decide(
                    old_id, "none", "%s; a new key is made once the interrupted attempt's key %s is deleted" % (in_progress, new_id)
                )
            else:
                self.decide(old_id, "blocked", "%s; the interrupted attempt's key %s cannot be deactivated" % (in_progress, new_id))
            return
        self.inactive_done.add(new_id)
        if self.plan_inactive_key(new_id):
            self.start_rotation(old_id, "%s; replacing the interrupted attempt" % in_progress, resumed=True)
        else:
            self.decide(old_id, "none", "%s; a new key is made once the interrupted attempt's key %s is deleted" % (in_progress, new_id))

    def plan_retirement(self, old_id, new_id, secret):
        """The replacement is stored: deactivate the old key once it shows no use since then."""
        old, new = self.keys[old_id], self.keys[new_id]
        self.decide(new_id, "none", "replacement of %s, stored in secret %s" % (old_id, secret["name"]))
        created = _time.parse(new["created"])
        if new["status"] != "Active":
            self.decide(old_id, "blocked", "its replacement %s is inactive; the old key stays active; resolve by hand" % new_id)
        elif not secret.get("works"):
            why = "its replacement %s in secret %s does not work (%s); the old key stays active" % (
                new_id,
                secret["name"],
                secret.get("error"),
            )
            self.decide(old_id, "blocked", why)
        elif used_after(old["last_used"], created):
            why = "rotation: waiting until it is no longer used (last used %s, after its replacement %s was created on %s)" % (
                _time.iso(old["last_used"]),
                new_id,
                _time.iso(created),
            )
            self.decide(old_id, "none", why)
        elif self.now - created < SETTLE:
            why = (
                "rotation: its replacement %s was created less than a day ago; a later run deactivates it once it shows no use since"
                % new_id
            )
            self.decide(old_id, "none", why)
        else:
            why = "rotation: not used since its replacement %s (secret %s) was created on %s" % (new_id, secret["name"], _time.iso(created))
            self.decide(old_id, "deactivate", why, self.deactivate_ops(old_id, [rotation_tag(old_id)]))

    # keys outside a rotation ----------------------------------------------------------------

    def plan_active(self):
        active = [k for k in self.keys if self.keys[k]["status"] == "Active"]
        remaining = []
        for key_id in active:
            facts = self.facts[key_id]
            if "USER.KEY_UNUSED" in facts["findings"]:
                why = key_messages(self.keys[key_id], {**facts, "findings": ["USER.KEY_UNUSED"]}, 0, self.params)[0]
                if self.decide(key_id, "deactivate", why, self.deactivate_ops(key_id)):
                    continue
            remaining.append(key_id)
        surplus = self.plan_surplus(remaining)
        for key_id in remaining:
            if key_id in surplus or "USER.KEY_AGE" not in self.facts[key_id]["findings"]:
                continue
            if self.results[key_id]["action"] != "none":
                continue
            why = key_messages(self.keys[key_id], {**self.facts[key_id], "findings": ["USER.KEY_AGE"]}, 0, self.params)[0]
            if self.level >= LEVEL["rotate"]:
                self.start_rotation(key_id, why)
            else:
                self.decide(key_id, "none", "%s, and in use: action rotate replaces it" % why)

    def plan_surplus(self, remaining):
        """More active keys than max_active_keys: the older ones go once unused since the newest
        was created (applications moved to it). Returns the surplus key ids."""
        if "USER.TWO_ACTIVE_KEYS" not in self.params["controls"] or len(remaining) <= self.params["max_active_keys"]:
            return set()
        newest_id = remaining[-1]  # keys are sorted by creation date
        created = _time.parse(self.keys[newest_id]["created"])
        surplus = remaining[: len(remaining) - self.params["max_active_keys"]]
        for key_id in surplus:
            key = self.keys[key_id]
            if self.results[key_id]["action"] != "none":
                continue  # already blocked by a guard
            head = "one of %d active keys; the newest is %s (created %s)" % (len(remaining), newest_id, _time.iso(created))
            if used_after(key["last_used"], created):
                why = "%s, and this older key was used since (%s); deactivate one by hand or rotate" % (head, _time.iso(key["last_used"]))
                self.decide(key_id, "blocked", why)
            elif self.now - created < SETTLE:
                self.decide(key_id, "none", "%s less than a day ago; a later run deactivates this older key if it stays unused" % head)
            else:
                self.decide(key_id, "deactivate", "%s, and this older key was not used since" % head, self.deactivate_ops(key_id))
        return set(surplus)

    def plan_inactive(self):
        if self.level < LEVEL["delete"]:
            return
        for key_id, key in self.keys.items():
            if key["status"] == "Active" or self.results[key_id]["action"] != "none" or key_id in self.inactive_done:
                continue
            self.plan_inactive_key(key_id)

    def plan_inactive_key(self, key_id):
        """Deletes an inactive key once grace_days have passed since its deactivation and since
        its own last use (or creation), and it was not used since; returns True when it goes."""
        key = self.keys[key_id]
        since = tag_date(self.user["tags"], deactivated_tag(key_id))
        if since is None:
            why = (
                "inactive since an unknown date (not deactivated by baseline.iam); the grace period starts now: deletable after %s"
                % _day(self.deletable_after(key_id, self.now))
            )
            self.decide(key_id, "none", why, [new("tag", tags={deactivated_tag(key_id): self.now_iso})])
            return False
        if used_after(key["last_used"], since):
            why = "inactive, but used on %s after its deactivation on %s (reactivated since?); delete it by hand" % (
                _time.iso(key["last_used"]),
                _time.iso(since),
            )
            self.decide(key_id, "blocked", why)
            return False
        deletable = self.deletable_after(key_id, since)
        if self.now < deletable:
            why = "inactive since %s; deletable after %s (grace_days %d since its deactivation and its own %s)" % (
                _day(since),
                _day(deletable),
                self.grace.days,
                "last use" if key["last_used"] else "creation",
            )
            self.decide(key_id, "none", why)
            return False
        why = "inactive since %s (more than grace_days %d) and not used since" % (_day(since), self.grace.days)
        return self.decide(key_id, "delete", why, self.delete_ops(key_id))

    def plan_tag_cleanup(self):
        """Removes this module's tags about keys that are gone, active again, or done rotating."""
        if self.user["guard"] or self.level < LEVEL["delete"]:
            return
        stale = []
        for tag in sorted(self.predicted.tags):
            key_id = tagged_key_id(tag)
            if key_id is None:
                continue
            status = self.predicted.status.get(key_id)
            is_rotation = tag.startswith(rotation_tag(""))
            if (
                status is None
                or (status == "Active" and not is_rotation)
                or (is_rotation and status == "Inactive" and self.level >= LEVEL["rotate"])
            ):
                stale.append(tag)
        if stale:
            self.add(new("untag", keys=stale))

    # the whole user -------------------------------------------------------------------------

    def plan(self):
        if self.level == 0:
            return self
        rotation = rotation_in_progress(self.user["tags"], self.keys)
        if rotation:
            self.plan_rotation(*rotation)
        else:
            self.plan_active()
        self.plan_inactive()
        self.plan_tag_cleanup()
        return self

    def before(self):
        return {"access_keys": {k: v["status"] for k, v in self.keys.items()}, "tags": dict(sorted(self.user["tags"].items()))}

    def after(self):
        keys = {k: v for k, v in self.predicted.status.items() if v is not None}
        return {"access_keys": keys, "tags": dict(sorted(self.predicted.tags.items()))}


def plan_user(user, now, params):
    """{"results": [per-key result], "ops": [...], "before": ..., "after": ...} for one user.

    params: the module's options with `controls` as the list of enabled key controls.
    """
    plan = _UserPlan(user, now, params).plan()
    return {"results": list(plan.results.values()), "ops": plan.ops, "before": plan.before(), "after": plan.after()}
