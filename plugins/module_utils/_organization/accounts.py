# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Organizations accounts as inventory hosts (pure: no AWS calls; the inventory plugin reads,
this module decides).

The organization as read by _organization_read:
    {"organization": {id, arn, partition, management_account_id},
     "ous": [{id, name, path, parent_id}],            # path like "/Root/Workloads/Prod"
     "accounts": [{id, name, email, arn, state, ou_id, ou_path}],
     "tags": {account_id: {key: value}}}              # only for the selected accounts
"""

from __future__ import annotations

import fnmatch
import re
import string

from .._core import arn as _arn
from .._core.errors import InputError

ACTIVE = "ACTIVE"
DEFAULT_MEMBER_ROLE = "OrganizationAccountAccessRole"
ALL_GROUP = "aws_accounts"
ERROR_GROUP = "aws_accounts_error"
ORGANIZATION_GROUP = "aws_organization"
HOST_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
OU_GROUP_PREFIX = "ou"
HOSTNAMES = ("id", "name")

# What a member_role_arn_template may use: {partition}, {account_id}, {account_name},
# {ou_path} and {tags[Key]}.
PLACEHOLDERS = ("partition", "account_id", "account_name", "ou_path", "tags")
ROLE_ARN = re.compile(r"^arn:(aws[a-z-]*):iam::(\d{12}):role/([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$")
ROLE_NAME = re.compile(r"^([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$")
OU_ID = re.compile(r"^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[0-9a-z]{8,32})$")


def api_state(item):
    """An account's state in an Organizations answer: `State` (newer), falling back to the
    deprecated `Status`."""
    return item.get("State") or item.get("Status") or "UNKNOWN"


# Names -------------------------------------------------------------------------------------


def sanitize_host_name(text):
    """A host name Ansible and shells are happy with: letters, digits, '_', '.', '-'."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text or "").strip("_.-")


def ou_group_name(path):
    """'/Root/Workloads/Prod' -> 'ou_root_workloads_prod' (a valid Ansible group name)."""
    parts = [re.sub(r"[^a-z0-9]+", "_", part.lower()).strip("_") for part in path.strip("/").split("/")]
    return "_".join([OU_GROUP_PREFIX] + [p or "_" for p in parts])


def ou_lineage(path):
    """'/Root/A/B' -> ['/Root', '/Root/A', '/Root/A/B'] (root first)."""
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]


def in_subtree(path, top):
    return path == top or path.startswith(top.rstrip("/") + "/")


def host_names(accounts, hostnames):
    """account id -> host name. With `name`, accounts whose sanitized names collide (names are
    not unique in an organization) are all named '<name>_<id>', so no host silently replaces another."""
    if hostnames == "id":
        return {a["id"]: a["id"] for a in accounts}
    wanted = {a["id"]: sanitize_host_name(a.get("name")) or a["id"] for a in accounts}
    counts = {}
    for name in wanted.values():
        counts[name] = counts.get(name, 0) + 1
    return {account_id: (name if counts[name] == 1 else "%s_%s" % (name, account_id)) for account_id, name in wanted.items()}


# Options -----------------------------------------------------------------------------------


def template_placeholders(template):
    """The top-level names a template uses ('tags' for {tags[x]}); InputError for other ones."""
    names = set()
    try:
        fields = [f for _text, f, _spec, _conv in string.Formatter().parse(template) if f is not None]
    except ValueError as e:
        raise InputError("member_role_arn_template", "is not a valid template: %s" % e) from None
    for field in fields:
        root = re.split(r"[.\[]", field, maxsplit=1)[0]
        if root not in PLACEHOLDERS:
            known = ", ".join("{%s}" % p for p in PLACEHOLDERS[:-1]) + ", {tags[Key]}"
            raise InputError("member_role_arn_template", "unknown placeholder {%s} (known: %s)" % (field, known))
        names.add(root)
    return names


def _strings(option, values):
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise InputError(option, "must be a list of non-empty strings")
    return values


def validate(options):
    """Checks the options that the reading does not need; raises InputError naming the option."""
    if options.get("hostnames") not in HOSTNAMES:
        raise InputError("hostnames", "must be one of %s, got %r" % (", ".join(HOSTNAMES), options.get("hostnames")))
    template = options.get("member_role_arn_template")
    if template:
        if not template.startswith("arn:"):
            raise InputError("member_role_arn_template", "must give an ARN (start with 'arn:'), got %r" % template)
        template_placeholders(template)
    elif not ROLE_NAME.match(options.get("member_role_name") or ""):
        raise InputError("member_role_name", "must be an IAM role name (optionally with a path), got %r" % options.get("member_role_name"))
    for option in ("include_ous", "exclude_ous"):
        for value in _strings(option, options.get(option) or []):
            if not (value.startswith("/") or OU_ID.match(value)):
                raise InputError(option, "%r is neither an OU id (ou-..., r-...) nor an OU path (/Root/...)" % value)
    for option in ("include_accounts", "exclude_accounts"):
        _strings(option, options.get(option) or [])
    if options.get("organization_host") and not HOST_NAME.match(str(options["organization_host"])):
        raise InputError("organization_host", "must be a host name (letters, digits, _ . -), got %r" % options["organization_host"])
    role_arn = options.get("organization_role_arn")
    if role_arn and not ROLE_ARN.match(str(role_arn)):
        raise InputError("organization_role_arn", "must be an IAM role ARN, got %r" % role_arn)
    if role_arn and not options.get("organization_host"):
        raise InputError("organization_role_arn", "needs organization_host (the host that uses it)")
    include_tags = options.get("include_tags") or {}
    if not isinstance(include_tags, dict):
        raise InputError("include_tags", "must be a dict of tag key -> value or list of values")
    for key, value in include_tags.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in values):
            raise InputError("include_tags", "the values of %r must be strings" % key)
    if include_tags and not options.get("read_tags", True):
        raise InputError("include_tags", "needs read_tags: true")


# Selection ---------------------------------------------------------------------------------


def _ou_paths(ous, values, option):
    """OU ids or paths -> paths; InputError for one the organization does not have (a typo in
    exclude_ous must not quietly bring an OU in)."""
    by_id = {ou["id"]: ou["path"] for ou in ous}
    paths = set(by_id.values())
    resolved = []
    for value in values:
        path = by_id.get(value) if not value.startswith("/") else value.rstrip("/") or "/"
        if path not in paths:
            raise InputError(option, "the organization has no OU %r" % value)
        resolved.append(path)
    return resolved


def _account_matches(account, values):
    for value in values:
        if _arn.ACCOUNT_ID.match(value):
            if value == account["id"]:
                return True
        elif fnmatch.fnmatchcase(account.get("name") or "", value):
            return True
    return False


def select_accounts(organization, options):
    """(selected, unmatched): ACTIVE accounts that pass the OU and account filters (tags are
    judged later, once read), and the include/exclude_accounts values that matched no account."""
    include_ous = _ou_paths(organization["ous"], options.get("include_ous") or [], "include_ous")
    exclude_ous = _ou_paths(organization["ous"], options.get("exclude_ous") or [], "exclude_ous")
    include_accounts = options.get("include_accounts") or []
    exclude_accounts = options.get("exclude_accounts") or []
    selected = []
    for account in organization["accounts"]:
        if account["state"] != ACTIVE:
            continue
        path = account["ou_path"]
        if include_ous and not any(in_subtree(path, top) for top in include_ous):
            continue
        if any(in_subtree(path, top) for top in exclude_ous):
            continue
        if include_accounts and not _account_matches(account, include_accounts):
            continue
        if _account_matches(account, exclude_accounts):
            continue
        selected.append(account)
    accounts = organization["accounts"]
    unmatched = [v for v in include_accounts + exclude_accounts if not any(_account_matches(a, [v]) for a in accounts)]
    return selected, unmatched


def tags_match(tags, include_tags):
    """Every key of include_tags is on the account with one of the allowed values."""
    for key, allowed in (include_tags or {}).items():
        values = allowed if isinstance(allowed, list) else [allowed]
        if key not in tags or tags[key] not in values:
            return False
    return True


# Member role -------------------------------------------------------------------------------


def member_role_arn(account, partition, tags, options):
    """(role ARN, None) or (None, why it could not be made) for one account."""
    template = options.get("member_role_arn_template")
    if not template:
        return _arn.role_arn(partition, account["id"], options.get("member_role_name") or DEFAULT_MEMBER_ROLE), None
    values = {
        "partition": partition,
        "account_id": account["id"],
        "account_name": account.get("name") or "",
        "ou_path": account["ou_path"],
        "tags": tags or {},
    }
    try:
        arn = template.format_map(values)
    except KeyError as e:
        return None, "member_role_arn_template: the account has no tag %s" % e
    except (IndexError, ValueError, AttributeError) as e:
        return None, "member_role_arn_template: cannot be filled in for this account: %s" % e
    match = ROLE_ARN.match(arn)
    if not match:
        return None, "member_role_arn_template: gives %r for this account, which is not an IAM role ARN" % arn
    if match.group(2) != account["id"]:
        return None, "member_role_arn_template: gives a role in account %s, not in this account" % match.group(2)
    return arn, None


# Inventory ---------------------------------------------------------------------------------


def organization_vars(organization):
    """Variables for every host: the organization and ALL its active accounts (not only the
    selected ones), so iam_baseline_trust can default to them."""
    org = organization["organization"]
    return {
        "aws_organization_id": org["id"],
        "aws_organization_arn": org["arn"],
        "aws_organization_management_account_id": org.get("management_account_id"),
        "aws_organization_account_ids": sorted(a["id"] for a in organization["accounts"] if a["state"] == ACTIVE),
    }


def host_vars(account, organization, tags, options):
    """(variables, error) of one selected account's host."""
    org = organization["organization"]
    role_arn, error = member_role_arn(account, org["partition"], tags, options)
    variables = {
        "ansible_connection": "local",
        "aws_account_id": account["id"],
        "aws_account_name": account.get("name"),
        "aws_account_arn": account.get("arn"),
        "aws_account_state": account["state"],
        "aws_account_partition": org["partition"],
        "aws_account_ou_id": account["ou_id"],
        "aws_account_ou_path": account["ou_path"],
        "aws_account_tags": dict(tags or {}),
        "aws_account_is_management": account["id"] == org.get("management_account_id"),
    }
    if options.get("include_email"):
        variables["aws_account_email"] = account.get("email")
    if role_arn:
        variables["aws_account_role_arn"] = role_arn
    if options.get("external_id"):
        variables["aws_account_external_id"] = options["external_id"]
    if error:
        variables["aws_account_error"] = error
    return variables, error


def organization_host(organization, options, taken):
    """The organization host ({"name", "vars", "groups"}) or None: one host that stands for the
    organization - the management account or a delegated administrator, reached with
    organization_role_arn or the run's own credentials - where the organization-level roles
    (identity_center, guardrails) and the organization audit run. Its aws_account_id is the
    management account's: the IDC.* and ORG.* findings carry it."""
    name = options.get("organization_host")
    if not name:
        return None
    if name in taken:
        raise InputError("organization_host", "%r is also the host name of an account; choose another" % name)
    org = organization["organization"]
    variables = {
        "ansible_connection": "local",
        "aws_organization_host": True,
        "aws_account_id": org.get("management_account_id"),
        "aws_account_partition": org["partition"],
        # Every active account with its OU path, whatever the filters keep: assignments to OU paths
        # (iam_baseline_identity_center) are resolved with it.
        "aws_organization_accounts": [
            {"id": a["id"], "name": a.get("name"), "ou_path": a["ou_path"]} for a in organization["accounts"] if a["state"] == ACTIVE
        ],
    }
    if options.get("organization_role_arn"):
        variables["aws_account_role_arn"] = options["organization_role_arn"]
    if options.get("external_id"):
        variables["aws_account_external_id"] = options["external_id"]
    return {"name": name, "vars": variables, "groups": [ORGANIZATION_GROUP]}


def build(organization, options):
    """The hosts and groups of the inventory: {"vars", "groups": [(group, parent)], "hosts":
    [{"name", "vars", "groups"}]}. Tags must have been read for the selected accounts."""
    selected, _unmatched = select_accounts(organization, options)
    all_tags = organization.get("tags") or {}
    include_tags = options.get("include_tags") or {}
    kept = [a for a in selected if tags_match(all_tags.get(a["id"]) or {}, include_tags)]
    names = host_names(kept, options.get("hostnames") or "id")
    groups, hosts = {}, []
    for account in kept:
        variables, error = host_vars(account, organization, all_tags.get(account["id"]), options)
        lineage = ou_lineage(account["ou_path"])
        for depth, path in enumerate(lineage):
            groups[ou_group_name(path)] = (depth, ou_group_name(lineage[depth - 1]) if depth else None)
        member_of = [ALL_GROUP, ou_group_name(account["ou_path"])] + ([ERROR_GROUP] if error else [])
        hosts.append({"name": names[account["id"]], "vars": variables, "groups": member_of})
    # Parents before children, so each group's parent exists when it is added.
    ordered_groups = [(name, parent) for name, (_depth, parent) in sorted(groups.items(), key=lambda item: (item[1][0], item[0]))]
    extra = organization_host(organization, options, set(names.values()))
    if extra:  # after the accounts: apply's first wave (the canary) is an account
        ordered_groups.append((ORGANIZATION_GROUP, None))
        hosts.append(extra)
    return {"vars": organization_vars(organization), "groups": ordered_groups, "hosts": hosts}


def missing_tags(organization, selected):
    """Selected accounts whose tags are not in the (possibly cached) organization data."""
    tags = organization.get("tags") or {}
    return [a["id"] for a in selected if a["id"] not in tags]
