# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS calls of the access_keys family (IAM keys and user tags, Secrets Manager, STS).

"Not found" is None; every other AWS error is raised. Retries come from the client's
configuration, except for CreateAccessKey, which must be sent through a client that does not
retry (a retried create after a lost answer would make a second key; see create_access_key).
"""

from __future__ import annotations

import json
import time

try:
    from botocore.exceptions import ConnectionError as BotoConnectionError
    from botocore.exceptions import HTTPClientError

    CONNECTION_ERRORS = (BotoConnectionError, HTTPClientError)
except ImportError:  # pragma: no cover - the module base reports the missing library
    CONNECTION_ERRORS = ()

from .._core import caller as _caller
from .._core.errors import AWS_ERRORS, error_code, is_not_found
from .._core.iam import get_or_none

# Errors after which a create may be tried again (once the keys have been listed again).
RETRYABLE_CODES = frozenset(
    (
        "Throttling",
        "ThrottlingException",
        "RequestLimitExceeded",
        "ServiceUnavailable",
        "InternalFailure",
        "InternalError",
        "ServiceFailure",
        "RequestTimeout",
    )
)
# Answers of sts:GetCallerIdentity while a new key is not yet known everywhere (eventual consistency).
NOT_YET_VALID_CODES = frozenset(("InvalidClientTokenId", "SignatureDoesNotMatch", "AccessDenied", "AuthFailure"))
VERIFY_DELAYS = (1, 2, 3, 5, 8, 10)  # seconds between attempts: 7 attempts within about 30 s


def is_retryable(error):
    """A throttling, server-side or connection error (no answer, or an answer that may be lost)."""
    return error_code(error) in RETRYABLE_CODES or isinstance(error, CONNECTION_ERRORS)


# IAM users and keys


def list_users(iam):
    """Every user: [{"name", "arn"}]."""
    users = []
    for page in iam.get_paginator("list_users").paginate():
        users.extend({"name": u["UserName"], "arn": u["Arn"]} for u in page["Users"])
    return users


def get_user(iam, name):
    user = get_or_none(iam.get_user, "User", UserName=name)
    return {"name": user["UserName"], "arn": user["Arn"]} if user else None


def user_tags(iam, user):
    tags = {}
    for page in iam.get_paginator("list_user_tags").paginate(UserName=user):
        tags.update({t["Key"]: t["Value"] for t in page["Tags"]})
    return tags


def tag_user(iam, user, tags):
    iam.tag_user(UserName=user, Tags=[{"Key": k, "Value": v} for k, v in sorted(tags.items())])


def untag_user(iam, user, keys):
    iam.untag_user(UserName=user, TagKeys=sorted(keys))


def set_key_status(iam, user, access_key_id, status):
    iam.update_access_key(UserName=user, AccessKeyId=access_key_id, Status=status)


def delete_access_key(iam, user, access_key_id):
    """Deletes the key; a key already gone is not an error (a retried delete)."""
    try:
        iam.delete_access_key(UserName=user, AccessKeyId=access_key_id)
    except AWS_ERRORS as e:
        if not is_not_found(e):
            raise


def create_access_key(iam_no_retry, user):
    """CreateAccessKey's AccessKey (with the secret). Send it through a client without retries."""
    return iam_no_retry.create_access_key(UserName=user)["AccessKey"]


# Secrets Manager


def describe_secret(sm, name):
    return get_or_none(sm.describe_secret, SecretId=name)


def read_secret(sm, name):
    """The secret's value as a dict, {} when it is not JSON, None when there is no secret."""
    text = get_or_none(sm.get_secret_value, "SecretString", SecretId=name)
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def secret_tags(description):
    return {t["Key"]: t["Value"] for t in (description or {}).get("Tags") or []}


def store_secret(sm, name, exists, value, tags, description, kms_key_id=None):
    """Writes `value` (a dict, JSON-encoded) as the secret's current version."""
    text = json.dumps(value, sort_keys=True)
    extra = {"KmsKeyId": kms_key_id} if kms_key_id else {}
    if not exists:
        try:
            sm.create_secret(
                Name=name, SecretString=text, Description=description, Tags=[{"Key": k, "Value": v} for k, v in tags.items()], **extra
            )
            return
        except AWS_ERRORS as e:
            if error_code(e) != "ResourceExistsException":  # created by a retried call that lost its answer
                raise
    sm.update_secret(SecretId=name, SecretString=text, Description=description, **extra)
    sm.tag_resource(SecretId=name, Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


# STS


def verify_key(sts_with_key, user, account_id, delays=VERIFY_DELAYS, sleep=time.sleep):
    """Proves a key works: sts:GetCallerIdentity signed with it must answer as the IAM user.

    New keys take a moment to be valid everywhere, so "invalid token" answers are retried after
    `delays`. Returns (True, None) or (False, the last error code or 'WrongIdentity').
    """
    code = None
    for attempt in range(len(delays) + 1):
        if attempt:
            sleep(delays[attempt - 1])
        try:
            caller = _caller.caller_from_identity(sts_with_key.get_caller_identity())
        except AWS_ERRORS as e:
            code = error_code(e)
            if code in NOT_YET_VALID_CODES or is_retryable(e):
                continue
            return False, code
        if caller["kind"] == "user" and caller["name"] == user and caller["account_id"] == account_id:
            return True, None
        return False, "WrongIdentity"
    return False, code
