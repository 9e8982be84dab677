# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A role as baseline.iam.role_trust manages it (pure): the fields of GetRole it reads, the role
after the task, and whether this run may change it at all."""

from __future__ import annotations

from .._policy import document as _policy
from . import analysis as _trust

DEFAULT_SESSION_SECONDS = 3600


def role_view(role):
    """The managed fields of a GetRole answer."""
    if role is None:
        return None
    return {
        "name": role["RoleName"],
        "arn": role["Arn"],
        "path": role.get("Path", "/"),
        "trust_policy": _policy.load(role["AssumeRolePolicyDocument"]),
        "max_session_duration": role.get("MaxSessionDuration", DEFAULT_SESSION_SECONDS),
    }


def refusal(name, role, arn, protection):
    """Why this run must not change (or create) the role, or None."""
    if role is not None and _trust.is_aws_managed(role):
        return "it is an AWS-managed role (path %s); AWS manages its trust" % role["Path"]
    return protection.role_reason(name, arn)


def desired_view(before, name, arn, trust_policy, duration, partition):
    """The role after the change: the current one with the requested trust and duration on top."""
    if before is None:
        return {
            "name": name,
            "arn": arn,
            "path": "/",
            "trust_policy": trust_policy,
            "max_session_duration": duration or DEFAULT_SESSION_SECONDS,
        }
    after = dict(before)
    if trust_policy is not None and not _policy.equal(before["trust_policy"], trust_policy, partition):
        after["trust_policy"] = trust_policy
    if duration is not None:
        after["max_session_duration"] = duration
    return after
