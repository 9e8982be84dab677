#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: service_control_policy
short_description: Manage an AWS Organizations service control policy and where it is attached
version_added: 0.1.0
description:
  - Creates, updates or deletes a service control policy (SCP) and attaches it to the root, OUs
    (by path, V(/Root/Workloads)) or accounts (controls C(ORG.SCP_ENABLED), C(ORG.GUARDRAIL)).
    Runs against the organization's management account or a delegated administrator for policies.
  - SCPs never restrict the management account - attaching one to it, or to the root, changes
    nothing there.
  - Detaches only what is declared - with O(purge_targets=true), the targets not listed. The
    AWS managed C(FullAWSAccess) is never touched by a task about another policy; a task naming
    it can attach it, and detach it only with O(purge_targets=true).
  - The SCP policy type is enabled only when O(enable_policy_type=true) is declared (AWS then
    attaches C(FullAWSAccess) to the root, every OU and every account first).
  - Refused before any write, naming the option - a document over 5,120 characters (as sent,
    compact JSON) or that is not an identity-policy shaped document, a target the organization
    does not have, a sixth SCP on a root, OU or account, and a change after which the baseline's
    own member role (O(member_role_name)) could no longer do what the baseline needs in some
    member account - because a Deny of this policy applies to it (or may, when it depends on
    conditions or resources the check cannot judge), or because no SCP left at a target surely
    allows it (detaching C(FullAWSAccess) from an OU without another allow, say).
  - Documents are compared semantically. Check mode makes no change and returns the prediction.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  name:
    description: Name of the SCP (V(FullAWSAccess) for the AWS managed one).
    type: str
    required: true
  description:
    description: Description. Left out, an existing policy keeps its own.
    type: str
  document:
    description: The policy document (dict or JSON). Required for state V(present), except for V(FullAWSAccess).
    type: json
  targets:
    description:
      - Where the policy is attached - V(root), OU paths (V(/Root/Workloads/Prod)) or 12-digit
        account ids. Targets it is attached to and not listed stay, unless O(purge_targets=true).
    type: list
    elements: str
    default: []
  purge_targets:
    description: Detach the policy from targets not listed in O(targets).
    type: bool
    default: false
  enable_policy_type:
    description: Enable the SCP policy type in the organization's root when it is not enabled.
    type: bool
    default: false
  member_role_name:
    description:
      - The baseline's member role (name, optionally with a path), whose needs every change is
        checked against (C(iam_baseline_guardrails.member_role_name)).
    type: str
    default: OrganizationAccountAccessRole
  state:
    description: V(present), or V(absent) to detach the policy everywhere and delete it.
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
  - Idempotent. Reads the organization's OU tree once (two calls per OU) to resolve OU paths and
    to know the accounts below each target.
seealso:
  - name: Service control policies
    description: AWS Organizations user guide.
    link: https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
"""

EXAMPLES = r"""
- name: No member account may leave the organization
  baseline.iam.service_control_policy:
    name: deny-leave-organization
    document:
      Version: "2012-10-17"
      Statement:
        - Effect: Deny
          Action: organizations:LeaveOrganization
          Resource: "*"
    targets: [root]

- name: The same, attached to workloads only, detached from everything else
  baseline.iam.service_control_policy:
    name: deny-leave-organization
    document: "{{ lookup('file', 'deny-leave.json') }}"
    targets: [/Root/Workloads]
    purge_targets: true

- name: Delete it
  baseline.iam.service_control_policy:
    name: deny-leave-organization
    state: absent
"""

RETURN = r"""
policy_id:
  description: Id of the policy (null when absent, or in check mode for one not yet created).
  returned: always
  type: str
  sample: p-examplepolicyid
policy:
  description:
    - The policy after the task, or in check mode the one it would leave (empty when absent) -
      C(name), C(id), C(description), C(document) and C(targets) as labels (root, OU paths,
      account ids).
  returned: always
  type: dict
"""

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.redact import make_diff
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import model as _model
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import task as _task


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        document=dict(type="json"),
        targets=dict(type="list", elements="str", default=[]),
        purge_targets=dict(type="bool", default=False),
        enable_policy_type=dict(type="bool", default=False),
        member_role_name=dict(type="str", default="OrganizationAccountAccessRole"),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = BaselineModule(argument_spec=argument_spec, supports_check_mode=True)
    params = module.params
    try:
        document = _model.validate(params)
    except InputError as e:
        module.fail_input(e)

    client = module.client("organizations")
    try:
        found = _task.plan(client, params, document)
        before, after = found["before"], found["after"]
        changed = before != after
        policy_id = (after or {}).get("id")
        if changed and not module.check_mode:
            policy_id = _task.write(client, found, params)
            if after is not None:
                after["id"] = policy_id
    except InputError as e:
        module.fail_input(e)
    except AWS_ERRORS as e:
        module.fail_aws(e, "manage service control policy %s" % params["name"])

    module.exit_json(changed=changed, policy_id=policy_id, policy=after or {}, diff=make_diff(before, after))


if __name__ == "__main__":
    main()
