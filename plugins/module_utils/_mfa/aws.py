# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM calls for a customer managed policy: versions and the entities it is attached to.

"Not found" is None; every other AWS error is raised. Group membership reads are in _iam_group.
Also what a force-MFA deny would do to a user (`member`, for _mfa/lockout.py).
"""

from __future__ import annotations

from .._core import iam_users as _iam_users
from .._core.pages import full_result, items
from .._policy import document as _policy


def find_local_policy(client, name):
    """The customer managed policy called `name` under any path, or None."""
    for policy in items(client, "list_policies", "Policies", Scope="Local"):
        if policy["PolicyName"] == name:
            return policy
    return None


def versions(client, arn):
    return items(client, "list_policy_versions", "Versions", PolicyArn=arn)


def version_document(client, arn, version_id):
    return _policy.load(client.get_policy_version(PolicyArn=arn, VersionId=version_id)["PolicyVersion"]["Document"])


def entities(client, arn):
    """{"groups": [name], "users": [name], "roles": [name]} the policy is attached to."""
    pages = full_result(client, "list_entities_for_policy", PolicyArn=arn)
    return {
        "groups": sorted(g["GroupName"] for g in pages.get("PolicyGroups", [])),
        "users": sorted(u["UserName"] for u in pages.get("PolicyUsers", [])),
        "roles": sorted(r["RoleName"] for r in pages.get("PolicyRoles", [])),
    }


def create_policy(client, name, path, document, description):
    return client.create_policy(PolicyName=name, Path=path, PolicyDocument=_policy.dumps(document), Description=description)["Policy"]


def create_default_version(client, arn, document):
    return client.create_policy_version(PolicyArn=arn, PolicyDocument=_policy.dumps(document), SetAsDefault=True)["PolicyVersion"]


def delete_version(client, arn, version_id):
    client.delete_policy_version(PolicyArn=arn, VersionId=version_id)


def delete_policy(client, arn):
    client.delete_policy(PolicyArn=arn)


def detach_from_user(client, user, arn):
    client.detach_user_policy(UserName=user, PolicyArn=arn)


def detach_from_role(client, role, arn):
    client.detach_role_policy(RoleName=role, PolicyArn=arn)


def member(client, name, arn, with_credentials=True):
    """A group member as _mfa/lockout.py judges it: its console password and its active keys
    with their last use. with_credentials=False makes no call (when key users are allowed, only
    the caller and protected principals can be refused, which needs no read)."""
    if not with_credentials:
        return {"name": name, "arn": arn, "console": None, "keys": []}
    keys = [k for k in _iam_users.list_access_keys(client, name) if k["status"] == "Active"]
    for key in keys:
        key["last_used"] = _iam_users.last_used(client, key["access_key_id"])
    return {"name": name, "arn": arn, "console": _iam_users.has_login_profile(client, name), "keys": keys}
