# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One baseline.iam.service_control_policy task: read, plan, check, then write the difference.

Before the first write, by reads: targets the organization does not have, the SCP policy type
(enabled only when the task declares enable_policy_type), the five-SCPs-per-target quota, and
the effect on the baseline's own member role (effect.py): a change whose Deny would stop the
member role from doing what the baseline needs, or that leaves a root, OU or account without an
SCP allowing it (detaching FullAWSAccess, say), is refused.
"""

from __future__ import annotations

from .._core.errors import InputError
from .._organization import read as _organization
from . import aws as _aws
from . import effect as _effect
from . import model as _model
from . import needs as _needs
from .targets import Structure, UnknownTarget

FULL_ACCESS_DOCUMENT = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


class Organization:
    """The organization as the task sees it: its structure, the root's SCP state, and the SCPs
    attached to a target (read once per target)."""

    def __init__(self, client):
        self.client = client
        self.structure = Structure(_organization.read_structure(client))
        self.scps_enabled = _aws.scp_enabled(self.structure.root)
        self._attached, self._documents = {}, {}

    def attached(self, label):
        """{policy id: name} of the SCPs at a target; what enabling SCPs would leave there (only
        FullAWSAccess) while the type is not enabled."""
        if not self.scps_enabled:
            return {_model.FULL_AWS_ACCESS_ID: _model.FULL_AWS_ACCESS}
        if label not in self._attached:
            found = _aws.policies_for_target(self.client, self.structure.target_id(label))
            self._attached[label] = {p["Id"]: p["Name"] for p in found}
        return self._attached[label]

    def document(self, policy_id):
        if policy_id == _model.FULL_AWS_ACCESS_ID and not self.scps_enabled:
            return FULL_ACCESS_DOCUMENT
        if policy_id not in self._documents:
            self._documents[policy_id] = _aws.document(self.client, policy_id)
        return self._documents[policy_id]


def _current(organization, summary):
    """The policy's state; with the SCP type disabled it is attached nowhere (AWS detaches every
    SCP when the type is disabled)."""
    if summary is None:
        return None
    policy_id = summary["Id"]
    attached = _aws.targets(organization.client, policy_id) if organization.scps_enabled else []
    return {
        "name": summary["Name"],
        "id": policy_id,
        "description": summary.get("Description") or "",
        "document": organization.document(policy_id),
        "targets": sorted(organization.structure.label(t) for t in attached),
    }


def _check_targets(organization, params):
    for label in params.get("targets") or []:
        try:
            organization.structure.target_id(label)
        except UnknownTarget as e:
            raise InputError("targets", str(e)) from None


def _check_policy_type(organization, params, after):
    if organization.scps_enabled or after is None or not after["targets"] or params.get("enable_policy_type"):
        return
    raise InputError(
        "enable_policy_type",
        "the SCP policy type is not enabled in this organization; set enable_policy_type: true to enable it "
        "(AWS then attaches FullAWSAccess to the root, every OU and every account first)",
    )


def _check_quota(organization, gaining):
    for label in gaining:
        problem = _model.count_problem(label, list(organization.attached(label).values()), adding=True)
        if problem:
            raise InputError("targets", problem)


def _level_documents(organization, label, before, after):
    """The SCP documents at a target once the change is made."""
    own_id = (before or {}).get("id")
    documents = [organization.document(pid) for pid in organization.attached(label) if pid != own_id]
    if after is not None and label in after["targets"]:
        documents.append(after["document"])
    return documents


def _judge_level(organization, label, before, after, denying, member_role_name):
    """The first problem of one target for the member role in the accounts below it, or None."""
    structure = organization.structure
    for account_id in structure.restricted_accounts(label):
        context = _effect.member_role_context(structure.partition, account_id, structure.organization_id, member_role_name)
        requests = _effect.requests_for(_needs.needs(), context)
        for request, result, statement_id in _effect.denials(after["document"], requests) if denying else []:
            certainty = "would deny" if result == _effect.TRUE else "may deny (a condition or resource it cannot judge)"
            return ("document", "%s %s the baseline's member role %s in account %s (attached at %s): %s on %s (statement %s)"
                    % (after["name"], certainty, member_role_name, account_id, label, request.action, request.resource, statement_id))  # fmt: skip
        for request, _result in _effect.not_allowed(_level_documents(organization, label, before, after), requests):
            return ("targets", "after this change no SCP at %s surely allows the baseline's member role %s in account %s to %s on %s"
                    % (label, member_role_name, account_id, request.action, request.resource))  # fmt: skip
    return None


def check_effect(organization, before, after, member_role_name):
    """Raises InputError when the change would deny the member role what the baseline needs."""
    old_targets = set((before or {}).get("targets") or [])
    new_targets = set((after or {}).get("targets") or [])
    content_changed = after is not None and (before is None or before["document"] != after["document"])
    for label in sorted(old_targets | new_targets):
        denying = label in new_targets and (content_changed or label not in old_targets)
        if not denying and label in old_targets and label in new_targets:
            continue  # attached before and after, same document: the level does not change
        problem = _judge_level(organization, label, before, after, denying, member_role_name)
        if problem:
            raise InputError(*problem)


def plan(client, params, document):
    """{"organization", "before", "after"}; reads only. InputError for what must not be done."""
    organization = Organization(client)
    _check_targets(organization, params)
    if params["name"] == _model.FULL_AWS_ACCESS and not organization.scps_enabled:
        raise InputError("name", "SCPs are not enabled: enabling them attaches FullAWSAccess everywhere; manage it after that")
    before = _current(organization, _aws.policies(client).get(params["name"]))
    after = _model.desired(before, params, document)
    _check_policy_type(organization, params, after)
    gaining, _losing = _model.attached_after(before, after)
    _check_quota(organization, gaining)
    check_effect(organization, before, after, params["member_role_name"])
    return {"organization": organization, "before": before, "after": after}


def write(client, found, params):
    """Applies a plan; returns the policy id (None once deleted)."""
    organization, before, after = found["organization"], found["before"], found["after"]
    structure = organization.structure
    if not organization.scps_enabled and after is not None and after["targets"]:
        _aws.enable_scps(client, structure.root["id"])
    if after is None:
        for label in before["targets"]:
            _aws.detach(client, before["id"], structure.target_id(label))
        _aws.delete_policy(client, before["id"])
        return None
    if before is None:
        policy_id = _aws.create_policy(client, after["name"], after["description"], after["document"])
    else:
        policy_id = before["id"]
        if before["document"] != after["document"]:
            _aws.update_policy(client, policy_id, after["description"], after["document"])
        elif before["description"] != after["description"]:
            _aws.update_description(client, policy_id, after["description"])
    gaining, losing = _model.attached_after(before, after)
    for label in gaining:
        _aws.attach(client, policy_id, structure.target_id(label))
    for label in losing:
        _aws.detach(client, policy_id, structure.target_id(label))
    return policy_id
