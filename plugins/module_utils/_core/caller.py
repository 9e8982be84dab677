# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who is calling, and which principals a run must never modify (DESIGN §8.1).

`caller_from_identity` and `Protection` are pure; `current_caller` makes the reads
(sts:GetCallerIdentity, the client's own credentials, and the long-term key the run started from).
"""

from __future__ import annotations

import fnmatch
import re

try:
    import botocore.exceptions
    import botocore.session
except ImportError:  # pragma: no cover - the module base reports the missing library
    botocore = None

from . import arn as _arn

LONG_TERM_KEY = re.compile(r"^AKIA[A-Z0-9]{16}$")
# Where a run's own long-term key can come from (botocore provider names): the environment and
# the shared credentials/config files. Never a provider that calls out (instance metadata,
# containers, SSO, processes): this is a local read.
STATIC_PROVIDERS = ("env", "shared-credentials-file", "config-file")


def caller_from_identity(identity, access_key_id=None, run_key_id=None):
    """A caller dict from sts:GetCallerIdentity's answer.

    kind is user, role (an assumed role; `name` is the role name), root, federated or other.
    The path of an assumed role is not in its session ARN, so roles are matched by name.
    `access_key_id` signs the module's calls; `run_key_id` is the long-term key the run started
    from when that is another key (a role session opened with it signs the calls).
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
        "run_key_id": run_key_id if run_key_id != access_key_id else None,
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
        if not access_key_id:
            return None
        if access_key_id == self.caller.get("access_key_id"):
            return "it signs the current session"
        if access_key_id == self.caller.get("run_key_id"):
            return "it is the long-term key the run's credentials come from (the role session this run works in was opened with it)"
        return None


def client_access_key_id(client):
    """The access key id that signs the client's requests (None if it cannot be told)."""
    try:
        # botocore keeps the resolved credentials on the request signer; there is no public getter.
        credentials = client._request_signer._credentials  # pylint: disable=protected-access
        return credentials.get_frozen_credentials().access_key if credentials else None
    except AttributeError:
        return None


def run_long_term_key_id():
    """The long-term access key id (AKIA...) of the credentials the run started from (the
    environment, or the profile of the shared credentials/config files), or None. A run that
    works through a role session assumed with that key does not sign with it, yet deactivating it
    would cut off every later run."""
    if botocore is None:
        return None
    try:
        resolver = botocore.session.Session().get_component("credential_provider")
        for name in STATIC_PROVIDERS:
            provider = resolver.get_provider(name)
            credentials = provider.load() if provider else None
            if credentials is not None:
                key = credentials.access_key
                return key if LONG_TERM_KEY.match(key or "") else None
    except (botocore.exceptions.BotoCoreError, ValueError, KeyError):
        return None  # unreadable local configuration: the module's own clients will say why
    return None


def current_caller(sts_client):
    """The caller of this run: one sts:GetCallerIdentity call (not a mutating call)."""
    identity = sts_client.get_caller_identity()
    return caller_from_identity(identity, client_access_key_id(sts_client), run_long_term_key_id())
