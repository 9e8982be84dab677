# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluators of the TRUST.* and FED.PROVIDERS controls (pure): (snapshot, params) -> findings.

Every role of the account is judged, not only the declared ones; the trust analysis is
module_utils/_trust/analysis.py, the same the role_trust module validates with (human roles and MFA:
human_roles.py).

AWS-managed roles (paths /aws-service-role/ and /aws-reserved/, e.g. IAM Identity Center's
permission-set roles) are NOT_APPLICABLE: AWS writes their trust and session length, so no
finding on them could be acted on here (for Identity Center, the session length is the permission
set's). They are listed, not skipped, so a report shows they were seen.

Controls about one kind of trust (OIDC, SAML, Roles Anywhere, human roles) give findings only for
the roles that have it, and one account-level NOT_APPLICABLE when no role has it.
"""

from __future__ import annotations

import json

from .._audit.findings import entity_finding, new_finding
from .._audit.registry import evaluates
from .._core import arn as _arn
from .._core.errors import InputError
from .._policy import document as _policy
from . import analysis as _trust
from . import human_roles as _human_roles
from . import identity_provider as _identity_provider
from . import model as _role_trust

PROVIDER = "AwsIamIdentityProvider"


def _roles(snapshot):
    return (snapshot.get("authorization_details") or {}).get("roles") or []


def _context(snapshot, params):
    trust = params["trust"]
    return {
        "account_id": snapshot["account_id"],
        "organization_id": trust.get("organization_id"),
        "allowed_accounts": [str(a) for a in trust.get("allowed_accounts") or []],
        "third_party_accounts": [str(a) for a in trust.get("third_party_accounts") or []],
    }


def _compact(document):
    return json.dumps(document, sort_keys=True, separators=(",", ":")) if document is not None else None


def _role_finding(control_id, snapshot, role, status, message, expected=None, actual=None):
    return entity_finding(control_id, snapshot, "role", role, status, "Role %s: %s" % (role["RoleName"], message), expected, actual)


def _aws_managed(control_id, snapshot, role):
    return _role_finding(control_id, snapshot, role, "NOT_APPLICABLE", "AWS-managed role (path %s): AWS manages its trust" % role["Path"])


def _none_applies(control_id, snapshot, what):
    return [new_finding(control_id, snapshot, "NOT_APPLICABLE", "No role of the account %s" % what)]


def _document(role):
    """The role's trust policy as a dict, or None when it cannot be read as JSON."""
    try:
        return _policy.load(role.get("AssumeRolePolicyDocument") or {})
    except _policy.PolicyError:
        return None


def _judge(control_id, snapshot, role, problems, expected, passed):
    """PASS (with the `passed` sentence) or FAIL listing the problems of a role's trust."""
    document = _document(role)
    if problems:
        message = "; ".join("Statement[%d] %s" % (index, problem) for index, problem in problems)
        return _role_finding(control_id, snapshot, role, "FAIL", message, expected, _compact(document))
    return _role_finding(control_id, snapshot, role, "PASS", passed, expected)


def _statement_problems(document, check, context):
    return [(i, p) for i, statement in _trust.allow_statements(document) for p in check(statement, context)]


def _per_role(control_id, snapshot, params, expected, passed, check=None, applies=None, none_message=None):
    """Findings of a per-statement check over every role (or the roles `applies` selects). The
    check is by default the one the role_trust module makes too (analysis.CHECKS)."""
    check = check or _trust.CHECKS[control_id]
    context = _context(snapshot, params)
    findings = []
    for role in _roles(snapshot):
        document = _document(role)
        if document is None:
            findings.append(_role_finding(control_id, snapshot, role, "ERROR", "trust policy is not valid JSON"))
            continue
        if applies is not None and not applies(role, document, context):
            continue
        if _trust.is_aws_managed(role):
            findings.append(_aws_managed(control_id, snapshot, role))
            continue
        findings.append(_judge(control_id, snapshot, role, _statement_problems(document, check, context), expected, passed))
    if not findings and none_message:
        return _none_applies(control_id, snapshot, none_message)
    return findings


@evaluates("TRUST.WILDCARD")
def wildcard(snapshot, params):
    expected = "no Allow to * without aws:PrincipalOrgID, aws:SourceAccount or aws:PrincipalArn"
    return _per_role("TRUST.WILDCARD", snapshot, params, expected, "no unrestricted wildcard principal")


@evaluates("TRUST.FOREIGN_ACCOUNT")
def foreign_account(snapshot, params):
    expected = "accounts outside the organization and allowed_accounts require sts:ExternalId"
    passed = "every trusted account is in the organization, allowed, or held to an ExternalId"
    return _per_role("TRUST.FOREIGN_ACCOUNT", snapshot, params, expected, passed)


def _trusting(kind):
    """Selects the roles whose trust names a web identity (OIDC) or a SAML provider."""
    test = _trust.web_identity_issuer if kind == "web_identity" else _trust.is_saml_principal

    def applies(role, document, context):
        return any(test(p) for _i, s in _trust.allow_statements(document) for p in _trust.principals(s))

    return applies


@evaluates("TRUST.OIDC_NO_SUB")
def oidc_no_sub(snapshot, params):
    expected, passed = "OIDC trust checks aud and sub (GitHub: repo:ORG/REPO)", "OIDC trust checks aud and sub"
    none_message = "trusts an OIDC (web identity) provider"
    return _per_role("TRUST.OIDC_NO_SUB", snapshot, params, expected, passed, applies=_trusting("web_identity"), none_message=none_message)


@evaluates("TRUST.SAML_NO_AUD")
def saml_no_aud(snapshot, params):
    expected = passed = "SAML trust checks SAML:aud"
    return _per_role(
        "TRUST.SAML_NO_AUD", snapshot, params, expected, passed, applies=_trusting("saml"), none_message="trusts a SAML provider"
    )


def _trusting_roles_anywhere(role, document, context):
    return any(_trust.trusts_roles_anywhere(s) for _i, s in _trust.allow_statements(document))


@evaluates("TRUST.ROLES_ANYWHERE")
def roles_anywhere(snapshot, params):
    expected = "rolesanywhere.amazonaws.com trust pins the trust anchor (aws:SourceArn) and the certificate (x509Subject/x509Issuer)"
    passed = "Roles Anywhere trust pins the trust anchor and the certificate"
    return _per_role(
        "TRUST.ROLES_ANYWHERE", snapshot, params, expected, passed, applies=_trusting_roles_anywhere,
        none_message="trusts IAM Roles Anywhere",
    )  # fmt: skip


def _caller_role(snapshot):
    caller = snapshot.get("caller") or {}
    return (caller.get("name") or "").lower() if caller.get("kind") == "role" else None


@evaluates("TRUST.NO_MFA")
def no_mfa(snapshot, params):
    """Human roles: names matching trust.human_role_patterns; by default, every role trusted by an
    account or user of another account, except the role the audit itself came in through."""
    patterns = params["trust"].get("human_role_patterns") or []
    caller_role = _caller_role(snapshot)

    def is_human(role, document, context):
        if patterns:
            return _human_roles.name_matches(role["RoleName"], patterns)
        if role["RoleName"].lower() == caller_role:
            return False
        return any(_human_roles.human_principals(s, context) for _i, s in _trust.allow_statements(document))

    expected, passed = "cross-account trust of a human role requires MFA", "cross-account trust requires MFA"
    none_message = "is a human role with cross-account trust"
    return _per_role("TRUST.NO_MFA", snapshot, params, expected, passed, _human_roles.mfa_problems, is_human, none_message)


def _declared_durations(params):
    """{role name (lowercase): (max_session_duration, reason or None)} of declared roles that set one."""
    return {
        str(spec["name"]).lower(): (int(spec["max_session_duration"]), str(spec.get("max_session_duration_reason") or "").strip() or None)
        for spec in params["trust"].get("roles") or []
        if spec.get("name") and spec.get("max_session_duration") is not None
    }


def _session_lengths(snapshot):
    return {r["Arn"]: r.get("MaxSessionDuration") for r in snapshot.get("roles") or []}


def _allowed_session(role_name, limit, declared):
    """(allowed seconds, where the limit comes from): a declared value above the baseline relaxes
    the control only with a reason in the declaration (max_session_duration_reason), as a waiver
    needs one."""
    seconds, reason = declared.get(role_name.lower(), (None, None))
    if seconds is None or seconds <= limit:
        return limit, "baseline"
    if reason is None:
        return limit, "baseline; the %d s declared for this role do not count without max_session_duration_reason" % seconds
    return seconds, "declared for this role: %s" % reason


@evaluates("TRUST.LONG_SESSION")
def long_session(snapshot, params):
    """MaxSessionDuration <= trust.max_session_duration; a declared role's own longer
    max_session_duration is its allowed maximum when the declaration gives a reason."""
    limit = int(params["trust"]["max_session_duration"])
    declared = _declared_durations(params)
    lengths = _session_lengths(snapshot)
    findings = []
    for role in _roles(snapshot):
        if _trust.is_aws_managed(role):
            findings.append(_aws_managed("TRUST.LONG_SESSION", snapshot, role))
            continue
        seconds = lengths.get(role["Arn"])
        if seconds is None:
            findings.append(
                _role_finding("TRUST.LONG_SESSION", snapshot, role, "ERROR", "MaxSessionDuration was not read (missing from ListRoles)")
            )
            continue
        allowed, source = _allowed_session(role["RoleName"], limit, declared)
        status = "PASS" if seconds <= allowed else "FAIL"
        message = "MaxSessionDuration %d s, limit %d s (%s)" % (seconds, allowed, source)
        findings.append(_role_finding("TRUST.LONG_SESSION", snapshot, role, status, message, "<= %d" % allowed, seconds))
    return findings


def _declared_role(control_id, snapshot, spec, roles_by_name, lengths):
    name = str(spec.get("name") or "")
    partition = snapshot.get("partition") or "aws"
    role = roles_by_name.get(name.lower())
    placeholder = {"RoleName": name, "Arn": role["Arn"] if role else _arn.role_arn(partition, snapshot["account_id"], name)}
    try:
        wanted = _role_trust.desired_document(spec, partition)
    except InputError as e:
        return _role_finding(control_id, snapshot, placeholder, "ERROR", "the declared spec is invalid: %s" % e)
    if role is None:
        return _role_finding(control_id, snapshot, placeholder, "FAIL", "declared but missing", "present", "absent")
    drift = []
    current = _document(role)
    if wanted is not None and not _policy.equal(current, wanted, partition):
        drift.append("trust policy differs")
    if spec.get("max_session_duration") is not None:
        seconds = lengths.get(role["Arn"])
        if seconds is None:
            return _role_finding(control_id, snapshot, role, "ERROR", "MaxSessionDuration was not read (missing from ListRoles)")
        if int(seconds) != int(spec["max_session_duration"]):
            drift.append("MaxSessionDuration %s s, declared %s s" % (seconds, spec["max_session_duration"]))
    if drift:
        return _role_finding(control_id, snapshot, role, "FAIL", "; ".join(drift), _compact(wanted), _compact(current))
    return _role_finding(control_id, snapshot, role, "PASS", "trust as declared", _compact(wanted))


@evaluates("TRUST.DECLARED")
def declared(snapshot, params):
    """Declared roles (trust.roles) exist with exactly the declared trust (the document the
    role_trust module would write) and, where declared, the declared MaxSessionDuration."""
    specs = params["trust"].get("roles") or []
    if not specs:
        return [new_finding("TRUST.DECLARED", snapshot, "NOT_APPLICABLE", "No role is declared (iam_baseline_trust.roles)")]
    roles_by_name = {r["RoleName"].lower(): r for r in _roles(snapshot)}
    lengths = _session_lengths(snapshot)
    return [_declared_role("TRUST.DECLARED", snapshot, spec, roles_by_name, lengths) for spec in specs]


def _current_provider(snapshot, spec):
    if spec["type"] == "saml":
        for provider in snapshot.get("saml_providers") or []:
            if _identity_provider.matches(spec, provider["arn"]):
                return _identity_provider.saml_view(provider["arn"], provider.get("metadata_document"))
        return None
    for provider in snapshot.get("oidc_providers") or []:
        if _identity_provider.matches(spec, provider["arn"]):
            return _identity_provider.oidc_view(provider["arn"], provider["url"], provider.get("client_ids"), provider.get("thumbprints"))
    return None


def _provider_finding(snapshot, spec, status, message, arn, expected=None, actual=None):
    label = spec.get("name") or spec.get("url") or "?"
    return new_finding(
        "FED.PROVIDERS",
        snapshot,
        status,
        "%s provider %s: %s" % (str(spec.get("type", "")).upper(), label, message),
        resource_type=PROVIDER,
        resource_id=label,
        resource_arn=arn,
        expected=expected,
        actual=actual,
    )


def _declared_provider(snapshot, spec):
    spec = {"state": "present", **spec}
    try:
        _identity_provider.validate(spec)
    except InputError as e:
        arn = _arn.root_arn(snapshot.get("partition") or "aws", snapshot["account_id"])
        return _provider_finding(snapshot, spec, "ERROR", "the declared spec is invalid: %s" % e, arn)
    current = _current_provider(snapshot, spec)
    arn = current["arn"] if current else _identity_provider.provider_arn(snapshot.get("partition") or "aws", snapshot["account_id"], spec)
    if spec["state"] == "absent":
        status = "FAIL" if current else "PASS"
        return _provider_finding(snapshot, spec, status, "present but declared absent" if current else "absent as declared", arn, "absent")
    if current is None:
        return _provider_finding(snapshot, spec, "FAIL", "declared but missing", arn, "present", "absent")
    drift = _identity_provider.differences(current, _identity_provider.desired(current, spec, arn))
    if drift:
        return _provider_finding(
            snapshot, spec, "FAIL", "differs from the declaration in %s" % ", ".join(drift), arn, "as declared", ", ".join(drift)
        )
    return _provider_finding(snapshot, spec, "PASS", "as declared", arn, "as declared")


@evaluates("FED.PROVIDERS")
def providers(snapshot, params):
    """Declared SAML/OIDC providers (iam_baseline_identity_providers) exist with the declared
    metadata / client ids / thumbprints; providers declared absent do not exist."""
    specs = params["identity_providers"] or []
    if not specs:
        return [
            new_finding("FED.PROVIDERS", snapshot, "NOT_APPLICABLE", "No identity provider is declared (iam_baseline_identity_providers)")
        ]
    return [_declared_provider(snapshot, spec) for spec in specs]
