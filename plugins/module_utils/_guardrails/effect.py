# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What service control policies would do to the baseline's own member role (pure).

AWS' SCP evaluation ("SCP evaluation" in the AWS Organizations user guide): a request from a
member account is allowed only when, at every level from the root down to the account, some
attached SCP allows it, and no attached SCP anywhere denies it. A change of one SCP changes the
levels it is attached to (or leaves), so each such level is judged for every account below it:

- no Deny of the changed policy may apply to a need of the member role (needs.py);
- the SCPs left at the level must allow every need.

Judgements are three-valued, TRUE / FALSE / UNKNOWN: a condition on a key the member role's
request context does not fix here (aws:RequestedRegion, aws:SourceIp, ...), an operator this
module does not model, or a Resource that may or may not be one the baseline touches gives
UNKNOWN, and UNKNOWN refuses as TRUE would for a Deny (FALSE for an Allow): the check fails safe.

`verdict(statement, request)` is the one place a statement is evaluated; the levels and needs
are above it. It shares the policy evaluator's action matching and string operators
(_policy/evaluate.py), but not its answers: that evaluator judges identity policies two-valued,
takes an absent condition key as absent, and refuses what it does not model; an SCP check cannot
refuse the user's document and must not take "this request may carry aws:RequestedRegion" as
"it does not", so it says "may deny".
"""

from __future__ import annotations

import re

from .._policy import document as _policy
from .._policy import evaluate as _evaluate

TRUE, FALSE, UNKNOWN = "true", "false", "unknown"
# Keys whose value (or absence) the member role's requests are known to have.
KNOWN_KEYS = ("aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:principaltype", "aws:principalisawsservice")
# lower-case operator name -> (compare(request value, policy value), negated): the evaluator's
# String* and Bool operators, and the ARN ones (wildcards as in StringLike).
STRING_OPERATORS = {
    **{name.lower(): operator for name, operator in _evaluate.OPERATORS.items()},
    "arnequals": (lambda value, pattern: glob(pattern, value), False),
    "arnlike": (lambda value, pattern: glob(pattern, value), False),
    "arnnotequals": (lambda value, pattern: glob(pattern, value), True),
    "arnnotlike": (lambda value, pattern: glob(pattern, value), True),
}


def glob(pattern, text):
    """IAM wildcards, case-sensitive (ARNs): `*` any run of characters, `?` one character."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in str(pattern))
    return re.fullmatch(regex, str(text), re.DOTALL) is not None


def covers(pattern, needed):
    """Whether `pattern` matches every resource the pattern `needed` matches (sound, not complete:
    `?` of `pattern` stands for one character of `needed` but never for its `*`)."""
    regex = "".join(".*" if c == "*" else "[^*]" if c == "?" else re.escape(c) for c in str(pattern))
    return re.fullmatch(regex, str(needed), re.DOTALL) is not None


def _literal_ends(pattern):
    text = str(pattern)
    head = re.split(r"[*?]", text, maxsplit=1)[0]
    tail = re.split(r"[*?]", text)[-1]
    return head, tail, any(c in text for c in "*?")


def _segments_overlap(a, b):
    head_a, tail_a, wild_a = _literal_ends(a)
    head_b, tail_b, wild_b = _literal_ends(b)
    if not (wild_a or wild_b):
        return a == b
    heads = head_a.startswith(head_b) or head_b.startswith(head_a)
    tails = tail_a.endswith(tail_b) or tail_b.endswith(tail_a)
    return heads and tails


def may_overlap(a, b):
    """Whether two resource patterns may match a common ARN. ARNs are compared segment by segment
    (partition, service, region, account, resource) on their literal beginnings and ends, which
    never says no for patterns whose wildcards stay inside their segment (IAM's never span the
    service or account of an ARN in practice)."""
    if a == "*" or b == "*":
        return True
    parts_a, parts_b = str(a).split(":", 5), str(b).split(":", 5)
    if len(parts_a) == len(parts_b) == 6:
        return all(_segments_overlap(x, y) for x, y in zip(parts_a, parts_b, strict=True))
    return _segments_overlap(a, b)


class Request:
    """A request of the member role: action, the resource pattern it may act on, context keys."""

    def __init__(self, action, resource, context):
        self.action, self.resource = action, resource
        self.context = {k.lower(): v for k, v in context.items()}


def _and(values):
    values = list(values)
    return FALSE if FALSE in values else UNKNOWN if UNKNOWN in values else TRUE


def _action(statement, request):
    if "Action" in statement:
        return TRUE if any(_evaluate.action_matches(p, request.action) for p in _policy.as_list(statement["Action"])) else FALSE
    return FALSE if any(_evaluate.action_matches(p, request.action) for p in _policy.as_list(statement.get("NotAction"))) else TRUE


def _resource(statement, request, effect):
    """Whether the statement applies to every resource the need may touch (TRUE), to none (FALSE),
    or to some (UNKNOWN; a Deny then may deny, an Allow does not surely allow)."""
    if "Resource" in statement:
        patterns = _policy.as_list(statement["Resource"])
        if any(covers(p, request.resource) for p in patterns):
            return TRUE
        return UNKNOWN if effect == "Deny" and any(may_overlap(p, request.resource) for p in patterns) else FALSE
    patterns = _policy.as_list(statement.get("NotResource"))
    if any(covers(p, request.resource) for p in patterns):
        return FALSE
    return UNKNOWN if any(may_overlap(p, request.resource) for p in patterns) else TRUE


def _condition(operator, block, request):
    name = str(operator).lower()
    if ":" in name or not isinstance(block, dict):
        return UNKNOWN  # ForAnyValue / ForAllValues: set operators are not modelled
    if_exists = name.endswith("ifexists")
    name = name[: -len("ifexists")] if if_exists else name
    results = []
    for key, values in block.items():
        key = str(key).lower()
        if key not in KNOWN_KEYS:
            results.append(UNKNOWN)
            continue
        actual = request.context.get(key)
        if name == "null":
            wanted = {_policy.scalar_text(v).lower() for v in _policy.as_list(values)}
            results.append(TRUE if ("true" if actual is None else "false") in wanted else FALSE)
        elif name not in STRING_OPERATORS:
            results.append(UNKNOWN)
        elif actual is None:
            results.append(TRUE if (if_exists or STRING_OPERATORS[name][1]) else FALSE)
        else:
            compare, negated = STRING_OPERATORS[name]
            hit = any(compare(str(actual), _policy.scalar_text(v)) for v in _policy.as_list(values))
            results.append(FALSE if hit is negated else TRUE)
    return _and(results)


def verdict(statement, request):
    """TRUE / FALSE / UNKNOWN: does this statement apply to the request."""
    effect = statement.get("Effect")
    parts = [_action(statement, request), _resource(statement, request, effect)]
    parts += [_condition(op, block, request) for op, block in (statement.get("Condition") or {}).items()]
    return _and(parts)


def _statements(document, effect):
    return [s for s in _policy.statements(document) if s.get("Effect") == effect]


def denials(document, requests):
    """[(request, TRUE or UNKNOWN, statement Sid)] for every request a Deny of `document` may deny."""
    found = []
    for request in requests:
        for statement in _statements(document, "Deny"):
            result = verdict(statement, request)
            if result != FALSE:
                found.append((request, result, statement.get("Sid") or "(no Sid)"))
                break
    return found


def not_allowed(documents, requests):
    """[(request, FALSE or UNKNOWN)] for every request no Allow of the documents surely allows."""
    found = []
    for request in requests:
        results = [verdict(s, request) for d in documents for s in _statements(d, "Allow")]
        if TRUE not in results:
            found.append((request, UNKNOWN if UNKNOWN in results else FALSE))
    return found


def member_role_context(partition, account_id, organization_id, member_role_name):
    """The request context of the baseline's member role in one account."""
    return {
        "aws:PrincipalArn": "arn:%s:iam::%s:role/%s" % (partition, account_id, str(member_role_name).strip("/")),
        "aws:PrincipalAccount": account_id,
        "aws:PrincipalOrgID": organization_id,
        "aws:PrincipalType": "AssumedRole",
        "aws:PrincipalIsAWSService": "false",
    }


def requests_for(needs, context):
    """The member role's requests for (action, resource) needs; a need on "*" acts on the
    action's own service's resources (arn:*:iam:*:*:* for iam:...) or on none in particular."""
    return [
        Request(action, resource if resource != "*" else "arn:*:%s:*:*:*" % action.split(":", 1)[0], context) for action, resource in needs
    ]
