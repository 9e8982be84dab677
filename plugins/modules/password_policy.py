#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: password_policy
short_description: Manage the IAM account password policy, safely in check mode
version_added: 0.1.0
description:
  - Sets or removes the password policy of an AWS account (controls C(PP.*) of the baseline).
  - Options left out keep the account's current value; nothing is reset to AWS defaults silently.
    When the account has no policy yet, options left out take IAM's defaults (shown in the diff).
  - Invalid values fail before any AWS call, with a message naming the option; nothing is changed.
  - Check mode makes no change at all and returns the predicted policy (unlike
    M(amazon.aws.iam_password_policy), which writes in check mode).
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  state:
    description:
      - V(present) creates or updates the policy, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  minimum_length:
    description:
      - Minimum number of characters in a password, 6 to 128. CIS asks for 14 or more.
    type: int
  require_symbols:
    description: Require at least one non-alphanumeric character.
    type: bool
  require_numbers:
    description: Require at least one number.
    type: bool
  require_uppercase:
    description: Require at least one uppercase letter.
    type: bool
  require_lowercase:
    description: Require at least one lowercase letter.
    type: bool
  allow_users_to_change_password:
    description: Allow IAM users to change their own password.
    type: bool
  max_age_days:
    description:
      - Days a password stays valid, 1 to 1095. V(0) means passwords never expire.
    type: int
  reuse_prevention:
    description:
      - Number of previous passwords a user may not reuse, 1 to 24. V(0) turns reuse prevention off.
    type: int
  hard_expiry:
    description:
      - When V(true), users whose password expired cannot set a new one themselves and need an
        administrator. This can lock users out, so it also needs O(allow_hard_expiry=true).
    type: bool
  allow_hard_expiry:
    description:
      - Confirms that O(hard_expiry=true) is intended.
    type: bool
    default: false
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
  - Idempotent. The result and the diff use the option names of this module.
seealso:
  - name: CIS AWS Foundations Benchmark
    description: Password policy recommendations (v3.0.0 1.8 and 1.9).
    link: https://www.cisecurity.org/benchmark/amazon_web_services
"""

EXAMPLES = r"""
- name: CIS-aligned password policy
  baseline.iam.password_policy:
    minimum_length: 14
    require_symbols: true
    require_numbers: true
    require_uppercase: true
    require_lowercase: true
    allow_users_to_change_password: true
    max_age_days: 90
    reuse_prevention: 24

- name: Raise only the minimum length, keep every other setting as it is
  baseline.iam.password_policy:
    minimum_length: 16

- name: Preview the change without making it
  baseline.iam.password_policy:
    minimum_length: 14
  check_mode: true
  diff: true

- name: Remove the password policy
  baseline.iam.password_policy:
    state: absent
"""

RETURN = r"""
password_policy:
  description:
    - The account password policy after the task, or in check mode the policy it would set.
    - Empty when there is no policy (O(state=absent)).
  returned: always
  type: dict
  contains:
    minimum_length:
      description: Minimum password length.
      type: int
      sample: 14
    require_symbols:
      description: Whether a symbol is required.
      type: bool
    require_numbers:
      description: Whether a number is required.
      type: bool
    require_uppercase:
      description: Whether an uppercase letter is required.
      type: bool
    require_lowercase:
      description: Whether a lowercase letter is required.
      type: bool
    allow_users_to_change_password:
      description: Whether users may change their own password.
      type: bool
    max_age_days:
      description: Days before a password expires, V(0) for never.
      type: int
      sample: 90
    reuse_prevention:
      description: Number of previous passwords that cannot be reused, V(0) for none.
      type: int
      sample: 24
    hard_expiry:
      description: Whether expired passwords need an administrator reset.
      type: bool
"""

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.redact import make_diff
from ansible_collections.baseline.iam.plugins.module_utils._password_policy import aws as password_policy_aws
from ansible_collections.baseline.iam.plugins.module_utils._password_policy.model import desired, from_api, to_api, validate


def ensure_policy(client, check_mode, state, requested):
    """Returns (changed, before, after); writes only outside check mode and only on a change."""
    before = from_api(password_policy_aws.get_password_policy(client))
    after = desired(before, requested) if state == "present" else None
    changed = before != after
    if changed and not check_mode:
        if after is None:
            password_policy_aws.delete_password_policy(client)
        else:
            password_policy_aws.update_password_policy(client, to_api(after))
            after = from_api(password_policy_aws.get_password_policy(client))
    return changed, before, after


def main():
    argument_spec = dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        minimum_length=dict(type="int"),
        require_symbols=dict(type="bool"),
        require_numbers=dict(type="bool"),
        require_uppercase=dict(type="bool"),
        require_lowercase=dict(type="bool"),
        allow_users_to_change_password=dict(type="bool", no_log=False),  # a flag, not a secret
        max_age_days=dict(type="int"),
        reuse_prevention=dict(type="int"),
        hard_expiry=dict(type="bool"),
        allow_hard_expiry=dict(type="bool", default=False),
    )
    module = BaselineModule(argument_spec=argument_spec, supports_check_mode=True)
    try:
        validate(module.params)  # before any AWS call
        changed, before, after = ensure_policy(module.client("iam"), module.check_mode, module.params["state"], module.params)
    except InputError as e:
        module.fail_input(e)
    except AWS_ERRORS as e:
        module.fail_aws(e, "manage the account password policy")

    module.exit_json(changed=changed, password_policy=after or {}, diff=make_diff(before, after))


if __name__ == "__main__":
    main()
