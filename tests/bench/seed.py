"""Seeding simulated accounts for the benchmark: U users (some with console, keys, groups; a third
admins if asked) and R roles each, through the simulator's API (then the proxy's call log is
cleared)."""

import json
from concurrent.futures import ThreadPoolExecutor

TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
)


def _enable(iam, name, serial):
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321")


def seed_admin_mfa(iam, account_id, name, kind):
    """An admin's MFA: a virtual device, or a FIDO key / hardware token / nothing. AWS registers FIDO
    keys only in the console; the simulator takes them through EnableMFADevice."""
    if kind == "virtual":
        _enable(iam, name, iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]["SerialNumber"])
    elif kind == "fido":
        _enable(iam, name, "arn:aws:iam::%s:u2f/user/%s/fidosecuritykey-bench" % (account_id, name))
    elif kind == "hardware":
        _enable(iam, name, "GAHT%s" % name[-8:].rjust(8, "0"))


def seed_account(account, users, roles, admin_mfa=None):
    """admin_mfa: None (no admins), or the MFA kinds of the admins in turn (a third of the users,
    through the group `admins` with AdministratorAccess)."""
    iam = account.client("iam")
    iam.create_group(GroupName="developers")
    iam.attach_group_policy(GroupName="developers", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    if admin_mfa:
        iam.create_group(GroupName="admins")
        iam.attach_group_policy(GroupName="admins", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    for index in range(users):
        name = "user%04d" % index
        iam.create_user(UserName=name)
        iam.add_user_to_group(GroupName="developers", UserName=name)
        if index % 3 == 0:
            iam.create_login_profile(UserName=name, Password="Bench-Password-1!")
        if index % 2 == 0:
            iam.create_access_key(UserName=name)
        if admin_mfa and index % 3 == 1:
            iam.add_user_to_group(GroupName="admins", UserName=name)
            seed_admin_mfa(iam, account.account_id, name, admin_mfa[(index // 3) % len(admin_mfa)])
    for index in range(roles):
        iam.create_role(RoleName="role%04d" % index, AssumeRolePolicyDocument=TRUST)
    return account


def seed(simulator, accounts, users, roles, workers=4, admin_mfa=None):
    """`accounts` fresh accounts with `users` users and `roles` roles each (seeding is not
    measured, so it runs without the proxy's latency). admin_mfa: a function of the account's
    index giving seed_account's admin_mfa (None: no admins)."""
    delay, simulator.proxy.delay = simulator.proxy.delay, 0
    try:
        created = [simulator.new_account() for _index in range(accounts)]
        kinds = [admin_mfa(i) if admin_mfa else None for i in range(accounts)]
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda ak: seed_account(ak[0], users, roles, ak[1]), zip(created, kinds, strict=True)))
    finally:
        simulator.proxy.delay = delay
    simulator.proxy.clear_calls()
    return created
