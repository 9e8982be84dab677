#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: access_keys
short_description: Access-key hygiene and safe rotation into AWS Secrets Manager
version_added: 0.1.0
description:
  - Looks at every access key of the selected IAM users, one key at a time, for its age, its last
    use (C(GetAccessKeyLastUsed)) and the number of active keys of its user (controls
    C(USER.KEY_AGE), C(USER.KEY_UNUSED), C(USER.TWO_ACTIVE_KEYS)), and reports or acts according
    to O(action).
  - V(report) changes nothing. V(deactivate) deactivates active keys unused for more than
    O(unused_days), and the older of two active keys once it shows no use since the newer one was
    created. V(delete) does the same and deletes keys that are inactive for more than
    O(grace_days) since their deactivation and were not used since. V(rotate) does all of that and
    replaces active keys older than O(max_age_days) that are still in use.
  - "A rotation spans several runs: the first creates the new key (only when the user has fewer
    than two keys; a key is never deleted to make room), stores its id and secret in AWS Secrets
    Manager and checks that it works; a later run deactivates the old key once it shows no use
    since the new one was created (and the new key is at least a day old); a run O(grace_days)
    later deletes it. The module records the rotation and the deactivation dates as tags on the
    user, so a run that stops half-way is resumed by the next one without a third key."
  - Never acts on the key that signs the current session, on the keys of the calling user, on
    users or keys listed in O(exclude), or on users matching O(protected_principals); such keys are
    reported as V(blocked) when an action was due.
  - The new secret access key is only written to Secrets Manager; it is never in the result, the
    diff or the logs. Check mode makes no change at all (Secrets Manager included) and returns the
    same report with the action each key would get.
  - Invalid options fail before any AWS call, with a message naming the option.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  users:
    description:
      - Names of the IAM users to look at. Omitted or empty means every user of the account.
      - A listed user that does not exist is skipped with a warning.
    type: list
    elements: str
  action:
    description:
      - What to do about the findings (each action includes the ones before it, see the description).
    type: str
    choices: [report, deactivate, delete, rotate]
    default: report
  max_age_days:
    description:
      - An active key older than this (1 to 3650 days) is stale (C(USER.KEY_AGE)); V(rotate) replaces it.
    type: int
    default: 90
  unused_days:
    description:
      - An active key not used for more than this many days (or never used and created longer ago)
        is unused (C(USER.KEY_UNUSED)). 1 to 3650, and not more than O(max_age_days).
    type: int
    default: 45
  max_active_keys:
    description:
      - Active keys a user may have (1 or 2; C(USER.TWO_ACTIVE_KEYS)).
    type: int
    default: 1
  grace_days:
    description:
      - Days (1 to 365) between the deactivation of a key and its deletion. A key deactivated by
        someone else starts its grace period when this module first sees it inactive.
    type: int
    default: 14
  exclude:
    description:
      - User names (case-insensitive) or access key ids never acted on. They are still reported.
      - Waivers of findings, with a reason and an expiry, belong in C(iam_baseline_exemptions).
    type: list
    elements: str
    default: []
  protected_principals:
    description:
      - ARN globs or plain user name globs of users never modified (C(iam_baseline_protected_principals)).
        The calling user is always protected.
    type: list
    elements: str
    default: []
  secret_name_template:
    description:
      - Name of the Secrets Manager secret that receives a user's new key, with the placeholders
        C({account_id}) and C({user}) (required). The secret is created in the user's account, in
        the session's region, tagged C(baseline-iam:user=<user>).
    type: str
    default: "iam-baseline/{account_id}/{user}/access-key"
  secret_kms_key_id:
    description:
      - KMS key (id, ARN or alias) that encrypts the secret. Omitted uses the account's
        C(aws/secretsmanager) key.
    type: str
  controls:
    description:
      - The C(iam_baseline_controls) dictionary (per control id, C(enabled) and C(severity)). A
        disabled C(USER.KEY_AGE), C(USER.KEY_UNUSED) or C(USER.TWO_ACTIVE_KEYS) neither reports
        nor drives an action.
    type: dict
    default: {}
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: aws
notes:
  - "The calls it makes: sts:GetCallerIdentity; iam:ListUsers (or GetUser), ListAccessKeys,
    GetAccessKeyLastUsed and ListUserTags per user; with actions: iam:UpdateAccessKey,
    DeleteAccessKey, CreateAccessKey, TagUser, UntagUser; for rotation: secretsmanager:DescribeSecret,
    GetSecretValue, CreateSecret, UpdateSecret, TagResource (and kms:GenerateDataKey/Decrypt on
    O(secret_kms_key_id))."
  - "CreateAccessKey is never retried blindly: after an error the module lists the user's keys
    again, removes a key made by an attempt whose answer was lost (never used, its secret unknown),
    and only then tries again."
  - Last-used dates come from GetAccessKeyLastUsed, not from the credential report, which can be
    hours old.
seealso:
  - name: Rotating access keys (AWS IAM User Guide)
    description: The manual procedure this module automates.
    link: https://docs.aws.amazon.com/IAM/latest/UserGuide/id-credentials-access-keys-update.html
"""

EXAMPLES = r"""
- name: Report keys that are old, unused, or one too many (changes nothing)
  baseline.iam.access_keys:
  register: keys_report

- name: Deactivate unused keys of two users, preview first
  baseline.iam.access_keys:
    users: [ci-deployer, backup-agent]
    action: deactivate
  check_mode: true
  diff: true

- name: Scheduled rotation into Secrets Manager with a customer managed KMS key
  baseline.iam.access_keys:
    action: rotate
    max_age_days: 90
    grace_days: 14
    secret_kms_key_id: alias/iam-keys
    exclude: [break-glass]

- name: Keys needing attention
  ansible.builtin.debug:
    msg: "{{ keys_report['keys'] | selectattr('findings') | map(attribute='access_key_id') | list }}"
"""

RETURN = r"""
keys:
  description:
    - One entry per access key of the selected users, in user order.
  returned: always
  type: list
  elements: dict
  contains:
    user:
      description: The IAM user.
      type: str
    access_key_id:
      description: The key id (not a secret).
      type: str
      sample: AKIAIOSFODNN7EXAMPLE
    status:
      description: V(Active) or V(Inactive) when the run started.
      type: str
    created:
      description: Creation date (ISO 8601, UTC).
      type: str
    age_days:
      description: Whole days since creation.
      type: int
    last_used:
      description: Last use (ISO 8601, UTC), or null if never used.
      type: str
    findings:
      description: Control ids the key fails (C(USER.KEY_AGE), C(USER.KEY_UNUSED), C(USER.TWO_ACTIVE_KEYS)).
      type: list
      elements: str
    action:
      description:
        - What was done to the key, or in check mode what would be done.
        - V(blocked) means an action was due but was not taken; the reason says why.
      type: str
      choices: [none, deactivated, deleted, rotated, blocked]
    reason:
      description: Why, in a sentence that names the key id.
      type: str
    replaced_by:
      description: The new key's id when O(action=rotate) created one (null in check mode).
      type: str
      returned: when action is rotated
    secret_name:
      description: The Secrets Manager secret that holds the new key (its value is never returned).
      type: str
      returned: when action is rotated
summary:
  description: Counts of keys by action and by finding.
  returned: always
  type: dict
  sample:
    total: 3
    by_action: {none: 1, deactivated: 1, deleted: 0, rotated: 1, blocked: 0}
    by_finding: {USER.KEY_AGE: 1, USER.KEY_UNUSED: 1, USER.TWO_ACTIVE_KEYS: 0}
"""

import datetime

from ansible_collections.baseline.iam.plugins.module_utils._access_keys import aws
from ansible_collections.baseline.iam.plugins.module_utils._access_keys import model as _access_keys
from ansible_collections.baseline.iam.plugins.module_utils._access_keys.plan import NEW_KEY, plan_user
from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time
from ansible_collections.baseline.iam.plugins.module_utils._core.caller import Protection, current_caller
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError, error_code, error_message
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule, client_config
from ansible_collections.baseline.iam.plugins.module_utils._core.redact import make_diff

CREATE_ATTEMPTS = 3
EXCLUDED = "it is listed in exclude"
SECRET_DESCRIPTION = "Access key of IAM user %s (JSON: AccessKeyId, SecretAccessKey), written by baseline.iam.access_keys"


class RotationError(Exception):
    """A rotation step failed; the message says what and what the next run does about it."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def has_open_rotation(user):
    return any(tag.startswith(_access_keys.ROTATION_TAG) for tag in user["tags"])


class KeyRun:
    """One run of the module over one account: gather, plan, then (outside check mode) act."""

    def __init__(self, module, settings):
        self.module, self.settings = module, settings
        self.level = _access_keys.LEVEL[settings["action"]]
        self.iam = module.client("iam")
        self.sts = module.client("sts")
        self.now = datetime.datetime.now(_time.UTC)
        self.caller = None
        self._sm = None
        self.excluded_users = {e.lower() for e in settings["exclude"]}
        self.excluded_keys = set(settings["exclude"])

    # gathering (read calls only) -------------------------------------------------------------

    def target_users(self):
        if not self.settings["users"]:
            return aws.list_users(self.iam)
        users = []
        for name in self.settings["users"]:
            user = aws.get_user(self.iam, name)
            if user is None:
                self.module.warn("users: there is no IAM user named %s; skipped" % name)
            else:
                users.append(user)
        return users

    def gather(self):
        self.caller = current_caller(self.sts)
        protection = Protection(self.caller, self.settings["protected_principals"])
        users = []
        for user in self.target_users():
            keys = aws.list_access_keys(self.iam, user["name"])
            for key in keys:
                key["last_used"] = aws.last_used(self.iam, key["access_key_id"])
            guard = protection.user_reason(user["name"], user["arn"])
            if user["name"].lower() in self.excluded_users:
                guard = guard or EXCLUDED
            user.update(
                keys=keys,
                guard=guard,
                key_guards={k["access_key_id"]: self.key_guard(protection, k["access_key_id"]) for k in keys},
                tags=_access_keys.own_tags(aws.user_tags(self.iam, user["name"])) if self.level else {},
            )
            user["secret"] = self.gather_secret(user) if self.needs_secret(user) else None
            users.append(user)
        return users

    @property
    def sm(self):
        """The Secrets Manager client (in the session's region), made on first use."""
        if self._sm is None:
            self._sm = self.module.client("secretsmanager")
        return self._sm

    def key_guard(self, protection, key_id):
        return protection.key_reason(key_id) or (EXCLUDED if key_id in self.excluded_keys else None)

    def needs_secret(self, user):
        """Only a rotate run that could create or retire a key for this user reads its secret."""
        if self.level < _access_keys.LEVEL["rotate"] or user["guard"]:
            return False
        if has_open_rotation(user):
            return True
        max_age = self.settings["max_age_days"]
        return any(k["status"] == "Active" and _access_keys.whole_days(k["created"], self.now) > max_age for k in user["keys"])

    def gather_secret(self, user):
        name = _access_keys.secret_name(self.settings["secret_name_template"], self.caller["account_id"], user["name"])
        secret = {"name": name, "problem": _access_keys.secret_name_problem(name), "exists": False, "stored_key_id": None}
        if secret["problem"]:
            return secret
        description = aws.describe_secret(self.sm, name)
        if description is None:
            return secret
        secret["exists"] = True
        if description.get("DeletedDate"):
            secret["problem"] = "%s is scheduled for deletion; restore it or change secret_name_template" % name
        elif aws.secret_tags(description).get(_access_keys.SECRET_USER_TAG) != user["name"]:
            secret["problem"] = "%s exists but is not tagged %s=%s; it is not overwritten" % (
                name,
                _access_keys.SECRET_USER_TAG,
                user["name"],
            )
        else:
            self.read_stored_key(user, secret)
        return secret

    def read_stored_key(self, user, secret):
        """Which key the secret holds, and whether it works (only while a rotation is open)."""
        if not has_open_rotation(user):
            return
        value = aws.read_secret(self.sm, secret["name"]) or {}
        stored_id, stored_secret = value.get("AccessKeyId"), value.get("SecretAccessKey")
        if stored_secret:
            self.module.no_log_values.add(stored_secret)  # never shown, even by accident
        secret["stored_key_id"] = stored_id
        if stored_id and stored_secret and stored_id in {k["access_key_id"] for k in user["keys"]}:
            secret["works"], secret["error"] = self.verify(user["name"], stored_id, stored_secret)

    def verify(self, user, key_id, secret_access_key):
        sts = self.module.client(
            "sts", aws_access_key_id=key_id, aws_secret_access_key=secret_access_key, aws_session_token=None, profile_name=None
        )
        return aws.verify_key(sts, user, self.caller["account_id"])

    # acting ------------------------------------------------------------------------------------

    def execute(self, user, plan):
        results = {r["access_key_id"]: r for r in plan["results"]}
        for op in plan["ops"]:
            kind, name = op["op"], user["name"]
            if kind == "deactivate":
                aws.set_key_status(self.iam, name, op["key"], "Inactive")
            elif kind == "delete":
                aws.delete_access_key(self.iam, name, op["key"])
            elif kind == "tag":
                aws.tag_user(self.iam, name, op["tags"])
            elif kind == "untag":
                aws.untag_user(self.iam, name, op["keys"])
            elif kind == "rotate":
                self.rotate(user, op, results[op["old"]], plan)

    def rotate(self, user, op, result, plan):
        name, old = user["name"], op["old"]
        start_tag = _access_keys.rotation_tag(old)
        # The tag goes first: a run that stops after the create is recognised as ours next time.
        aws.tag_user(self.iam, name, {start_tag: plan["after"]["tags"][start_tag]})
        try:
            new, why_not, note = self.create_key(name, op["known"])
        except AWS_ERRORS as e:
            # A refusal made no key: drop the start tag. After a lost answer a key may exist, and
            # the tag lets the next run recognise it.
            if not op["resumed"] and not aws.is_retryable(e):
                aws.untag_user(self.iam, name, [start_tag])
            raise
        if new is None:
            if not op["resumed"]:
                aws.untag_user(self.iam, name, [start_tag])
                plan["after"]["tags"].pop(start_tag, None)
            plan["after"]["access_keys"].pop(NEW_KEY, None)
            result.update(action="blocked", reason="%s; not rotated: %s" % (result["reason"], why_not))
            result.pop("replaced_by", None)
            return
        new_id = new["AccessKeyId"]
        self.module.no_log_values.add(new["SecretAccessKey"])
        value = {
            "AccessKeyId": new_id,
            "SecretAccessKey": new["SecretAccessKey"],
            "UserName": name,
            "CreateDate": _time.iso(new["CreateDate"]),
        }
        try:
            aws.store_secret(
                self.sm,
                op["secret_name"],
                user["secret"]["exists"],
                value,
                {_access_keys.SECRET_USER_TAG: name},
                SECRET_DESCRIPTION % name,
                self.settings["secret_kms_key_id"],
            )
        except AWS_ERRORS as e:
            self.take_back(name, new_id, start_tag, op, e)
            raise
        works, code = self.verify(name, new_id, new["SecretAccessKey"])
        if not works:
            raise RotationError(
                code,
                "the new key %s is stored in secret %s but did not work (%s); the old key %s stays active and the next run checks again"
                % (new_id, op["secret_name"], code, old),
            )
        keys_after = plan["after"]["access_keys"]
        keys_after[new_id] = keys_after.pop(NEW_KEY, "Active")
        result.update(replaced_by=new_id, reason=result["reason"].replace("a new key", new_id, 1) + note)

    def take_back(self, name, new_id, start_tag, op, error):
        """Nobody can use a key whose secret was not stored: delete it (and the start tag of a
        rotation this run began). If that fails too, the next run finds the key and removes it."""
        try:
            aws.delete_access_key(self.iam, name, new_id)
            if not op["resumed"]:
                aws.untag_user(self.iam, name, [start_tag])
        except AWS_ERRORS as cleanup:
            raise RotationError(
                error_code(error),
                "the new key %s could not be stored in secret %s (%s: %s) nor deleted again (%s); the next rotate run removes it"
                % (new_id, op["secret_name"], error_code(error), error_message(error), error_code(cleanup)),
            ) from error

    def create_key(self, name, known):
        """(AccessKey, None, note) or (None, why not, note). Lists the keys before every attempt;
        a key made by an attempt whose answer was lost is deleted before the next one."""
        # botocore counts max_attempts as retries after the first try: 0 sends the call exactly once.
        once = self.module.client("iam", config=client_config(max_attempts=0))
        note, error = "", None
        for attempt in range(CREATE_ATTEMPTS):
            present = {k["access_key_id"] for k in aws.list_access_keys(self.iam, name)}
            strays = present - set(known)
            if strays and attempt == 0:
                return None, "the user's keys changed since they were read (%s); the next run looks again" % ", ".join(sorted(strays)), note
            for stray in sorted(strays):
                if aws.last_used(self.iam, stray) is not None:
                    return None, "key %s appeared during the rotation and has been used; resolve by hand" % stray, note
                aws.delete_access_key(self.iam, name, stray)
                note += "; %s, made by an attempt whose answer was lost, was deleted (never used, its secret unknown)" % stray
            if len(present - strays) >= _access_keys.AWS_KEY_LIMIT:
                return None, "the user has %d keys" % _access_keys.AWS_KEY_LIMIT, note
            try:
                return aws.create_access_key(once, name), None, note
            except AWS_ERRORS as e:
                if error_code(e) == "LimitExceeded":
                    return None, "IAM answered LimitExceeded: another key was created meanwhile", note
                if not aws.is_retryable(e):
                    raise
                error = e
        raise error

    # the run -----------------------------------------------------------------------------------

    def run(self):
        results, before, after = [], {}, {}
        users = self.gather()
        plans = [(user, plan_user(user, self.now, self.settings)) for user in users]
        for user, plan in plans:
            if not self.module.check_mode and plan["ops"]:
                try:
                    self.execute(user, plan)
                except (RotationError, *AWS_ERRORS) as e:
                    self.fail(e, user, results + plan["results"])
            results.extend(plan["results"])
            if plan["before"]["access_keys"] or plan["before"]["tags"] or plan["after"]["tags"]:
                before[user["name"]], after[user["name"]] = plan["before"], plan["after"]
        return results, before, after

    def fail(self, error, user, results):
        doing = "act on the access keys of %s" % user["name"]
        if isinstance(error, RotationError):
            self.module.fail_json(msg="Could not %s: %s" % (doing, error), error_code=error.code, keys=results)
        self.module.fail_aws(error, doing, keys=results)


def argument_spec():
    return dict(
        users=dict(type="list", elements="str"),
        action=dict(type="str", choices=list(_access_keys.ACTIONS), default="report"),
        max_age_days=dict(type="int", default=90),
        unused_days=dict(type="int", default=45),
        max_active_keys=dict(type="int", default=1, no_log=False),  # a count, not a secret
        grace_days=dict(type="int", default=14),
        exclude=dict(type="list", elements="str", default=[]),
        protected_principals=dict(type="list", elements="str", default=[]),
        secret_name_template=dict(type="str", default=_access_keys.DEFAULT_SECRET_NAME_TEMPLATE, no_log=False),  # a name
        secret_kms_key_id=dict(type="str", no_log=False),  # a key id, not key material
        controls=dict(type="dict", default={}),
    )


def main():
    module = BaselineModule(argument_spec=argument_spec(), supports_check_mode=True)
    params = module.params
    try:
        _access_keys.validate(params)
        _engine.validate_controls(params["controls"])
    except InputError as e:
        module.fail_input(e)
    settings = dict(params, users=params["users"] or [])
    settings["controls"] = [c for c in _access_keys.KEY_CONTROLS if _engine.is_enabled(c, params["controls"])]

    run = KeyRun(module, settings)
    try:
        results, before, after = run.run()
    except AWS_ERRORS as e:
        module.fail_aws(e, "read the access keys")
    module.exit_json(
        changed=before != after,
        keys=results,
        summary=_access_keys.summarize(results),
        diff=make_diff({"users": before}, {"users": after}),
    )


if __name__ == "__main__":
    main()
