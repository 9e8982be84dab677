# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The force-MFA policy as data (pure): the document, its safety checks, option validation.

The document follows AWS' documented pattern "manage your own MFA; deny everything else without
MFA": users may list, create, enable and resync their own MFA device and call
sts:GetSessionToken; every other action is denied unless the request was authenticated with MFA
(`BoolIfExists aws:MultiFactorAuthPresent = false`, which is also true for long-term access keys,
whose requests carry no MFA key at all).

`document()` is used by the module that writes the policy and by the MFA.POLICY_DRIFT evaluator,
so apply and verify compare against exactly the same document.
"""

from __future__ import annotations

import fnmatch
import re

from .._core.errors import InputError
from .._policy import document as _policy
from . import lockout as _lockout

DEFAULT_NAME = "BaselineRequireMFA"
DESCRIPTION = "Deny everything except MFA self-service unless signed in with MFA (managed by baseline.iam)"
MAX_VERSIONS = 5

# What a user without MFA must still be able to do to enrol a device and then use it.
SELF_ENROLMENT = (
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
)
# Read by the console's MFA page before enrolment.
NO_MFA_READS = ("iam:GetUser",)
PASSWORD_ACTIONS = ("iam:ChangePassword", "iam:GetAccountPasswordPolicy")
# Without MFA these would let someone holding only a password remove the user's MFA.
NEED_MFA = ("iam:DeleteVirtualMFADevice", "iam:DeactivateMFADevice")

MFA_KEY = "aws:multifactorauthpresent"
ACTION_PATTERN = re.compile(r"^[a-zA-Z0-9-]+:[a-zA-Z0-9*?]+$")


def _own_user(partition):
    return "arn:%s:iam::*:user/${aws:username}" % partition


def document(partition="aws", allow_change_password_without_mfa=False, extra_not_actions=()):
    """The force-MFA policy document for a partition and the family options."""
    own_user = _own_user(partition)
    list_actions = ["iam:ListVirtualMFADevices"]
    own_user_actions = ["iam:EnableMFADevice", "iam:GetMFADevice", "iam:GetUser", "iam:ListMFADevices", "iam:ResyncMFADevice"]
    exempt = list(SELF_ENROLMENT) + list(NO_MFA_READS)
    if allow_change_password_without_mfa:
        list_actions.append("iam:GetAccountPasswordPolicy")
        own_user_actions.append("iam:ChangePassword")
        exempt += list(PASSWORD_ACTIONS)
    exempt += [a for a in extra_not_actions or () if a not in exempt]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "AllowListVirtualMFADevices", "Effect": "Allow", "Action": list_actions, "Resource": "*"},
            {
                "Sid": "AllowCreateOwnVirtualMFADevice",
                "Effect": "Allow",
                "Action": "iam:CreateVirtualMFADevice",
                "Resource": "arn:%s:iam::*:mfa/*" % partition,
            },
            {"Sid": "AllowManageOwnMFA", "Effect": "Allow", "Action": own_user_actions, "Resource": own_user},
            {
                "Sid": "AllowDeactivateOwnMFAOnlyWithMFA",
                "Effect": "Allow",
                "Action": "iam:DeactivateMFADevice",
                "Resource": own_user,
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            },
            {"Sid": "AllowGetSessionToken", "Effect": "Allow", "Action": "sts:GetSessionToken", "Resource": "*"},
            {
                "Sid": "DenyAllExceptMFASelfServiceWithoutMFA",
                "Effect": "Deny",
                "NotAction": exempt,
                "Resource": "*",
                "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
            },
        ],
    }


def action_matches(pattern, action):
    """IAM action matching: case-insensitive, `*` and `?` wildcards."""
    return fnmatch.fnmatchcase(action.lower(), str(pattern).lower())


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _condition_keys(statement):
    """{operator: {lower-cased key: [values as lower-cased text]}} of a statement."""
    result = {}
    for operator, block in (statement.get("Condition") or {}).items():
        if isinstance(block, dict):
            result[operator] = {k.lower(): [str(v).lower() for v in _as_list(vs)] for k, vs in block.items()}
    return result


def is_mfa_deny(statement):
    """A Deny with NotAction on every resource, applied when MFA is absent or false."""
    if statement.get("Effect") != "Deny" or "NotAction" not in statement:
        return False
    if "*" not in _as_list(statement.get("Resource")):
        return False
    conditions = _condition_keys(statement)
    if set(conditions) != {"BoolIfExists"} or set(conditions["BoolIfExists"]) != {MFA_KEY}:
        return False
    return conditions["BoolIfExists"][MFA_KEY] == ["false"]


def _allowed_without_mfa(statements, action):
    for statement in statements:
        if statement.get("Effect") != "Allow" or statement.get("Condition"):
            continue
        if any(action_matches(p, action) for p in _as_list(statement.get("Action", []))):
            return True
    return False


def _exempt(deny, action):
    return any(action_matches(p, action) for p in _as_list(deny["NotAction"]))


def safety_problem(doc):
    """Why a force-MFA document is unsafe (locks users out, or lets a password remove MFA), or None."""
    statements = _policy.statements(doc)
    denies = [s for s in statements if is_mfa_deny(s)]
    if len(denies) != 1:
        return "the document needs exactly one Deny with NotAction on Resource '*' and BoolIfExists aws:MultiFactorAuthPresent false"
    deny = denies[0]
    lacking = [a for a in SELF_ENROLMENT if not (_allowed_without_mfa(statements, a) and _exempt(deny, a))]
    if lacking:
        return "users without MFA could not enrol a device: %s must be allowed and exempt from the deny" % ", ".join(lacking)
    unsafe = [a for a in NEED_MFA if _exempt(deny, a) or _allowed_without_mfa(statements, a)]
    if unsafe:
        return "%s would be allowed without MFA (someone holding only a password could remove the MFA device)" % ", ".join(unsafe)
    return None


def validate(params):
    """Raises InputError for the first invalid module option (before any AWS call)."""
    name = params.get("name") or ""
    if not re.match(r"^[\w+=,.@-]{1,128}$", name):
        raise InputError("name", "must be 1-128 letters, digits or +=,.@-_ characters, got %r" % name)
    path = params.get("path") or "/"
    if not re.match(r"^/([\x21-\x7e]*/)?$", path) or len(path) > 512:
        raise InputError("path", "must start and end with '/' and contain only printable ASCII, got %r" % path)
    for action in params.get("extra_not_actions") or []:
        if not ACTION_PATTERN.match(str(action)):
            raise InputError("extra_not_actions", "%r is not an action like 'service:Action' (wildcards * and ? allowed)" % action)
    for group in params.get("groups") or []:
        if not re.match(r"^[\w+=,.@-]{1,128}$", str(group)):
            raise InputError("groups", "%r is not a valid group name" % group)
    problem = _lockout.window_problem(params.get("key_use_window_days", _lockout.DEFAULT_KEY_USE_WINDOW_DAYS))
    if problem:
        raise InputError("key_use_window_days", problem)
    doc = document("aws", params.get("allow_change_password_without_mfa"), params.get("extra_not_actions"))
    problem = safety_problem(doc)
    if problem:
        raise InputError("extra_not_actions", problem)


def policy_arn(partition, account_id, name, path="/"):
    return "arn:%s:iam::%s:policy%s%s" % (partition, account_id, path, name)


def version_number(version_id):
    """'v12' -> 12 (0 for anything else)."""
    match = re.match(r"^v(\d+)$", str(version_id or ""))
    return int(match.group(1)) if match else 0


def next_version_id(versions):
    return "v%d" % (max([version_number(v["VersionId"]) for v in versions] or [0]) + 1)


def version_to_prune(versions):
    """The oldest non-default version when the policy is at IAM's version limit, else None."""
    if len(versions) < MAX_VERSIONS:
        return None
    candidates = [v for v in versions if not v.get("IsDefaultVersion")]
    # IAM numbers versions in creation order (v1, v2, ...), so the lowest number is the oldest.
    candidates.sort(key=lambda v: version_number(v["VersionId"]))
    return candidates[0]["VersionId"] if candidates else None
