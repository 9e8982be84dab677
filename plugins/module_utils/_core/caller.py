# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who is calling, and which principals a run must never modify (DESIGN §8.1).

`caller_from_identity` and `Protection` are pure; `current_caller` makes the two reads
(sts:GetCallerIdentity and the client's own credentials).
"""

from __future__ import annotations

import fnmatch

from . import arn as _arn


def caller_from_identity(identity, access_key_id=None):
    """A caller dict from sts:GetCallerIdentity's answer.

    kind is user, role (an assumed role; `name` is the role name), root, federated or other.
    The path of an assumed role is not in its session ARN, so roles are matched by name.
    """
    arn = identity["Arn"]
    parsed = _arn.parse(arn) or {"partition": "aws", "resource": "", "account_id": identity.get("Account")}
    resource = parsed["resource"]
    kind, name = "other", None
    if parsed.get("service") == "iam" and resource == "root":
        kind = "root"
    elif resource.startswith("user/"):
        kind, name = "user", resource.rsplit("/", 1)[-1]
    elif resource.startswith("assumed-role/"):
        kind, name = "role", resource.split("/")[1]
    elif resource.startswith("federated-user/"):
        kind, name = "federated", resource.split("/", 1)[1]
    return {
        "arn": arn,
        "account_id": identity.get("Account") or parsed["account_id"],
        "partition": parsed["partition"],
        "kind": kind,
        "name": name,
        "access_key_id": access_key_id,
    }


def _matches(pattern, name, arn):
    if pattern.startswith("arn:"):
        return bool(arn) and fnmatch.fnmatchcase(arn, pattern)
    # IAM names are unique regardless of case, so plain names match case-insensitively.
    return bool(name) and fnmatch.fnmatchcase(name.lower(), pattern.lower())


class Protection:
    """Decides whether a user, role or access key is off limits for this run.

    The caller is always protected; `patterns` are iam_baseline_protected_principals entries
    (ARN globs, or plain user/role name globs).
    """

    def __init__(self, caller, patterns=()):
        self.caller = caller or {}
        self.patterns = [p for p in (patterns or []) if p]

    def _pattern_reason(self, name, arn):
        for pattern in self.patterns:
            if _matches(pattern, name, arn):
                return "it matches protected principal '%s'" % pattern
        return None

    def user_reason(self, name, arn=None):
        """Why the user must not be modified, or None."""
        if self.caller.get("kind") == "user" and (self.caller.get("name") or "").lower() == (name or "").lower():
            return "it is the caller of this run"
        return self._pattern_reason(name, arn)

    def role_reason(self, name, arn=None):
        """Why the role must not be modified (its trust included), or None."""
        if self.caller.get("kind") == "role" and (self.caller.get("name") or "").lower() == (name or "").lower():
            return "it is the role this run came in through"
        return self._pattern_reason(name, arn)

    def key_reason(self, access_key_id):
        """Why the access key must not be acted on, or None."""
        if access_key_id and access_key_id == self.caller.get("access_key_id"):
            return "it signs the current session"
        return None


def client_access_key_id(client):
    """The access key id that signs the client's requests (None if it cannot be told)."""
    try:
        # botocore keeps the resolved credentials on the request signer; there is no public getter.
        credentials = client._request_signer._credentials  # pylint: disable=protected-access
        return credentials.get_frozen_credentials().access_key if credentials else None
    except AttributeError:
        return None


def current_caller(sts_client):
    """The caller of this run: one sts:GetCallerIdentity call (not a mutating call)."""
    identity = sts_client.get_caller_identity()
    return caller_from_identity(identity, client_access_key_id(sts_client))
