# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A role's trust from the high-level spec of role_trust (pure): the trust document it stands
for, and the checks made before any AWS call.

`desired_document(spec, partition)` is the one builder: the module writes what it returns and
the audit's TRUST.DECLARED compares each declared role with what it returns, so both agree on
what "the declared trust" is.
"""

from __future__ import annotations

import json
import re

from .._core import arn as _arn
from .._core.errors import InputError
from .._policy import document as _policy
from . import analysis as _trust
from . import roles_anywhere as _roles_anywhere

# IAM quota "Role trust policy length": 2048 characters by default (it can be raised to 4096 with
# a Service Quotas request). IAM does not count white space. A document over it is refused
# before any call rather than by AWS halfway through a run.
TRUST_POLICY_MAX_CHARS = 2048
MIN_SESSION_SECONDS = 3600
MAX_SESSION_SECONDS = 43200
SPEC_KEYS = ("trusted_accounts", "saml_provider", "oidc_provider", "services", "roles_anywhere")
POLICY_VERSION = "2012-10-17"
# The SAML sign-in endpoint of each partition (the SAML:aud value AWS sign-in presents).
SAML_AUDIENCES = {
    "aws": "https://signin.aws.amazon.com/saml",
    "aws-us-gov": "https://signin.amazonaws-us-gov.com/saml",
    "aws-cn": "https://signin.amazonaws.cn/saml",
}
SERVICE_PRINCIPAL = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$")
# Region prefixes of the partitions other than aws (a region fixes the partition; no call needed).
REGION_PARTITIONS = (
    ("us-gov-", "aws-us-gov"),
    ("cn-", "aws-cn"),
    ("us-isof-", "aws-iso-f"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-isob-", "aws-iso-b"),
    ("us-iso-", "aws-iso"),
    ("eusc-", "aws-eusc"),
)


def partition_for_region(region):
    for prefix, partition in REGION_PARTITIONS:
        if (region or "").startswith(prefix):
            return partition
    return "aws"


def saml_audience(partition):
    return SAML_AUDIENCES.get(partition, SAML_AUDIENCES["aws"])


# Building ------------------------------------------------------------------------------------


def _one_or_list(values):
    return values[0] if len(values) == 1 else list(values)


def _account_statement(entry, partition):
    account_id = str(entry["account_id"])
    principals = [str(p) for p in entry.get("principals") or []] or [_arn.root_arn(partition, account_id)]
    statement = {"Effect": "Allow", "Principal": {"AWS": _one_or_list(principals)}, "Action": "sts:AssumeRole"}
    condition = {}
    if entry.get("external_id"):
        condition["StringEquals"] = {"sts:ExternalId": str(entry["external_id"])}
    if entry.get("require_mfa"):
        condition["Bool"] = {"aws:MultiFactorAuthPresent": "true"}
    if condition:
        statement["Condition"] = condition
    return statement


def _saml_statement(saml, partition):
    audience = saml.get("audience") or saml_audience(partition)
    return {
        "Effect": "Allow",
        "Principal": {"Federated": saml["arn"]},
        "Action": "sts:AssumeRoleWithSAML",
        "Condition": {"StringEquals": {"SAML:aud": audience}},
    }


def oidc_issuer(arn):
    """token.actions.githubusercontent.com from arn:...:oidc-provider/token.actions.githubusercontent.com."""
    parsed = _arn.parse(arn) or {}
    resource = parsed.get("resource") or ""
    return resource.split("/", 1)[1] if resource.startswith("oidc-provider/") else None


def _oidc_statement(oidc):
    issuer = oidc_issuer(oidc["arn"])
    subjects = [str(s) for s in oidc.get("subjects") or []]
    condition = {"StringEquals": {"%s:aud" % issuer: oidc.get("audience")}}
    subject_operator = "StringLike" if any(_trust.has_wildcard(s) for s in subjects) else "StringEquals"
    condition.setdefault(subject_operator, {})["%s:sub" % issuer] = _one_or_list(subjects)
    return {
        "Effect": "Allow",
        "Principal": {"Federated": oidc["arn"]},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": condition,
    }


def _service_entry(entry):
    if isinstance(entry, str):
        return {"service": entry}
    return dict(entry)


def _service_statements(services):
    """Services without conditions share one statement; each conditioned service gets its own."""
    entries = [(i, _service_entry(e)) for i, e in enumerate(services)]
    plain = [e["service"] for _i, e in entries if not (e.get("source_account") or e.get("source_arn"))]
    found = []
    if plain:
        found.append(("services", {"Effect": "Allow", "Principal": {"Service": _one_or_list(plain)}, "Action": "sts:AssumeRole"}))
    for i, entry in entries:
        if not (entry.get("source_account") or entry.get("source_arn")):
            continue
        condition = {}
        if entry.get("source_account"):
            condition["StringEquals"] = {"aws:SourceAccount": str(entry["source_account"])}
        if entry.get("source_arn"):
            condition["ArnLike"] = {"aws:SourceArn": str(entry["source_arn"])}
        statement = {"Effect": "Allow", "Principal": {"Service": entry["service"]}, "Action": "sts:AssumeRole", "Condition": condition}
        found.append(("services[%d]" % i, statement))
    return found


def build_statements(spec, partition):
    """[(field, statement)] for the spec keys, in a fixed order (field: the option it comes from)."""
    found = []
    for i, entry in enumerate(spec.get("trusted_accounts") or []):
        found.append(("trusted_accounts[%d]" % i, _account_statement(entry, partition)))
    if spec.get("saml_provider"):
        found.append(("saml_provider", _saml_statement(spec["saml_provider"], partition)))
    if spec.get("oidc_provider"):
        found.append(("oidc_provider", _oidc_statement(spec["oidc_provider"])))
    found.extend(_service_statements(spec.get("services") or []))
    if spec.get("roles_anywhere"):
        found.append(("roles_anywhere", _roles_anywhere.statement(spec["roles_anywhere"])))
    return found


def desired_document(spec, partition="aws"):
    """The trust policy a role spec stands for (a dict), or None when the spec declares no trust.

    Raises InputError for a spec that mixes `document` with the high-level keys or whose document
    is not JSON.
    """
    present = [k for k in SPEC_KEYS if spec.get(k)]
    if spec.get("document") is not None:
        if present:
            raise InputError("document", "is mutually exclusive with %s" % ", ".join(present))
        try:
            return _policy.load(spec["document"])
        except _policy.PolicyError as e:
            raise InputError("document", str(e)) from None
    if not present:
        return None
    return {"Version": POLICY_VERSION, "Statement": [s for _field, s in build_statements(spec, partition)]}


def policy_size(document):
    """Characters IAM counts against the trust policy quota (compact JSON without white space)."""
    return len(re.sub(r"\s", "", json.dumps(_policy.load(document), separators=(",", ":"))))


# Checks before any call ----------------------------------------------------------------------


def _check_account_id(field, value):
    if not _arn.ACCOUNT_ID.match(str(value or "")):
        raise InputError(field, "must be a 12-digit AWS account id (quote it in YAML to keep leading zeros), got %r" % value)


def _check_trusted_accounts(entries, partition, context):
    for i, entry in enumerate(entries or []):
        field = "trusted_accounts[%d]" % i
        if not isinstance(entry, dict):
            raise InputError(field, "must be a dict with account_id, external_id, require_mfa, principals")
        _check_account_id(field + ".account_id", entry.get("account_id"))
        account_id = str(entry["account_id"])
        if entry.get("external_id") is not None:
            problem = _trust.external_id_problem(entry["external_id"])
            if problem:
                raise InputError(field + ".external_id", problem)
        for j, principal in enumerate(entry.get("principals") or []):
            parsed = _trust.aws_principal(str(principal))
            if parsed["kind"] not in ("root", "user", "role") or not str(principal).startswith("arn:"):
                raise InputError(
                    "%s.principals[%d]" % (field, j), "must be the ARN of a user, a role or the root of the account, got %r" % principal
                )
            if parsed["account_id"] != account_id or parsed["partition"] != partition:
                raise InputError(
                    "%s.principals[%d]" % (field, j),
                    "%r is not in account %s of partition %s" % (principal, account_id, partition),
                )
        problems = _trust.foreign_account_problems(_account_statement(entry, partition), context)
        if problems:
            raise InputError(
                field + ".external_id",
                "account %s is outside organization_id/allowed_accounts, so an external_id is required "
                "(or list the account in allowed_accounts)" % account_id,
            )


def _check_provider_arn(field, arn, kind):
    parsed = _arn.parse(str(arn or ""))
    if not parsed or parsed["service"] != "iam" or not parsed["resource"].startswith(kind + "/") or not parsed["resource"][len(kind) + 1 :]:
        raise InputError(field, "must be the ARN of an IAM %s (arn:<partition>:iam::<account>:%s/<name>), got %r" % (kind, kind, arn))


def _check_saml(saml):
    if not isinstance(saml, dict):
        raise InputError("saml_provider", "must be a dict with arn and audience")
    _check_provider_arn("saml_provider.arn", saml.get("arn"), "saml-provider")
    audience = saml.get("audience")
    if audience is not None and not _trust.value_narrows(_trust.SAML_AUDIENCE_KEY, str(audience), wildcards=True):
        raise InputError("saml_provider.audience", "must name the sign-in endpoint, got %r" % audience)


def _check_oidc(oidc):
    if not isinstance(oidc, dict):
        raise InputError("oidc_provider", "must be a dict with arn, audience and subjects")
    _check_provider_arn("oidc_provider.arn", oidc.get("arn"), "oidc-provider")
    issuer = oidc_issuer(oidc["arn"]).lower()
    if not oidc.get("audience") or not _trust.value_narrows(issuer + ":aud", str(oidc["audience"]), wildcards=True):
        raise InputError("oidc_provider.audience", "is required: the token audience (client id), e.g. sts.amazonaws.com for GitHub Actions")
    subjects = oidc.get("subjects") or []
    if not subjects:
        raise InputError(
            "oidc_provider.subjects", "is required: without a sub condition any identity of the provider could assume the role"
        )
    for i, subject in enumerate(subjects):
        field = "oidc_provider.subjects[%d]" % i
        if not _trust.value_narrows(issuer + ":sub", str(subject), wildcards=True):
            raise InputError(field, "%r matches every subject of the provider" % subject)
        if issuer.startswith(_trust.GITHUB_ISSUER) and _trust.github_subject_problem(str(subject)):
            raise InputError(field, _trust.github_subject_problem(str(subject)))


def _check_services(services):
    for i, raw in enumerate(services or []):
        field = "services[%d]" % i
        if not isinstance(raw, (str, dict)):
            raise InputError(field, "must be a service principal or a dict with service, source_account, source_arn")
        entry = _service_entry(raw)
        unknown = set(entry) - {"service", "source_account", "source_arn"}
        if unknown:
            raise InputError(field, "unknown key(s) %s" % ", ".join(sorted(unknown)))
        if not SERVICE_PRINCIPAL.match(str(entry.get("service") or "")):
            raise InputError(field + ".service", "must be a service principal such as ec2.amazonaws.com, got %r" % entry.get("service"))
        if entry.get("source_account") is not None:
            _check_account_id(field + ".source_account", entry["source_account"])
        if entry.get("source_arn") is not None and not _arn.parse(str(entry["source_arn"])):
            raise InputError(field + ".source_arn", "must be an ARN, got %r" % entry["source_arn"])


def _check_document(document, fields, context):
    """The checks both the module and the audit make (module_utils/_trust/analysis.py), plus the ExternalId
    format, on the final document; `fields` names the option each statement comes from."""
    for control_id, index, problem in _trust.document_problems(document, context):
        field = fields[index] if fields else "document"
        where = "" if fields else "Statement[%d] " % index
        raise InputError(field, "%s%s (%s)" % (where, problem, control_id))
    for index, statement in enumerate(_policy.statements(document)):
        for entry in _trust.conditions(statement):
            if entry["key"] != _trust.EXTERNAL_ID_KEY:
                continue
            for value in entry["values"]:
                problem = _trust.external_id_problem(value)
                if problem:
                    raise InputError(fields[index] if fields else "document", "Statement[%d] sts:ExternalId %s" % (index, problem))


def validate(spec, partition="aws", context=None):
    """Raises InputError for the first problem of a role_trust spec; returns the desired document
    (None when the spec declares no trust).

    context: organization_id, allowed_accounts (and account_id when known: the own account).
    """
    context = dict(context or {})
    for i, account in enumerate(context.get("allowed_accounts") or []):
        _check_account_id("allowed_accounts[%d]" % i, account)
    duration = spec.get("max_session_duration")
    if duration is not None and not MIN_SESSION_SECONDS <= int(duration) <= MAX_SESSION_SECONDS:
        raise InputError(
            "max_session_duration", "must be between %d and %d seconds, got %s" % (MIN_SESSION_SECONDS, MAX_SESSION_SECONDS, duration)
        )
    if spec.get("document") is None:
        _check_trusted_accounts(spec.get("trusted_accounts"), partition, context)
        if spec.get("saml_provider"):
            _check_saml(spec["saml_provider"])
        if spec.get("oidc_provider"):
            _check_oidc(spec["oidc_provider"])
        _check_services(spec.get("services"))
        if spec.get("roles_anywhere") is not None:
            problem = _roles_anywhere.problem(spec["roles_anywhere"])
            if problem:
                raise InputError(*problem)
    document = desired_document(spec, partition)
    if document is None:
        return None
    fields = None if spec.get("document") is not None else [field for field, _s in build_statements(spec, partition)]
    if not _policy.statements(document):
        raise InputError("document", "has no statement")
    _check_document(document, fields, context)
    size = policy_size(document)
    if size > TRUST_POLICY_MAX_CHARS:
        field = "document" if fields is None else "/".join(k for k in SPEC_KEYS if spec.get(k))
        raise InputError(
            field,
            "the trust policy would be %d characters, over the IAM limit of %d (TRUST_POLICY_MAX_CHARS)" % (size, TRUST_POLICY_MAX_CHARS),
        )
    return document
