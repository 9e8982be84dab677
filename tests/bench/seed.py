"""Seeding simulated accounts for the benchmark: U users (some with console, keys, groups) and
R roles each, through the simulator's API (then the proxy's call log is cleared).

Without AWS managed policies in the simulator (the 1,000-account runs: moto would hold ~1,300
policies per account, several GB), the group gets a customer managed read-only policy instead."""

import json
from concurrent.futures import ThreadPoolExecutor

TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
)


READ_ONLY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}]})


def seed_account(account, users, roles, managed_policies=True):
    iam = account.client("iam")
    iam.create_group(GroupName="developers")
    if managed_policies:
        policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    else:
        policy_arn = iam.create_policy(PolicyName="developers-read", PolicyDocument=READ_ONLY)["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="developers", PolicyArn=policy_arn)
    for index in range(users):
        name = "user%04d" % index
        iam.create_user(UserName=name)
        iam.add_user_to_group(GroupName="developers", UserName=name)
        if index % 3 == 0:
            iam.create_login_profile(UserName=name, Password="Bench-Password-1!")
        if index % 2 == 0:
            iam.create_access_key(UserName=name)
    for index in range(roles):
        iam.create_role(RoleName="role%04d" % index, AssumeRolePolicyDocument=TRUST)
    return account


def seed(simulator, accounts, users, roles, workers=4):
    """`accounts` fresh accounts with `users` users and `roles` roles each (seeding is not
    measured, so it runs without the proxy's latency)."""
    delay, simulator.proxy.delay = simulator.proxy.delay, 0
    try:
        created = [simulator.new_account() for _index in range(accounts)]
        with ThreadPoolExecutor(workers) as pool:
            list(pool.map(lambda a: seed_account(a, users, roles, simulator.managed_policies), created))
    finally:
        simulator.proxy.delay = delay
    simulator.proxy.clear_calls()
    return created
