# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM Identity Center calls (sso-admin, identitystore) for permission sets and their assignments.

"Not found" is None; every other AWS error is raised (the module turns it into a failure).
Retries with back-off come from the client's configuration (_core/module.client_config).
"""

from __future__ import annotations

from .._core.errors import AWS_ERRORS, is_not_found
from .._core.iam import get_or_none
from .._policy import document as _policy
from . import model as _model


def _pages(client, operation, key, **arguments):
    return client.get_paginator(operation).paginate(**arguments).build_full_result().get(key, [])


# The instance ----------------------------------------------------------------------------------


def instances(sso):
    """[{"InstanceArn", "IdentityStoreId", ...}] of the organization (at most one)."""
    return _pages(sso, "list_instances", "Instances")


# Reading a permission set ----------------------------------------------------------------------


def permission_sets_of(sso, instance_arn):
    """{name: DescribePermissionSet's PermissionSet} of every permission set of the instance."""
    described = (
        describe(sso, instance_arn, arn) for arn in _pages(sso, "list_permission_sets", "PermissionSets", InstanceArn=instance_arn)
    )
    return {d["Name"]: d for d in described}


def describe(sso, instance_arn, arn):
    return sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)["PermissionSet"]


def managed_policy_arns(sso, instance_arn, arn):
    policies = _pages(
        sso, "list_managed_policies_in_permission_set", "AttachedManagedPolicies", InstanceArn=instance_arn, PermissionSetArn=arn
    )
    return sorted(p["Arn"] for p in policies)


def customer_managed_policies(sso, instance_arn, arn):
    references = _pages(
        sso, "list_customer_managed_policy_references_in_permission_set", "CustomerManagedPolicyReferences",
        InstanceArn=instance_arn, PermissionSetArn=arn,
    )  # fmt: skip
    return sorted(({"name": r["Name"], "path": r.get("Path") or "/"} for r in references), key=lambda r: (r["path"], r["name"]))


def inline_policy(sso, instance_arn, arn):
    """The inline policy document, or None (AWS leaves InlinePolicy out when there is none)."""
    text = sso.get_inline_policy_for_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn).get("InlinePolicy")
    return _policy.load(text) if text else None


def permissions_boundary(sso, instance_arn, arn):
    """{} when there is none, {"managed_policy_arn"} or {"name", "path"}."""
    answer = get_or_none(
        sso.get_permissions_boundary_for_permission_set, "PermissionsBoundary", InstanceArn=instance_arn, PermissionSetArn=arn
    )
    if not answer:
        return {}
    if answer.get("ManagedPolicyArn"):
        return {"managed_policy_arn": answer["ManagedPolicyArn"]}
    reference = answer.get("CustomerManagedPolicyReference") or {}
    return {"name": reference.get("Name"), "path": reference.get("Path") or "/"}


def tags(sso, instance_arn, arn):
    return {t["Key"]: t["Value"] for t in _pages(sso, "list_tags_for_resource", "Tags", InstanceArn=instance_arn, ResourceArn=arn)}


def read_permission_set(sso, instance_arn, described, with_boundary=False, with_tags=False):
    """The state of model.py (without assignments) of a permission set (DescribePermissionSet's answer)."""
    arn = described["PermissionSetArn"]
    state = {
        "name": described["Name"],
        "arn": arn,
        "description": described.get("Description"),
        "session_duration": described.get("SessionDuration") or _model.DEFAULT_SESSION,
        "managed_policies": managed_policy_arns(sso, instance_arn, arn),
        "customer_managed_policies": customer_managed_policies(sso, instance_arn, arn),
        "inline_policy": inline_policy(sso, instance_arn, arn),
    }
    if with_boundary:
        state["permissions_boundary"] = permissions_boundary(sso, instance_arn, arn)
    if with_tags:
        state["tags"] = tags(sso, instance_arn, arn)
    return state


# Assignments -----------------------------------------------------------------------------------


def provisioned_accounts(sso, instance_arn, arn):
    return sorted(_pages(sso, "list_accounts_for_provisioned_permission_set", "AccountIds", InstanceArn=instance_arn, PermissionSetArn=arn))


def account_assignments(sso, instance_arn, arn, account_id):
    return _pages(
        sso, "list_account_assignments", "AccountAssignments", InstanceArn=instance_arn, AccountId=account_id, PermissionSetArn=arn
    )


def assignments(sso, instance_arn, arn):
    """[{"account_id", "principal_type", "principal_id"}] of a permission set, in every account it is
    provisioned to (AWS provisions it to each account it is assigned in)."""
    found = []
    for account_id in provisioned_accounts(sso, instance_arn, arn):
        for item in account_assignments(sso, instance_arn, arn, account_id):
            found.append({"account_id": item["AccountId"], "principal_type": item["PrincipalType"], "principal_id": item["PrincipalId"]})
    return found


def read_instance(sso, identitystore, extras=None):
    """The organization snapshot's `identity_center`: the instance and every permission set with
    its assignments (principals named); `extras`: {permission set name: (read the boundary, read
    the tags)} for the declared ones that declare them."""
    found = instances(sso)
    if not found:
        return {"instance_arn": None, "identity_store_id": None, "permission_sets": []}
    instance_arn, store_id = found[0]["InstanceArn"], found[0].get("IdentityStoreId")
    names, permission_sets = {}, []  # names: one identity-store read per principal
    for name, described in sorted(permission_sets_of(sso, instance_arn).items()):
        with_boundary, with_tags = (extras or {}).get(name, (False, False))
        state = read_permission_set(sso, instance_arn, described, with_boundary, with_tags)
        state["assignments"] = named(identitystore, store_id, assignments(sso, instance_arn, state["arn"]), names)
        permission_sets.append(state)
    return {"instance_arn": instance_arn, "identity_store_id": store_id, "permission_sets": permission_sets}


# The identity store ----------------------------------------------------------------------------

PRINCIPAL_ATTRIBUTES = {"GROUP": "DisplayName", "USER": "UserName"}


def principal_id(identitystore, store_id, principal_type, name):
    """The id of a group (by display name) or a user (by user name), or None when there is none."""
    attribute = {"UniqueAttribute": {"AttributePath": PRINCIPAL_ATTRIBUTES[principal_type], "AttributeValue": name}}
    call = identitystore.get_group_id if principal_type == "GROUP" else identitystore.get_user_id
    return get_or_none(call, "GroupId" if principal_type == "GROUP" else "UserId", IdentityStoreId=store_id, AlternateIdentifier=attribute)


def principal_name(identitystore, store_id, principal_type, principal_id_):
    """The display name of a group or the user name of a user, or None when it is gone."""
    try:
        if principal_type == "GROUP":
            return identitystore.describe_group(IdentityStoreId=store_id, GroupId=principal_id_).get("DisplayName")
        return identitystore.describe_user(IdentityStoreId=store_id, UserId=principal_id_).get("UserName")
    except AWS_ERRORS as e:
        if is_not_found(e):
            return None
        raise


def named(identitystore, store_id, found, names=None):
    """The assignments with "principal" (group display name or user name; the id when the
    principal is gone), one identity-store read per principal (`names` caches them)."""
    names = {} if names is None else names
    for assignment in found:
        key = (assignment["principal_type"], assignment["principal_id"])
        if key not in names:
            names[key] = principal_name(identitystore, store_id, *key) or assignment["principal_id"]
        assignment["principal"] = names[key]
    return found


# Writes ----------------------------------------------------------------------------------------


def create(sso, instance_arn, state):
    arguments = {"InstanceArn": instance_arn, "Name": state["name"], "SessionDuration": state["session_duration"]}
    if state.get("description"):
        arguments["Description"] = state["description"]
    if state.get("tags"):
        arguments["Tags"] = [{"Key": k, "Value": v} for k, v in sorted(state["tags"].items())]
    return sso.create_permission_set(**arguments)["PermissionSet"]["PermissionSetArn"]


def update(sso, instance_arn, arn, state):
    arguments = {"InstanceArn": instance_arn, "PermissionSetArn": arn, "SessionDuration": state["session_duration"]}
    if state.get("description"):
        arguments["Description"] = state["description"]
    sso.update_permission_set(**arguments)


def delete(sso, instance_arn, arn):
    sso.delete_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)


def attach_managed(sso, instance_arn, arn, policy_arn):
    sso.attach_managed_policy_to_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn, ManagedPolicyArn=policy_arn)


def detach_managed(sso, instance_arn, arn, policy_arn):
    sso.detach_managed_policy_from_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn, ManagedPolicyArn=policy_arn)


def _reference(reference):
    return {"Name": reference["name"], "Path": reference["path"]}


def attach_customer_managed(sso, instance_arn, arn, reference):
    sso.attach_customer_managed_policy_reference_to_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=arn, CustomerManagedPolicyReference=_reference(reference)
    )


def detach_customer_managed(sso, instance_arn, arn, reference):
    sso.detach_customer_managed_policy_reference_from_permission_set(
        InstanceArn=instance_arn, PermissionSetArn=arn, CustomerManagedPolicyReference=_reference(reference)
    )


def put_inline_policy(sso, instance_arn, arn, document):
    sso.put_inline_policy_to_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn, InlinePolicy=_policy.dumps(document))


def delete_inline_policy(sso, instance_arn, arn):
    sso.delete_inline_policy_from_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)


def put_permissions_boundary(sso, instance_arn, arn, boundary):
    value = (
        {"ManagedPolicyArn": boundary["managed_policy_arn"]}
        if "managed_policy_arn" in boundary
        else {"CustomerManagedPolicyReference": _reference(boundary)}
    )
    sso.put_permissions_boundary_to_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn, PermissionsBoundary=value)


def delete_permissions_boundary(sso, instance_arn, arn):
    sso.delete_permissions_boundary_from_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)


def tag(sso, instance_arn, arn, new_tags):
    sso.tag_resource(InstanceArn=instance_arn, ResourceArn=arn, Tags=[{"Key": k, "Value": v} for k, v in sorted(new_tags.items())])


# Reads for checking references before any write ------------------------------------------------


def aws_managed_policy_exists(iam, policy_arn):
    return get_or_none(iam.get_policy, "Policy", PolicyArn=policy_arn) is not None


def organization_account_ids(organizations):
    """Ids of the organization's ACTIVE accounts (State, falling back to the older Status)."""
    accounts = _pages(organizations, "list_accounts", "Accounts")
    return {a["Id"] for a in accounts if (a.get("State") or a.get("Status")) == "ACTIVE"}
