"""Moving access-key dates in the in-process simulator (the IAM API cannot set them).

moto keeps, per key, `create_date` (a naive UTC datetime) and `last_used` (an AccessKeyLastUsed or
None), and marks a key as used on every request it signs (moto.iam.models.mark_account_as_visited).
"""

import contextlib
import datetime


def _utcnow():
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


def moto_key(account, user, access_key_id):
    for key in account.iam_backend().users[user].access_keys:
        if key.access_key_id == access_key_id:
            return key
    raise KeyError(access_key_id)


def set_created(account, user, access_key_id, days_ago):
    moto_key(account, user, access_key_id).create_date = _utcnow() - datetime.timedelta(days=days_ago)


def set_last_used(account, user, access_key_id, days_ago):
    """Last use `days_ago` days ago, or never (None)."""
    from moto.iam.models import AccessKeyLastUsed

    key = moto_key(account, user, access_key_id)
    if days_ago is None:
        key.last_used = None
    else:
        key.last_used = AccessKeyLastUsed(timestamp=_utcnow() - datetime.timedelta(days=days_ago), service="s3", region="us-east-1")


def seed_key(account, user, created_days_ago, last_used_days_ago=None, active=True, with_secret=False):
    """Creates a key for `user` (created if missing) with moved dates; returns its id, or
    (id, secret) with `with_secret`."""
    iam = account.client("iam")
    if user not in account.iam_backend().users:
        iam.create_user(UserName=user)
    key = iam.create_access_key(UserName=user)["AccessKey"]
    set_created(account, user, key["AccessKeyId"], created_days_ago)
    set_last_used(account, user, key["AccessKeyId"], last_used_days_ago)
    if not active:
        iam.update_access_key(UserName=user, AccessKeyId=key["AccessKeyId"], Status="Inactive")
    return (key["AccessKeyId"], key["SecretAccessKey"]) if with_secret else key["AccessKeyId"]


@contextlib.contextmanager
def last_use_frozen(*access_key_ids):
    """Within the block, requests signed with these keys do not update their last use (so a key
    can sign a run and still look unused, as an idle key would between runs)."""
    from moto.iam import models

    original = models.mark_account_as_visited

    def visit(account_id, access_key, service, region):
        if access_key not in access_key_ids:
            original(account_id=account_id, access_key=access_key, service=service, region=region)

    models.mark_account_as_visited = visit
    try:
        yield
    finally:
        models.mark_account_as_visited = original


def iso_days_ago(days):
    """An ISO 8601 UTC date `days` ago, as the module writes it in its tags."""
    return (datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
