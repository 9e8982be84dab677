# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Semantic, partition-aware comparison of IAM policy documents (pure).

Two documents are equal when IAM would treat them the same: statement order, list order,
a single value vs a one-element list, duplicates, the case of action names and condition keys,
boolean and number spelling in conditions, a bare account id vs its root ARN, `"Principal": "*"`
vs `{"AWS": "*"}` (IAM's own equivalence), and statement ids (`Sid`, a label that grants nothing)
do not matter. Condition operators are compared exactly: `StringEquals` is not `StringLike`, nor
`Bool` `BoolIfExists`.
"""

from __future__ import annotations

import json
from urllib.parse import unquote

from .._core import arn as _arn

LIST_ELEMENTS = ("Action", "NotAction", "Resource", "NotResource")
# Statement keys that grant nothing: left out of the canonical form.
LABELS = ("Sid",)


class PolicyError(ValueError):
    """A document that is not a JSON policy."""


def load(document):
    """A policy as a dict, from a dict, a JSON string or a URL-encoded JSON string (IAM APIs)."""
    if isinstance(document, dict):
        return document
    if not isinstance(document, str):
        raise PolicyError("a policy document must be a JSON object or a string, not %s" % type(document).__name__)
    text = document.strip()
    if text.startswith("%7B") or text.startswith("%7b"):
        text = unquote(text)
    try:
        loaded = json.loads(text)
    except ValueError as e:
        raise PolicyError("the policy document is not valid JSON: %s" % e) from None
    if not isinstance(loaded, dict):
        raise PolicyError("the policy document must be a JSON object")
    return loaded


def as_list(value):
    """A policy field that holds one value or a list of them, as a list (None: empty)."""
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def scalar_text(value):
    """A condition or principal value as IAM compares it: booleans as true/false, the rest as str."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _principal_value(value, partition):
    # AWS stores "123456789012" as "arn:<partition>:iam::123456789012:root".
    text = scalar_text(value)
    if _arn.ACCOUNT_ID.match(text):
        return _arn.root_arn(partition, text)
    return text


def _normalize_principal(principal, partition):
    if principal is None:
        return None
    if principal == "*":  # IAM: "Principal": "*" is the same as {"AWS": "*"}
        principal = {"AWS": "*"}
    if not isinstance(principal, dict):
        return sorted({_principal_value(v, partition) for v in as_list(principal)})
    return {kind: sorted({_principal_value(v, partition) for v in as_list(values)}) for kind, values in principal.items()}


def _normalize_condition(condition):
    normalized = {}
    for operator, block in (condition or {}).items():
        if not isinstance(block, dict):
            normalized[operator] = block
            continue
        normalized[operator] = {key.lower(): sorted({scalar_text(v) for v in as_list(values)}) for key, values in block.items()}
    return normalized


def normalize_statement(statement, partition="aws"):
    result = {}
    for key, value in statement.items():
        if key in LABELS:
            continue
        if key in ("Action", "NotAction"):
            result[key] = sorted({str(a).lower() for a in as_list(value)})
        elif key in LIST_ELEMENTS:
            result[key] = sorted({str(r) for r in as_list(value)})
        elif key in ("Principal", "NotPrincipal"):
            result[key] = _normalize_principal(value, partition)
        elif key == "Condition":
            if value:
                result[key] = _normalize_condition(value)
        else:
            result[key] = value
    return result


def normalize(document, partition="aws"):
    """The canonical form of a policy document (for comparison, not for sending to AWS)."""
    policy = load(document)
    statements = [normalize_statement(s, partition) for s in as_list(policy.get("Statement")) if isinstance(s, dict)]
    unique = {json.dumps(s, sort_keys=True): s for s in statements}
    return {
        "Version": policy.get("Version", "2008-10-17"),
        "Statement": [unique[k] for k in sorted(unique)],
    }


def equal(a, b, partition="aws"):
    """True when the two documents grant the same thing (see the module docstring)."""
    if a is None or b is None:
        return a is None and b is None
    return normalize(a, partition) == normalize(b, partition)


def dumps(document):
    """Compact JSON for sending a document to AWS (keeps the user's order and spelling)."""
    return json.dumps(load(document), separators=(",", ":"))


def statements(document):
    """The statements of a document as a list of dicts."""
    return [s for s in as_list(load(document).get("Statement")) if isinstance(s, dict)]
