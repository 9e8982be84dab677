# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Evaluators of the Organizations guardrail controls (pure): ORG.SCP_ENABLED and ORG.GUARDRAIL,
over the organization snapshot (_audit/snapshot.py): `service_control_policies` ({"enabled",
"policies": [{"id", "arn", "name", "document", "targets" (ids)}]}) and `organization` (for OU paths).

ORG.GUARDRAIL gives one finding per declared guardrail: a library guardrail's statement (by its
Sid) is in the library SCP and means what the library writes; a custom guardrail's SCP document
means what is declared; and the SCP is attached at every declared target (with purge_targets,
nowhere else).
"""

from __future__ import annotations

from .._audit.findings import account_finding, new_finding
from .._audit.registry import evaluates
from .._core import arn as _arn
from .._policy import document as _policy
from . import library as _library
from .targets import Structure, UnknownTarget

RESOURCE = "AwsOrganizationsPolicy"


def _scps(snapshot):
    return snapshot["service_control_policies"] or {}


def _root_arn(snapshot, structure):
    return _arn.build(snapshot.get("partition") or "aws", "organizations", snapshot["account_id"],
                      "root/%s/%s" % (structure.organization_id, structure.root["id"]))  # fmt: skip


@evaluates("ORG.SCP_ENABLED")
def scp_enabled(snapshot, params):
    structure = Structure(snapshot["organization"])
    enabled = _scps(snapshot).get("enabled")
    message = "Service control policies are %s in root %s" % ("enabled" if enabled else "not enabled", structure.root["id"])
    return [new_finding("ORG.SCP_ENABLED", snapshot, "PASS" if enabled else "FAIL", message, resource_id=structure.root["id"],
                        resource_arn=_root_arn(snapshot, structure), expected="enabled", actual="enabled" if enabled else "not enabled")]  # fmt: skip


def _statement_drift(guardrail, policy, settings):
    wanted = _library.statement(guardrail, settings)
    for statement in _policy.statements(policy["document"]):
        if statement.get("Sid") == wanted["Sid"]:
            same = _policy.normalize_statement(statement) == _policy.normalize_statement(wanted)
            return [] if same else ["its statement %s differs from the library's" % wanted["Sid"]]
    return ["its statement %s is missing from %s" % (wanted["Sid"], policy["name"])]


def _target_drift(declared, policy, structure, purge):
    drift, wanted = [], set()
    for label in declared["targets"]:
        try:
            wanted.add(structure.target_id(label))
        except UnknownTarget as e:
            drift.append("target %s: %s" % (label, e))
    attached = set(policy["targets"])
    drift += ["not attached at %s" % structure.label(t) for t in sorted(wanted - attached)]
    if purge:
        drift += ["also attached at %s (undeclared)" % structure.label(t) for t in sorted(attached - wanted)]
    return drift


def _guardrail_finding(snapshot, guardrail, declared, status, message, arn):
    return new_finding("ORG.GUARDRAIL", snapshot, status, "Guardrail %s: %s" % (guardrail, message), RESOURCE, guardrail, arn,
                       "in %s, attached at %s" % (declared["name"], ", ".join(declared["targets"])), message)  # fmt: skip


def _judge(snapshot, guardrail, declared, policies, structure, settings):
    policy = policies.get(declared["name"])
    resource = "policy/%s/service_control_policy/%s" % (structure.organization_id, declared["name"])
    arn = (policy or {}).get("arn") or _arn.build(snapshot.get("partition") or "aws", "organizations", snapshot["account_id"], resource)
    if not _scps(snapshot).get("enabled"):
        return _guardrail_finding(snapshot, guardrail, declared, "FAIL", "service control policies are not enabled", arn)
    if policy is None:
        return _guardrail_finding(snapshot, guardrail, declared, "FAIL", "SCP %s does not exist" % declared["name"], arn)
    if guardrail in _library.GUARDRAILS and declared["name"] == settings["policy_name"]:
        drift = _statement_drift(guardrail, policy, settings)
    else:
        drift = [] if _policy.equal(policy["document"], declared["document"]) else ["the SCP document differs from the declaration"]
    drift += _target_drift(declared, policy, structure, settings.get("purge_targets"))
    return _guardrail_finding(snapshot, guardrail, declared, "FAIL" if drift else "PASS", "; ".join(drift) or "in force as declared", arn)


@evaluates("ORG.GUARDRAIL")
def guardrail(snapshot, params):
    settings = params["guardrails"]
    declared, problems = _library.declared_policies(settings)
    if problems:
        return [account_finding("ORG.GUARDRAIL", snapshot, "ERROR", "The declaration is invalid: %s" % "; ".join(problems))]
    if not declared:
        return [account_finding("ORG.GUARDRAIL", snapshot, "NOT_APPLICABLE", "No guardrail is declared (iam_baseline_guardrails)")]
    structure = Structure(snapshot["organization"])
    policies = {p["name"]: p for p in _scps(snapshot).get("policies") or []}
    return [_judge(snapshot, name, policy, policies, structure, settings) for policy in declared for name in policy["guardrails"]]
