"""The operations table: the executor, carrying out a plan against an account, must leave exactly
the state the planner predicted (what check mode reports). A fake account stands for IAM, Secrets
Manager and STS; it changes as the real services would for these calls."""

import random

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._access_keys import operations as ops
from tests.unit.access_keys.test_plan import NOW, _random_user, plan

ACCOUNT_ID = "111122223333"


class FakeAccount:
    """The user `app`: its keys (id -> status) and this module's tags, and its secret."""

    def __init__(self, keys, tags):
        self.status = {k["access_key_id"]: k["status"] for k in keys}
        self.tags = dict(tags)
        self.secret = None
        self.created = 0

    # IAM
    def update_access_key(self, UserName, AccessKeyId, Status):
        assert AccessKeyId in self.status
        self.status[AccessKeyId] = Status

    def delete_access_key(self, UserName, AccessKeyId):
        self.status.pop(AccessKeyId)

    def tag_user(self, UserName, Tags):
        self.tags.update({t["Key"]: t["Value"] for t in Tags})

    def untag_user(self, UserName, TagKeys):
        for key in TagKeys:
            self.tags.pop(key, None)

    def create_access_key(self, UserName):
        assert len(self.status) < 2, "a third key"
        self.created += 1
        key_id = "AKIANEW%013d" % self.created
        self.status[key_id] = "Active"
        return {"AccessKey": {"AccessKeyId": key_id, "SecretAccessKey": "s" * 40, "CreateDate": NOW, "Status": "Active"}}

    def get_paginator(self, name):
        assert name == "list_access_keys"
        return self

    def paginate(self, UserName):
        return [{"AccessKeyMetadata": [{"AccessKeyId": k, "Status": s, "CreateDate": NOW} for k, s in self.status.items()]}]

    # Secrets Manager
    def create_secret(self, Name, SecretString, **_kwargs):
        self.secret = (Name, SecretString)

    def update_secret(self, SecretId, SecretString, **_kwargs):
        self.secret = (SecretId, SecretString)

    def tag_resource(self, **_kwargs):
        pass

    # STS, signed with the new key
    def get_caller_identity(self):
        return {"Arn": "arn:aws:iam::%s:user/app" % ACCOUNT_ID, "Account": ACCOUNT_ID, "UserId": "AIDAEXAMPLE"}


class FakeModule:
    def __init__(self, account):
        self.account, self.no_log_values = account, set()

    def client(self, _service, **_kwargs):
        return self.account


class FakeRun:
    """What operations.carry_out needs of run.KeyRun."""

    def __init__(self, account):
        self.iam = self.sm = account
        self.module = FakeModule(account)
        self.settings = {"secret_kms_key_id": None}
        self.caller = {"account_id": ACCOUNT_ID}

    def client_without_retries(self, _service):
        return self.iam


def carried_out(keys, action, tags, secret, guard, key_guards):
    p = plan(keys, action, tags=tags, guard=guard, key_guards=key_guards, secret=secret)
    account = FakeAccount(keys, tags)
    user = {"name": "app", "secret": secret}
    ops.carry_out(FakeRun(account), user, p)
    return p, account


@pytest.mark.parametrize("seed", range(3))
def test_a_real_run_leaves_what_the_plan_predicted(seed):
    rng = random.Random(seed)
    seen = set()
    for _case in range(1500):
        keys, tags, secret, guard, key_guards = _random_user(rng)
        action = rng.choice(["deactivate", "delete", "rotate"])
        p, account = carried_out(keys, action, tags, secret, guard, key_guards)
        seen.update(o["op"] for o in p["ops"])
        assert p["after"] == {"access_keys": account.status, "tags": account.tags}, (p["ops"], p["after"], account.status)
        rotated = [r for r in p["results"] if r["action"] == "rotated"]
        for result in rotated:
            assert result["replaced_by"] in account.status and account.secret[0] == result["secret_name"]
            assert result["replaced_by"] in account.secret[1]
    assert seen == set(ops.OPERATIONS)  # every operation of the table was exercised


def test_the_secret_of_a_new_key_is_hidden_before_it_is_stored():
    keys = [{"access_key_id": "AKIAOLD0000000000001", "status": "Active", "created": "2026-05-01T00:00:00Z", "last_used": None}]
    secret = {"name": "iam-baseline/%s/app/access-key" % ACCOUNT_ID, "problem": None, "exists": False, "stored_key_id": None}
    p = plan(keys, "rotate", secret=secret, unused_days=400, max_age_days=100)
    assert [o["op"] for o in p["ops"]] == ["rotate"]
    run = FakeRun(FakeAccount(keys, {}))
    ops.carry_out(run, {"name": "app", "secret": secret}, p)
    assert run.module.no_log_values == {"s" * 40}


def test_an_operation_carries_exactly_its_fields():
    assert ops.new("deactivate", key="K1") == {"op": "deactivate", "key": "K1"}
    with pytest.raises(ValueError, match="operation delete takes key"):
        ops.new("delete", old="K1")
    with pytest.raises(KeyError):
        ops.new("purge", key="K1")
