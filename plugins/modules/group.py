#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: group
short_description: Manage an IAM group, its policies and members, safely in check mode
version_added: 0.1.0
description:
  - Creates, updates or deletes an IAM group with its path, attached managed policies, inline
    policies and members (controls C(GROUP.DECLARED), C(USER.NO_GROUP) of the baseline).
  - Nothing the task does not declare is removed unless the matching C(purge_*) option is V(true).
  - Every policy document is checked before any AWS call (valid JSON object, the statement shape,
    IAM's size limit and allowed characters); declared users and policies must exist. A problem
    fails the task with a message naming the option, and nothing is changed.
  - Inline policies are compared semantically (statement and list order, case of actions, a
    single value versus a one-element list, statement ids C(Sid) do not count as changes;
    condition operators are compared exactly).
  - The caller's own group memberships are never changed. A user in O(protected_principals) is
    added or removed only when it is listed in O(members); with O(purge_members=true) undeclared
    protected members are kept (reported in RV(kept_members)).
  - A group holding the caller or a protected principal never loses a policy (a detached managed
    policy, a deleted inline policy, a replaced inline document, or all of them with
    O(state=absent)) unless O(allow_caller_group_changes=true), because the run could remove its
    own permissions mid-run. Adding is always allowed.
  - Never puts a member under a deny that forces MFA (the baseline's force-MFA policy or any
    policy with that effect, attached through O(managed_policies) or O(inline_policies), or
    already on the group when a member is added) when the member would lose access - the caller,
    a protected principal, an access-key-only user, or a user with an active access key used
    within O(key_use_window_days) - the same rule as M(baseline.iam.mfa_policy). Key users are
    allowed with O(allow_key_only_members=true); the caller and protected principals never.
  - Check mode makes no change at all and returns the predicted group.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  name:
    description: Name of the group.
    type: str
    required: true
  path:
    description:
      - Path of the group. An existing group is moved to this path.
    type: str
    default: /
  managed_policies:
    description:
      - Managed policies to attach, as ARNs or AWS managed policy names (V(AdministratorAccess),
        V(job-function/ViewOnlyAccess)). Names become ARNs in the account's partition.
    type: list
    elements: str
    default: []
  inline_policies:
    description:
      - Inline policies, policy name to document (a dict or a JSON string).
      - Together at most 5120 characters without white space (IAM's limit for a group).
    type: dict
    default: {}
  members:
    description:
      - Names of the users that must be members of the group.
    type: list
    elements: str
    default: []
  purge_policies:
    description: Detach managed policies that are not in O(managed_policies).
    type: bool
    default: false
  purge_inline_policies:
    description: Delete inline policies that are not in O(inline_policies).
    type: bool
    default: false
  purge_members:
    description:
      - Remove members that are not in O(members). The caller and protected principals are kept.
    type: bool
    default: false
  protected_principals:
    description:
      - ARN globs or plain user names (as in C(iam_baseline_protected_principals)) whose
        memberships are changed only when they are listed in O(members), and whose groups never
        lose a policy unless O(allow_caller_group_changes=true).
    type: list
    elements: str
    default: []
  allow_caller_group_changes:
    description:
      - Allow detaching managed policies, deleting inline policies and replacing inline documents
        (and O(state=absent)) although the group holds the caller or a protected principal.
    type: bool
    default: false
  allow_key_only_members:
    description:
      - Put users who sign API calls with access keys (access-key-only users, and users with an
        active key used within O(key_use_window_days)) under a deny that forces MFA anyway. They
        will need C(sts:GetSessionToken) with MFA before any other API call.
      - As C(iam_baseline_mfa.allow_key_only_members).
    type: bool
    default: false
  key_use_window_days:
    description:
      - A member with an active access key used within this many days (1 to 3650) signs API calls
        with it today, so a force-MFA deny would stop them (C(iam_baseline_mfa.key_use_window_days)).
    type: int
    default: 30
  force_mfa_policy:
    description:
      - The baseline's force-MFA policy (C(iam_baseline_mfa) C(name), C(path), C(groups)). On a
        group listed in its C(groups), O(purge_policies) leaves that policy attached (role
        C(baseline.iam.mfa) attaches it there), and the drift audit does not count it as
        undeclared either.
    type: dict
    default: {}
    suboptions:
      name:
        description: Policy name.
        type: str
        default: BaselineRequireMFA
      path:
        description: Policy path.
        type: str
        default: /
      groups:
        description: Groups the force-MFA policy is attached to.
        type: list
        elements: str
        default: []
  mfa_extra_not_actions:
    description:
      - Actions a force-MFA policy may leave open without MFA and still count as forcing MFA
        (C(iam_baseline_mfa.extra_not_actions)), so the baseline's policy is recognised.
    type: list
    elements: str
    default: []
  state:
    description:
      - V(present) creates or updates the group. V(absent) detaches its managed policies, deletes
        its inline policies, removes its members and then deletes it.
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
  - Idempotent. The diff shows the inline policy documents; the result names them.
  - Makes one sts:GetCallerIdentity call to learn the caller, its account and partition.
seealso:
  - name: CIS AWS Foundations Benchmark
    description: IAM users receive permissions only through groups (v3.0.0 1.15).
    link: https://www.cisecurity.org/benchmark/amazon_web_services
"""

EXAMPLES = r"""
- name: Administrators get AdministratorAccess through a group
  baseline.iam.group:
    name: administrators
    managed_policies:
      - AdministratorAccess
    members:
      - alice
      - bob

- name: A read-only group with an inline policy, exactly as declared
  baseline.iam.group:
    name: auditors
    path: /security/
    managed_policies:
      - arn:aws:iam::aws:policy/SecurityAudit
    inline_policies:
      read-billing:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: aws-portal:ViewBilling
            Resource: "*"
    members: [carol]
    purge_policies: true
    purge_inline_policies: true
    purge_members: true
    protected_principals:
      - break-glass-*

- name: Remove a group (policies and members first)
  baseline.iam.group:
    name: legacy-admins
    state: absent
"""

RETURN = r"""
group:
  description:
    - The group after the task, or in check mode the group it would produce. Empty when absent.
  returned: always
  type: dict
  contains:
    name:
      description: Group name.
      type: str
      sample: administrators
    arn:
      description: Group ARN.
      type: str
      sample: arn:aws:iam::111122223333:group/administrators
    path:
      description: Group path.
      type: str
      sample: /
    managed_policies:
      description: ARNs of the attached managed policies, sorted.
      type: list
      elements: str
      sample: [arn:aws:iam::aws:policy/AdministratorAccess]
    inline_policies:
      description: Names of the inline policies, sorted.
      type: list
      elements: str
    members:
      description: Names of the member users, sorted.
      type: list
      elements: str
kept_members:
  description:
    - Members that O(purge_members=true) would have removed but that were kept because they are
      the caller or protected principals, with the reason.
  returned: always
  type: list
  elements: dict
  sample: [{name: break-glass, reason: "it matches protected principal 'break-glass'"}]
"""

from ansible_collections.baseline.iam.plugins.module_utils._core import caller as _caller
from ansible_collections.baseline.iam.plugins.module_utils._core import iam as _iam
from ansible_collections.baseline.iam.plugins.module_utils._core import iam_users as _iam_users
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.redact import make_diff
from ansible_collections.baseline.iam.plugins.module_utils._groups import aws as _iam_group
from ansible_collections.baseline.iam.plugins.module_utils._groups import model as _group
from ansible_collections.baseline.iam.plugins.module_utils._groups import refusals as _refusals
from ansible_collections.baseline.iam.plugins.module_utils._mfa import lockout as _lockout
from ansible_collections.baseline.iam.plugins.module_utils._mfa import model as _mfa_model


def read_group(client, name):
    """(state, members by lower-cased name) of the group as it is, or (None, {})."""
    found = _iam_group.get_group(client, name)
    if found is None:
        return None, {}
    group = found["group"]
    members = {u["UserName"].lower(): {"name": u["UserName"], "arn": u["Arn"]} for u in found["users"]}
    state = {
        "name": group["GroupName"],
        "path": group["Path"],
        "arn": group["Arn"],
        "managed_policies": _iam_group.attached_policy_arns(client, group["GroupName"]),
        "inline_policies": _iam_group.inline_policies(client, group["GroupName"]),
        "members": sorted(u["name"] for u in members.values()),
    }
    return state, members


def declared_users(client, names, current, look_up):
    """The users listed in `members`, as IAM spells them; with look_up, missing users fail."""
    declared = {}
    for name in names:
        key = name.lower()
        if key in current:
            declared[key] = current[key]
        elif look_up:
            user = _iam_users.get_user(client, name)
            if user is None:
                raise InputError("members", "user %s does not exist" % name)
            declared[key] = {"name": user["UserName"], "arn": user["Arn"]}
        else:
            declared[key] = {"name": name, "arn": None}
    return declared


def write_present(client, before, after):
    """Creates or updates the group: additions first, then removals."""
    name = after["name"]
    old = before or {"path": after["path"], "managed_policies": [], "inline_policies": {}, "members": []}
    on_group = _iam.settled if before is None else _iam.direct  # a new group may not be visible yet
    if before is None:
        _iam_group.create_group(client, name, after["path"])
    elif before["path"] != after["path"]:
        _iam_group.update_group_path(client, name, after["path"])
    for arn in sorted(set(after["managed_policies"]) - set(old["managed_policies"])):
        on_group(_iam_group.attach_policy, client, name, arn)
    for policy_name, document in sorted(after["inline_policies"].items()):
        if old["inline_policies"].get(policy_name) != document:  # equal documents kept their current text
            on_group(_iam_group.put_inline_policy, client, name, policy_name, document)
    for user in sorted(set(after["members"]) - set(old["members"])):
        on_group(_iam_group.add_member, client, name, user)
    for arn in sorted(set(old["managed_policies"]) - set(after["managed_policies"])):
        _iam_group.detach_policy(client, name, arn)
    for policy_name in sorted(set(old["inline_policies"]) - set(after["inline_policies"])):
        _iam_group.delete_inline_policy(client, name, policy_name)
    for user in sorted(set(old["members"]) - set(after["members"])):
        _iam_group.remove_member(client, name, user)


def write_absent(client, before):
    """Empties the group (attachments, inline policies, members), then deletes it."""
    name = before["name"]
    for arn in before["managed_policies"]:
        _iam_group.detach_policy(client, name, arn)
    for policy_name in sorted(before["inline_policies"]):
        _iam_group.delete_inline_policy(client, name, policy_name)
    for user in before["members"]:
        _iam_group.remove_member(client, name, user)
    _iam_group.delete_group(client, name)


def ensure_group(client, check_mode, params, caller, inline_documents):
    """Returns (changed, before, after, kept); reads first, writes only outside check mode."""
    partition, account_id = caller["partition"], caller["account_id"]
    before, current_members = read_group(client, params["name"])
    absent = params["state"] == "absent"
    if absent and before is None:
        return False, None, None, []
    declared = declared_users(client, params["members"], current_members, look_up=not absent)
    protection = _caller.Protection(caller, params["protected_principals"])
    members, kept = _group.plan_members(current_members, declared, params, _group.member_guard(protection))
    after = _group.desired(before, params, partition, account_id, inline_documents, members)
    _refusals.check_change(client, params, before, after, current_members, declared, protection)
    changed = before != after
    if changed and not check_mode:
        if after is None:
            write_absent(client, before)
        else:
            write_present(client, before, after)
    return changed, before, after, kept


def main():
    argument_spec = dict(
        name=dict(type="str", required=True),
        path=dict(type="str", default="/"),
        managed_policies=dict(type="list", elements="str", default=[]),
        inline_policies=dict(type="dict", default={}),
        members=dict(type="list", elements="str", default=[]),
        purge_policies=dict(type="bool", default=False),
        purge_inline_policies=dict(type="bool", default=False),
        purge_members=dict(type="bool", default=False),
        protected_principals=dict(type="list", elements="str", default=[]),
        allow_caller_group_changes=dict(type="bool", default=False),
        allow_key_only_members=dict(type="bool", default=False, no_log=False),
        key_use_window_days=dict(type="int", default=_lockout.DEFAULT_KEY_USE_WINDOW_DAYS, no_log=False),
        mfa_extra_not_actions=dict(type="list", elements="str", default=[]),
        force_mfa_policy=dict(
            type="dict",
            default={},
            options=dict(
                name=dict(type="str", default=_mfa_model.DEFAULT_NAME),
                path=dict(type="str", default="/"),
                groups=dict(type="list", elements="str", default=[]),
            ),
        ),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = BaselineModule(argument_spec=argument_spec, supports_check_mode=True)
    try:
        inline_documents = _group.validate(module.params)  # before any AWS call
        caller = _caller.current_caller(module.client("sts"))
        changed, before, after, kept = ensure_group(module.client("iam"), module.check_mode, module.params, caller, inline_documents)
    except InputError as e:  # bad options, or a member / policy / change the account refuses (found by reads)
        module.fail_input(e)
    except AWS_ERRORS as e:
        module.fail_aws(e, "manage group %s" % module.params["name"])

    for member in kept:
        module.warn("group %s: kept member %s (%s)" % (module.params["name"], member["name"], member["reason"]))
    module.exit_json(changed=changed, group=_group.result(after), kept_members=kept, diff=make_diff(before, after))


if __name__ == "__main__":
    main()
