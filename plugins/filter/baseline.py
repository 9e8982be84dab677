# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters the roles use to read the baseline variables the same way the audit does."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._baseline import check as _baseline_check
from ansible_collections.baseline.iam.plugins.module_utils._baseline import defaults as _defaults
from ansible_collections.baseline.iam.plugins.module_utils._baseline import drifted as _drifted
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._reports import apply_changes as _changes


def complete_params(value, family):
    """A family variable with every key the user left out taken from the collection defaults."""
    if family not in _defaults.DEFAULTS:
        raise AnsibleFilterError("complete_params: unknown family %r (known: %s)" % (family, ", ".join(_defaults.DEFAULTS)))
    return _defaults.complete(family, value)


def control_enabled(control_id, controls=None):
    """Whether a control is enabled by iam_baseline_controls (or by its catalog default)."""
    if control_id not in _catalog.BY_ID:
        raise AnsibleFilterError("control_enabled: unknown control id %r" % control_id)
    try:
        _engine.validate_controls(controls)
    except InputError as e:
        raise AnsibleFilterError("iam_baseline_%s" % e) from None
    return _engine.is_enabled(control_id, controls)


def fleet_accounts(hosts, hostvars):
    """The accounts of inventory hosts for the audit module's `accounts` option (fleet mode):
    [{host, account_id, role_arn, external_id, organization}] for every host with a role ARN."""
    accounts = []
    for host in hosts:
        facts = hostvars[host]
        role_arn = facts.get("iam_baseline_role_arn") or facts.get("aws_account_role_arn")
        organization = bool(facts.get("aws_organization_host"))
        if (not role_arn and not organization) or facts.get("aws_account_error"):
            continue
        accounts.append(
            {
                "host": host,
                "account_id": str(facts.get("aws_account_id") or (role_arn.split(":")[4] if role_arn else "")),
                "role_arn": role_arn or None,
                "external_id": facts.get("iam_baseline_external_id") or facts.get("aws_account_external_id") or None,
                # the organization host is audited as the organization (IDC.*, ORG.*), once; without a
                # role of its own it uses the run's credentials (they read the organization)
                "organization": organization,
            }
        )
    return accounts


def fleet_batches(hosts, hostvars, baseline_fact):
    """The accounts of `hosts` (as fleet_accounts gives them) grouped by the baseline each host
    holds in the fact `baseline_fact`: [{baseline, accounts}], one fleet audit each. Hosts
    without that fact are left out."""
    batches = []
    for account in fleet_accounts(hosts, hostvars):
        baseline = hostvars[account["host"]].get(baseline_fact)
        if baseline is None:
            continue
        batch = next((b for b in batches if b["baseline"] == baseline), None)
        if batch is None:
            batches.append({"baseline": baseline, "accounts": [account]})
        else:
            batch["accounts"].append(account)
    return batches


def drifted_families(failing_controls, mfa=None, access_keys=None, access_keys_action="", families=None):
    """The family roles an apply with iam_baseline_apply_only_drifted runs on an account, from the
    audit's failing_controls (None: no answer, every family), among `families`
    (iam_baseline_apply_families; None: all)."""
    selected = _drifted.FAMILY_ROLES if families is None else families
    return _drifted.families_to_apply(failing_controls, mfa, access_keys, access_keys_action or "", selected)


def changes_document(hosts, hostvars, check_mode=False):
    """The changes.json document of an apply run over `hosts`."""
    return _changes.changes_document(hosts, hostvars, check_mode)


def changes_markdown(document):
    """changes.md from a changes document."""
    return _changes.changes_markdown(document)


def key_change(key):
    """One access-keys result item as a changes.json entry (no secret is ever in it)."""
    return {
        "what": "key %s of user %s" % (key.get("access_key_id"), key.get("user")),
        "changed": key.get("action") in ("deactivated", "deleted", "rotated"),
        "action": key.get("action"),
        "reason": key.get("reason"),
    }


def loop_change(result, what=None):
    """One task (or loop item) result as a changes.json entry: what, changed, before, after."""
    item = result.get("item")
    if what is None:
        what = (item.get("name") or item.get("url") or "") if isinstance(item, dict) else item
    diff = result.get("diff") or {}
    return {"what": str(what), "changed": bool(result.get("changed")), "before": diff.get("before"), "after": diff.get("after")}


def baseline_problems(variables, account_id=None, role_arn=None, organization_accounts=None):
    """Every problem of the baseline variables, checked together before anything changes."""
    return _baseline_check.problems(variables or {}, account_id, role_arn, organization_accounts)


class FilterModule:
    def filters(self):
        return {
            "complete_params": complete_params,
            "control_enabled": control_enabled,
            "fleet_accounts": fleet_accounts,
            "fleet_batches": fleet_batches,
            "drifted_families": drifted_families,
            "changes_document": changes_document,
            "changes_markdown": changes_markdown,
            "key_change": key_change,
            "loop_change": loop_change,
            "baseline_problems": baseline_problems,
        }
