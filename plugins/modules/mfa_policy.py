#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: mfa_policy
short_description: Manage the force-MFA customer managed policy and the groups it is attached to
version_added: 0.1.0
description:
  - Keeps a customer managed policy that implements AWS' documented pattern "manage your own MFA;
    deny everything else without MFA" (controls C(MFA.POLICY_DRIFT), C(MFA.POLICY_ATTACHED),
    C(GROUP.ADMIN_NO_MFA_POLICY) of the baseline).
  - Users without MFA may list, create, enable and resync their own MFA device and call
    C(sts:GetSessionToken); everything else is denied unless the request carries MFA
    (C(BoolIfExists aws:MultiFactorAuthPresent = false)). Deactivating an MFA device needs MFA.
  - A changed document becomes a new default version. At IAM's limit of five versions the
    oldest non-default version is deleted first.
  - Refuses, before any write, a document without the self-enrolment actions or one that lets
    C(iam:DeleteVirtualMFADevice) or C(iam:DeactivateMFADevice) through without MFA (for example
    through O(extra_not_actions)).
  - Refuses to attach the policy to a group holding a member who would lose access - the caller,
    a protected principal, an access-key-only user (active keys, no console password), or a user
    with an active access key used within O(key_use_window_days) (the deny stops every call signed
    with a long-term key, password or not). Key users are allowed with
    O(allow_key_only_members=true); the caller and protected principals never. M(baseline.iam.group)
    applies the same rule when it adds members or policies.
  - Re-checks the groups the policy stays attached to on every run (someone may have added such a
    member since) and reports those members in RV(members_at_risk), with a warning; it does not
    detach the policy on its own.
  - Check mode makes no change at all and returns the predicted policy.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  name:
    description: Name of the policy.
    type: str
    default: BaselineRequireMFA
  path:
    description: Path of the policy. IAM cannot move a policy; a policy of this name under another path is an error.
    type: str
    default: /
  allow_change_password_without_mfa:
    description:
      - Let users call C(iam:ChangePassword) and C(iam:GetAccountPasswordPolicy) without MFA, so a
        user whose password must be changed at first sign-in can do it before enrolling a device.
      - Trade-off, someone who knows the password can also change it without MFA.
    type: bool
    default: false
  extra_not_actions:
    description:
      - More actions (C(service:Action), wildcards allowed) that users may call without MFA.
      - Anything that would let C(iam:DeleteVirtualMFADevice) or C(iam:DeactivateMFADevice) through is refused.
    type: list
    elements: str
    default: []
  groups:
    description:
      - Groups the policy must be attached to. Left out, the attachments are not changed.
    type: list
    elements: str
  purge_attachments:
    description: Detach the policy from groups that are not in O(groups).
    type: bool
    default: false
  allow_key_only_members:
    description:
      - Attach even to a group with members who sign API calls with access keys (access-key-only
        users, and users with an active key used within O(key_use_window_days)). They will need
        C(sts:GetSessionToken) with MFA before any other API call.
    type: bool
    default: false
  key_use_window_days:
    description:
      - A member with an active access key used within this many days (1 to 3650) signs API calls
        with it today, so the deny would stop them.
    type: int
    default: 30
  protected_principals:
    description:
      - ARN globs or plain user/role names (as in C(iam_baseline_protected_principals)). The policy is
        never attached to a group holding one, nor detached from such a user or role.
    type: list
    elements: str
    default: []
  state:
    description:
      - V(present) creates or updates the policy. V(absent) detaches it everywhere and deletes it
        with all its versions.
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
  - Idempotent; documents are compared semantically (statement order and ids C(Sid) do not count).
  - Makes one sts:GetCallerIdentity call to learn the caller, its account and partition.
seealso:
  - name: "AWS: Allows MFA-authenticated IAM users to manage their own MFA device"
    description: The documented pattern this policy follows.
    link: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html
"""

EXAMPLES = r"""
- name: Force MFA for the administrators and developers
  baseline.iam.mfa_policy:
    groups: [administrators, developers]

- name: Let users change their password before they enrol a device, and preview
  baseline.iam.mfa_policy:
    allow_change_password_without_mfa: true
    groups: [developers]
  check_mode: true
  diff: true

- name: Exactly these groups, detach it from any other
  baseline.iam.mfa_policy:
    groups: [administrators]
    purge_attachments: true
    protected_principals: [break-glass]

- name: Remove the policy
  baseline.iam.mfa_policy:
    state: absent
"""

RETURN = r"""
policy:
  description:
    - The policy after the task, or in check mode the policy it would produce. Empty when absent.
  returned: always
  type: dict
  contains:
    arn:
      description: Policy ARN.
      type: str
      sample: arn:aws:iam::111122223333:policy/BaselineRequireMFA
    name:
      description: Policy name.
      type: str
    path:
      description: Policy path.
      type: str
    default_version_id:
      description: The default version (predicted in check mode).
      type: str
      sample: v2
    document:
      description: The default version's document.
      type: dict
    attached_groups:
      description: Groups the policy is attached to, sorted.
      type: list
      elements: str
pruned_version:
  description: The version deleted (or, in check mode, to be deleted) to stay within five versions.
  returned: always
  type: str
  sample: v1
members_at_risk:
  description:
    - Members of groups the policy stays attached to who lose access under it (the refusal rule
      for new attachments, with O(allow_key_only_members)); each is also a warning.
  returned: always
  type: list
  elements: dict
  sample: [{group: developers, member: ci-deployer, reason: "has active access keys and no console password, ..."}]
"""

import datetime

from ansible_collections.baseline.iam.plugins.module_utils._core import caller as _caller
from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time
from ansible_collections.baseline.iam.plugins.module_utils._core import iam as _iam
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.redact import make_diff
from ansible_collections.baseline.iam.plugins.module_utils._groups import aws as _iam_group
from ansible_collections.baseline.iam.plugins.module_utils._mfa import aws as _iam_mfa_policy
from ansible_collections.baseline.iam.plugins.module_utils._mfa import lockout as _lockout
from ansible_collections.baseline.iam.plugins.module_utils._mfa import model as _mfa_policy
from ansible_collections.baseline.iam.plugins.module_utils._policy import document as _policy


def read_policy(client, arn, name, path):
    """(state, versions, entities) of the policy as it is, or (None, [], None)."""
    policy = _iam_group.get_policy(client, arn)
    if policy is None:
        elsewhere = _iam_mfa_policy.find_local_policy(client, name)
        if elsewhere is not None:
            raise InputError("path", "policy %s exists with path %s; IAM cannot move a policy, set path to it" % (name, elsewhere["Path"]))
        return None, [], None
    entities = _iam_mfa_policy.entities(client, arn)
    state = {
        "arn": arn,
        "name": name,
        "path": path,
        "default_version_id": policy["DefaultVersionId"],
        "document": _iam_mfa_policy.version_document(client, arn, policy["DefaultVersionId"]),
        "attached_groups": entities["groups"],
    }
    return state, _iam_mfa_policy.versions(client, arn), entities


def desired(before, versions, params, arn, document, partition):
    """The policy after the task: the current document when it is semantically the baseline's."""
    if params["state"] == "absent":
        return None
    groups = set(before["attached_groups"]) if before else set()  # `groups` left out: unchanged
    if params["groups"] is not None:
        groups = set(params["groups"]) | (set() if params["purge_attachments"] else groups)
    same = before is not None and _policy.equal(before["document"], document, partition)
    return {
        "arn": arn,
        "name": params["name"],
        "path": params["path"],
        "default_version_id": before["default_version_id"] if same else _mfa_policy.next_version_id(versions),
        "document": before["document"] if same else document,
        "attached_groups": sorted(groups),
    }


def group_members(client, group, allow_key_users):
    """The group's members as _mfa/lockout.py judges them, or None when the group does not exist."""
    found = _iam_group.get_group(client, group)
    if found is None:
        return None
    return [_iam_mfa_policy.member(client, u["UserName"], u["Arn"], with_credentials=not allow_key_users) for u in found["users"]]


def check_new_attachments(client, groups, protection, params, check_mode, now):
    """Each group must exist and hold no member who would lose access (_mfa/lockout.py).

    Returns warnings: in check mode a missing group is predicted, not refused, because an earlier
    task of the same preview (role baseline.iam.groups) may be about to create it.
    """
    warnings, allow = [], params["allow_key_only_members"]
    for group in groups:
        members = group_members(client, group, allow)
        if members is None:
            if not check_mode:
                raise InputError("groups", "group %s does not exist" % group)
            warnings.append("group %s does not exist yet; a real run fails unless it exists by then" % group)
            continue
        refused = _lockout.refused_members(members, protection, now, params["key_use_window_days"], allow)
        if refused:
            member, risk = refused[0]
            raise InputError("groups", _lockout.refusal("cannot attach the force-MFA policy to group %s" % group, member["name"], risk))
    return warnings


def recheck_attachments(client, groups, protection, params, now):
    """[{"group", "member", "reason"}] of the members of groups the policy stays attached to
    who lose access under it (someone else's change may have put them there)."""
    at_risk, allow = [], params["allow_key_only_members"]
    for group in groups:
        members = group_members(client, group, allow) or []
        for member, risk in _lockout.refused_members(members, protection, now, params["key_use_window_days"], allow):
            at_risk.append({"group": group, "member": member["name"], "reason": risk[1]})
    return at_risk


def check_detachments(entities, protection):
    """state=absent detaches from users and roles too, but never from a protected one."""
    for user in entities["users"]:
        reason = protection.user_reason(user)
        if reason:
            raise InputError("state", "the policy is attached to user %s, which is protected (%s)" % (user, reason))
    for role in entities["roles"]:
        reason = protection.role_reason(role)
        if reason:
            raise InputError("state", "the policy is attached to role %s, which is protected (%s)" % (role, reason))


def write_present(client, before, after, pruned, description):
    arn = after["arn"]
    if before is None:
        _iam_mfa_policy.create_policy(client, after["name"], after["path"], after["document"], description)
    elif after["default_version_id"] != before["default_version_id"]:
        if pruned:
            _iam_mfa_policy.delete_version(client, arn, pruned)
        _iam_mfa_policy.create_default_version(client, arn, after["document"])
    old_groups = set(before["attached_groups"]) if before else set()
    on_policy = _iam.settled if before is None else _iam.direct  # a new policy may not be visible yet
    for group in sorted(set(after["attached_groups"]) - old_groups):
        on_policy(_iam_group.attach_policy, client, group, arn)
    for group in sorted(old_groups - set(after["attached_groups"])):
        _iam_group.detach_policy(client, group, arn)


def write_absent(client, before, versions, entities):
    arn = before["arn"]
    for group in entities["groups"]:
        _iam_group.detach_policy(client, group, arn)
    for user in entities["users"]:
        _iam_mfa_policy.detach_from_user(client, user, arn)
    for role in entities["roles"]:
        _iam_mfa_policy.detach_from_role(client, role, arn)
    for version in versions:
        if not version.get("IsDefaultVersion"):
            _iam_mfa_policy.delete_version(client, arn, version["VersionId"])
    _iam_mfa_policy.delete_policy(client, arn)


def ensure_policy(client, check_mode, params, caller):
    """Returns (changed, before, after, pruned version id, warnings, members at risk); writes
    only outside check mode."""
    partition, now = caller["partition"], _time.iso(datetime.datetime.now(_time.UTC))
    protection = _caller.Protection(caller, params["protected_principals"])
    arn = _mfa_policy.policy_arn(partition, caller["account_id"], params["name"], params["path"])
    document = _mfa_policy.document(partition, params["allow_change_password_without_mfa"], params["extra_not_actions"])
    before, versions, entities = read_policy(client, arn, params["name"], params["path"])
    after = desired(before, versions, params, arn, document, partition)
    pruned, warnings, at_risk = None, [], []
    if after is None:
        if before is not None:
            check_detachments(entities, protection)
    else:
        kept = sorted(set(after["attached_groups"]) & set(before["attached_groups"] if before else []))
        new_groups = sorted(set(after["attached_groups"]) - set(kept))
        warnings = check_new_attachments(client, new_groups, protection, params, check_mode, now)
        at_risk = recheck_attachments(client, kept, protection, params, now)
        if before is not None and after["default_version_id"] != before["default_version_id"]:
            pruned = _mfa_policy.version_to_prune(versions)
    changed = before != after
    if changed and not check_mode:
        if after is None:
            write_absent(client, before, versions, entities)
        else:
            write_present(client, before, after, pruned, _mfa_policy.DESCRIPTION)
    return changed, before, after, pruned, warnings, at_risk


def main():
    argument_spec = dict(
        name=dict(type="str", default=_mfa_policy.DEFAULT_NAME),
        path=dict(type="str", default="/"),
        allow_change_password_without_mfa=dict(type="bool", default=False, no_log=False),
        extra_not_actions=dict(type="list", elements="str", default=[]),
        groups=dict(type="list", elements="str"),
        purge_attachments=dict(type="bool", default=False),
        allow_key_only_members=dict(type="bool", default=False, no_log=False),
        key_use_window_days=dict(type="int", default=_lockout.DEFAULT_KEY_USE_WINDOW_DAYS, no_log=False),
        protected_principals=dict(type="list", elements="str", default=[]),
        state=dict(type="str", choices=["present", "absent"], default="present"),
    )
    module = BaselineModule(argument_spec=argument_spec, supports_check_mode=True)
    try:
        _mfa_policy.validate(module.params)  # before any AWS call
        caller = _caller.current_caller(module.client("sts"))
        changed, before, after, pruned, warnings, at_risk = ensure_policy(module.client("iam"), module.check_mode, module.params, caller)
    except InputError as e:  # bad options, or an attachment the account's state forbids (found by reads)
        module.fail_input(e)
    except AWS_ERRORS as e:
        module.fail_aws(e, "manage the force-MFA policy %s" % module.params["name"])

    for warning in warnings:
        module.warn(warning)
    for risk in at_risk:
        module.warn("group %s carries the force-MFA policy, but member %s %s" % (risk["group"], risk["member"], risk["reason"]))
    module.exit_json(changed=changed, policy=after or {}, pruned_version=pruned, members_at_risk=at_risk, diff=make_diff(before, after))


if __name__ == "__main__":
    main()
