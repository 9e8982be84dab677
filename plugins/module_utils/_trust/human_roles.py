# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Human roles and MFA (pure): the audit's TRUST.NO_MFA judgement of role trust policies.

A role is for people when its name matches iam_baseline_trust.human_role_patterns or, without
patterns, when it trusts account roots or IAM users of another account that is no third party.
Their trust must require MFA, and only these conditions do: Bool aws:MultiFactorAuthPresent
"true" (not BoolIfExists: long-term keys carry no such key and would pass), a
Numeric...LessThan on aws:MultiFactorAuthAge, or Null aws:MultiFactorAuthAge "false".

Who a statement lets in and which conditions restrict it is analysis.py.
"""

from __future__ import annotations

import fnmatch

from . import analysis as _analysis

MFA_PRESENT_KEY = "aws:multifactorauthpresent"
MFA_AGE_KEY = "aws:multifactorauthage"


def name_matches(name, patterns):
    """Whether a role name matches one of the glob patterns (case-insensitive, like IAM names)."""
    return any(fnmatch.fnmatchcase((name or "").lower(), str(p).lower()) for p in patterns or [])


def requires_mfa(statement):
    """True when the statement only matches sessions signed in with MFA (see the module docstring)."""
    for entry in _analysis.conditions(statement):
        if entry["if_exists"] or entry["set"] or not entry["values"]:
            continue
        values = [v.lower() for v in entry["values"]]
        if entry["key"] == MFA_PRESENT_KEY and entry["operator"] == "bool" and set(values) == {"true"}:
            return True
        if entry["key"] == MFA_AGE_KEY and entry["operator"] in ("numericlessthan", "numericlessthanequals"):
            return True
        if entry["key"] == MFA_AGE_KEY and entry["operator"] == "null" and set(values) == {"false"}:
            return True
    return False


def human_principals(statement, context):
    """Principals of other accounts that people sign in as: account roots and IAM users.

    Third parties are not: a statement held to an ExternalId, or an account listed in
    third_party_accounts, is a vendor's service, which cannot present MFA.
    """
    if _analysis.requires_external_id(statement):
        return []
    own = context.get("account_id")
    third_party = {str(a) for a in context.get("third_party_accounts") or []}
    found = []
    for principal in _analysis.principals(statement):
        if principal["type"] != "AWS":
            continue
        parsed = _analysis.aws_principal(principal["value"])
        if parsed["kind"] in ("root", "user") and parsed["account_id"] not in (own, None) and parsed["account_id"] not in third_party:
            found.append(principal["value"])
    return found


def mfa_problems(statement, context):
    """TRUST.NO_MFA for a human role: cross-account trust of accounts and users requires MFA."""
    people = human_principals(statement, context)
    wild = [p["value"] for p in _analysis.principals(statement) if p["type"] == "*"]
    if not (people or wild) or requires_mfa(statement):
        return []
    return ["trusts %s without requiring MFA (Bool aws:MultiFactorAuthPresent true)" % ", ".join(people or wild)]
