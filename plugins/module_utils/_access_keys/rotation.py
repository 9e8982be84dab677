# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The rotate operation: the sequence that gives a user a new key (carried out by operations.py).

1. Tag the user with the rotation's start, first: a run that stops after the create is
   recognised as this module's by the next one.
2. Create the key (create_key: never blindly retried, never a third key).
3. Store it in Secrets Manager; if that fails, take the key back (nobody could use it).
4. Prove it works (sts:GetCallerIdentity signed with it).

The old key stays active; a later run deactivates it (plan.py). `run` is the KeyRun of run.py.
"""

from __future__ import annotations

from .._core import iam_users as _iam_users
from .._core.errors import AWS_ERRORS, StepFailed, describe, error_code, error_message, operation
from . import aws
from . import secret as _secret
from .model import AWS_KEY_LIMIT, NEW_KEY, rotation_tag

CREATE_ATTEMPTS = 3


def rotate(run, user, op, plan):
    """Carries out {"op": "rotate", "old", "secret_name", "known", "resumed"} for `user`; updates
    the plan's result for the old key and its predicted `after` with what really happened."""
    name, start_tag = user["name"], rotation_tag(op["old"])
    result = next(r for r in plan["results"] if r["access_key_id"] == op["old"])
    aws.tag_user(run.iam, name, {start_tag: plan["after"]["tags"][start_tag]})
    try:
        new, why_not, note = create_key(run, name, op["known"])
    except AWS_ERRORS as e:
        # A refusal made no key: drop the start tag. After a lost answer a key may exist, and
        # the tag lets the next run recognise it.
        if not op["resumed"] and not aws.is_retryable(e):
            aws.untag_user(run.iam, name, [start_tag])
        raise
    if new is None:
        _not_rotated(run, name, start_tag, op, plan, result, why_not)
        return
    try:
        _secret.store(run, name, op["secret_name"], user["secret"]["exists"], new)
    except AWS_ERRORS as e:
        _take_back(run, name, new["AccessKeyId"], start_tag, op, e)
        raise
    _verify(run, name, new, op)
    keys_after = plan["after"]["access_keys"]
    keys_after[new["AccessKeyId"]] = keys_after.pop(NEW_KEY, "Active")
    result.update(replaced_by=new["AccessKeyId"], reason=result["reason"].replace("a new key", new["AccessKeyId"], 1) + note)


def _not_rotated(run, name, start_tag, op, plan, result, why_not):
    """No key was made (the user's keys changed, or IAM refused for the key limit): blocked."""
    if not op["resumed"]:
        aws.untag_user(run.iam, name, [start_tag])
        plan["after"]["tags"].pop(start_tag, None)
    plan["after"]["access_keys"].pop(NEW_KEY, None)
    result.update(action="blocked", reason="%s; not rotated: %s" % (result["reason"], why_not))
    result.pop("replaced_by", None)


def _verify(run, name, new, op):
    works, code = _secret.verify(run, name, new["AccessKeyId"], new["SecretAccessKey"])
    if not works:
        raise StepFailed(
            code,
            "the new key %s is stored in secret %s but did not work; the old key %s stays active and the next run checks again"
            % (new["AccessKeyId"], op["secret_name"], op["old"]),
            "sts:GetCallerIdentity",
        )


def _take_back(run, name, new_id, start_tag, op, error):
    """Nobody can use a key whose secret was not stored: delete it (and the start tag of a
    rotation this run began). If that fails too, the next run finds the key and removes it."""
    try:
        aws.delete_access_key(run.iam, name, new_id)
        if not op["resumed"]:
            aws.untag_user(run.iam, name, [start_tag])
    except AWS_ERRORS as cleanup:
        raise StepFailed(
            error_code(error),
            "the new key %s could not be stored in secret %s (%s) nor deleted again (%s); the next rotate run removes it"
            % (new_id, op["secret_name"], error_message(error), describe(cleanup)),
            operation(error),
        ) from error


def create_key(run, name, known):
    """(AccessKey, None, note) or (None, why not, note). Lists the keys before every attempt;
    a key made by an attempt whose answer was lost is deleted before the next one."""
    once = run.client_without_retries("iam")  # a retried create after a lost answer makes a second key
    note, error = "", None
    for attempt in range(CREATE_ATTEMPTS):
        present = {k["access_key_id"] for k in _iam_users.list_access_keys(run.iam, name)}
        strays = present - set(known)
        if strays and attempt == 0:
            return None, "the user's keys changed since they were read (%s); the next run looks again" % ", ".join(sorted(strays)), note
        for stray in sorted(strays):
            if _iam_users.last_used(run.iam, stray) is not None:
                return None, "key %s appeared during the rotation and has been used; resolve by hand" % stray, note
            aws.delete_access_key(run.iam, name, stray)
            note += "; %s, made by an attempt whose answer was lost, was deleted (never used, its secret unknown)" % stray
        if len(present - strays) >= AWS_KEY_LIMIT:
            return None, "the user has %d keys" % AWS_KEY_LIMIT, note
        try:
            return aws.create_access_key(once, name), None, note
        except AWS_ERRORS as e:
            if error_code(e) == "LimitExceeded":
                return None, "IAM answered LimitExceeded: another key was created meanwhile", note
            if not aws.is_retryable(e):
                raise
            error = e
    raise error
