"""The access-key part of `make demo`: seed a stale key that is still in use and an unused one,
then run the scheduled rotation job (baseline.iam.rotate_keys) and show the result. The new
secret is only ever in Secrets Manager: the demo names the secret, it never prints its value."""

import datetime
import json

from tests.support import key_dates
from tests.support.playbook import run_playbook

ACCOUNT = "111111111111"
APP_USER, IDLE_USER = "app-deployer", "old-intern"
SECRET_NAME = "iam-baseline/%s/%s/access-key" % (ACCOUNT, APP_USER)
DRIFT = "access keys: %s's key is 120 days old and still in use, %s's key was last used 100 days ago" % (APP_USER, IDLE_USER)


def seed(accounts):
    """Keys whose dates are moved in the simulator (the IAM API cannot backdate a key)."""
    account = accounts[ACCOUNT]
    return {
        APP_USER: key_dates.seed_key(account, APP_USER, created_days_ago=120, last_used_days_ago=1),
        IDLE_USER: key_dates.seed_key(account, IDLE_USER, created_days_ago=200, last_used_days_ago=100),
    }


def rotate(env, inventory, accounts, seeded, banner):
    """Runs the rotation job once; returns the demo's checks as (label, ok) pairs."""
    banner("Rotation: ansible-playbook baseline.iam.rotate_keys  (stale keys into Secrets Manager)")
    result = run_playbook("baseline.iam.rotate_keys", env, inventory=inventory, diff=True, stream=True)
    account = accounts[ACCOUNT]
    iam, sm = account.client("iam"), account.client("secretsmanager")
    keys = {k["AccessKeyId"]: k["Status"] for k in iam.list_access_keys(UserName=APP_USER)["AccessKeyMetadata"]}
    new_keys = set(keys) - {seeded[APP_USER]}
    names = [s["Name"] for s in sm.list_secrets()["SecretList"]]
    stored = json.loads(sm.get_secret_value(SecretId=SECRET_NAME)["SecretString"]) if SECRET_NAME in names else {}
    idle = iam.list_access_keys(UserName=IDLE_USER)["AccessKeyMetadata"][0]["Status"]
    print("  %s: keys %s" % (APP_USER, ", ".join("%s (%s)" % kv for kv in sorted(keys.items()))))
    print("  secret %s exists: %s (value not shown)" % (SECRET_NAME, SECRET_NAME in names))
    print("  %s: key %s is %s" % (IDLE_USER, seeded[IDLE_USER], idle))
    return [
        ("rotation: new key created, old key still active until a later run sees it unused", result.rc == 0 and len(new_keys) == 1),
        ("rotation: the new key is stored in Secrets Manager (checked by id, not printed)", stored.get("AccessKeyId") in new_keys),
        ("rotation: the unused key was deactivated, not deleted", idle == "Inactive"),
    ]


def retire(env, inventory, accounts, seeded, banner):
    """Two days later the application uses the new key and no longer the old one (dates moved in
    the simulator): the next scheduled run deactivates the old key."""
    account = accounts[ACCOUNT]
    iam = account.client("iam")
    for each in accounts.values():
        # Two days on, AWS builds a new credential report (it serves the same one for 4 hours).
        each.expire_credential_report()
    new_key = next(
        k["AccessKeyId"] for k in iam.list_access_keys(UserName=APP_USER)["AccessKeyMetadata"] if k["AccessKeyId"] != seeded[APP_USER]
    )
    key_dates.set_created(account, APP_USER, new_key, 2)
    # The rotation's own record (a tag on the user) moves back with it.
    tag = "baseline-iam:rotation:%s" % seeded[APP_USER]
    started = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=2, minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    iam.tag_user(UserName=APP_USER, Tags=[{"Key": tag, "Value": started}])
    key_dates.set_last_used(account, APP_USER, new_key, 0)
    key_dates.set_last_used(account, APP_USER, seeded[APP_USER], 3)
    banner("Two days later: ansible-playbook baseline.iam.rotate_keys  (the old key is no longer used)")
    result = run_playbook("baseline.iam.rotate_keys", env, inventory=inventory, diff=True, stream=True)
    keys = {k["AccessKeyId"]: k["Status"] for k in iam.list_access_keys(UserName=APP_USER)["AccessKeyMetadata"]}
    print("  %s: keys %s" % (APP_USER, ", ".join("%s (%s)" % kv for kv in sorted(keys.items()))))
    return [("rotation, next run: the replaced key is deactivated, the new one stays active",
             result.rc == 0 and keys == {seeded[APP_USER]: "Inactive", new_key: "Active"})]  # fmt: skip
