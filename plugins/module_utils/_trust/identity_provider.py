# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""SAML and OIDC identity providers as plain data (pure): input checks, the provider as the
module returns it, and the desired provider. The identity_provider module and the FED.PROVIDERS
evaluator share these, so "declared" means the same to both.

A provider view is {"type": "saml", "arn", "name", "metadata_document"} or
{"type": "oidc", "arn", "url", "client_ids", "thumbprints"} (lists sorted, thumbprints lowercase,
url as https://host/path).
"""

from __future__ import annotations

import re

from .._core import arn as _arn
from .._core.errors import InputError

SAML_NAME = re.compile(r"^[\w._-]{1,128}$")
THUMBPRINT = re.compile(r"^[0-9a-fA-F]{40}$")
# IAM limits: SAML metadata 1000 to 10,000,000 characters; OIDC url up to 255 characters, up to
# 100 client ids of 1-255 characters, up to 5 thumbprints.
METADATA_MIN, METADATA_MAX = 1000, 10_000_000
URL_MAX = 255
CLIENT_IDS_MAX, CLIENT_ID_MAX = 100, 255
THUMBPRINTS_MAX = 5
OPTIONS = {"saml": ("name", "metadata_document"), "oidc": ("url", "client_ids", "thumbprints")}
FIELDS = {"saml": ("arn", "name", "metadata_document"), "oidc": ("arn", "url", "client_ids", "thumbprints")}


def _check_saml(params, present):
    name = params.get("name")
    if not name:
        raise InputError("name", "is required for a SAML provider")
    if not SAML_NAME.match(str(name)):
        raise InputError("name", "must be 1 to 128 letters, digits or ._- characters, got %r" % name)
    if present:
        metadata = (params.get("metadata_document") or "").strip()
        if not metadata:
            raise InputError("metadata_document", "is required for a SAML provider (the IdP's SAML metadata XML)")
        if not METADATA_MIN <= len(metadata) <= METADATA_MAX:
            raise InputError("metadata_document", "must be %d to %d characters long, got %d" % (METADATA_MIN, METADATA_MAX, len(metadata)))


def _check_oidc(params):
    url = params.get("url")
    if not url:
        raise InputError("url", "is required for an OIDC provider")
    if not str(url).startswith("https://") or "?" in url or "#" in url or not url_key(url) or len(url) > URL_MAX:
        raise InputError("url", "must be an https:// URL without query or fragment, at most %d characters, got %r" % (URL_MAX, url))
    client_ids = params.get("client_ids")
    if client_ids is not None:
        if len(client_ids) > CLIENT_IDS_MAX:
            raise InputError("client_ids", "at most %d client ids, got %d" % (CLIENT_IDS_MAX, len(client_ids)))
        for i, client_id in enumerate(client_ids):
            if not 1 <= len(str(client_id)) <= CLIENT_ID_MAX:
                raise InputError("client_ids[%d]" % i, "must be 1 to %d characters" % CLIENT_ID_MAX)
    thumbprints = params.get("thumbprints")
    if thumbprints is not None:
        if len(thumbprints) > THUMBPRINTS_MAX:
            raise InputError("thumbprints", "at most %d thumbprints, got %d" % (THUMBPRINTS_MAX, len(thumbprints)))
        for i, thumbprint in enumerate(thumbprints):
            if not THUMBPRINT.match(str(thumbprint)):
                raise InputError("thumbprints[%d]" % i, "must be the 40 hex digits of a SHA-1 certificate thumbprint, got %r" % thumbprint)


def validate(params):
    """Raises InputError for the first problem with a provider spec."""
    kind = params.get("type")
    if kind not in OPTIONS:
        raise InputError("type", "must be saml or oidc, got %r" % kind)
    other = "oidc" if kind == "saml" else "saml"
    for option in OPTIONS[other]:
        if params.get(option) is not None:
            raise InputError(option, "is only for type %s (this provider is type %s)" % (other, kind))
    if kind == "saml":
        _check_saml(params, params.get("state", "present") != "absent")
    else:
        _check_oidc(params)


def url_key(url):
    """How IAM names an OIDC provider: https://Host/path/ -> host/path."""
    text = str(url or "").strip()
    if "://" in text:
        text = text.split("://", 1)[1]
    text = text.rstrip("/")
    host, _slash, path = text.partition("/")
    return host.lower() + ("/" + path if path else "")


def provider_arn(partition, account_id, spec):
    """The ARN a provider spec has (or would have) in an account."""
    if spec["type"] == "saml":
        return _arn.build(partition, "iam", account_id, "saml-provider/%s" % spec["name"])
    return _arn.build(partition, "iam", account_id, "oidc-provider/%s" % url_key(spec["url"]))


def matches(spec, arn):
    """Whether a provider ARN is the one the spec names (SAML by name, OIDC by URL)."""
    parsed = _arn.parse(arn) or {}
    resource = parsed.get("resource") or ""
    if spec["type"] == "saml":
        return resource == "saml-provider/%s" % spec["name"]
    return resource.lower() == "oidc-provider/%s" % url_key(spec["url"]).lower()


def saml_view(arn, metadata_document):
    return {"type": "saml", "arn": arn, "name": _arn.resource_name(arn), "metadata_document": (metadata_document or "").strip()}


def oidc_view(arn, url, client_ids, thumbprints):
    return {
        "type": "oidc",
        "arn": arn,
        "url": "https://" + url_key(url),
        "client_ids": sorted({str(c) for c in client_ids or []}),
        "thumbprints": sorted({str(t).lower() for t in thumbprints or []}),
    }


def desired(current, spec, arn):
    """The provider after the change. Options left out (None) keep their current value."""
    if spec["type"] == "saml":
        metadata = spec.get("metadata_document")
        return saml_view(arn, metadata if metadata is not None else (current or {}).get("metadata_document"))
    current = current or {}
    client_ids = spec.get("client_ids") if spec.get("client_ids") is not None else current.get("client_ids")
    thumbprints = spec.get("thumbprints") if spec.get("thumbprints") is not None else current.get("thumbprints")
    return oidc_view(arn, spec["url"], client_ids, thumbprints)


def differences(current, wanted):
    """The managed fields whose values differ (by name, in a fixed order)."""
    kind = wanted["type"]
    return [f for f in FIELDS[kind] if f != "arn" and (current or {}).get(f) != wanted.get(f)]
