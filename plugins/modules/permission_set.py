#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: permission_set
short_description: Manage an IAM Identity Center permission set and its account assignments
version_added: 0.1.0
description:
  - Creates, updates or deletes a permission set of the organization's IAM Identity Center
    instance - description, session duration, AWS managed policies, customer managed policy
    references, inline policy, permissions boundary, tags - and its account assignments
    (controls C(IDC.DECLARED), C(IDC.SESSION_DURATION), C(IDC.ADMIN_TO_USER) of the baseline).
  - Runs against the organization's management account or the Identity Center delegated
    administrator. The instance is discovered (C(ListInstances)) unless O(instance_arn) is given.
  - Nothing the task does not declare is removed unless O(purge_policies) or O(purge_assignments)
    is V(true); an assignment item with C(state=absent) removes that assignment.
  - After a change of an existing permission set it is provisioned again to every account it is
    provisioned to, and the module waits for each account (at most O(provisioning_timeout)
    seconds); assignments are created and deleted the same way. Accounts that failed or did not
    finish in time are listed in RV(failed_accounts) and fail the task; the others keep their change.
  - Checked before any AWS call, naming the option - the name, an ISO 8601 session duration of
    1 to 12 hours, policy references, the inline policy document (JSON, statements, 32768
    characters), assignment items, and an administrator permission set (AdministratorAccess or
    an inline C(*) on C(*)) assigned to a user. Then by reads before any write - AWS managed
    policies that do not exist, groups and users the identity store does not have, and accounts
    that are not active accounts of the organization.
  - Check mode makes no change at all and returns the predicted permission set.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  name:
    description: Name of the permission set (1-32 characters).
    type: str
    required: true
  description:
    description: Description. Left out, an existing permission set keeps its own.
    type: str
  session_duration:
    description:
      - How long a session lasts, as an ISO 8601 duration from V(PT1H) to V(PT12H) (V(PT4H),
        V(PT1H30M)). Left out, an existing permission set keeps its own (new ones get V(PT1H)).
    type: str
  managed_policies:
    description:
      - AWS managed policies to attach, as ARNs or names (V(AdministratorAccess),
        V(job-function/ViewOnlyAccess)). Customer managed policies go in O(customer_managed_policies).
    type: list
    elements: str
    default: []
  customer_managed_policies:
    description:
      - Customer managed policies, by name and path, that must exist in every account the
        permission set is provisioned to (Identity Center attaches the policy of that name there).
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Policy name.
        type: str
        required: true
      path:
        description: Policy path.
        type: str
        default: /
  inline_policy:
    description: The inline policy (a dict or JSON). Left out, the current one is kept unless O(purge_policies).
    type: json
  permissions_boundary:
    description:
      - An AWS managed policy (ARN or name), or a dict C({name, path}) naming a customer managed
        policy, as the permissions boundary. V("") removes the boundary. Left out, the boundary
        is not managed (and not read).
    type: raw
  tags:
    description: Tags to add or update (tags not listed are kept). Left out, tags are not managed.
    type: dict
  purge_policies:
    description: Detach managed policies and references not declared, and delete an inline policy not declared.
    type: bool
    default: false
  assignments:
    description:
      - Account assignments of this permission set. Left out (with O(purge_assignments=false)),
        assignments are not managed.
    type: list
    elements: dict
    suboptions:
      principal_type:
        description: V(GROUP) (recommended) or V(USER).
        type: str
        choices: [GROUP, USER]
        default: GROUP
      principal:
        description: The group's display name or the user's user name in the identity store.
        type: str
        required: true
      accounts:
        description: Account ids (12 digits, quoted in YAML).
        type: list
        elements: str
        required: true
      state:
        description: V(absent) removes these assignments.
        type: str
        choices: [present, absent]
        default: present
  purge_assignments:
    description: Remove assignments of this permission set that are not declared in O(assignments).
    type: bool
    default: false
  provisioning_timeout:
    description: Seconds to wait at most for provisioning and assignment requests (all together).
    type: int
    default: 300
  instance_arn:
    description: The Identity Center instance. Left out, it is discovered with C(ListInstances).
    type: str
  state:
    description:
      - V(present) creates or updates the permission set. V(absent) deletes its assignments,
        waits for them, then deletes it.
    type: str
    choices: [present, absent]
    default: present
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
  - Idempotent; policies are compared semantically. The region must be the Identity Center home region.
  - The simulator used in this collection's tests has no API for tags after creation, permissions
    boundaries or the provisioning status; those paths are tested with recorded AWS responses.
seealso:
  - name: Permission sets
    description: AWS IAM Identity Center user guide.
    link: https://docs.aws.amazon.com/singlesignon/latest/userguide/permissionsetsconcept.html
"""

EXAMPLES = r"""
- name: Administrators, one-hour sessions, assigned to a group in two accounts
  baseline.iam.permission_set:
    name: Administrators
    description: Full administration, through the platform-admins group only
    session_duration: PT1H
    managed_policies: [AdministratorAccess]
    assignments:
      - principal: platform-admins
        accounts: ["111122223333", "444455556666"]
    purge_assignments: true

- name: Read-only with an inline policy and a customer managed policy
  baseline.iam.permission_set:
    name: ReadOnly
    session_duration: PT8H
    managed_policies: [job-function/ViewOnlyAccess]
    customer_managed_policies:
      - name: deny-secrets
    inline_policy:
      Version: "2012-10-17"
      Statement:
        - Effect: Allow
          Action: aws-portal:ViewBilling
          Resource: "*"
    purge_policies: true

- name: Remove a permission set and its assignments
  baseline.iam.permission_set:
    name: LegacyAdmins
    state: absent
"""

RETURN = r"""
permission_set_arn:
  description: ARN of the permission set (null when absent, or in check mode for one not yet created).
  returned: always
  type: str
  sample: arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-1234567890abcdef
permission_set:
  description:
    - The permission set after the task, or in check mode the one it would leave (empty when
      absent). C(inline_policy) says whether there is one; the document is in the diff.
  returned: always
  type: dict
operations:
  description:
    - Provisioning and assignment requests made, each with C(action) (provision, assign,
      unassign), C(account_id), C(status) (SUCCEEDED, FAILED, TIMED_OUT) and C(reason).
  returned: always
  type: list
  elements: dict
failed_accounts:
  description: The operations that did not succeed (the task fails when there is one).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.redact import make_diff
from ansible_collections.baseline.iam.plugins.module_utils._identity_center import assignments as _assignments
from ansible_collections.baseline.iam.plugins.module_utils._identity_center import model as _model
from ansible_collections.baseline.iam.plugins.module_utils._identity_center import provisioning as _provisioning
from ansible_collections.baseline.iam.plugins.module_utils._identity_center import task as _task


def checked_input(params):
    """The inline document; InputError for the first bad option (no AWS call made yet)."""
    inline_document = _model.validate(params)
    problem = _assignments.validate(params)
    if problem:
        raise InputError(*problem)
    declared = _model.desired(None, params, "aws", inline_document)
    if _model.grants_admin(declared) and _assignments.admin_to_user_problem(params):
        raise InputError(*_assignments.admin_to_user_problem(params))
    if params["provisioning_timeout"] < 1:
        raise InputError("provisioning_timeout", "must be at least 1 second")
    return inline_document


def failure_message(name, failed):
    accounts = ", ".join(
        "%s %s (%s: %s)" % (o["action"], o["account_id"], o["status"], o.get("reason") or "no reason given") for o in failed
    )
    return "Permission set %s: not every account followed: %s" % (name, accounts)


def main():
    assignment_options = dict(
        principal_type=dict(type="str", choices=["GROUP", "USER"], default="GROUP"),
        principal=dict(type="str", required=True),
        accounts=dict(type="list", elements="str", required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    argument_spec = dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        session_duration=dict(type="str"),
        managed_policies=dict(type="list", elements="str", default=[]),
        customer_managed_policies=dict(
            type="list", elements="dict", default=[], options=dict(name=dict(type="str", required=True), path=dict(type="str", default="/"))
        ),
        inline_policy=dict(type="json"),
        permissions_boundary=dict(type="raw"),
        tags=dict(type="dict"),
        purge_policies=dict(type="bool", default=False),
        assignments=dict(type="list", elements="dict", options=assignment_options),
        purge_assignments=dict(type="bool", default=False),
        provisioning_timeout=dict(type="int", default=300),
        instance_arn=dict(type="str"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = BaselineModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    try:
        inline_document = checked_input(params)
    except InputError as e:
        module.fail_input(e)

    clients = _task.Clients(module.client)
    arn, outcomes = None, []
    try:
        found = _task.plan(clients, params, inline_document)
        before, after = found["before"], found["after"]
        changed = before != after
        arn = (before or {}).get("arn") if after is None else (after.get("arn") or (before or {}).get("arn"))
        if changed and not module.check_mode:
            arn, outcomes = _task.write(clients.sso, found, params["provisioning_timeout"])
            if after is not None:
                after["arn"] = arn
    except InputError as e:
        module.fail_input(e)
    except AWS_ERRORS as e:
        module.fail_aws(e, "manage permission set %s" % params["name"], permission_set_arn=arn, operations=outcomes)

    failed = _provisioning.failed(outcomes)
    result = dict(
        changed=changed,
        permission_set_arn=arn if after is not None else None,
        permission_set=_model.result(after),
        operations=outcomes,
        failed_accounts=failed,
        diff=make_diff(before, after),
    )
    if failed:
        module.fail_json(msg=failure_message(params["name"], failed), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
