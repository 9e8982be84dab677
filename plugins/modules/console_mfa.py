#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: console_mfa
short_description: Report IAM users with a console password and no MFA, and optionally remove their console access
version_added: 0.1.0
description:
  - Finds users who can sign in to the console with a password but have no MFA device (control
    C(USER.CONSOLE_NO_MFA), CIS v3.0.0 1.10) from the account's credential report, then confirms
    each one with live reads (the report can be hours old).
  - With O(action=report) (the default) it only reports them.
  - With O(action=disable_console) it removes the login profile (console password) of each such
    user whose password was created more than O(grace_days) ago (C(GetLoginProfile) C(CreateDate),
    not the user's creation, so an old user given a password today gets the whole grace period),
    unless the user is the caller or a protected principal. Access keys are never touched.
  - Check mode makes no change at all and returns what it would do. Generating the credential
    report is not a change.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  action:
    description:
      - V(report) lists the users. V(disable_console) also removes their console password once
        the grace period has passed.
    type: str
    choices: [report, disable_console]
    default: report
  grace_days:
    description: Days after a console password's creation during which it is left alone.
    type: int
    default: 7
  protected_principals:
    description: ARN globs or plain user names (as in C(iam_baseline_protected_principals)) never modified.
    type: list
    elements: str
    default: []
  report_wait_seconds:
    description: How long to wait for IAM to generate the credential report.
    type: int
    default: 120
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
  - Users created after the credential report was generated are seen by a later run.
  - A removed console password can be given back with C(aws iam create-login-profile) once the user is ready to enrol MFA.
seealso:
  - module: baseline.iam.mfa_policy
"""

EXAMPLES = r"""
- name: Report console users without MFA
  baseline.iam.console_mfa:
  register: console

- name: Remove console access of users still without MFA two weeks after their password was set
  baseline.iam.console_mfa:
    action: disable_console
    grace_days: 14
    protected_principals: [break-glass]
"""

RETURN = r"""
users:
  description: Every console user without MFA, with what was (or in check mode would be) done.
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: User name.
      type: str
    arn:
      description: User ARN.
      type: str
    created:
      description: When the user was created (ISO 8601, UTC).
      type: str
    password_created:
      description: When the user's console password was created (ISO 8601, UTC); the grace period counts from it.
      type: str
    status:
      description: V(reported), V(in_grace), V(protected) or V(console_disabled).
      type: str
    reason:
      description: Why, in words.
      type: str
summary:
  description: Number of users per status.
  returned: always
  type: dict
  sample: {reported: 0, in_grace: 1, protected: 0, console_disabled: 2}
report_time:
  description: When the credential report used was generated.
  returned: always
  type: str
"""

import datetime

from ansible_collections.baseline.iam.plugins.module_utils._audit.credential_report_fetch import fetch_credential_report
from ansible_collections.baseline.iam.plugins.module_utils._core import caller as _caller
from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time
from ansible_collections.baseline.iam.plugins.module_utils._core import iam_users as _iam_users
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError, SourceUnavailable
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.redact import make_diff
from ansible_collections.baseline.iam.plugins.module_utils._mfa import console as _console_mfa


def password_without_mfa(client, name):
    """Live confirmation: when the user's console password was created (ISO), or None when the
    user has no password any more or has an MFA device now."""
    profile = _iam_users.login_profile(client, name)
    if profile is None or _iam_users.mfa_devices(client, name):
        return None
    return _time.iso(profile["CreateDate"])


def review(client, params, protection, now):
    """(report time, [user with status]) for the console users without MFA, confirmed live."""
    report = fetch_credential_report(client, now, max_wait=params["report_wait_seconds"])
    users = []
    for user in _console_mfa.candidates(report["rows"]):
        password_created = password_without_mfa(client, user["name"])
        if password_created is None:
            continue
        user = {**user, "password_created": password_created}
        status, reason = _console_mfa.decide(
            user, now, params["grace_days"], params["action"], protection.user_reason(user["name"], user["arn"])
        )
        users.append({**user, "status": status, "reason": reason})
    return report["generated_time"], users


def main():
    argument_spec = dict(
        action=dict(type="str", choices=list(_console_mfa.ACTIONS), default="report"),
        grace_days=dict(type="int", default=7),
        protected_principals=dict(type="list", elements="str", default=[]),
        report_wait_seconds=dict(type="int", default=120),
    )
    module = BaselineModule(argument_spec=argument_spec, supports_check_mode=True)
    client = module.client("iam")
    try:
        _console_mfa.validate(module.params)  # before any AWS call
        protection = _caller.Protection(_caller.current_caller(module.client("sts")), module.params["protected_principals"])
        report_time, users = review(client, module.params, protection, _time.iso(datetime.datetime.now(_time.UTC)))
        to_disable = [u["name"] for u in users if u["status"] == _console_mfa.DISABLED]
        if not module.check_mode:
            for name in to_disable:
                _iam_users.delete_login_profile(client, name)
    except InputError as e:
        module.fail_input(e)
    except SourceUnavailable:
        module.fail_json(msg="Could not read the credential report: not ready after %d seconds" % module.params["report_wait_seconds"])
    except AWS_ERRORS as e:
        module.fail_aws(e, "review console users without MFA")

    before = {"console_users_without_mfa": sorted(u["name"] for u in users)}
    after = {"console_users_without_mfa": sorted(u["name"] for u in users if u["name"] not in to_disable)}
    module.exit_json(
        changed=bool(to_disable),
        users=users,
        summary=_console_mfa.summarize(users),
        report_time=report_time,
        diff=make_diff(before, after),
    )


if __name__ == "__main__":
    main()
