# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The organization snapshot (shape: snapshot.py), taken once per organization on the
organization host - the management account or a delegated administrator - with read calls only:
the OU tree and accounts (two calls per OU), the SCPs with their documents and targets, and the
Identity Center instance with every permission set, its policies and assignments. Each source
records its value or the AWS error code, so an unreadable one makes its controls ERROR."""

from __future__ import annotations

from .._core.caller import current_caller
from .._guardrails import aws as _guardrails_aws
from .._identity_center import aws as _identity_center_aws
from .._organization import read as _organization_read
from . import snapshot as _snapshot
from .collect import collect


def declared_extras(params):
    """{permission set name: (read its boundary, read its tags)} for the declared ones that declare
    them (only then are they compared, so only then read)."""
    return {
        str(spec.get("name")): (spec.get("permissions_boundary") is not None, spec.get("tags") is not None)
        for spec in params["identity_center"].get("permission_sets") or []
        if isinstance(spec, dict)
    }


def take_organization_snapshot(clients, params, now):
    """The organization snapshot; its account id is the management account's (the caller's while
    the organization cannot be read)."""
    caller = current_caller(clients.client("sts"))
    probe = _snapshot.new_organization_snapshot(caller["account_id"], caller["partition"], now)
    collect(probe, "organization", lambda: _organization_read.read_structure(clients.client("organizations")))
    organization = probe["organization"]
    management = ((organization or {}).get("organization") or {}).get("management_account_id") or caller["account_id"]
    snapshot = dict(probe, account_id=management, caller=caller)
    if organization is None:
        _snapshot.record_error(snapshot, "service_control_policies", snapshot["errors"]["organization"])
    else:
        collect(
            snapshot, "service_control_policies", lambda: _guardrails_aws.read_all(clients.client("organizations"), organization["ous"][0])
        )
    collect(
        snapshot,
        "identity_center",
        lambda: _identity_center_aws.read_instance(clients.client("sso-admin"), clients.client("identitystore"), declared_extras(params)),
    )
    return snapshot
