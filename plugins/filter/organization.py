# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters for the organization-level roles (baseline.iam.identity_center, baseline.iam.guardrails):
the declared tasks, completed and checked before any call."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.baseline.iam.plugins.module_utils._baseline import defaults as _defaults
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import library as _library
from ansible_collections.baseline.iam.plugins.module_utils._identity_center import declared as _declared


def _fail(problems):
    raise AnsibleFilterError("Invalid declaration, nothing was changed: %s" % "; ".join(problems))


def identity_center_tasks(value, organization_accounts=None):
    """One baseline.iam.permission_set parameter set per declared permission set; fails listing
    every problem, naming the variable and field."""
    tasks, problems = _declared.tasks(_defaults.complete("identity_center", value), organization_accounts)
    if problems:
        _fail(problems)
    return tasks


def guardrail_policies(value):
    """The SCPs the guardrails declare (the library's one, the custom ones); fails listing every
    problem, naming the variable and field."""
    policies, problems = _library.declared_policies(_defaults.complete("guardrails", value))
    if problems:
        _fail(problems)
    return policies


class FilterModule:
    def filters(self):
        return {"identity_center_tasks": identity_center_tasks, "guardrail_policies": guardrail_policies}
