# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Organizations guardrail controls: their catalog entries (the evaluators are in
evaluators.py). Audited once per organization, on the organization host; their findings carry
the management account's id."""

from __future__ import annotations

from .._audit.registry import control

SOURCES = ("organization", "service_control_policies")

CONTROLS = (
    control(
        id="ORG.SCP_ENABLED",
        family="organization",
        scope="organization",
        title="Service control policies are enabled in the organization",
        severity="medium",
        resource_type="AwsOrganizationsRoot",
        sources=SOURCES,
        role="guardrails",
        remediation="Enable the SCP policy type (iam_baseline_guardrails.enable_policy_type: true, role baseline.iam.guardrails).",
    ),
    control(
        id="ORG.GUARDRAIL",
        family="organization",
        scope="organization",
        title="Each declared guardrail is in its SCP and attached where declared",
        severity="high",
        resource_type="AwsOrganizationsPolicy",
        sources=SOURCES,
        params=("guardrails.enabled", "guardrails.targets", "guardrails.custom"),
        role="guardrails",
        remediation="Apply the baseline on the organization host (role baseline.iam.guardrails, iam_baseline_guardrails).",
    ),
)
