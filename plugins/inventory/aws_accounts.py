# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: aws_accounts
short_description: The accounts of an AWS Organization as inventory hosts, one host per account
version_added: 0.1.0
description:
  - Reads the accounts of an AWS Organization (from the management account or a delegated
    administrator, optionally through O(assume_role_arn)) and makes one inventory host per
    C(ACTIVE) account. The state is read from C(State), falling back to the older C(Status);
    suspended, closed and pending accounts are left out.
  - Every host runs on the controller (C(ansible_connection=local), the playbook's Python) and
    carries the role to assume in its account (C(aws_account_role_arn)) for
    R(baseline.iam.account_session,ansible_collections.baseline.iam.account_session_role).
  - Host variables are prefixed C(aws_account_) - C(aws_account_id), C(aws_account_name),
    C(aws_account_arn), C(aws_account_state), C(aws_account_partition), C(aws_account_ou_id),
    C(aws_account_ou_path) (for example C(/Root/Workloads/Prod)), C(aws_account_tags),
    C(aws_account_role_arn), C(aws_account_is_management), C(aws_account_email) (only with
    O(include_email)), C(aws_account_external_id) (only with O(external_id)) and
    C(aws_account_error) (see O(member_role_arn_template)).
  - Every host also gets the organization - C(aws_organization_id), C(aws_organization_arn),
    C(aws_organization_management_account_id) and C(aws_organization_account_ids) (every
    C(ACTIVE) account of the organization, whatever the filters keep) - set on the group C(all),
    so C(iam_baseline_trust) can default to them; a member account cannot list its organization.
  - Groups - C(aws_accounts) (every account host of this source), C(aws_organization) (the
    O(organization_host)), one group per OU path named from the
    path (C(/Root/Workloads/Prod) is C(ou_root_workloads_prod), a child of
    C(ou_root_workloads), itself a child of C(ou_root)), C(aws_accounts_error) (accounts whose
    member role ARN could not be made), plus O(keyed_groups) and O(groups).
  - API calls - one C(DescribeOrganization), one C(ListRoots), one
    C(ListOrganizationalUnitsForParent) and one C(ListAccountsForParent) per OU (more for
    pages of 20), and one C(ListTagsForResource) per selected account (none with
    O(read_tags=false)). Turn on O(cache) for large organizations - the Organizations API allows
    only a few calls per second.
  - Uses a YAML configuration file whose name ends in C(aws_accounts.yml) or C(aws_accounts.yaml).
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  plugin:
    description: The name of this plugin; makes the file a configuration of this inventory source.
    required: true
    type: str
    choices: [baseline.iam.aws_accounts]
  assume_role_arn:
    description:
      - A role to assume before reading the organization, for example a read-only role in the
        management account. Without it the configured credentials read the organization.
      - The role needs the permissions in C(files/policies/baseline-iam-inventory.json).
    type: str
    aliases: [iam_role_arn]
    env:
      - name: BASELINE_IAM_ASSUME_ROLE_ARN
  member_role_name:
    description:
      - The role to assume in each account (C(aws_account_role_arn) is
        C(arn:<partition>:iam::<account id>:role/<member_role_name>)). May include a path,
        C(automation/Baseline).
      - Ignored when O(member_role_arn_template) is set.
    type: str
    default: OrganizationAccountAccessRole
    env:
      - name: BASELINE_IAM_MEMBER_ROLE_NAME
  member_role_arn_template:
    description:
      - The member role ARN as a template, with C({partition}), C({account_id}),
        C({account_name}), C({ou_path}) and C({tags[Key]}) (an account tag), for example
        C(arn:{partition}:iam::{account_id}:role/Audit).
      - Any other placeholder fails the whole inventory, naming this option.
      - An account for which the template cannot be filled in (it lacks the tag), or gives
        something that is not a role ARN in that same account, is still a host - so it is not
        silently left out of the baseline - but without C(aws_account_role_arn), with
        C(aws_account_error) saying why, and in the group C(aws_accounts_error).
        R(baseline.iam.account_session,ansible_collections.baseline.iam.account_session_role)
        reports such an account as C(ACCT.ACCESS) C(ERROR) and never falls back to the run's
        own credentials for it.
    type: str
    env:
      - name: BASELINE_IAM_MEMBER_ROLE_ARN_TEMPLATE
  external_id:
    description:
      - External id the member roles require; set as C(aws_account_external_id) on every host.
      - It is visible to anyone who can read the inventory. When it must stay hidden, leave it
        out and give C(iam_baseline_external_id) through a credential (see docs/awx.md).
    type: str
    env:
      - name: BASELINE_IAM_EXTERNAL_ID
  organization_host:
    description:
      - Add one more host, of this name, that stands for the organization - the management account
        or a delegated administrator - in the group C(aws_organization) (not in C(aws_accounts)).
        The organization-level roles (baseline.iam.identity_center, baseline.iam.guardrails) and the
        organization audit (controls C(IDC.*), C(ORG.*)) run on it only, once per organization;
        the account families do not run on it.
      - Its variables - C(aws_organization_host=true), C(aws_account_id) (the management
        account's, which the organization findings carry), C(aws_account_partition),
        C(aws_organization_accounts) (every C(ACTIVE) account with its C(id), C(name) and
        C(ou_path), whatever the filters keep, to resolve OU paths of Identity Center
        assignments), and C(aws_account_role_arn) from O(organization_role_arn).
      - Left out (the default), there is no organization host and the organization-level families
        are not applied or audited.
    type: str
    env:
      - name: BASELINE_IAM_ORGANIZATION_HOST
  organization_role_arn:
    description:
      - The role the organization host assumes (in the management account or the delegated
        administrator; permissions in C(files/policies/baseline-iam-organization.json)). Left
        out, the organization host uses the run's own credentials, which must then be that
        account's. The member role name does not apply - the management account has no
        C(OrganizationAccountAccessRole).
    type: str
    env:
      - name: BASELINE_IAM_ORGANIZATION_ROLE_ARN
  hostnames:
    description:
      - V(id) names each host by its account id; V(name) by its account name, with characters
        other than letters, digits, C(_), C(.) and C(-) replaced by C(_). Account names are not
        unique in an organization - accounts whose names collide are named C(<name>_<account id>).
    type: str
    choices: [id, name]
    default: id
  include_email:
    description: Add the account's root e-mail address as C(aws_account_email).
    type: bool
    default: false
  read_tags:
    description:
      - Read each selected account's tags (one call per account) into C(aws_account_tags).
        Needed by O(include_tags) and by O(keyed_groups) on tags.
    type: bool
    default: true
  include_ous:
    description:
      - Keep only accounts in these OUs or below them. OU ids (C(ou-...), C(r-...)) or paths
        (C(/Root/Workloads)). An OU the organization does not have is an error.
    type: list
    elements: str
    default: []
  exclude_ous:
    description:
      - Leave out accounts in these OUs or below them (ids or paths, as O(include_ous)). An OU the
        organization does not have is an error, so a typo never quietly brings an OU in.
    type: list
    elements: str
    default: []
  include_accounts:
    description:
      - Keep only these accounts - 12-digit account ids or account-name patterns (shell style,
        C(prod-*)). A value that matches no account gives a warning.
    type: list
    elements: str
    default: []
  exclude_accounts:
    description: Leave out these accounts (ids or name patterns, as O(include_accounts)).
    type: list
    elements: str
    default: []
  include_tags:
    description:
      - Keep only accounts that have every one of these tags with the given value (or one of the
        given values, for a list).
    type: dict
    default: {}
extends_documentation_fragment:
  - inventory_cache
  - constructed
  - amazon.aws.boto3
  - amazon.aws.common.plugins
  - amazon.aws.region.plugins
notes:
  - Organizations is a global service; O(region) only picks the endpoint region (default
    C(us-east-1)).
  - Group names are made from OU names in lower case with other characters replaced by C(_);
    two OUs whose names differ only in such characters share a group.
  - Clients carry the user agent C(baseline.iam/<version>) and retry throttling with back-off.
"""

EXAMPLES = r"""
# org.aws_accounts.yml - every active account, member role OrganizationAccountAccessRole
plugin: baseline.iam.aws_accounts

---
# org.aws_accounts.yml - every active account, plus the organization host for Identity Center
# and the guardrails, reached through a role in the management account
plugin: baseline.iam.aws_accounts
organization_host: organization
organization_role_arn: arn:aws:iam::111122223333:role/BaselineOrganization
exclude_accounts: ["111122223333"]  # the management account's own IAM is baselined separately

---
# prod.aws_accounts.yml - production accounts only, an audit role, names as host names
plugin: baseline.iam.aws_accounts
assume_role_arn: arn:aws:iam::111122223333:role/OrganizationReadOnly
member_role_arn_template: "arn:{partition}:iam::{account_id}:role/Audit"
hostnames: name
include_ous: [/Root/Workloads/Prod]
exclude_accounts: ["sandbox-*"]
include_tags:
  baseline: enabled
keyed_groups:
  - key: aws_account_tags.team | default('none')
    prefix: team
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/baseline-iam-inventory
cache_timeout: 3600
"""

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin
from ansible.template import trust_as_template
from ansible_collections.amazon.aws.plugins.plugin_utils.inventory import AWSInventoryBase

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError, failure_message, name_operations
from ansible_collections.baseline.iam.plugins.module_utils._core.module import client_config
from ansible_collections.baseline.iam.plugins.module_utils._organization import accounts as _organization
from ansible_collections.baseline.iam.plugins.module_utils._organization import read as _organization_read

FILTER_OPTIONS = (
    "organization_host",
    "organization_role_arn",
    "hostnames",
    "member_role_name",
    "member_role_arn_template",
    "external_id",
    "include_email",
    "read_tags",
    "include_ous",
    "exclude_ous",
    "include_accounts",
    "exclude_accounts",
    "include_tags",
)
SESSION_NAME = "baseline-iam-inventory"
DEFAULT_REGION = "us-east-1"


class InventoryModule(AWSInventoryBase):
    NAME = "baseline.iam.aws_accounts"
    INVENTORY_FILE_SUFFIXES = ("aws_accounts.yml", "aws_accounts.yaml")

    def parse(self, inventory, loader, path, cache=True):
        # Not AWSInventoryBase.parse: it assumes assume_role_arn at once, even when the cache
        # answers; here the role is assumed only when the organization is read.
        BaseInventoryPlugin.parse(self, inventory, loader, path)
        self.require_aws_sdk()
        self._read_config_data(path)
        options = {name: self.get_option(name) for name in FILTER_OPTIONS}
        try:
            _organization.validate(options)
            organization = self._organization(path, cache, options)
            built = _organization.build(organization, options)
        except InputError as e:
            raise AnsibleParserError("%s: %s" % (self.NAME, e)) from None
        self._populate(built)

    # reading -------------------------------------------------------------------------------

    def _client(self, credentials):
        return name_operations(self.client("organizations", region=self.region or DEFAULT_REGION, config=client_config(), **credentials))

    def _organization_credentials(self):
        role_arn = self.get_option("assume_role_arn")
        if not role_arn:
            return {}
        sts = name_operations(self.client("sts", region=self.region or DEFAULT_REGION, config=client_config()))
        try:
            answer = sts.assume_role(RoleArn=role_arn, RoleSessionName=SESSION_NAME)["Credentials"]
        except AWS_ERRORS as e:
            raise AnsibleError(self._aws_failure("assume %s (assume_role_arn)" % role_arn, e)) from None
        return {
            "profile_name": None,
            "aws_access_key_id": answer["AccessKeyId"],
            "aws_secret_access_key": answer["SecretAccessKey"],
            "aws_session_token": answer["SessionToken"],
        }

    def _read(self, options, known=None):
        """The organization, with the tags of the selected accounts (`known`: data to complete)."""
        client = self._client(self._organization_credentials())
        try:
            organization = known or _organization_read.read_structure(client)
            if options["read_tags"]:
                selected, _unmatched = _organization.select_accounts(organization, options)
                missing = _organization.missing_tags(organization, selected)
                organization["tags"].update(_organization_read.read_tags(client, missing))
        except AWS_ERRORS as e:
            raise AnsibleError(self._aws_failure("read the organization's accounts", e)) from None
        return organization

    def _organization(self, path, cache, options):
        """From the cache when allowed and complete, else from AWS (then cached)."""
        use_cache = bool(self.get_option("cache"))
        key = self.get_cache_key(path)
        organization = None
        if use_cache and cache:
            try:
                organization = self._cache[key]
            except KeyError:
                organization = None
        if organization is not None:
            selected, _unmatched = _organization.select_accounts(organization, options)
            if not options["read_tags"] or not _organization.missing_tags(organization, selected):
                self._warn_unmatched(organization, options)
                return organization
        organization = self._read(options, known=organization)
        if use_cache:
            self._cache[key] = organization
        self._warn_unmatched(organization, options)
        return organization

    def _aws_failure(self, doing, error):
        return "%s: %s" % (self.NAME, failure_message(doing, error))

    def _warn_unmatched(self, organization, options):
        _selected, unmatched = _organization.select_accounts(organization, options)
        for value in unmatched:
            self.display.warning(
                "%s: include_accounts/exclude_accounts value %r matches no account of the organization" % (self.NAME, value)
            )

    # populating ----------------------------------------------------------------------------

    def _populate(self, built):
        strict = self.get_option("strict")
        for group in (_organization.ALL_GROUP, _organization.ERROR_GROUP, _organization.ORGANIZATION_GROUP):
            self.inventory.add_group(group)
        for group, parent in built["groups"]:
            self.inventory.add_group(group)
            if parent:
                self.inventory.add_child(parent, group)
        for name, value in built["vars"].items():
            self.inventory.set_variable("all", name, value)
        for host in built["hosts"]:
            name = host["name"]
            self.inventory.add_host(name)
            for group in host["groups"]:
                self.inventory.add_child(group, name)
            variables = dict(host["vars"], ansible_python_interpreter=trust_as_template("{{ ansible_playbook_python }}"))
            for key, value in variables.items():
                self.inventory.set_variable(name, key, value)
            self._set_composite_vars(self.get_option("compose"), variables, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, name, strict=strict)
