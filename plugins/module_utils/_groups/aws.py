# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM calls for groups, their policies and members, and the users they hold.

"Not found" is None; every other AWS error is raised (the module turns it into a failure).
Retries with back-off come from the client's configuration (see _module.client_config).
"""

from __future__ import annotations

from .._core.errors import AWS_ERRORS, is_not_found
from .._core.iam import get_or_none
from .._core.pages import items
from .._policy import document as _policy

# Reads


def get_group(client, name):
    """{"group": Group, "users": [User]} or None (all pages of GetGroup)."""
    try:
        pages = client.get_paginator("get_group").paginate(GroupName=name).build_full_result()
    except AWS_ERRORS as e:
        if is_not_found(e):
            return None
        raise
    return {"group": pages["Group"], "users": pages.get("Users", [])}


def attached_policy_arns(client, group):
    return sorted(p["PolicyArn"] for p in items(client, "list_attached_group_policies", "AttachedPolicies", GroupName=group))


def inline_policies(client, group):
    """{policy name: document dict} of the group's inline policies."""
    names = items(client, "list_group_policies", "PolicyNames", GroupName=group)
    return {name: _policy.load(client.get_group_policy(GroupName=group, PolicyName=name)["PolicyDocument"]) for name in names}


def get_policy(client, arn):
    return get_or_none(client.get_policy, "Policy", PolicyArn=arn)


def policy_document(client, arn):
    """The default version's document of a managed policy (AWS or customer managed), or None."""
    policy = get_policy(client, arn)
    if policy is None:
        return None
    version = client.get_policy_version(PolicyArn=arn, VersionId=policy["DefaultVersionId"])["PolicyVersion"]
    return _policy.load(version["Document"])


# Writes


def create_group(client, name, path):
    client.create_group(GroupName=name, Path=path)


def update_group_path(client, name, path):
    client.update_group(GroupName=name, NewPath=path)


def delete_group(client, name):
    client.delete_group(GroupName=name)


def attach_policy(client, group, arn):
    client.attach_group_policy(GroupName=group, PolicyArn=arn)


def detach_policy(client, group, arn):
    client.detach_group_policy(GroupName=group, PolicyArn=arn)


def put_inline_policy(client, group, name, document):
    client.put_group_policy(GroupName=group, PolicyName=name, PolicyDocument=_policy.dumps(document))


def delete_inline_policy(client, group, name):
    client.delete_group_policy(GroupName=group, PolicyName=name)


def add_member(client, group, user):
    client.add_user_to_group(GroupName=group, UserName=user)


def remove_member(client, group, user):
    client.remove_user_from_group(GroupName=group, UserName=user)
