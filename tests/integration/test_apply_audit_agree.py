"""Apply and audit agree (issue 13): after an apply that succeeds, the audit shows no FAIL on the
controls that apply enforces.

Generated in the style of the 6,000 key situations (tests/unit/access_keys/test_plan.py): seeded,
reproducible random baselines (group specs, protected principals, the MFA settings) over random
starting accounts (users of every kind, existing groups with policies, inline documents and
members, sometimes an old force-MFA policy, sometimes a run whose caller is a user in a group).

Against the simulator, not pure: the apply is the group and mfa_policy modules' own functions
(`ensure_group`, `ensure_policy`, the code ansible-playbook runs, minus Ansible's option parsing),
called in-process with boto3 clients on the simulator, in the order of role groups then role mfa;
the audit is its own collector (GetAccountAuthorizationDetails) and evaluators. A playbook run
costs ~20 s on the shared test machine, so N cases of apply + drift playbooks would take N
minutes; in-process a case is a few seconds (36 cases: 7 min with 2 workers on a loaded 2-core
machine), with IAM's real behaviour (names, case, paths, attachments) in between rather than a
model of it.

Checked per case: an apply that succeeds leaves GROUP.DECLARED, MFA.POLICY_DRIFT and
MFA.POLICY_ATTACHED with no FAIL (or ERROR), and a second apply changes nothing. An apply that is
refused must be refused for a documented reason (a guard), and at least a third of the cases must
apply (the generator puts protected principals, key users and the caller into groups on purpose).
"""

import datetime
import json
import random

import boto3
import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot
from ansible_collections.baseline.iam.plugins.module_utils._audit.collect import read_authorization_details
from ansible_collections.baseline.iam.plugins.module_utils._baseline import defaults as _defaults
from ansible_collections.baseline.iam.plugins.module_utils._core.caller import current_caller
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._groups import model as _group
from ansible_collections.baseline.iam.plugins.module_utils._mfa.model import document as mfa_document
from ansible_collections.baseline.iam.plugins.modules import group as group_module
from ansible_collections.baseline.iam.plugins.modules import mfa_policy as mfa_module
from tests.support import key_dates
from tests.support.principals import ADMIN

ENFORCED = ("GROUP.DECLARED", "MFA.POLICY_DRIFT", "MFA.POLICY_ATTACHED")
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
AUDIT = "arn:aws:iam::aws:policy/SecurityAudit"
GROUPS = ("admins", "devs", "Ops")
USERS = ("alice", "bob", "carol", "deployer", "break-glass", "robot")
S3_READ = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}]}
S3_READ_RENAMED = {
    "Version": "2012-10-17",
    "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"], "Resource": ["*"]}],
}
BILLING = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "aws-portal:ViewBilling", "Resource": "*"}]}
# Why an apply may be refused: the guards of DESIGN §8 (and a group the MFA settings name that
# the baseline does not create). Anything else is a bug.
DOCUMENTED_REFUSALS = ("member ", "holds ", "does not exist", "is the caller of this run", "is protected")
CASES_PER_SEED, SEEDS = 12, range(3)


def subset(rng, items, p=0.4):
    return [i for i in items if rng.random() < p]


# The starting account -------------------------------------------------------------------------


def seed_users(rng, account, iam):
    """Users of every kind: console, key-only, console with a key in use, unused keys."""
    for name in USERS:
        iam.create_user(UserName=name)
        if name in ("alice", "bob", "carol", "break-glass") or rng.random() < 0.2:
            iam.create_login_profile(UserName=name, Password="Initial-Passw0rd!x")
        if name in ("deployer", "robot") or rng.random() < 0.15:
            key = iam.create_access_key(UserName=name)["AccessKey"]["AccessKeyId"]
            key_dates.set_last_used(account, name, key, rng.choice([None, 2, 60]))


def seed_groups(rng, account, iam, customer_arn):
    for name in GROUPS:
        if rng.random() < 0.35:
            continue
        iam.create_group(GroupName=name, Path=rng.choice(["/", "/", "/team/"]))
        for arn in subset(rng, [READ_ONLY, AUDIT, customer_arn]):
            iam.attach_group_policy(GroupName=name, PolicyArn=arn)
        if rng.random() < 0.4:
            doc = rng.choice([S3_READ, S3_READ_RENAMED, BILLING])
            iam.put_group_policy(GroupName=name, PolicyName=rng.choice(["s3-read", "legacy"]), PolicyDocument=json.dumps(doc))
        for user in subset(rng, [u for u in USERS if u not in ("deployer", "robot")], 0.3):
            iam.add_user_to_group(GroupName=name, UserName=user)


def seed_mfa_policy(rng, iam, mfa):
    if rng.random() < 0.3:
        old = mfa_document("aws", not mfa["allow_change_password_without_mfa"])
        iam.create_policy(PolicyName=mfa["name"], PolicyDocument=json.dumps(old))


# The baseline ---------------------------------------------------------------------------------


def random_spec(rng, name, existing_members_allowed):
    spec = {
        "name": name,
        "path": rng.choice(["/", "/", "/team/"]),
        "managed_policies": rng.choice([[], ["ReadOnlyAccess"], [READ_ONLY, "SecurityAudit"]]),
        "inline_policies": rng.choice([{}, {"s3-read": S3_READ}, {"billing": json.dumps(BILLING)}]),
        "members": subset(rng, existing_members_allowed, 0.35),
        "purge_policies": rng.random() < 0.5,
        "purge_inline_policies": rng.random() < 0.5,
        "purge_members": rng.random() < 0.5,
        "allow_caller_group_changes": rng.random() < 0.3,
    }
    if rng.random() < 0.08:
        spec = {"name": name, "state": "absent", "members": subset(rng, existing_members_allowed, 0.5)}
    return spec


def random_baseline(rng):
    users = [u for u in USERS if u != "robot" or rng.random() < 0.2]
    specs = [random_spec(rng, name, users) for name in GROUPS if rng.random() < 0.8]
    present = [s["name"] for s in specs if s.get("state", "present") == "present"]
    mfa = _defaults.complete(
        "mfa",
        {
            "groups": subset(rng, present, 0.5),
            "allow_key_only_members": rng.random() < 0.6,
            "purge_attachments": rng.random() < 0.3,
            "allow_change_password_without_mfa": rng.random() < 0.5,
            "extra_not_actions": rng.choice([[], ["s3:ListAllMyBuckets"]]),
            "key_use_window_days": rng.choice([5, 30]),
        },
    )
    protected = rng.choice([[], [], ["break-glass"], ["arn:aws:iam::*:user/break-*"]])
    return specs, mfa, protected


# Apply (the modules' own functions) and audit -------------------------------------------------


def user_client(account, key, service):
    return boto3.client(
        service,
        region_name="us-east-1",
        endpoint_url=account.simulator.endpoint,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def clients_for(account, caller_user):
    """IAM and STS clients for the run: the account's role session, or a user's own key."""
    if caller_user is None:
        return account.client("iam"), account.client("sts")
    iam = account.client("iam")
    iam.attach_user_policy(UserName=caller_user, PolicyArn=ADMIN)
    key = iam.create_access_key(UserName=caller_user)["AccessKey"]
    return user_client(account, key, "iam"), user_client(account, key, "sts")


def group_params(spec, mfa, protected):
    params = dict(_group.complete_spec(spec), protected_principals=protected)
    params.update(
        allow_key_only_members=mfa["allow_key_only_members"],
        key_use_window_days=mfa["key_use_window_days"],
        mfa_extra_not_actions=mfa["extra_not_actions"],
        force_mfa_policy={"name": mfa["name"], "path": mfa["path"], "groups": mfa["groups"]},
    )
    return params


def mfa_params(mfa, protected):
    keys = ("name", "path", "allow_change_password_without_mfa", "extra_not_actions", "groups", "purge_attachments")
    params = {k: mfa[k] for k in keys}
    params.update(
        allow_key_only_members=mfa["allow_key_only_members"],
        key_use_window_days=mfa["key_use_window_days"],
        protected_principals=protected,
        state="present",
    )
    return params


def apply(iam, caller, specs, mfa, protected):
    """Role groups (one task per spec, stops at the first failure), then role mfa. Returns
    (changed, refusal message or None)."""
    changed = False
    try:
        for spec in specs:
            params = group_params(spec, mfa, protected)
            documents = _group.validate(params)
            changed |= group_module.ensure_group(iam, False, params, caller, documents)[0]
        mfa_module._mfa_policy.validate(mfa_params(mfa, protected))
        changed |= mfa_module.ensure_policy(iam, False, mfa_params(mfa, protected), caller)[0]
    except InputError as e:
        return changed, str(e)
    return changed, None


def audit(iam, caller, specs, mfa, protected):
    snapshot = _snapshot.new_snapshot(caller["account_id"], caller["partition"], datetime.datetime.now(datetime.UTC).isoformat())
    snapshot["caller"] = caller
    _snapshot.record(snapshot, "authorization_details", read_authorization_details(iam))
    params = {"groups": specs, "mfa": mfa, "protected_principals": protected}
    return _engine.evaluate(snapshot, params, only=ENFORCED)


def run_case(rng, simulator):
    account = simulator.new_account()
    iam = account.client("iam")
    specs, mfa, protected = random_baseline(rng)
    seed_users(rng, account, iam)
    customer = iam.create_policy(PolicyName="team-extra", PolicyDocument=json.dumps(BILLING))["Policy"]["Arn"]
    seed_groups(rng, account, iam, customer)
    seed_mfa_policy(rng, iam, mfa)
    caller_user = "robot" if rng.random() < 0.3 else None
    run_iam, run_sts = clients_for(account, caller_user)
    existing = [g["GroupName"] for g in iam.list_groups()["Groups"]]
    if caller_user and existing and rng.random() < 0.7:
        iam.add_user_to_group(GroupName=rng.choice(existing), UserName=caller_user)  # the run's own group
    caller = current_caller(run_sts)
    _changed, refusal = apply(run_iam, caller, specs, mfa, protected)
    case = {
        "specs": specs,
        "mfa": {k: mfa[k] for k in ("groups", "allow_key_only_members", "purge_attachments")},
        "protected": protected,
        "caller": caller_user,
    }
    if refusal:
        assert any(reason in refusal for reason in DOCUMENTED_REFUSALS), (refusal, case)
        return "refused"
    failing = [
        (f["control_id"], f["resource_id"], f["message"])
        for f in audit(run_iam, caller, specs, mfa, protected)
        if f["status"] in ("FAIL", "ERROR")
    ]
    assert failing == [], (failing, case)
    again, refusal = apply(run_iam, caller, specs, mfa, protected)
    assert (again, refusal) == (False, None), ("the second apply is not a no-op", refusal, case)
    return "applied"


@pytest.mark.parametrize("seed", SEEDS)
def test_apply_then_audit_has_no_fail_on_the_enforced_controls(simulator, seed):
    rng = random.Random(seed)
    outcomes = [run_case(rng, simulator) for _case in range(CASES_PER_SEED)]
    assert outcomes.count("applied") >= len(outcomes) // 3, outcomes
