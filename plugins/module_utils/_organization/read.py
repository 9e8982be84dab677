# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading an AWS Organization with as few calls as it allows (shapes: _organization/accounts.py).

One DescribeOrganization and one ListRoots, then the OU tree is walked once from the root:
per OU one ListOrganizationalUnitsForParent and one ListAccountsForParent (plus further pages),
which gives every account with its OU path without a ListParents call per account. Tags take
one ListTagsForResource per selected account (Organizations has no bulk tag read).
"""

from __future__ import annotations

from .._core import arn as _arn
from .accounts import api_state


def _pages(client, operation, key, **arguments):
    items = []
    for page in client.get_paginator(operation).paginate(**arguments):
        items.extend(page.get(key, []))
    return items


def read_organization_summary(client):
    org = client.describe_organization()["Organization"]
    return {
        "id": org["Id"],
        "arn": org["Arn"],
        "partition": _arn.partition_of(org["Arn"]),
        "management_account_id": org.get("MasterAccountId"),
    }


def _account(item, ou):
    return {
        "id": item["Id"],
        "name": item.get("Name"),
        "email": item.get("Email"),
        "arn": item.get("Arn"),
        "state": api_state(item),
        "ou_id": ou["id"],
        "ou_path": ou["path"],
    }


def walk(client):
    """(ous, accounts) of the whole organization, OUs breadth first, siblings by name; the root
    keeps its enabled policy types (ListRoots' PolicyTypes)."""
    queue = [
        {"id": r["Id"], "name": r.get("Name") or "Root", "path": "/" + (r.get("Name") or "Root"), "parent_id": None,
         "policy_types": r.get("PolicyTypes") or []}
        for r in _pages(client, "list_roots", "Roots")
    ]  # fmt: skip
    ous, accounts = [], []
    while queue:
        ou = queue.pop(0)
        ous.append(ou)
        accounts.extend(_account(item, ou) for item in _pages(client, "list_accounts_for_parent", "Accounts", ParentId=ou["id"]))
        children = _pages(client, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=ou["id"])
        for child in sorted(children, key=lambda c: (c.get("Name") or "", c["Id"])):
            queue.append(
                {"id": child["Id"], "name": child.get("Name"), "path": "%s/%s" % (ou["path"], child.get("Name")), "parent_id": ou["id"]}
            )
    return ous, sorted(accounts, key=lambda a: a["id"])


def read_structure(client):
    """The organization without tags."""
    ous, accounts = walk(client)
    return {"organization": read_organization_summary(client), "ous": ous, "accounts": accounts, "tags": {}}


def read_tags(client, account_ids):
    """account id -> {key: value}, one ListTagsForResource (with pages) per account."""
    return {
        account_id: {t["Key"]: t["Value"] for t in _pages(client, "list_tags_for_resource", "Tags", ResourceId=account_id)}
        for account_id in account_ids
    }
