"""A small IAM policy evaluator for identity-based policies in one account (tests only).

It follows AWS' documented evaluation logic ("Policy evaluation logic" in the IAM User Guide):

1. An explicit Deny in any applicable statement wins.
2. Otherwise an Allow in any applicable statement allows.
3. Otherwise the request is implicitly denied.

A statement applies when its Action (or NotAction), its Resource (or NotResource) and every
condition match the request. Supported: `*` / `?` wildcards (actions case-insensitive, resources
case-sensitive), policy variables `${aws:...}` in Resource and condition values (only with
Version 2012-10-17, as in IAM), and the condition operators StringEquals, StringNotEquals,
StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike and Bool, each with
the `IfExists` suffix. Condition keys are case-insensitive. A key absent from the request makes
a positive operator false and a negated one true; with `...IfExists` an absent key is true.

Anything it does not support (another operator, ForAnyValue/ForAllValues, Principal) raises
Unsupported rather than guessing, so a test can never pass by accident.
"""

import json
import re

ALLOW, EXPLICIT_DENY, IMPLICIT_DENY = "Allow", "ExplicitDeny", "ImplicitDeny"
VARIABLE = re.compile(r"\$\{([^}]+)\}")


class Unsupported(ValueError):
    """A policy construct this evaluator does not implement."""


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _glob(pattern, text, ignore_case=False):
    """IAM wildcard matching: `*` any run of characters, `?` one character, nothing else special."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, text, re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL) is not None


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


def _action_matches(statement, request):
    if "Action" in statement:
        return any(_glob(p, request.action, ignore_case=True) for p in _as_list(statement["Action"]))
    return not any(_glob(p, request.action, ignore_case=True) for p in _as_list(statement["NotAction"]))


def _resource_matches(statement, request, version):
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


def _condition_matches(operator, block, request, version):
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
    if not _action_matches(statement, request) or not _resource_matches(statement, request, version):
        return False
    return all(_condition_matches(op, block, request, version) for op, block in (statement.get("Condition") or {}).items())


def decide(policies, request):
    """ALLOW, EXPLICIT_DENY or IMPLICIT_DENY for a request under a list of identity policies."""
    allowed = False
    for policy in policies:
        policy = json.loads(policy) if isinstance(policy, str) else policy
        version = policy.get("Version", "2008-10-17")
        for statement in _as_list(policy["Statement"]):
            if statement_applies(statement, request, version):
                if statement["Effect"] == "Deny":
                    return EXPLICIT_DENY
                allowed = True
    return ALLOW if allowed else IMPLICIT_DENY


def is_allowed(policies, request):
    return decide(policies, request) == ALLOW
