# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One baseline.iam.permission_set task: read, plan, then write only the difference.

Everything that can be wrong with the input is found before the first write: the options
(model.py, assignments.py, before any call), then by reads - the instance, AWS managed policies
that do not exist, principals the identity store does not have, accounts outside the
organization, an administrator permission set assigned to a user.
"""

from __future__ import annotations

from .._core import arn as _arn
from .._core.errors import InputError
from . import assignments as _assignments
from . import aws as _aws
from . import model as _model
from . import provisioning as _provisioning

# What a change of these needs: the permission set provisioned again to its accounts.
PROVISIONED_KEYS = ("session_duration", "managed_policies", "customer_managed_policies", "inline_policy", "permissions_boundary")


class Clients:
    """The clients a task may need; each is made on first use (`make(service)`)."""

    def __init__(self, make):
        self._make, self._made = make, {}

    def __getattr__(self, service):
        if service.startswith("_"):
            raise AttributeError(service)
        if service not in self._made:
            self._made[service] = self._make({"sso": "sso-admin"}.get(service, service))
        return self._made[service]


def find_instance(sso, instance_arn=None):
    """(instance ARN, identity store id) of the organization's Identity Center instance."""
    found = _aws.instances(sso)
    for instance in found:
        if instance_arn in (None, instance["InstanceArn"]):
            return instance["InstanceArn"], instance.get("IdentityStoreId")
    if instance_arn:
        raise InputError("instance_arn", "%s is not an IAM Identity Center instance of this organization" % instance_arn)
    raise InputError("instance_arn", "IAM Identity Center is not enabled here: run from the management or delegated administrator account")


def _declared_assignments(clients, store_id, params):
    """The declared assignments with their principal ids; InputError for an unknown principal or an
    account outside the organization."""
    ids, declared, organization = {}, [], None
    for index, item in _assignments.items(params):
        key = (item["principal_type"], item["principal"])
        if key not in ids:
            ids[key] = _aws.principal_id(clients.identitystore, store_id, *key)
        if ids[key] is None:
            kind = "group" if item["principal_type"] == "GROUP" else "user"
            raise InputError("assignments[%d].principal" % index, "the identity store has no %s %s" % (kind, item["principal"]))
        if organization is None:
            organization = _aws.organization_account_ids(clients.organizations)
        if item["account_id"] not in organization:
            raise InputError(
                "assignments[%d].accounts" % index, "account %s is not an active account of the organization" % item["account_id"]
            )
        declared.append(dict(item, principal_id=ids[key]))
    return declared


def _check_policies_exist(iam, before, after):
    wanted = set(after["managed_policies"]) - set((before or {}).get("managed_policies") or [])
    boundary = (after.get("permissions_boundary") or {}).get("managed_policy_arn")
    for policy_arn in sorted(wanted):
        if not _aws.aws_managed_policy_exists(iam, policy_arn):
            raise InputError("managed_policies", "AWS managed policy %s does not exist" % policy_arn)
    if boundary and not _aws.aws_managed_policy_exists(iam, boundary):
        raise InputError("permissions_boundary", "AWS managed policy %s does not exist" % boundary)


def manages_assignments(params):
    return bool(params.get("assignments")) or bool(params.get("purge_assignments"))


def plan(clients, params, inline_document):
    """{"instance_arn", "before", "after", "to_create", "to_delete"}; reads only."""
    instance_arn, store_id = find_instance(clients.sso, params.get("instance_arn"))
    partition = _arn.partition_of(instance_arn)
    described = _aws.permission_sets_of(clients.sso, instance_arn).get(params["name"])
    arn = described["PermissionSetArn"] if described else None
    read = dict(with_boundary=params.get("permissions_boundary") is not None, with_tags=params.get("tags") is not None)
    before = _aws.read_permission_set(clients.sso, instance_arn, described, **read) if described else None
    after = _model.desired(before, params, partition, inline_document)
    if after is not None:
        _check_policies_exist(clients.iam, before, after)
    found = {"instance_arn": instance_arn, "before": before, "after": after, "to_create": [], "to_delete": []}
    if after is None or manages_assignments(params):
        current = _aws.named(clients.identitystore, store_id, _aws.assignments(clients.sso, instance_arn, arn)) if arn else []
        if before is not None and (current or after is not None):
            before["assignments"] = [_assignments.view(a) for a in current]
        if after is None:  # the assignments go with the permission set
            found["to_delete"] = current
            return found
        if _model.grants_admin(after) and _assignments.admin_to_user_problem(params):
            raise InputError(*_assignments.admin_to_user_problem(params))
        declared = _declared_assignments(clients, store_id, params)
        kept, found["to_create"], found["to_delete"] = _assignments.plan(current, declared, params.get("purge_assignments"))
        after["assignments"] = [_assignments.view(a) for a in kept]
    return found


# Writes ----------------------------------------------------------------------------------------


def _write_policies(sso, instance_arn, arn, before, after):
    old = before or {"managed_policies": [], "customer_managed_policies": [], "inline_policy": None}
    for policy_arn in sorted(set(after["managed_policies"]) - set(old["managed_policies"])):
        _aws.attach_managed(sso, instance_arn, arn, policy_arn)
    for reference in after["customer_managed_policies"]:
        if reference not in old["customer_managed_policies"]:
            _aws.attach_customer_managed(sso, instance_arn, arn, reference)
    if after["inline_policy"] is not None and after["inline_policy"] != old["inline_policy"]:
        _aws.put_inline_policy(sso, instance_arn, arn, after["inline_policy"])
    elif after["inline_policy"] is None and old["inline_policy"] is not None:
        _aws.delete_inline_policy(sso, instance_arn, arn)
    for policy_arn in sorted(set(old["managed_policies"]) - set(after["managed_policies"])):
        _aws.detach_managed(sso, instance_arn, arn, policy_arn)
    for reference in old["customer_managed_policies"]:
        if reference not in after["customer_managed_policies"]:
            _aws.detach_customer_managed(sso, instance_arn, arn, reference)


def _write_extras(sso, instance_arn, arn, before, after):
    """The permissions boundary and tags, when the task declares them."""
    if "permissions_boundary" in after and after["permissions_boundary"] != (before or {}).get("permissions_boundary", {}):
        if after["permissions_boundary"]:
            _aws.put_permissions_boundary(sso, instance_arn, arn, after["permissions_boundary"])
        else:
            _aws.delete_permissions_boundary(sso, instance_arn, arn)
    if before is not None and "tags" in after:
        new_tags = {k: v for k, v in after["tags"].items() if (before.get("tags") or {}).get(k) != v}
        if new_tags:
            _aws.tag(sso, instance_arn, arn, new_tags)


def _needs_provisioning(before, after):
    return before is not None and any(before.get(k) != after.get(k) for k in PROVISIONED_KEYS)


def write(sso, found, timeout, **waiting):
    """Applies a plan; returns (permission set ARN, outcomes of the asynchronous requests)."""
    instance_arn, before, after = found["instance_arn"], found["before"], found["after"]
    outcomes = []
    if after is None:
        outcomes += _provisioning.unassign(sso, instance_arn, before["arn"], found["to_delete"], timeout, **waiting)
        if not _provisioning.failed(outcomes):
            _aws.delete(sso, instance_arn, before["arn"])
        return None, outcomes
    if before is None:
        arn = _aws.create(sso, instance_arn, after)
    else:
        arn = before["arn"]
        if (before["description"], before["session_duration"]) != (after["description"], after["session_duration"]):
            _aws.update(sso, instance_arn, arn, after)
    _write_policies(sso, instance_arn, arn, before, after)
    _write_extras(sso, instance_arn, arn, before, after)
    if _needs_provisioning(before, after):
        accounts = _aws.provisioned_accounts(sso, instance_arn, arn)
        outcomes += _provisioning.provision(sso, instance_arn, arn, accounts, timeout, **waiting)
    outcomes += _provisioning.assign(sso, instance_arn, arn, found["to_create"], timeout, **waiting)
    outcomes += _provisioning.unassign(sso, instance_arn, arn, found["to_delete"], timeout, **waiting)
    return arn, outcomes
