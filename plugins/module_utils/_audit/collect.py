# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fills the snapshot's IAM sources with as few read calls as the data allows (no per-user or
per-role loops; ListMFADevices only for the admins whose MFA kind the credential report and the
virtual devices leave open). Each collector records the value or the AWS error code, so an
unreadable source makes its controls ERROR. Shapes: the contract in _audit/snapshot.py."""

from __future__ import annotations

from .._account import model as _admin_mfa
from .._core import dates as _time
from .._core.errors import AWS_ERRORS, SourceUnavailable, error_code, is_not_found, is_throttling
from .._core.iam import get_or_none
from .._password_policy import aws as password_policy_aws
from .._policy import admin as _admin
from .._policy import document as _policy
from . import credential_report_coverage as _coverage
from .credential_report_fetch import fetch_credential_report
from .snapshot import record, record_error

# GetAccountAuthorizationDetails: AWS managed policies are left out (hundreds of them, referenced
# by ARN where attached); customer managed ones are needed for their documents.
DETAIL_FILTER = ["User", "Role", "Group", "LocalManagedPolicy"]
DOCUMENT_KEYS = ("PolicyDocument", "Document", "AssumeRolePolicyDocument")


def collect(snapshot, source, read):
    """Runs read() and records its value, or the AWS error code, under `source`.

    Once a read of this account was still throttled after the whole retry budget, the remaining
    sources are not asked for at all (recorded as Throttling): hammering a throttled account only
    makes it worse, and the audit of the other accounts must not wait on it.
    """
    if snapshot.get("throttled"):
        record_error(snapshot, source, snapshot["throttled"])
        return
    try:
        record(snapshot, source, read())
    except (*AWS_ERRORS, SourceUnavailable) as e:
        record_error(snapshot, source, error_code(e))
        if is_throttling(e):
            snapshot["throttled"] = error_code(e)


def decoded(value):
    """The answer with every policy document as a dict (IAM URL-encodes them) and ISO dates."""
    if isinstance(value, dict):
        return {k: (_policy.load(v) if k in DOCUMENT_KEYS and isinstance(v, str) else decoded(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [decoded(v) for v in value]
    return _time.jsonable(value)


def pages(client, operation, key, **arguments):
    """Every item under `key` of every page of a paginated read."""
    items = []
    for page in client.get_paginator(operation).paginate(**arguments):
        items.extend(page.get(key, []))
    return items


def read_authorization_details(iam):
    details = {"users": [], "groups": [], "roles": [], "policies": []}
    keys = {"UserDetailList": "users", "GroupDetailList": "groups", "RoleDetailList": "roles", "Policies": "policies"}
    for page in iam.get_paginator("get_account_authorization_details").paginate(Filter=DETAIL_FILTER):
        for api_key, ours in keys.items():
            details[ours].extend(page.get(api_key, []))
    return decoded(details)


def read_saml_providers(iam, declared_arns):
    """Providers with their metadata; metadata is fetched only for declared providers."""
    providers = []
    for item in iam.list_saml_providers().get("SAMLProviderList", []):
        provider = {"arn": item["Arn"], "valid_until": _time.iso(item.get("ValidUntil")), "metadata_document": None}
        if item["Arn"] in declared_arns:
            provider["metadata_document"] = iam.get_saml_provider(SAMLProviderArn=item["Arn"]).get("SAMLMetadataDocument")
        providers.append(provider)
    return providers


def read_oidc_providers(iam, declared_arns):
    providers = []
    for item in iam.list_open_id_connect_providers().get("OpenIDConnectProviderList", []):
        provider = {"arn": item["Arn"], "url": None, "client_ids": None, "thumbprints": None}
        if item["Arn"] in declared_arns:
            answer = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=item["Arn"])
            provider.update(url=answer.get("Url"), client_ids=answer.get("ClientIDList", []), thumbprints=answer.get("ThumbprintList", []))
        providers.append(provider)
    return providers


def read_admin_mfa_devices(iam, snapshot):
    """ListMFADevices (USER.ADMIN_STRONG_MFA) only for the admin users whose MFA kind the
    credential report and ListVirtualMFADevices, read before, leave open (_account/model.py)."""
    admins = _admin.admin_users(snapshot["authorization_details"])
    open_admins = _admin_mfa.open_admins(admins, snapshot["credential_report"], snapshot["virtual_mfa_devices"])
    return {u["UserName"]: decoded(iam.list_mfa_devices(UserName=u["UserName"]).get("MFADevices", [])) for u in open_admins}


def read_user_credentials(iam, name):
    """One user's credentials, read directly: ListAccessKeys, GetAccessKeyLastUsed per key,
    GetLoginProfile, ListMFADevices, and GetUser (PasswordLastUsed) when it has a password."""
    keys = pages(iam, "list_access_keys", "AccessKeyMetadata", UserName=name)
    last_used = {k["AccessKeyId"]: iam.get_access_key_last_used(AccessKeyId=k["AccessKeyId"]).get("AccessKeyLastUsed") for k in keys}
    profile = get_or_none(iam.get_login_profile, "LoginProfile", UserName=name)
    devices = pages(iam, "list_mfa_devices", "MFADevices", UserName=name)
    password_last_used = iam.get_user(UserName=name)["User"].get("PasswordLastUsed") if profile else None
    return _time.jsonable(
        {"keys": keys, "last_used": last_used, "login_profile": profile, "mfa_devices": devices, "password_last_used": password_last_used}
    )


def cover_credential_report(snapshot, iam):
    """Cross-checks the credential report with the users of the authorization details: users it
    has no current row for are read directly (no call at all when it covers everyone); a user
    that still cannot be read is listed, so its controls are ERROR."""
    if any(source in snapshot["errors"] for source in ("credential_report", "authorization_details")):
        return
    users = snapshot["authorization_details"]["users"]
    direct, unreadable = [], {}
    for user in _coverage.uncovered(users, snapshot["credential_report"]["rows"]):
        if snapshot.get("throttled"):
            unreadable[user["UserName"]] = snapshot["throttled"]
            continue
        try:
            direct.append(_coverage.direct_row(user, read_user_credentials(iam, user["UserName"])))
        except AWS_ERRORS as e:
            if is_not_found(e):
                continue  # deleted since GetAccountAuthorizationDetails: nothing to judge
            unreadable[user["UserName"]] = error_code(e)
            if is_throttling(e):
                snapshot["throttled"] = error_code(e)
    record(snapshot, "credential_report", _coverage.covered_report(snapshot["credential_report"], users, direct, unreadable))


def collect_iam(snapshot, iam, now, declared_provider_arns=(), credential_report_wait=120):
    """Every IAM source of the snapshot (the credential report may take a few calls)."""
    declared = set(declared_provider_arns)
    collect(snapshot, "password_policy", lambda: password_policy_aws.get_password_policy(iam))
    collect(snapshot, "account_summary", lambda: iam.get_account_summary()["SummaryMap"])
    collect(snapshot, "authorization_details", lambda: read_authorization_details(iam))
    collect(snapshot, "roles", lambda: decoded(pages(iam, "list_roles", "Roles")))
    collect(snapshot, "credential_report", lambda: fetch_credential_report(iam, now, max_wait=credential_report_wait))
    collect(snapshot, "virtual_mfa_devices", lambda: decoded(pages(iam, "list_virtual_mfa_devices", "VirtualMFADevices")))
    collect(snapshot, "saml_providers", lambda: read_saml_providers(iam, declared))
    collect(snapshot, "oidc_providers", lambda: read_oidc_providers(iam, declared))
    collect(snapshot, "server_certificates", lambda: decoded(pages(iam, "list_server_certificates", "ServerCertificateMetadataList")))
    cover_credential_report(snapshot, iam)
    if "authorization_details" in snapshot["errors"]:
        record_error(snapshot, "admin_mfa_devices", snapshot["errors"]["authorization_details"])
    else:
        collect(snapshot, "admin_mfa_devices", lambda: read_admin_mfa_devices(iam, snapshot))
