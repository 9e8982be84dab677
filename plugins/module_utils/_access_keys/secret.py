# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Secrets Manager side of a rotation: what the user's secret holds and whether it may be
written (read before planning), writing a new key into it, and proving a key works.

Every secret access key read or made here is added to the module's no_log_values first, so it
cannot reach the output even by accident. `run` is the KeyRun of run.py.
"""

from __future__ import annotations

from .._core import dates as _time
from . import aws
from .model import SECRET_USER_TAG, has_open_rotation, secret_name, secret_name_problem

DESCRIPTION = "Access key of IAM user %s (JSON: AccessKeyId, SecretAccessKey), written by baseline.iam.access_keys"


def read_state(run, user):
    """{name, problem, exists, stored_key_id[, works, error]}: the secret that receives the
    user's new key. `problem` says why it cannot be written (then no rotation starts)."""
    name = secret_name(run.settings["secret_name_template"], run.caller["account_id"], user["name"])
    secret = {"name": name, "problem": secret_name_problem(name), "exists": False, "stored_key_id": None}
    if secret["problem"]:
        return secret
    description = aws.describe_secret(run.sm, name)
    if description is None:
        return secret
    secret["exists"] = True
    if description.get("DeletedDate"):
        secret["problem"] = "%s is scheduled for deletion; restore it or change secret_name_template" % name
    elif aws.secret_tags(description).get(SECRET_USER_TAG) != user["name"]:
        secret["problem"] = "%s exists but is not tagged %s=%s; it is not overwritten" % (name, SECRET_USER_TAG, user["name"])
    else:
        _read_stored_key(run, user, secret)
    return secret


def _read_stored_key(run, user, secret):
    """Which key the secret holds, and whether it works (only while a rotation is open)."""
    if not has_open_rotation(user):
        return
    value = aws.read_secret(run.sm, secret["name"]) or {}
    stored_id, stored_secret = value.get("AccessKeyId"), value.get("SecretAccessKey")
    if stored_secret:
        run.module.no_log_values.add(stored_secret)
    secret["stored_key_id"] = stored_id
    if stored_id and stored_secret and stored_id in {k["access_key_id"] for k in user["keys"]}:
        secret["works"], secret["error"] = verify(run, user["name"], stored_id, stored_secret)


def store(run, user_name, secret_name, exists, new_key):
    """Writes a new key (CreateAccessKey's AccessKey) into the user's secret, tagged for the user."""
    run.module.no_log_values.add(new_key["SecretAccessKey"])
    value = {
        "AccessKeyId": new_key["AccessKeyId"],
        "SecretAccessKey": new_key["SecretAccessKey"],
        "UserName": user_name,
        "CreateDate": _time.iso(new_key["CreateDate"]),
    }
    tags = {SECRET_USER_TAG: user_name}
    aws.store_secret(run.sm, secret_name, exists, value, tags, DESCRIPTION % user_name, run.settings["secret_kms_key_id"])


def verify(run, user_name, key_id, secret_access_key):
    """(True, None) when the key signs in as the user, else (False, the error code)."""
    sts = run.module.client(
        "sts", aws_access_key_id=key_id, aws_secret_access_key=secret_access_key, aws_session_token=None, profile_name=None
    )
    return aws.verify_key(sts, user_name, run.caller["account_id"])
