# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks a policy document the way IAM will, before any call is made (pure).

Every family that sends a document to IAM (group inline policies, managed policies, role trust,
user and role inline policies) validates it here first, so a bad document fails with a message
naming the option instead of half-way through a run.

What IAM enforces and this file checks:
- the document is a JSON object with a `Statement` whose statements have `Effect` Allow or Deny
  and exactly one of `Action` / `NotAction` (identity policies also one of `Resource` /
  `NotResource`, trust policies a `Principal` / `NotPrincipal`);
- its size, not counting white space (IAM does not count it): see LIMITS;
- its characters: IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF.
"""

from __future__ import annotations

import json

from . import document as _policy

# Characters IAM counts against these limits (white space excluded), per kind of document.
LIMITS = {
    "managed": 6144,
    "inline_group": 5120,
    "inline_user": 2048,
    "inline_role": 10240,
    "trust": 2048,
    "inline_permission_set": 32768,
    "scp": 5120,
}
KIND_WORDS = {
    "managed": "a managed policy",
    "inline_group": "a group's inline policies",
    "inline_user": "a user's inline policies",
    "inline_role": "a role's inline policies",
    "trust": "a role trust policy (default quota)",
    "inline_permission_set": "a permission set's inline policy (IAM Identity Center)",
    "scp": "a service control policy (AWS Organizations)",
}
VERSIONS = ("2012-10-17", "2008-10-17")
ALLOWED_CHARACTERS = "tab, line feed, carriage return and U+0020 to U+00FF"


def _allowed_character(ch):
    return ch in "\t\n\r" or 0x20 <= ord(ch) <= 0xFF


def first_bad_character(document):
    """(location, character) of the first character IAM refuses in a loaded document, or None."""
    stack = [("", document)]
    while stack:
        where, value = stack.pop(0)
        if isinstance(value, dict):
            for key, item in value.items():
                inner = "%s.%s" % (where, key) if where else str(key)
                bad = next((c for c in str(key) if not _allowed_character(c)), None)
                if bad is not None:
                    return inner, bad
                stack.append((inner, item))
        elif isinstance(value, list):
            stack.extend(("%s[%d]" % (where, i), item) for i, item in enumerate(value))
        elif isinstance(value, str):
            bad = next((c for c in value if not _allowed_character(c)), None)
            if bad is not None:
                return where or "(document)", bad
    return None


def size(document):
    """The size IAM counts: characters of the JSON text as sent, white space excluded."""
    text = json.dumps(_policy.load(document), separators=(",", ":"), ensure_ascii=False)
    return sum(1 for c in text if not c.isspace())


def _statement_problem(index, statement, kind):
    where = "Statement[%d]" % index
    if not isinstance(statement, dict):
        return "%s must be a JSON object" % where
    if statement.get("Effect") not in ("Allow", "Deny"):
        return "%s.Effect must be Allow or Deny" % where
    if ("Action" in statement) == ("NotAction" in statement):
        return "%s needs exactly one of Action or NotAction" % where
    if kind == "trust":
        if ("Principal" in statement) == ("NotPrincipal" in statement):
            return "%s needs exactly one of Principal or NotPrincipal" % where
    else:
        if ("Resource" in statement) == ("NotResource" in statement):
            return "%s needs exactly one of Resource or NotResource" % where
        if "Principal" in statement or "NotPrincipal" in statement:
            return "%s must not name a Principal in an identity policy" % where
    return None


def structure_problem(document, kind):
    """What is wrong with the shape of a loaded document, or None."""
    version = document.get("Version")
    if version is not None and version not in VERSIONS:
        return "Version must be one of %s, got %r" % (", ".join(VERSIONS), version)
    statements = document.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list) or not statements:
        return "the document needs a Statement (a statement object or a non-empty list of them)"
    for index, statement in enumerate(statements):
        problem = _statement_problem(index, statement, kind)
        if problem:
            return problem
    return None


def validate(document, kind):
    """(the loaded document, None) when IAM would accept it, else (None, what is wrong)."""
    if kind not in LIMITS:
        raise ValueError("unknown kind of policy document %r" % kind)
    try:
        loaded = _policy.load(document)
    except _policy.PolicyError as e:
        return None, str(e)
    bad = first_bad_character(loaded)
    if bad:
        where, character = bad
        return None, "character U+%04X at %s is not allowed; IAM accepts only %s" % (ord(character), where, ALLOWED_CHARACTERS)
    problem = structure_problem(loaded, kind)
    if problem:
        return None, problem
    problem = size_problem(size(loaded), kind)
    if problem:
        return None, problem
    return loaded, None


def size_problem(characters, kind, what="the policy"):
    """A message when `characters` exceeds the limit of `kind`, else None."""
    limit = LIMITS[kind]
    if characters <= limit:
        return None
    return "%s is %d characters without white space; IAM allows at most %d for %s" % (what, characters, limit, KIND_WORDS[kind])
