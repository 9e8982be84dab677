# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS CLI named profiles for the accounts of an inventory (pure): one profile per account and
role, rendered as the `[profile name]` sections of an AWS config file."""

from __future__ import annotations

import re

from ansible.module_utils.parsing.convert_bool import boolean

from .._core import arn as _arn
from .._core.errors import InputError

MIN_DURATION, MAX_DURATION = 900, 43200
PROFILE_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_.@+-]+")
PREFIX = "iam_baseline_cli_profiles_"


def profile_name(text):
    """A profile name the AWS CLI reads back as written (no spaces, brackets or quotes)."""
    return PROFILE_NAME_UNSAFE.sub("-", text).strip("-")


def _account_of(facts):
    """(account id, partition) of an inventory host, or (None, None)."""
    role_arn = facts.get("aws_account_role_arn") or ""
    account_id = str(facts.get("aws_account_id") or _arn.account_of(role_arn) or "")
    partition = facts.get("aws_account_partition") or _arn.partition_of(role_arn)
    return (account_id, partition) if _arn.ACCOUNT_ID.match(account_id) else (None, None)


def _duration(value, variable):
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        raise InputError(variable, "must be a number of seconds, got %r" % (value,)) from None
    if not MIN_DURATION <= seconds <= MAX_DURATION:
        raise InputError(variable, "must be between %d and %d seconds, got %d" % (MIN_DURATION, MAX_DURATION, seconds))
    return seconds


def _host_roles(facts, settings):
    """(profile suffix, role ARN, require_mfa, duration) for each role of one host."""
    require_mfa = boolean(facts.get(PREFIX + "require_mfa", settings.get("require_mfa")) or False)
    duration = settings.get("duration_seconds")
    if not settings.get("roles"):
        if not facts.get("aws_account_role_arn"):
            return []
        return [("", facts["aws_account_role_arn"], require_mfa, duration)]
    account_id, partition = _account_of(facts)
    if account_id is None:
        return []
    roles = []
    for index, role in enumerate(settings["roles"]):
        if not isinstance(role, dict) or not role.get("name"):
            raise InputError(PREFIX + "roles", "item %d needs a role `name`" % index)
        path, _sep, name = role["name"].strip("/").rpartition("/")
        role_arn = _arn.role_arn(partition, account_id, name, "/%s/" % path if path else "/")
        suffix = role.get("suffix", "-" + name)
        roles.append((suffix, role_arn, boolean(role.get("require_mfa", require_mfa)), role.get("duration_seconds", duration)))
    return roles


def build_profiles(hosts, hostvars, settings):
    """(profiles, skipped): profile dicts sorted by name, and the hosts that got none (no role
    ARN, or the inventory's aws_account_error).

    settings: source_profile, prefix, region, duration_seconds, mfa_serial, require_mfa (default
    for hosts that do not set iam_baseline_cli_profiles_require_mfa), roles.
    """
    source = settings.get("source_profile") or ""
    if not source:
        raise InputError(PREFIX + "source_profile", "is required (the profile whose credentials assume the roles)")
    profiles, skipped, seen = [], [], {}
    for host in hosts:
        facts = hostvars[host]
        roles = [] if facts.get("aws_account_error") else _host_roles(facts, settings)
        if not roles:
            skipped.append(host)
            continue
        for suffix, role_arn, require_mfa, duration in roles:
            name = profile_name("%s%s%s" % (settings.get("prefix") or "", host, suffix))
            if name == source:
                raise InputError(PREFIX + "prefix", "gives the profile name %r, which is the source profile" % name)
            if name in seen:
                raise InputError(PREFIX + "prefix", "hosts %s and %s both give the profile name %r" % (seen[name], host, name))
            seen[name] = host
            profile = {"name": name, "role_arn": role_arn, "source_profile": source}
            if require_mfa:
                if not settings.get("mfa_serial"):
                    raise InputError(PREFIX + "mfa_serial", "is required: the profile %r requires MFA" % name)
                profile["mfa_serial"] = settings["mfa_serial"]
            profile["duration_seconds"] = _duration(duration, PREFIX + "duration_seconds")
            if settings.get("region"):
                profile["region"] = settings["region"]
            profiles.append(profile)
    return sorted(profiles, key=lambda p: p["name"]), skipped


def render(profiles):
    """The profiles as AWS config file sections (INI), one blank line apart."""
    sections = []
    for profile in profiles:
        lines = ["[profile %s]" % profile["name"]]
        lines.extend("%s = %s" % (key, value) for key, value in profile.items() if key != "name")
        sections.append("\n".join(lines))
    return "\n\n".join(sections)
