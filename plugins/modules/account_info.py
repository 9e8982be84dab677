#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: account_info
short_description: Read an account's IAM set-up as the baseline's variables (read-only)
version_added: 0.1.0
description:
  - Reads what an AWS account has now - the password policy, the groups with their managed and
    inline policies and members, the roles' trust policies and maximum session durations, the
    SAML and OIDC identity providers - and returns it as the C(iam_baseline_*) variables that
    describe it, so a team can adopt the baseline from where the account stands and tighten it
    step by step. The playbook C(baseline.iam.export) writes them into a file.
  - Applying the returned variables to the same account changes nothing. An account without a
    password policy gets C(iam_baseline_controls) with C(PP.MISSING) disabled instead of a policy.
  - Leaves out roles whose trust AWS manages (paths C(/aws-service-role/) and
    C(/aws-reserved/)), the role this run came in through and O(protected_principals), and lists
    them in RV(skipped_roles).
  - Only reads - C(GetAccountPasswordPolicy), C(GetAccountAuthorizationDetails), C(ListRoles),
    C(ListSAMLProviders) / C(GetSAMLProvider), C(ListOpenIDConnectProviders) /
    C(GetOpenIDConnectProvider) and C(sts:GetCallerIdentity); one call per provider, the rest
    does not grow with the number of users, groups or roles.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  protected_principals:
    description:
      - C(iam_baseline_protected_principals) - roles matching these ARN globs or names are not
        exported (the baseline never modifies them anyway).
    type: list
    elements: str
    default: []
extends_documentation_fragment:
  - ansible.builtin.action_common_attributes
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
attributes:
  check_mode:
    support: full
    details: The module only reads; check mode behaves the same.
  diff_mode:
    support: none
  platform:
    platforms: aws
"""

EXAMPLES = r"""
- name: What does this account have now?
  baseline.iam.account_info:
    protected_principals: "{{ iam_baseline_protected_principals }}"
  register: current

- name: Keep it as host variables
  ansible.builtin.copy:
    content: "{{ current.variables | to_nice_yaml(indent=2, sort_keys=false) }}"
    dest: "host_vars/{{ inventory_hostname }}/iam_baseline.yml"
    mode: "0644"
  delegate_to: localhost
"""

RETURN = r"""
variables:
  description:
    - The C(iam_baseline_*) variables that describe the account - C(iam_baseline_password_policy)
      (or C(iam_baseline_controls) with C(PP.MISSING) disabled), C(iam_baseline_groups),
      C(iam_baseline_trust) (C(roles)) and C(iam_baseline_identity_providers).
  returned: always
  type: dict
  sample:
    iam_baseline_password_policy:
      minimum_length: 8
      require_symbols: false
      max_age_days: 0
    iam_baseline_groups:
      - name: admins
        path: /
        managed_policies: [arn:aws:iam::aws:policy/AdministratorAccess]
        inline_policies: {}
        members: [alice]
    iam_baseline_trust:
      roles:
        - name: deploy
          document: {Version: "2012-10-17", Statement: []}
          max_session_duration: 3600
    iam_baseline_identity_providers:
      - type: oidc
        url: https://token.actions.githubusercontent.com
        client_ids: [sts.amazonaws.com]
        thumbprints: [6938fd4d98bab03faadb97b34396831e3780aea1]
skipped_roles:
  description: Roles left out, with the reason.
  returned: always
  type: list
  elements: dict
account_id:
  description: The account that was read.
  returned: always
  type: str
"""

from ansible_collections.baseline.iam.plugins.module_utils._audit.collect import (
    decoded,
    pages,
    read_authorization_details,
    read_oidc_providers,
    read_saml_providers,
)
from ansible_collections.baseline.iam.plugins.module_utils._baseline import export as _export
from ansible_collections.baseline.iam.plugins.module_utils._core.caller import Protection, current_caller
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._password_policy import aws as password_policy_aws


class Everything:
    """'Every provider is declared': the collectors then read every provider's details."""

    def __contains__(self, _item):
        return True


def read_account(iam, protection):
    """(variables, skipped roles) of the account the client acts in."""
    policy = _export.password_policy(password_policy_aws.get_password_policy(iam))
    details = read_authorization_details(iam)
    exported_roles, skipped = _export.roles(decoded(pages(iam, "list_roles", "Roles")), protection)
    providers = _export.identity_providers(read_saml_providers(iam, Everything()), read_oidc_providers(iam, Everything()))
    return _export.variables(policy, _export.groups(details), exported_roles, providers, _export.mfa(details)), skipped


def main():
    argument_spec = dict(protected_principals=dict(type="list", elements="str", default=[]))
    module = BaselineModule(argument_spec=argument_spec, supports_check_mode=True)
    try:
        caller = current_caller(module.client("sts"))
        variables, skipped = read_account(module.client("iam"), Protection(caller, module.params["protected_principals"]))
    except AWS_ERRORS as e:
        module.fail_aws(e, "read the account's IAM set-up")
    module.exit_json(changed=False, variables=variables, skipped_roles=skipped, account_id=caller["account_id"])


if __name__ == "__main__":
    main()
