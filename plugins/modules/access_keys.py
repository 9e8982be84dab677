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
  - Never acts on the key that signs the current session, on the long-term key (C(AKIA...)) the
    run's own credentials come from (environment or shared credentials/config files) even when the
    module works through a role session assumed with it, on the keys of the calling user, on users
    or keys listed in O(exclude), or on users matching O(protected_principals); such keys are
    reported as V(blocked) when an action was due.
  - Nothing active is deleted; a key is deleted only when inactive for O(grace_days) since its
    deactivation and since its own last use (never used, its creation).
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
      - The key's own last use (never used, its creation) must be this old as well, so a
        backdated deactivation tag cannot shorten the grace period.
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

from ansible_collections.baseline.iam.plugins.module_utils._access_keys import model as _access_keys
from ansible_collections.baseline.iam.plugins.module_utils._access_keys import run as _run
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.redact import make_diff


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
    try:
        settings = _run.settings(module.params)  # before any AWS call
        results, before, after = _run.KeyRun(module, settings).run()
    except InputError as e:
        module.fail_input(e)
    except _run.ActingFailed as e:  # what was planned, and done, until then is in `keys`
        module.fail_aws(e.cause, "act on the access keys of %s" % e.user, keys=e.results)
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
