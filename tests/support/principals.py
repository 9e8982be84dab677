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


def user_env(account, name):
    """An environment whose AWS calls are signed by a new access key of user `name` (the caller)."""
    iam = account.client("iam")
    iam.attach_user_policy(UserName=name, PolicyArn=ADMIN)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    env = offline_environment(account.simulator.endpoint, base={**os.environ, "BASELINE_SIMULATOR_KEY": "1"})
    env.update(AWS_ACCESS_KEY_ID=key["AccessKeyId"], AWS_SECRET_ACCESS_KEY=key["SecretAccessKey"])
    env.pop("AWS_SESSION_TOKEN", None)
    return env
