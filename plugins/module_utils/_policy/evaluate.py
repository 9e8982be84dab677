# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small evaluator of identity-based IAM policies in one account (pure), and what it proves:
whether a set of policies forces MFA.

It follows AWS' documented evaluation logic ("Policy evaluation logic" in the IAM User Guide):

1. An explicit Deny in any applicable statement wins.
2. Otherwise an Allow in any applicable statement allows.
3. Otherwise the request is implicitly denied.

A statement applies when its Action (or NotAction), its Resource (or NotResource) and every
condition match the request. Supported: `*` / `?` wildcards (actions case-insensitive, resources
case-sensitive), policy variables `${aws:...}` in Resource and condition values (only with
Version 2012-10-17, as in IAM), the condition operators StringEquals, StringNotEquals,
StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike and Bool, each with
the `IfExists` suffix, and Null. Condition keys are case-insensitive. A key absent from the
request makes a positive operator false and a negated one true; with `...IfExists` an absent key
is true.

Anything it does not model (another operator, ForAnyValue/ForAllValues, Principal) raises
Unsupported rather than guessing: a caller can never get an answer by accident.
"""

from __future__ import annotations

import json
import re

ALLOW, EXPLICIT_DENY, IMPLICIT_DENY = "Allow", "ExplicitDeny", "ImplicitDeny"
VARIABLE = re.compile(r"\$\{([^}]+)\}")
WILDCARDS = ("*", "?")


class Unsupported(ValueError):
    """A policy construct this evaluator does not implement."""


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _glob_regex(pattern):
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)


def _glob(pattern, text, ignore_case=False):
    """IAM wildcard matching: `*` any run of characters, `?` one character, nothing else special."""
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.fullmatch(_glob_regex(pattern), text, flags) is not None


def action_matches(pattern, action):
    """IAM action matching: case-insensitive, `*` and `?` wildcards."""
    return _glob(str(pattern), str(action), ignore_case=True)


def action_pattern_within(outer, inner):
    """True when every action `inner` matches is also matched by `outer` (both may hold
    wildcards). Sound, not complete: `?` in `outer` may stand for one character of `inner` or for
    its `?`, but never for its `*`; only a `*` of `outer` covers a `*` of `inner`."""
    regex = "".join(".*" if c == "*" else "[^*]" if c == "?" else re.escape(c) for c in str(outer))
    return re.fullmatch(regex, str(inner), re.IGNORECASE | re.DOTALL) is not None


def is_literal(pattern):
    return not any(w in str(pattern) for w in WILDCARDS)


class Request:
    """An API request: action ('iam:EnableMFADevice'), resource ARN, request context keys."""

    def __init__(self, action, resource="*", context=None):
        self.action = action
        self.resource = resource
        self.context = {k.lower(): v for k, v in (context or {}).items()}

    def value(self, key):
        return self.context.get(key.lower())


def _substitute(text, request, version):
    """Resolves ${aws:...} variables (2012-10-17 only); None when a variable has no value."""
    if version != "2012-10-17":
        return text
    missing = []

    def replace(match):
        value = request.value(match.group(1))
        if value is None:
            missing.append(match.group(1))
            return ""
        return str(value)

    resolved = VARIABLE.sub(replace, text)
    return None if missing else resolved


def _action_applies(statement, request):
    if "Action" in statement:
        return any(action_matches(p, request.action) for p in _as_list(statement["Action"]))
    return not any(action_matches(p, request.action) for p in _as_list(statement["NotAction"]))


def _resource_applies(statement, request, version):
    key = "Resource" if "Resource" in statement else "NotResource"
    patterns = [_substitute(p, request, version) for p in _as_list(statement[key])]
    matched = any(p is not None and _glob(p, request.resource) for p in patterns)
    return matched if key == "Resource" else not matched


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


OPERATORS = {
    # name: (compare(request value, policy value) -> bool, negated)
    "StringEquals": (lambda a, b: a == b, False),
    "StringNotEquals": (lambda a, b: a == b, True),
    "StringEqualsIgnoreCase": (lambda a, b: a.lower() == b.lower(), False),
    "StringNotEqualsIgnoreCase": (lambda a, b: a.lower() == b.lower(), True),
    "StringLike": (lambda a, b: _glob(b, a), False),
    "StringNotLike": (lambda a, b: _glob(b, a), True),
    "Bool": (lambda a, b: a.lower() == b.lower(), False),
}


def _null_matches(block, request):
    """Null: {key: true} holds when the key is absent, {key: false} when it is present."""
    for key, values in block.items():
        wanted = {_text(v).lower() for v in _as_list(values)}
        if not wanted <= {"true", "false"}:
            raise Unsupported("Null with a value other than true or false")
        absent = request.value(key) is None
        if ("true" if absent else "false") not in wanted:
            return False
    return True


def condition_matches(operator, block, request, version="2012-10-17"):
    """Whether one condition operator block holds for the request (Unsupported when not modelled)."""
    if operator == "Null":
        return _null_matches(block, request)
    if_exists = operator.endswith("IfExists")
    name = operator[: -len("IfExists")] if if_exists else operator
    if ":" in name or name not in OPERATORS:
        raise Unsupported("condition operator %s" % operator)
    compare, negated = OPERATORS[name]
    for key, values in block.items():
        actual = request.value(key)
        if actual is None:
            if not (if_exists or negated):
                return False
            continue
        wanted = [_substitute(_text(v), request, version) for v in _as_list(values)]
        hit = any(w is not None and compare(_text(actual), w) for w in wanted)
        if hit is negated:
            return False
    return True


def statement_applies(statement, request, version):
    if "Principal" in statement or "NotPrincipal" in statement:
        raise Unsupported("Principal in an identity-based policy")
    if not _action_applies(statement, request) or not _resource_applies(statement, request, version):
        return False
    return all(condition_matches(op, block, request, version) for op, block in (statement.get("Condition") or {}).items())


def load(policy):
    """A policy document as a dict (IAM hands out JSON text as well)."""
    return json.loads(policy) if isinstance(policy, str) else policy


def statements_of(policy):
    """(statement, version) pairs of a document."""
    policy = load(policy) or {}
    version = policy.get("Version", "2008-10-17")
    return [(s, version) for s in _as_list(policy.get("Statement") or []) if isinstance(s, dict)]


def decide(policies, request):
    """ALLOW, EXPLICIT_DENY or IMPLICIT_DENY for a request under a list of identity policies."""
    allowed = False
    for policy in policies:
        for statement, version in statements_of(policy):
            if statement_applies(statement, request, version):
                if statement["Effect"] == "Deny":
                    return EXPLICIT_DENY
                allowed = True
    return ALLOW if allowed else IMPLICIT_DENY


def is_allowed(policies, request):
    return decide(policies, request) == ALLOW


# Does a set of policies force MFA? ---------------------------------------------------------

MFA_KEY = "aws:MultiFactorAuthPresent"
# What a user without MFA may still do: enrol and use its own device (AWS' documented
# "manage your own MFA device" pattern) and set its own password on first sign-in.
MFA_SELF_SERVICE = (
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetMFADevice",
    "iam:GetUser",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
    "iam:ChangePassword",
    "iam:GetAccountPasswordPolicy",
)
# aws:MultiFactorAuthPresent as sessions without MFA send it: absent for long-term access keys,
# "false" for a console sign-in (or temporary credentials) without MFA.
NO_MFA_SESSIONS = (
    ("requests signed with access keys (no %s key)" % MFA_KEY, {}),
    ("sign-ins without MFA (%s false)" % MFA_KEY, {MFA_KEY: "false"}),
)


def _mentions_mfa(statement):
    """A statement conditioned on an MFA key (aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge)."""
    return any(k.lower().startswith("aws:multifactorauth") for block in (statement.get("Condition") or {}).values() for k in block)


def _deny_problem(statement):
    """Why a Deny cannot be counted on for every request, or None."""
    if "Principal" in statement or "NotPrincipal" in statement:
        return "it names a Principal"
    if "*" not in _as_list(statement.get("Resource")):
        return "it covers only some resources"
    for operator, block in (statement.get("Condition") or {}).items():
        other = sorted(k for k in block if k.lower() != MFA_KEY.lower())
        if other:
            return "it also depends on %s" % ", ".join(other)
        if ":" in operator:
            return "it uses %s, which this evaluator does not model" % operator
    return None


def _denies(policies):
    """([(label, statement, version)] of Deny statements that can be counted on, [problems])."""
    usable, problems = [], []
    for label, document in policies:
        try:
            pairs = statements_of(document)
        except (TypeError, ValueError, AttributeError):
            problems.append("%s: the document could not be read" % label)
            continue
        for statement, version in pairs:
            if statement.get("Effect") != "Deny":
                continue
            problem = _deny_problem(statement)
            if problem is None:
                usable.append((label, statement, version))
            elif _mentions_mfa(statement):
                problems.append("%s: its Deny is not counted: %s" % (label, problem))
    return usable, problems


def _applies_without_mfa(statement, version, context):
    request = Request("*", "*", context)
    return all(condition_matches(op, block, request, version) for op, block in (statement.get("Condition") or {}).items())


def _literal_denied_elsewhere(action, exemptions):
    """A literal action some other NotAction deny does not exempt, so that deny denies it."""
    return is_literal(action) and any(not any(action_matches(p, action) for p in other) for other in exemptions)


def _gaps(denies, allowed):
    """Actions (patterns) that get through without being denied, or [] when everything outside
    `allowed` is denied. `denies`: the statements that apply to the session."""
    listed = [p for s in denies if "Action" in s for p in _as_list(s["Action"])]
    if any(p == "*" for p in listed):
        return []
    exemptions = [_as_list(s["NotAction"]) for s in denies if "NotAction" in s]
    if not exemptions:
        return ["everything except %s" % ", ".join(sorted(listed))] if listed else ["everything"]
    best = None
    for index, exempt in enumerate(exemptions):
        others = exemptions[:index] + exemptions[index + 1 :]
        left = [
            e
            for e in exempt
            if not any(action_pattern_within(a, e) for a in list(allowed) + listed) and not _literal_denied_elsewhere(e, others)
        ]
        if not left:
            return []
        best = left if best is None or len(left) < len(best) else best
    return sorted(best)


def forces_mfa(policies, allowed_without_mfa=()):
    """Whether the union of `policies` ([(label, document)], e.g. a group's managed and inline
    policies) denies every action outside MFA self-service (MFA_SELF_SERVICE plus
    `allowed_without_mfa`) to sessions without MFA: both long-term access keys (no
    aws:MultiFactorAuthPresent key) and sign-ins without MFA (the key is false).

    Conservative: a Deny that depends on another condition key, covers only some resources, or
    uses a construct this evaluator does not model is not counted, so the answer is "not proven"
    rather than a false "forced". Returns {"forced": bool, "by": [labels of the policies whose
    Deny does it], "problems": [why it is not proven, for the finding's message]}.
    """
    allowed = tuple(MFA_SELF_SERVICE) + tuple(allowed_without_mfa or ())
    candidates, problems = _denies(policies)
    by, forced = set(), True
    for session, context in NO_MFA_SESSIONS:
        applying = []
        for label, statement, version in candidates:
            try:
                applies = _applies_without_mfa(statement, version, context)
            except Unsupported as e:
                problems.append("%s: its Deny is not counted: %s is not modelled" % (label, e))
                continue
            if applies:
                applying.append((label, statement))
            elif _mentions_mfa(statement):
                problems.append("%s: its Deny does not apply to %s" % (label, session))
        gaps = _gaps([s for _label, s in applying], allowed)
        if gaps:
            forced = False
            problems.append("%s are not denied: %s" % (session[0].upper() + session[1:], ", ".join(gaps)))
        by.update(label for label, s in applying if _mentions_mfa(s) or "NotAction" in s or "*" in _as_list(s.get("Action")))
    return {"forced": forced, "by": sorted(by) if forced else [], "problems": [] if forced else _unique(problems)}


def _unique(items):
    seen = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
