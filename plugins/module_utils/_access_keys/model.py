# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Access-key hygiene as plain data (pure): input validation, what one key is (age, idle time,
findings), the tags a rotation leaves on a user, Secrets Manager names, and the messages the
module and the USER.KEY_* evaluators share. The decisions are in _access_keys/plan.py.
"""

from __future__ import annotations

import datetime
import re
import string

from .._core import dates as _time
from .._core.errors import InputError

ACTIONS = ("report", "deactivate", "delete", "rotate")
# Each action does what the ones before it do, and more (docs/access-keys.md).
LEVEL = {"report": 0, "deactivate": 1, "delete": 2, "rotate": 3}
KEY_CONTROLS = ("USER.KEY_AGE", "USER.KEY_UNUSED", "USER.TWO_ACTIVE_KEYS")
RESULT_ACTIONS = ("none", "deactivated", "deleted", "rotated", "blocked")

# option -> (lowest, highest)
RANGES = {
    "max_age_days": (1, 3650),
    "unused_days": (1, 3650),
    "max_active_keys": (1, 2),
    "grace_days": (1, 365),
}

# AWS allows two access keys per user; a rotation needs a free slot.
AWS_KEY_LIMIT = 2
# A replacement key must be at least this old before the key it replaces is deactivated: AWS
# updates last-used dates with a delay of hours, so "not used since" needs time to be true.
SETTLE = datetime.timedelta(days=1)
# Clock difference tolerated between this host (rotation start tag) and AWS (key CreateDate).
CLOCK_SKEW = datetime.timedelta(minutes=5)
# A rotation tags the user first, then creates the key (a few attempts, seconds apart): a key
# created later than this after the tag is somebody else's, never the rotation's own leftover.
LEFTOVER_WINDOW = datetime.timedelta(minutes=15)

DEFAULT_SECRET_NAME_TEMPLATE = "iam-baseline/{account_id}/{user}/access-key"
TEMPLATE_FIELDS = ("account_id", "user")
SECRET_NAME = re.compile(r"^[A-Za-z0-9/_+=.@-]{1,512}$")
# Secrets Manager appends "-" and six characters to ARNs; a name ending like that is ambiguous.
SECRET_NAME_AMBIGUOUS_END = re.compile(r"-[A-Za-z0-9]{6}$")
USER_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")

# Tags the module writes on an IAM user (AWS keeps no deactivation date, and a rotation spans runs).
TAG_PREFIX = "baseline-iam:"
DEACTIVATED_TAG = TAG_PREFIX + "deactivated:"  # + key id -> when baseline.iam saw it deactivated
ROTATION_TAG = TAG_PREFIX + "rotation:"  # + old key id -> when its replacement was started
SECRET_USER_TAG = TAG_PREFIX + "user"  # on the secret: the IAM user whose key it holds
NEW_KEY = "(new key)"  # a replacement's id in a plan (and in check mode), before it exists


# Input -----------------------------------------------------------------------------------


def template_problem(template):
    """What is wrong with secret_name_template, or None."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as e:
        return "is not a valid template (%s)" % e
    fields = [field for _text, field, _spec, _conv in parsed if field is not None]
    unknown = sorted({f for f in fields if f not in TEMPLATE_FIELDS})
    if unknown:
        return "unknown placeholder(s) %s; use {account_id} and {user}" % ", ".join("{%s}" % f for f in unknown)
    if any(spec or conv for _text, field, spec, conv in parsed if field is not None):
        return "placeholders take no format specification"
    if "user" not in fields:
        return "must contain {user}, or several users' keys would share one secret"
    return secret_name_problem(secret_name(template, "123456789012", "user"))


def secret_name(template, account_id, user):
    return template.format(account_id=account_id, user=user)


def secret_name_problem(name):
    """Why Secrets Manager would refuse or misread `name`, or None."""
    if not SECRET_NAME.match(name):
        return "gives '%s'; a secret name has 1 to 512 of the characters A-Z a-z 0-9 / _ + = . @ -" % name
    if SECRET_NAME_AMBIGUOUS_END.search(name):
        return "gives '%s', which ends with a hyphen and six characters (Secrets Manager's ARN suffix)" % name
    return None


def _check_list(field, values, pattern=None):
    for value in values or []:
        if not isinstance(value, str) or not value.strip():
            raise InputError(field, "entries must be non-empty strings, got %r" % (value,))
        if pattern and not pattern.match(value):
            raise InputError(field, "'%s' is not a valid IAM user name" % value)


def validate(params):
    """Raises InputError for the first problem with the options. Makes no AWS call."""
    for option, (low, high) in RANGES.items():
        value = params.get(option)
        if value is not None and not low <= value <= high:
            raise InputError(option, "must be between %d and %d, got %s" % (low, high, value))
    if params["unused_days"] > params["max_age_days"]:
        raise InputError(
            "unused_days",
            "must not exceed max_age_days (%d > %d): a key unused that long would be rotated instead of deactivated"
            % (params["unused_days"], params["max_age_days"]),
        )
    _check_list("users", params.get("users"), USER_NAME)
    _check_list("exclude", params.get("exclude"))
    problem = template_problem(params["secret_name_template"])
    if problem:
        raise InputError("secret_name_template", problem)
    if params.get("secret_kms_key_id") is not None and not params["secret_kms_key_id"].strip():
        raise InputError("secret_kms_key_id", "must not be empty; leave it out to use the account's default key")


# One key ------------------------------------------------------------------------------------


def whole_days(earlier, now):
    """Whole days from `earlier` (ISO or datetime) to `now` (datetime)."""
    return (now - _time.parse(earlier)).days


def assess(key, active_count, now, params, controls=KEY_CONTROLS):
    """A key's facts and findings.

    key: {"access_key_id", "status", "created", "last_used"} (ISO dates, last_used None if never).
    Findings (enabled `controls` only, active keys only): USER.KEY_AGE when older than
    max_age_days; USER.KEY_UNUSED when not used (or, never used, not created) within unused_days;
    USER.TWO_ACTIVE_KEYS when the user has more active keys than max_active_keys.
    """
    age = whole_days(key["created"], now)
    idle = whole_days(key["last_used"] or key["created"], now)
    findings = []
    if key["status"] == "Active":
        if age > params["max_age_days"]:
            findings.append("USER.KEY_AGE")
        if idle > params["unused_days"]:
            findings.append("USER.KEY_UNUSED")
        if active_count > params["max_active_keys"]:
            findings.append("USER.TWO_ACTIVE_KEYS")
    return {"age_days": age, "idle_days": idle, "findings": [f for f in findings if f in controls]}


def used_after(last_used, moment):
    """True when a key's last use is later than `moment` (both ISO or datetime; None = never)."""
    return last_used is not None and _time.parse(last_used) > _time.parse(moment)


# Messages (shared with the evaluators, which know slots but not key ids) -------------------


def key_label(slot=None, key_id=None):
    """'access key 1 (AKIA...)', 'access key 1' or 'access key AKIA...'."""
    if slot is not None and key_id:
        return "access key %d (%s)" % (slot, key_id)
    if slot is not None:
        return "access key %d" % slot
    return "access key %s" % key_id


def age_message(label, age_days, max_age_days):
    return "%s is %d days old (baseline: at most %d)" % (label, age_days, max_age_days)


def unused_message(label, idle_days, unused_days, never_used):
    if never_used:
        return "%s was never used and was created %d days ago (baseline: used within %d days)" % (label, idle_days, unused_days)
    return "%s was last used %d days ago (baseline: used within %d days)" % (label, idle_days, unused_days)


def active_count_message(who, active, max_active):
    return "%s has %d active access keys (baseline: at most %d)" % (who, active, max_active)


def key_messages(key, facts, active_count, params):
    """The findings of one key as sentences naming the key id."""
    label = key_label(key_id=key["access_key_id"])
    texts = {
        "USER.KEY_AGE": age_message(label, facts["age_days"], params["max_age_days"]),
        "USER.KEY_UNUSED": unused_message(label, facts["idle_days"], params["unused_days"], key["last_used"] is None),
        "USER.TWO_ACTIVE_KEYS": active_count_message("the user", active_count, params["max_active_keys"]),
    }
    return [texts[f] for f in facts["findings"]]


# Tags ---------------------------------------------------------------------------------------


def own_tags(tags):
    """The user's tags that this module wrote."""
    return {k: v for k, v in (tags or {}).items() if k.startswith(TAG_PREFIX)}


def deactivated_tag(key_id):
    return DEACTIVATED_TAG + key_id


def rotation_tag(key_id):
    return ROTATION_TAG + key_id


def tagged_key_id(tag):
    """The key id a deactivated/rotation tag is about, or None for other tags."""
    for prefix in (DEACTIVATED_TAG, ROTATION_TAG):
        if tag.startswith(prefix):
            return tag[len(prefix) :]
    return None


def has_open_rotation(user):
    """Whether an earlier run started a rotation for the user (its rotation tag is still there)."""
    return any(tag.startswith(ROTATION_TAG) for tag in user["tags"])


def needs_secret(user, settings, now):
    """Only a rotate run that could create or retire a key for this user reads its secret."""
    if LEVEL[settings["action"]] < LEVEL["rotate"] or user["guard"]:
        return False
    if has_open_rotation(user):
        return True
    return any(k["status"] == "Active" and whole_days(k["created"], now) > settings["max_age_days"] for k in user["keys"])


def tag_date(tags, tag):
    """The date a tag holds as a datetime, or None (missing or unreadable)."""
    try:
        return _time.parse(tags.get(tag))
    except ValueError:
        return None


# Results ------------------------------------------------------------------------------------


def summarize(results):
    """Counts by action and by finding."""
    by_action = dict.fromkeys(RESULT_ACTIONS, 0)
    by_finding = dict.fromkeys(KEY_CONTROLS, 0)
    for r in results:
        by_action[r["action"]] += 1
        for f in r["findings"]:
            by_finding[f] += 1
    return {"total": len(results), "by_action": by_action, "by_finding": by_finding}


def rotation_in_progress(tags, keys):
    """(old key id, start) of a rotation whose old key still exists and is active, or None.
    `tags`: the user's tags; `keys`: {key id: key}."""
    found = []
    for tag in tags:
        key_id = tagged_key_id(tag)
        if tag.startswith(rotation_tag("")) and key_id in keys and keys[key_id]["status"] == "Active":
            started = tag_date(tags, tag)
            if started:
                found.append((started, key_id))
    if not found:
        return None
    started, key_id = min(found)
    return key_id, started


def leftover_problem(key, started):
    """Why a key that is not in the secret is not the interrupted rotation's own leftover, or
    None. A leftover was created by the rotation, within minutes of its start tag, and never used."""
    if key["last_used"] is not None:
        return "has been used"
    created = _time.parse(key["created"])
    if created > started + LEFTOVER_WINDOW:
        return "was created on %s, not by the rotation (which creates its key within minutes of starting)" % _time.iso(created)
    return None
