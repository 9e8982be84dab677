# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The operations a plan of the access_keys module is made of, defined once in OPERATIONS: the
fields each carries, what it does to the user as the plan predicts it (the planner's view, which
check mode reports) and the calls that carry it out (the executor's). The planner (plan.py) and
the executor (run.py) both go through this table, so what a run does cannot drift from what it
predicted.

An operation is a dict {"op": name, <its fields>}, made by new().
"""

from __future__ import annotations

from . import aws, rotation
from .model import NEW_KEY, rotation_tag


class Predicted:
    """The user as the plan predicts it after the operations so far: key id -> status (None
    once deleted), and this module's tags on the user. `now_iso`: when the run started."""

    def __init__(self, status, tags, now_iso):
        self.status, self.tags, self.now_iso = dict(status), dict(tags), now_iso


class Operation:
    """fields: what the operation dict carries; predict(predicted, op): its effect on the plan's
    view; carry_out(run, user, op, plan): the AWS calls (`run`: the KeyRun of run.py)."""

    def __init__(self, fields, predict, carry_out):
        self.fields, self.predict, self.carry_out = fields, predict, carry_out


# deactivate: {"key"} --------------------------------------------------------------------------


def _predict_deactivate(predicted, op):
    predicted.status[op["key"]] = "Inactive"


def _deactivate(run, user, op, _plan):
    aws.set_key_status(run.iam, user["name"], op["key"], "Inactive")


# delete: {"key"} ------------------------------------------------------------------------------


def _predict_delete(predicted, op):
    predicted.status[op["key"]] = None


def _delete(run, user, op, _plan):
    aws.delete_access_key(run.iam, user["name"], op["key"])


# tag: {"tags": {tag: value}} / untag: {"keys": [tag]} -----------------------------------------


def _predict_tag(predicted, op):
    predicted.tags.update(op["tags"])


def _tag(run, user, op, _plan):
    aws.tag_user(run.iam, user["name"], op["tags"])


def _predict_untag(predicted, op):
    for tag in op["keys"]:
        predicted.tags.pop(tag, None)


def _untag(run, user, op, _plan):
    aws.untag_user(run.iam, user["name"], op["keys"])


# rotate: {"old", "secret_name", "known" (key ids the user had), "resumed"} -------------------


def _predict_rotate(predicted, op):
    predicted.tags[rotation_tag(op["old"])] = predicted.now_iso
    predicted.status[NEW_KEY] = "Active"


OPERATIONS = {
    "deactivate": Operation(("key",), _predict_deactivate, _deactivate),
    "delete": Operation(("key",), _predict_delete, _delete),
    "tag": Operation(("tags",), _predict_tag, _tag),
    "untag": Operation(("keys",), _predict_untag, _untag),
    "rotate": Operation(("old", "secret_name", "known", "resumed"), _predict_rotate, rotation.rotate),
}


def new(name, **fields):
    """An operation of the table, e.g. new("deactivate", key="AKIA...")."""
    expected = OPERATIONS[name].fields
    if set(fields) != set(expected):
        raise ValueError("operation %s takes %s, got %s" % (name, ", ".join(expected), ", ".join(sorted(fields))))
    return {"op": name, **fields}


def predict(predicted, op):
    """Applies one planned operation to the plan's view of the user."""
    OPERATIONS[op["op"]].predict(predicted, op)


def carry_out(run, user, plan):
    """Makes the calls of the user's planned operations, in order (never in check mode)."""
    for op in plan["ops"]:
        OPERATIONS[op["op"]].carry_out(run, user, op, plan)
