# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Analysis of role trust policies (pure): who a trust policy lets in, and which of its
conditions really restrict that.

The one place this logic lives: the role_trust module validates documents with it before any
call, and the TRUST.* evaluators of the audit judge every role of an account with it, so a
document the module accepts is one the audit passes (for the checks both make).

Rules, per Allow statement (a statement must restrict itself; a separate Deny is not counted):

- a condition restricts only when it must hold and can fail: a positive operator (StringEquals,
  StringLike, ArnEquals, ArnLike, their ForAnyValue form), not ...IfExists (true when the key is
  missing), not ForAllValues (true for an empty set), not a negated operator; and every value
  narrows something (StringLike "*" does not, aws:PrincipalArn "arn:aws:iam::*:role/x" names no
  account);
- `NotPrincipal` in an Allow statement lets in everyone it does not list: it counts as `*`.

Which roles are for people and whether their trust requires MFA (TRUST.NO_MFA, an audit-only
judgement) are decided in human_roles.py.
"""

from __future__ import annotations

import re

from .._core import arn as _arn
from .._policy import document as _policy

# Keys that tie a wildcard principal to known principals (TRUST.WILDCARD).
RESTRICTING_KEYS = ("aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:sourceaccount", "aws:principalarn")
EXTERNAL_ID_KEY = "sts:externalid"
SAML_AUDIENCE_KEY = "saml:aud"
GITHUB_ISSUER = "token.actions.githubusercontent.com"
COGNITO_ISSUER = "cognito-identity.amazonaws.com"
# Web identity providers that are named by host instead of an oidc-provider ARN.
WEB_IDENTITY_HOSTS = ("accounts.google.com", "graph.facebook.com", "www.amazon.com", COGNITO_ISSUER)
AWS_MANAGED_PATHS = ("/aws-service-role/", "/aws-reserved/")

POSITIVE_OPERATORS = ("stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike")
# Operators whose values may hold the wildcards * and ? (ArnEquals matches like ArnLike).
WILDCARD_OPERATORS = ("stringlike", "arnequals", "arnlike")
UNIQUE_ID = re.compile(r"^A[A-Z0-9]{15,}$")
# A GitHub subject names an organization and a repository: repo:ORG/REPO[:...] (or the
# `repository` claim of a customized subject template), neither of them a pattern.
GITHUB_REPO_CLAIM = re.compile(r"(?:^|:)(?:repo|repository):([^:/*?]+)/([^:/*?]+)(?::|$)")


def has_wildcard(text):
    return "*" in text or "?" in text


def is_aws_managed(role):
    """Service-linked (/aws-service-role/) and AWS-reserved (/aws-reserved/, e.g. IAM Identity
    Center) roles: their trust and session length are managed by AWS, not by IAM calls of ours."""
    path = role.get("Path") or "/"
    return path.startswith(AWS_MANAGED_PATHS)


# Statements and principals -------------------------------------------------------------------


def allow_statements(document):
    """(index, statement) of every Allow statement of a trust policy."""
    return [(i, s) for i, s in enumerate(_policy.statements(document)) if str(s.get("Effect", "")).lower() == "allow"]


def principals(statement):
    """The principals of a statement as [{"type": AWS|Service|Federated|CanonicalUser|*, "value"}].

    `Principal: "*"` and an Allow with NotPrincipal (everyone but the listed ones) are {"type": "*"}.
    """
    if "NotPrincipal" in statement:
        return [{"type": "*", "value": "*", "not_principal": True}]
    principal = statement.get("Principal")
    if principal == "*":
        return [{"type": "*", "value": "*"}]
    if not isinstance(principal, dict):
        return [{"type": "AWS", "value": _policy.scalar_text(v)} for v in _policy.as_list(principal)]
    found = []
    for kind, values in principal.items():
        for value in _policy.as_list(values):
            value = _policy.scalar_text(value)
            found.append({"type": "*" if value == "*" and kind == "AWS" else kind, "value": value})
    return found


def aws_principal(value):
    """What an AWS principal value names: {"kind", "account_id", "partition"}.

    kind: wildcard, root (an account id or its root ARN: any principal of that account), user,
    role, assumed-role, federated-user, unique-id (a deleted principal IAM shows by its id), other.
    """
    if value == "*":
        return {"kind": "wildcard", "account_id": None, "partition": None}
    if _arn.ACCOUNT_ID.match(value):
        return {"kind": "root", "account_id": value, "partition": None}
    if UNIQUE_ID.match(value):
        return {"kind": "unique-id", "account_id": None, "partition": None}
    parsed = _arn.parse(value)
    if not parsed:
        return {"kind": "other", "account_id": None, "partition": None}
    account = parsed["account_id"]
    if has_wildcard(account) or not account:
        return {"kind": "wildcard", "account_id": None, "partition": parsed["partition"]}
    resource = parsed["resource"]
    kind = "other"
    if resource == "root":
        kind = "root"
    elif resource.startswith(("user/", "role/", "assumed-role/", "federated-user/")):
        kind = resource.split("/", 1)[0]
    return {"kind": kind, "account_id": account, "partition": parsed["partition"]}


def web_identity_issuer(principal):
    """The condition-key prefix of a web identity (OIDC) principal, or None.

    arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com -> token.actions.githubusercontent.com
    """
    if principal["type"] != "Federated":
        return None
    value = principal["value"]
    parsed = _arn.parse(value)
    if parsed and parsed["service"] == "iam" and parsed["resource"].startswith("oidc-provider/"):
        return parsed["resource"].split("/", 1)[1]
    if value.lower() in WEB_IDENTITY_HOSTS:
        return value.lower()
    return None


def is_saml_principal(principal):
    parsed = _arn.parse(principal["value"]) if principal["type"] == "Federated" else None
    return bool(parsed and parsed["service"] == "iam" and parsed["resource"].startswith("saml-provider/"))


# Conditions ----------------------------------------------------------------------------------


def conditions(statement):
    """Each condition of a statement: {"set", "operator", "if_exists", "key", "values"} (lowercase names)."""
    entries = []
    for operator, block in (statement.get("Condition") or {}).items():
        if not isinstance(block, dict):
            continue
        name = str(operator).lower()
        set_operator = None
        if ":" in name:
            set_operator, name = name.split(":", 1)
        if_exists = name.endswith("ifexists")
        if if_exists:
            name = name[: -len("ifexists")]
        for key, values in block.items():
            entries.append(
                {
                    "set": set_operator,
                    "operator": name,
                    "if_exists": if_exists,
                    "key": str(key).lower(),
                    "values": [_policy.scalar_text(v) for v in _policy.as_list(values)],
                }
            )
    return entries


def _must_match(entry):
    """True when the condition fails for a request without the key or with any other value."""
    return entry["operator"] in POSITIVE_OPERATORS and not entry["if_exists"] and entry["set"] in (None, "foranyvalue")


def value_narrows(key, value, wildcards):
    """Whether one value of a positive condition on `key` narrows who matches."""
    if not value.strip():
        return False
    if not wildcards or not has_wildcard(value):
        return True
    if key in ("aws:principalorgid", "aws:principalaccount", "aws:sourceaccount"):
        return False  # a pattern over an organization or account id names none in particular
    if key == "aws:principalorgpaths":
        return not has_wildcard(value.split("/", 1)[0])
    if key in ("aws:principalarn", "aws:sourcearn"):
        account = _arn.account_of(value)
        return bool(account) and not has_wildcard(account)
    return value.strip("*?") != ""


def restricting_values(statement, key):
    """The values of the conditions that really restrict `key`, one list per condition."""
    found = []
    for entry in conditions(statement):
        if entry["key"] != key or not _must_match(entry) or not entry["values"]:
            continue
        wildcards = entry["operator"] in WILDCARD_OPERATORS
        if all(value_narrows(key, v, wildcards) for v in entry["values"]):
            found.append(entry["values"])
    return found


def restricts(statement, key):
    return bool(restricting_values(statement, key))


# External ids --------------------------------------------------------------------------------

EXTERNAL_ID = re.compile(r"^[\w+=,.@:/-]{2,1224}$", re.ASCII)  # \w: ASCII letters, digits, _


def external_id_problem(value):
    """Why a value cannot be an sts:ExternalId, or None (AWS: 2-1224 characters of [\\w+=,.@:/-])."""
    text = _policy.scalar_text(value)
    if not 2 <= len(text) <= 1224:
        return "must be 2 to 1224 characters long, got %d" % len(text)
    if not EXTERNAL_ID.match(text):
        return "may contain only letters, digits and _+=,.@:/- (got %r)" % text
    return None


def requires_external_id(statement):
    return restricts(statement, EXTERNAL_ID_KEY)


# Per-control checks of one statement ---------------------------------------------------------
# Each returns a list of problem sentences (empty: the statement passes that check).


def wildcard_problems(statement):
    """TRUST.WILDCARD: `*` (or NotPrincipal) without aws:PrincipalOrgID / SourceAccount / PrincipalArn."""
    wild = [p for p in principals(statement) if p["type"] == "*"]
    if not wild or any(restricts(statement, key) for key in RESTRICTING_KEYS):
        return []
    what = "NotPrincipal (everyone not listed)" if wild[0].get("not_principal") else "'*'"
    return ["allows %s without a restricting condition (aws:PrincipalOrgID, aws:SourceAccount or aws:PrincipalArn)" % what]


def _trusted_accounts(context):
    accounts = {str(a) for a in context.get("allowed_accounts") or []}
    if context.get("account_id"):
        accounts.add(str(context["account_id"]))
    return accounts


def _scope_is_trusted(statement, context):
    """Whether one of the statement's restricting conditions limits it to the organization or to
    trusted accounts (conditions are ANDed, so one such condition is enough)."""
    trusted = _trusted_accounts(context)
    organization = context.get("organization_id")
    in_scope = {
        "aws:principalorgid": lambda v: bool(organization) and v == organization,
        "aws:principalorgpaths": lambda v: bool(organization) and v.split("/", 1)[0] == organization,
        "aws:principalaccount": lambda v: v in trusted,
        "aws:sourceaccount": lambda v: v in trusted,
        "aws:principalarn": lambda v: _arn.account_of(v) in trusted,
    }
    return any(all(inside(v) for v in values) for key, inside in in_scope.items() for values in restricting_values(statement, key))


def foreign_accounts(statement, context):
    """The accounts outside the organization and allowed_accounts that the statement lets in
    (sorted); "*" when it lets in any account."""
    trusted = _trusted_accounts(context)
    if _scope_is_trusted(statement, context):
        return []
    found = set()
    for principal in principals(statement):
        if principal["type"] == "*":
            found.add("*")
        elif principal["type"] == "AWS":
            parsed = aws_principal(principal["value"])
            if parsed["kind"] == "wildcard":
                found.add("*")
            elif parsed["account_id"] and parsed["account_id"] not in trusted:
                found.add(parsed["account_id"])
    return sorted(found)


def foreign_account_problems(statement, context):
    """TRUST.FOREIGN_ACCOUNT: accounts outside the organization/allow-list need sts:ExternalId.

    context: account_id (own account, None when unknown), organization_id, allowed_accounts,
    third_party_accounts.
    """
    foreign = foreign_accounts(statement, context)
    if not foreign or requires_external_id(statement):
        return []
    third_party = {str(a) for a in context.get("third_party_accounts") or []}
    names = ", ".join(("%s (third party)" % a if a in third_party else a) if a != "*" else "any account" for a in foreign)
    return ["trusts %s outside the organization and allowed_accounts without requiring sts:ExternalId" % names]


def web_identity_problems(statement):
    """TRUST.OIDC_NO_SUB: a web identity trust checks <issuer>:aud and <issuer>:sub; a GitHub
    subject names an organization and a repository. (Cognito identity pools are pinned by aud.)"""
    problems = []
    for principal in principals(statement):
        issuer = web_identity_issuer(principal)
        if issuer is None:
            continue
        prefix = issuer.lower()
        if not restricts(statement, prefix + ":aud"):
            problems.append("trusts %s without a condition on %s:aud" % (principal["value"], issuer))
        if prefix == COGNITO_ISSUER:
            continue
        subjects = restricting_values(statement, prefix + ":sub")
        if not subjects:
            problems.append("trusts %s without a condition on %s:sub that restricts it" % (principal["value"], issuer))
        elif prefix.startswith(GITHUB_ISSUER):
            found = [github_subject_problem(v) for values in subjects for v in values]
            problems.extend(p for p in found if p)
    return problems


def github_subject_problem(subject):
    """Why a GitHub Actions `sub` value does not pin an organization and a repository, or None."""
    if GITHUB_REPO_CLAIM.search(subject):
        return None
    return "GitHub subject %r does not name an organization and a repository (repo:ORG/REPO:...)" % subject


def saml_problems(statement):
    """TRUST.SAML_NO_AUD: a SAML trust checks SAML:aud."""
    saml = [p for p in principals(statement) if is_saml_principal(p)]
    if not saml or restricts(statement, SAML_AUDIENCE_KEY):
        return []
    return ["trusts %s without a condition on SAML:aud" % p["value"] for p in saml]


ROLES_ANYWHERE_SERVICE = "rolesanywhere.amazonaws.com"
CERTIFICATE_KEY_PREFIXES = ("aws:principaltag/x509subject/", "aws:principaltag/x509issuer/")


def trusts_roles_anywhere(statement):
    return any(p["type"] == "Service" and p["value"].lower() == ROLES_ANYWHERE_SERVICE for p in principals(statement))


def _pins_trust_anchor(statement):
    """aws:SourceArn restricted to trust anchors named one by one (no wildcard in the anchor id)."""
    for values in restricting_values(statement, "aws:sourcearn"):
        resources = [(_arn.parse(v) or {}).get("resource", "") for v in values]
        if all(r.startswith("trust-anchor/") and not has_wildcard(r) for r in resources):
            return True
    return False


def _pins_certificate(statement):
    return any(
        entry["key"].startswith(CERTIFICATE_KEY_PREFIXES)
        and _must_match(entry)
        and entry["values"]
        and all(value_narrows(entry["key"], v, entry["operator"] in WILDCARD_OPERATORS) for v in entry["values"])
        for entry in conditions(statement)
    )


def roles_anywhere_problems(statement):
    """TRUST.ROLES_ANYWHERE: trusting rolesanywhere.amazonaws.com needs aws:SourceArn pinning the
    trust anchor and a condition on the certificate (aws:PrincipalTag/x509Subject/... or
    x509Issuer/...); otherwise any certificate of any trust anchor in the account could assume it."""
    if not trusts_roles_anywhere(statement):
        return []
    missing = []
    if not _pins_trust_anchor(statement):
        missing.append("aws:SourceArn naming the trust anchor")
    if not _pins_certificate(statement):
        missing.append("a condition on the certificate (aws:PrincipalTag/x509Subject/... or x509Issuer/...)")
    if not missing:
        return []
    return [
        "trusts %s without %s: any certificate from any trust anchor in the account could assume it"
        % (ROLES_ANYWHERE_SERVICE, " or ".join(missing))
    ]


# Documents -----------------------------------------------------------------------------------

CHECKS = {
    "TRUST.WILDCARD": lambda statement, context: wildcard_problems(statement),
    "TRUST.FOREIGN_ACCOUNT": foreign_account_problems,
    "TRUST.OIDC_NO_SUB": lambda statement, context: web_identity_problems(statement),
    "TRUST.SAML_NO_AUD": lambda statement, context: saml_problems(statement),
    "TRUST.ROLES_ANYWHERE": lambda statement, context: roles_anywhere_problems(statement),
}


def document_problems(document, context, controls=tuple(CHECKS)):
    """[(control_id, statement index, sentence)] of a trust policy, for the given controls."""
    problems = []
    for index, statement in allow_statements(document):
        for control_id in controls:
            problems.extend((control_id, index, p) for p in CHECKS[control_id](statement, context))
    return problems
