#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: role_trust
short_description: Manage who may assume an IAM role (trust policy and session length), safely
version_added: 0.1.0
description:
  - Sets the trust policy and the maximum session duration of an IAM role from a high-level spec
    (O(trusted_accounts), O(saml_provider), O(oidc_provider), O(services), O(roles_anywhere)) or from a raw
    O(document). Controls C(TRUST.*) of the baseline.
  - The trust policy is compared semantically (statement and list order, a bare account id and
    its root ARN, spelling of booleans do not matter), so a run only writes when access changes.
  - Refuses, before any AWS call and naming the option, a trust that lets in C(*) without a
    restricting condition, an OIDC trust without a C(sub) condition (for GitHub Actions a C(sub)
    that names no organization and repository), a SAML trust without C(SAML:aud), a Roles Anywhere
    trust without the trust anchor and a certificate condition, an account outside
    O(organization_id) / O(allowed_accounts) without an ExternalId, a malformed ExternalId, a
    session length outside 3600-43200 seconds and a document over the trust policy size limit
    (2048 characters, the default IAM quota).
  - Never changes an AWS-managed role (paths C(/aws-service-role/) and C(/aws-reserved/)), the
    role the run came in through, or a role matching O(protected_principals); it fails and
    writes nothing.
  - Check mode makes no change at all and returns the predicted role.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  name:
    description: Name of the role.
    type: str
    required: true
  trusted_accounts:
    description:
      - Accounts (or principals of accounts) allowed to assume the role with C(sts:AssumeRole),
        one statement per entry.
    type: list
    elements: dict
    suboptions:
      account_id:
        description: The 12-digit account id (quote it in YAML).
        type: str
        required: true
      external_id:
        description:
          - Required C(sts:ExternalId) (2-1224 characters of letters, digits and C(_+=,.@:/-)).
          - Mandatory for an account outside O(organization_id) / O(allowed_accounts).
          - An ExternalId is not a secret (AWS says so); it is part of the trust policy and shown
            in the result and the diff.
        type: str
      require_mfa:
        description: Require C(Bool aws:MultiFactorAuthPresent true) (for roles people assume).
        type: bool
        default: false
      principals:
        description:
          - ARNs of users or roles of that account that may assume the role. Left out, the
            account itself (its root ARN) is trusted and its own IAM policies decide who may.
        type: list
        elements: str
  saml_provider:
    description: Federation through a SAML identity provider (C(sts:AssumeRoleWithSAML)).
    type: dict
    suboptions:
      arn:
        description: ARN of the IAM SAML provider.
        type: str
        required: true
      audience:
        description:
          - The C(SAML:aud) value. Defaults to the AWS sign-in SAML endpoint of the partition
            (V(https://signin.aws.amazon.com/saml) in the aws partition).
        type: str
  oidc_provider:
    description: Federation through an OIDC provider (C(sts:AssumeRoleWithWebIdentity)).
    type: dict
    suboptions:
      arn:
        description: ARN of the IAM OIDC provider.
        type: str
        required: true
      audience:
        description: The C(aud) the tokens must carry (V(sts.amazonaws.com) for GitHub Actions).
        type: str
        required: true
      subjects:
        description:
          - The C(sub) values allowed (C(StringLike) when one holds C(*) or C(?), else C(StringEquals)).
          - For GitHub Actions each must name an organization and a repository, for example
            V(repo:my-org/my-repo:ref:refs/heads/main) or V(repo:my-org/my-repo:environment:prod).
        type: list
        elements: str
        required: true
  services:
    description:
      - AWS services that may assume the role. Each entry is a service principal
        (V(ec2.amazonaws.com)) or a dict with C(service) and optional C(source_account)
        (C(aws:SourceAccount)) and C(source_arn) (C(aws:SourceArn), ArnLike), which guard against
        the confused-deputy problem.
    type: list
    elements: raw
  roles_anywhere:
    description:
      - Workloads outside AWS through IAM Roles Anywhere - the statement AWS documents, trusting
        C(rolesanywhere.amazonaws.com) for C(sts:AssumeRole), C(sts:TagSession) and
        C(sts:SetSourceIdentity), with C(aws:SourceArn) pinned to the trust anchor and conditions
        on the certificate (C(aws:PrincipalTag/x509Subject/<attribute>), C(x509Issuer/<attribute>);
        C(StringLike) for a value with C(*) or C(?)). Control C(TRUST.ROLES_ANYWHERE).
    type: dict
    suboptions:
      trust_anchor_arn:
        description: ARN of the trust anchor.
        type: str
        required: true
      subject:
        description: Certificate subject attributes required, attribute to value (C(CN), C(OU), C(O), ...).
        type: dict
      issuer:
        description: Certificate issuer attributes required (subject, issuer or both must be given).
        type: dict
  document:
    description:
      - A raw trust policy (dict or JSON string) instead of the high-level options; it goes
        through the same checks.
      - Mutually exclusive with O(trusted_accounts), O(saml_provider), O(oidc_provider),
        O(services), O(roles_anywhere).
    type: json
  max_session_duration:
    description:
      - Maximum session length in seconds, 3600 to 43200. Left out, the role keeps its value
        (3600 when the role is created).
    type: int
  create:
    description: Create the role when it does not exist (otherwise a missing role is an error).
    type: bool
    default: false
  description:
    description: Description of the role when it is created (an existing role keeps its own).
    type: str
  tags:
    description: Tags of the role when it is created (an existing role keeps its own).
    type: dict
  organization_id:
    description:
      - The AWS Organizations id (C(o-...)). A statement restricted with C(aws:PrincipalOrgID) to
        this organization needs no ExternalId.
    type: str
  allowed_accounts:
    description:
      - Accounts that may be trusted without an ExternalId (the organization's accounts, and the
        account itself if the role should trust it).
    type: list
    elements: str
    default: []
  protected_principals:
    description:
      - Role names or ARN globs never changed by this module (C(iam_baseline_protected_principals)).
        The role of the caller is always protected.
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
  diff_mode:
    support: full
  platform:
    platforms: aws
notes:
  - Idempotent. Only the trust policy and the session length are managed; permissions policies
    of the role are left alone. The role is created at path C(/).
  - The caller is read with C(sts:GetCallerIdentity) (its role is protected); the partition comes
    from the region, so the checks run before any call.
seealso:
  - name: IAM role trust policies
    description: AWS documentation of the Principal and Condition elements of trust policies.
    link: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
  - name: The confused deputy problem
    description: Why third parties need an ExternalId and services a source condition.
    link: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
"""

EXAMPLES = r"""
- name: A vendor's account may assume the role with an ExternalId
  baseline.iam.role_trust:
    name: vendor-audit
    trusted_accounts:
      - account_id: "999988887777"
        external_id: "c8e1b7a2-vendor"
    max_session_duration: 3600

- name: People from the security account, with MFA
  baseline.iam.role_trust:
    name: SecurityAdmin
    trusted_accounts:
      - account_id: "111122223333"
        require_mfa: true
    allowed_accounts: ["111122223333"]

- name: GitHub Actions of one repository, main branch only
  baseline.iam.role_trust:
    name: deploy-app
    create: true
    description: Deployments from GitHub Actions
    oidc_provider:
      arn: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
      audience: sts.amazonaws.com
      subjects: ["repo:my-org/my-app:ref:refs/heads/main"]

- name: SAML federation from the corporate IdP
  baseline.iam.role_trust:
    name: ReadOnly
    saml_provider:
      arn: arn:aws:iam::123456789012:saml-provider/corp-idp

- name: A service, limited to this account's resources
  baseline.iam.role_trust:
    name: lambda-exec
    services:
      - service: lambda.amazonaws.com
        source_account: "123456789012"

- name: A workload outside AWS with a certificate from one trust anchor
  baseline.iam.role_trust:
    name: on-prem-backup
    create: true
    roles_anywhere:
      trust_anchor_arn: arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/0c8e5a8a-1234-4f6e-9d0e-1a2b3c4d5e6f
      subject:
        CN: backup.example.com
      issuer:
        CN: Example Issuing CA

- name: Preview a raw document
  baseline.iam.role_trust:
    name: legacy
    document: "{{ lookup('file', 'legacy-trust.json') }}"
  check_mode: true
  diff: true
"""

RETURN = r"""
role:
  description: The role after the task, or in check mode the role it would leave.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the role.
      type: str
      sample: deploy-app
    arn:
      description: ARN of the role.
      type: str
      sample: arn:aws:iam::123456789012:role/deploy-app
    path:
      description: Path of the role.
      type: str
      sample: /
    trust_policy:
      description: The trust policy document.
      type: dict
    max_session_duration:
      description: Maximum session length in seconds.
      type: int
      sample: 3600
"""

from ansible_collections.baseline.iam.plugins.module_utils._core import arn as _arn
from ansible_collections.baseline.iam.plugins.module_utils._core import iam as _iam
from ansible_collections.baseline.iam.plugins.module_utils._core.caller import Protection, current_caller
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.redact import make_diff
from ansible_collections.baseline.iam.plugins.module_utils._trust import aws as _iam_trust
from ansible_collections.baseline.iam.plugins.module_utils._trust import model as _role_trust
from ansible_collections.baseline.iam.plugins.module_utils._trust.role_state import desired_view, refusal, role_view


def ensure_role(client, check_mode, params, trust_policy, current, arn, partition):
    """Returns (changed, before, after); writes only outside check mode and only on a change."""
    name, duration = params["name"], params["max_session_duration"]
    before = role_view(current)
    after = desired_view(before, name, arn, trust_policy, duration, partition)
    changed = before != after
    if not changed or check_mode:
        return changed, before, after
    if before is None:
        _iam_trust.create_role(client, name, trust_policy, duration, params["description"], params["tags"])
    else:
        if after["trust_policy"] != before["trust_policy"]:
            _iam_trust.update_trust_policy(client, name, trust_policy)
        if after["max_session_duration"] != before["max_session_duration"]:
            _iam_trust.update_max_session_duration(client, name, duration)
    read = _iam.settled_read if before is None else _iam.direct  # a new role may not be visible yet
    return changed, before, role_view(read(_iam_trust.get_role, client, name))


def checked_trust(params, partition):
    """The trust document the options ask for (None when they give none); raises InputError."""
    context = {"organization_id": params["organization_id"], "allowed_accounts": params["allowed_accounts"]}
    trust_policy = _role_trust.validate(params, partition, context)
    if params["create"] and trust_policy is None:
        raise InputError(
            "create",
            "creating a role needs a trust: give trusted_accounts, saml_provider, oidc_provider, services, roles_anywhere or document",
        )
    return trust_policy


def main():
    account_options = dict(
        account_id=dict(type="str", required=True),
        external_id=dict(type="str"),
        require_mfa=dict(type="bool", default=False),
        principals=dict(type="list", elements="str"),
    )
    argument_spec = dict(
        name=dict(type="str", required=True),
        trusted_accounts=dict(type="list", elements="dict", options=account_options),
        saml_provider=dict(type="dict", options=dict(arn=dict(type="str", required=True), audience=dict(type="str"))),
        oidc_provider=dict(
            type="dict",
            options=dict(
                arn=dict(type="str", required=True),
                audience=dict(type="str", required=True),
                subjects=dict(type="list", elements="str", required=True),
            ),
        ),
        services=dict(type="list", elements="raw"),
        roles_anywhere=dict(
            type="dict", options=dict(trust_anchor_arn=dict(type="str", required=True), subject=dict(type="dict"), issuer=dict(type="dict"))
        ),
        document=dict(type="json"),
        max_session_duration=dict(type="int"),
        create=dict(type="bool", default=False),
        description=dict(type="str"),
        tags=dict(type="dict"),
        organization_id=dict(type="str"),
        allowed_accounts=dict(type="list", elements="str", default=[]),
        protected_principals=dict(type="list", elements="str", default=[]),
    )
    module = BaselineModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        mutually_exclusive=[("document", key) for key in _role_trust.SPEC_KEYS],
    )
    params, name = module.params, module.params["name"]
    try:
        partition = _role_trust.partition_for_region(module.region)
        trust_policy = checked_trust(params, partition)  # before any AWS call
        iam = module.client("iam")
        caller = current_caller(module.client("sts"))
        if caller["partition"] != partition:  # a region that does not tell the partition
            partition = caller["partition"]
            trust_policy = checked_trust(params, partition)
        current = _iam_trust.get_role(iam, name)
        arn = current["Arn"] if current else _arn.role_arn(partition, caller["account_id"], name)
        reason = refusal(name, current, arn, Protection(caller, params["protected_principals"]))
        if reason:
            module.fail_json(msg="Refusing to change role %s: %s. Nothing was changed." % (name, reason), refused=True)
        if current is None and not params["create"]:
            raise InputError("name", "role %s does not exist; set create: true to create it" % name)
        changed, before, after = ensure_role(iam, module.check_mode, params, trust_policy, current, arn, partition)
    except InputError as e:
        module.fail_input(e)
    except AWS_ERRORS as e:
        module.fail_aws(e, "manage the trust of role %s" % name)

    module.exit_json(changed=changed, role=after, diff=make_diff(before, after))


if __name__ == "__main__":
    main()
