# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Organizations calls for service control policies (the organization's structure is read by
_organization/read.py). "Not found" is None; every other AWS error is raised."""

from __future__ import annotations

from .._policy import document as _policy

SCP = "SERVICE_CONTROL_POLICY"


def _pages(client, operation, key, **arguments):
    return client.get_paginator(operation).paginate(**arguments).build_full_result().get(key, [])


def scp_enabled(root):
    """Whether the SCP policy type is enabled in a root (ListRoots' PolicyTypes)."""
    return any(t.get("Type") == SCP and t.get("Status") == "ENABLED" for t in root.get("policy_types") or [])


def policies(organizations):
    """{name: PolicySummary} of the organization's SCPs."""
    return {p["Name"]: p for p in _pages(organizations, "list_policies", "Policies", Filter=SCP)}


def document(organizations, policy_id):
    return _policy.load(organizations.describe_policy(PolicyId=policy_id)["Policy"]["Content"])


def targets(organizations, policy_id):
    """Ids of the roots, OUs and accounts the policy is attached to."""
    return sorted(t["TargetId"] for t in _pages(organizations, "list_targets_for_policy", "Targets", PolicyId=policy_id))


def policies_for_target(organizations, target_id):
    """PolicySummary of every SCP attached to a root, OU or account."""
    return _pages(organizations, "list_policies_for_target", "Policies", TargetId=target_id, Filter=SCP)


def read_all(organizations, root):
    """The organization snapshot's `service_control_policies` (no policy read while SCPs are
    disabled: AWS detaches them all when the type is disabled)."""
    enabled = scp_enabled(root)
    found = []
    for name, summary in sorted(policies(organizations).items()) if enabled else []:
        found.append(
            {
                "id": summary["Id"],
                "arn": summary.get("Arn"),
                "name": name,
                "aws_managed": bool(summary.get("AwsManaged")),
                "description": summary.get("Description") or "",
                "document": document(organizations, summary["Id"]),
                "targets": targets(organizations, summary["Id"]),
            }
        )
    return {"enabled": enabled, "root_id": root["id"], "policies": found}


# Writes ----------------------------------------------------------------------------------------


def enable_scps(organizations, root_id):
    organizations.enable_policy_type(RootId=root_id, PolicyType=SCP)


def create_policy(organizations, name, description, content):
    answer = organizations.create_policy(Name=name, Description=description or "", Type=SCP, Content=_policy.dumps(content))
    return answer["Policy"]["PolicySummary"]["Id"]


def update_policy(organizations, policy_id, description, content):
    organizations.update_policy(PolicyId=policy_id, Description=description or "", Content=_policy.dumps(content))


def update_description(organizations, policy_id, description):
    organizations.update_policy(PolicyId=policy_id, Description=description or "")


def attach(organizations, policy_id, target_id):
    organizations.attach_policy(PolicyId=policy_id, TargetId=target_id)


def detach(organizations, policy_id, target_id):
    organizations.detach_policy(PolicyId=policy_id, TargetId=target_id)


def delete_policy(organizations, policy_id):
    organizations.delete_policy(PolicyId=policy_id)
