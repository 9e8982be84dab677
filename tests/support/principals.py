"""IAM users for tests: plain users, console users, key-only users, and a user to run as."""

import os

from .guard import offline_environment

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


def create_user(account, name, console=False, access_key=False, path="/"):
    """A user, optionally with a login profile and an active access key; returns the key (or None)."""
    iam = account.client("iam")
    iam.create_user(UserName=name, Path=path)
    if console:
        iam.create_login_profile(UserName=name, Password="Initial-Passw0rd!x")
    if access_key:
        return iam.create_access_key(UserName=name)["AccessKey"]
    return None


def set_password_created(account, name, days_ago):
    """Moves when the user's console password was created (GetLoginProfile CreateDate) `days_ago`
    days into the past (the API cannot; tests/support/moto_patches.py keeps the date)."""
    import datetime

    user = account.iam_backend().users[name]
    user.baseline_password_created = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) - datetime.timedelta(days=days_ago)


def set_user_created(account, name, days_ago):
    """Moves the user's creation date `days_ago` days into the past (the API cannot)."""
    import datetime

    user = account.iam_backend().users[name]
    user.create_date = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) - datetime.timedelta(days=days_ago)


def age_user(account, name, days_ago):
    """A user created `days_ago` days ago that got its console password (if it has one) then."""
    set_user_created(account, name, days_ago)
    if account.iam_backend().users[name].password:
        set_password_created(account, name, days_ago)


def user_env(account, name):
    """An environment whose AWS calls are signed by a new access key of user `name` (the caller)."""
    iam = account.client("iam")
    iam.attach_user_policy(UserName=name, PolicyArn=ADMIN)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    env = offline_environment(account.simulator.endpoint, base={**os.environ, "BASELINE_SIMULATOR_KEY": "1"})
    env.update(AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"])
    env.pop("AWS_SESSION_TOKEN", None)
    return env


SUPPORT_ACCESS = "arn:aws:iam::aws:policy/AWSSupportAccess"


def seed_manual_controls(account, force_mfa_policy=False):
    """What the baseline checks but no role applies, made compliant: root MFA (not virtual), a
    support role (MFA required to assume it) and, for accounts no apply runs on, the force-MFA policy."""
    import json

    from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import DEFAULT_NAME, document

    account.set_root(mfa_active=True)
    iam = account.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::%s:root" % account.account_id},
                "Action": "sts:AssumeRole",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            }
        ],
    }
    iam.create_role(RoleName="support", AssumeRolePolicyDocument=json.dumps(trust))
    iam.attach_role_policy(RoleName="support", PolicyArn=SUPPORT_ACCESS)
    if force_mfa_policy:
        iam.create_policy(PolicyName=DEFAULT_NAME, PolicyDocument=json.dumps(document("aws")))
