# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The guardrail library (pure): each guardrail one Deny statement, picked by name in
iam_baseline_guardrails.enabled, all of them in one SCP (a root, OU or account holds at most five
SCPs, one of them FullAWSAccess); plus the user's own documents (custom), one SCP each.

`declared_policies(guardrails)` is the one builder: the role applies what it returns and the
audit's ORG.GUARDRAIL compares the organization with it, so apply and verify agree.
"""

from __future__ import annotations

import re

from .._organization import accounts as _accounts
from . import model as _model

# In the order their statements appear in the SCP.
GUARDRAILS = (
    "deny_leave_organization",
    "deny_root_user",
    "protect_cloudtrail",
    "protect_access_analyzer",
    "deny_iam_users",
    "protect_member_role",
)
CLOUDTRAIL_ACTIONS = ["cloudtrail:DeleteTrail", "cloudtrail:PutEventSelectors", "cloudtrail:StopLogging", "cloudtrail:UpdateTrail"]
ACCESS_ANALYZER_ACTIONS = ["access-analyzer:ApplyArchiveRule", "access-analyzer:CreateArchiveRule", "access-analyzer:DeleteAnalyzer",
                           "access-analyzer:UpdateArchiveRule"]  # fmt: skip
IAM_USER_ACTIONS = ["iam:CreateAccessKey", "iam:CreateUser"]
BREAK_GLASS_PATH = re.compile(r"^/[\w+=,.@-]+(/[\w+=,.@-]+)*/$")
MEMBER_ROLE_ACTIONS = [
    "iam:AttachRolePolicy", "iam:DeleteRole", "iam:DeleteRolePermissionsBoundary", "iam:DeleteRolePolicy", "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole", "iam:UpdateRoleDescription",
]  # fmt: skip


def sid(name):
    """deny_root_user -> BaselineDenyRootUser."""
    return "Baseline" + "".join(part.capitalize() for part in name.split("_"))


def member_role_pattern(settings):
    return "arn:*:iam::*:role/%s" % str(settings["member_role_name"]).strip("/")


def _unless(principals):
    """The exemption of a Deny: none, or every principal ARN pattern listed."""
    return {"Condition": {"ArnNotLike": {"aws:PrincipalArn": sorted(principals)}}} if principals else {}


def _deny(name, actions, resource="*", **extra):
    statement = {"Sid": sid(name), "Effect": "Deny", "Action": actions}
    statement.update({"Resource": resource} if "NotResource" not in extra else {})
    statement.update(extra)
    return statement


def statement(name, settings):
    """The Deny statement of one guardrail. `settings`: the completed iam_baseline_guardrails."""
    exempt = list(settings.get("exempt_principals") or [])
    member_role = member_role_pattern(settings)
    if name == "deny_leave_organization":
        return _deny(name, "organizations:LeaveOrganization")
    if name == "deny_root_user":
        return _deny(name, "*", Condition={"StringLike": {"aws:PrincipalArn": "arn:*:iam::*:root"}})
    if name == "protect_cloudtrail":
        return _deny(name, CLOUDTRAIL_ACTIONS, **_unless(exempt))
    if name == "protect_access_analyzer":
        return _deny(name, ACCESS_ANALYZER_ACTIONS, **_unless(exempt))
    if name == "deny_iam_users":
        # The baseline's member role rotates access keys, so it is exempt (it never creates users).
        path = settings["break_glass_path"]
        return _deny(name, IAM_USER_ACTIONS, NotResource="arn:*:iam::*:user%s*" % path, **_unless([member_role, *exempt]))
    if name == "protect_member_role":
        return _deny(name, MEMBER_ROLE_ACTIONS, member_role, **_unless([member_role]))
    raise KeyError(name)


def library_document(settings):
    """The SCP holding every enabled guardrail, or None when none is enabled."""
    enabled = [g for g in GUARDRAILS if g in (settings.get("enabled") or [])]
    if not enabled:
        return None
    return {"Version": "2012-10-17", "Statement": [statement(name, settings) for name in enabled]}


def _targets_problem(where, targets):
    if not isinstance(targets, list) or not targets:
        return "%s: at least one target (root, an OU path or an account id)" % where
    for label in targets:
        problem = _model.target_problem(label)
        if problem:
            return "%s: %s" % (where, problem)
    return None


def _settings_problems(settings):
    problems = []
    for index, name in enumerate(settings.get("enabled") or []):
        if name not in GUARDRAILS:
            problems.append("iam_baseline_guardrails.enabled[%d]: unknown guardrail %r (known: %s)" % (index, name, ", ".join(GUARDRAILS)))
    problem = _targets_problem("iam_baseline_guardrails.targets", settings.get("targets")) if settings.get("enabled") else None
    if problem:
        problems.append(problem)
    if not _accounts.ROLE_NAME.match(str(settings.get("member_role_name") or "")):
        problems.append(
            "iam_baseline_guardrails.member_role_name: must be an IAM role name (optionally with a path), got %r"
            % settings.get("member_role_name")
        )
    if "deny_iam_users" in (settings.get("enabled") or []) and not BREAK_GLASS_PATH.match(str(settings.get("break_glass_path") or "")):
        problems.append(
            "iam_baseline_guardrails.break_glass_path: must be an IAM path below / such as /break-glass/, got %r"
            % settings.get("break_glass_path")
        )
    return problems


def _custom_problems(index, entry, library_name):
    where = "iam_baseline_guardrails.custom[%d]" % index
    if not isinstance(entry, dict) or set(entry) - {"name", "description", "document", "targets"}:
        return ["%s: must be a dict with name, description, document and targets" % where]
    problems = []
    name = str(entry.get("name") or "")
    if name in (_model.FULL_AWS_ACCESS, library_name):
        problems.append("%s.name: %r is taken (FullAWSAccess is AWS managed; %s holds the library)" % (where, name, library_name))
    elif not _model.NAME.match(name):
        problems.append("%s.name: must be 1-128 letters, digits, spaces or +=,.@-_ characters" % where)
    _loaded, problem = _model.document_problem(entry.get("document")) if entry.get("document") is not None else (None, "is required")
    if problem:
        problems.append("%s.document: %s" % (where, problem))
    if "targets" in entry:
        problem = _targets_problem(where + ".targets", entry["targets"])
        problems += [problem] if problem else []
    return problems


def declared_policies(settings):
    """(policies, problems): the SCPs the guardrails declare - {"name", "description", "document",
    "targets", "guardrails"} - and every problem, naming the variable and field. Checked here,
    before any call: names, documents and their size, targets, and per target the five-SCP quota
    (FullAWSAccess stays attached, so four are left)."""
    problems = _settings_problems(settings)
    policies = []
    document = library_document(settings)
    if document is not None and not problems:
        enabled = [g for g in GUARDRAILS if g in settings["enabled"]]
        description = "baseline.iam guardrails: %s" % ", ".join(enabled)
        policies.append({"name": settings["policy_name"], "description": description, "document": document,
                         "targets": [str(t) for t in settings["targets"]], "guardrails": enabled})  # fmt: skip
        _loaded, problem = _model.document_problem(document)
        if problem:
            problems.append("iam_baseline_guardrails.enabled: %s" % problem)
    for index, entry in enumerate(settings.get("custom") or []):
        found = _custom_problems(index, entry, settings["policy_name"])
        problems += found
        if not found:
            targets = entry.get("targets") or settings.get("targets") or []
            policies.append({"name": entry["name"], "description": entry.get("description") or "", "document": entry["document"],
                             "targets": [str(t) for t in targets], "guardrails": [entry["name"]]})  # fmt: skip
    return policies, problems + _quota_problems(policies)


def _quota_problems(policies):
    per_target = {}
    for policy in policies:
        for label in policy["targets"]:
            per_target.setdefault(label, []).append(policy["name"])
    return [
        "iam_baseline_guardrails: target %s would hold %d SCPs with FullAWSAccess (%s); AWS Organizations allows at most %d"
        % (label, len(names) + 1, ", ".join(names), _model.MAX_PER_TARGET)
        for label, names in sorted(per_target.items())
        if len(names) + 1 > _model.MAX_PER_TARGET
    ]
