# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM calls about one user's credentials: login profile, access keys, MFA devices.

"Not found" is None (or False / empty); every other AWS error is raised.
"""

from __future__ import annotations

from . import dates as _time
from .iam import get_or_none


def get_user(client, name):
    return get_or_none(client.get_user, "User", UserName=name)


def login_profile(client, user):
    """GetLoginProfile's LoginProfile (CreateDate: when the console password was created), or None."""
    return get_or_none(client.get_login_profile, "LoginProfile", UserName=user)


def has_login_profile(client, user):
    return login_profile(client, user) is not None


def list_access_keys(client, user):
    """The user's keys: [{"access_key_id", "status", "created"}] (created as ISO)."""
    keys = []
    for page in client.get_paginator("list_access_keys").paginate(UserName=user):
        for k in page["AccessKeyMetadata"]:
            keys.append({"access_key_id": k["AccessKeyId"], "status": k["Status"], "created": _time.iso(k["CreateDate"])})
    return keys


def last_used(client, access_key_id):
    """When the key was last used (ISO), or None if never."""
    answer = client.get_access_key_last_used(AccessKeyId=access_key_id)
    return _time.iso(answer.get("AccessKeyLastUsed", {}).get("LastUsedDate"))


def mfa_devices(client, user):
    return get_or_none(client.list_mfa_devices, "MFADevices", UserName=user) or []


def delete_login_profile(client, user):
    """Removes the user's console password (never its access keys)."""
    client.delete_login_profile(UserName=user)
