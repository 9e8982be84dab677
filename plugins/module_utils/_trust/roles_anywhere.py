# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM Roles Anywhere trust (pure): the `roles_anywhere` principal of a role_trust spec, the trust
statement AWS documents for it, and the checks before any call.

A workload outside AWS presents an X.509 certificate issued under a trust anchor; Roles Anywhere
then assumes the role as the service principal rolesanywhere.amazonaws.com, with the certificate's
subject and issuer as session tags (aws:PrincipalTag/x509Subject/CN, .../x509Issuer/O, ...). Without
a condition pinning the trust anchor (aws:SourceArn) and the certificate, any certificate of any
trust anchor in the account could assume the role (TRUST.ROLES_ANYWHERE).

Spec: {"trust_anchor_arn": "arn:aws:rolesanywhere:<region>:<account>:trust-anchor/<id>",
"subject": {"CN": "app.example.com", "OU": "payments"}, "issuer": {"CN": "Example CA"}}; at least one
of subject and issuer. A value with * or ? is matched with StringLike.
"""

from __future__ import annotations

import re

SERVICE = "rolesanywhere.amazonaws.com"
ACTIONS = ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"]
TRUST_ANCHOR_ARN = re.compile(r"^arn:[a-z-]+:rolesanywhere:[a-z0-9-]+:\d{12}:trust-anchor/[\w-]+$")
# Certificate name attributes Roles Anywhere maps to session tags (RFC 5280 short names).
ATTRIBUTE = re.compile(r"^[A-Za-z][A-Za-z0-9.]{0,31}$")
TAG_PREFIXES = {"subject": "aws:PrincipalTag/x509Subject/", "issuer": "aws:PrincipalTag/x509Issuer/"}


def _has_wildcard(text):
    return "*" in text or "?" in text


def statement(spec):
    """The Allow statement of a roles_anywhere spec (AWS' documented trust for Roles Anywhere)."""
    condition = {"ArnEquals": {"aws:SourceArn": str(spec["trust_anchor_arn"])}}
    for part, prefix in TAG_PREFIXES.items():
        for attribute, value in sorted((spec.get(part) or {}).items()):
            operator = "StringLike" if _has_wildcard(str(value)) else "StringEquals"
            condition.setdefault(operator, {})[prefix + str(attribute)] = str(value)
    return {"Effect": "Allow", "Principal": {"Service": SERVICE}, "Action": list(ACTIONS), "Condition": condition}


def problem(spec):
    """(field, problem) for the first problem of a roles_anywhere spec, or None."""
    if not isinstance(spec, dict) or set(spec) - {"trust_anchor_arn", "subject", "issuer"}:
        return "roles_anywhere", "must be a dict with trust_anchor_arn and subject and/or issuer"
    if not TRUST_ANCHOR_ARN.match(str(spec.get("trust_anchor_arn") or "")):
        return (
            "roles_anywhere.trust_anchor_arn",
            "must be the ARN of one trust anchor (arn:<partition>:rolesanywhere:<region>:<account>:trust-anchor/<id>), got %r"
            % spec.get("trust_anchor_arn"),
        )
    if not (spec.get("subject") or spec.get("issuer")):
        return (
            "roles_anywhere.subject",
            "subject or issuer is required: without one, any certificate of the trust anchor could assume the role",
        )
    for part in TAG_PREFIXES:
        values = spec.get(part) or {}
        if not isinstance(values, dict):
            return "roles_anywhere.%s" % part, "must be a dict of certificate attribute (CN, OU, O, ...) to value"
        for attribute, value in values.items():
            field = "roles_anywhere.%s.%s" % (part, attribute)
            if not ATTRIBUTE.match(str(attribute)):
                return field, "%r is not a certificate attribute name such as CN, OU or O" % attribute
            if not str(value).strip("*? "):
                return field, "%r matches every certificate" % value
    return None
