#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: identity_provider
short_description: Manage an IAM SAML or OIDC identity provider, safely in check mode
version_added: 0.1.0
description:
  - Creates, updates or deletes one IAM identity provider (control C(FED.PROVIDERS) of the
    baseline), either a SAML provider named O(name) with its O(metadata_document), or an OIDC provider
    for O(url) with its O(client_ids) (audiences) and O(thumbprints).
  - Options left out keep the provider's current value (client ids and thumbprints are compared
    as sets).
  - Invalid values fail before any AWS call, with a message naming the option; nothing is changed.
  - Check mode makes no change at all and returns the predicted provider.
author:
  - baseline.iam maintainers (@baseline-iam)
options:
  type:
    description: The kind of provider.
    type: str
    choices: [saml, oidc]
    required: true
  state:
    description: V(present) creates or updates the provider, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  name:
    description: Name of a SAML provider (1-128 letters, digits or C(._-)). SAML only.
    type: str
  metadata_document:
    description:
      - The SAML metadata XML of the identity provider (1000 to 10,000,000 characters). SAML only;
        required with O(state=present).
    type: str
  url:
    description:
      - The issuer URL of an OIDC provider (C(https://), no query or fragment), for example
        V(https://token.actions.githubusercontent.com). OIDC only; identifies the provider.
    type: str
  client_ids:
    description: The audiences (client ids) the provider accepts, for example V(sts.amazonaws.com). OIDC only.
    type: list
    elements: str
  thumbprints:
    description:
      - SHA-1 thumbprints (40 hex digits) of the provider's certificate, at most 5. OIDC only.
        IAM no longer needs them for well-known providers, but they pin the certificate.
    type: list
    elements: str
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
  - Idempotent. Tags of providers are not managed. Other providers of the account are left alone.
seealso:
  - name: Identity providers and federation
    description: AWS documentation of SAML and OIDC providers in IAM.
    link: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html
"""

EXAMPLES = r"""
- name: GitHub Actions OIDC provider
  baseline.iam.identity_provider:
    type: oidc
    url: https://token.actions.githubusercontent.com
    client_ids: [sts.amazonaws.com]

- name: Corporate SAML IdP
  baseline.iam.identity_provider:
    type: saml
    name: corp-idp
    metadata_document: "{{ lookup('file', 'corp-idp-metadata.xml') }}"

- name: Remove an old provider
  baseline.iam.identity_provider:
    type: saml
    name: legacy-idp
    state: absent
"""

RETURN = r"""
provider:
  description:
    - The provider after the task, or in check mode the provider it would leave. Empty when
      absent.
  returned: always
  type: dict
  contains:
    type:
      description: V(saml) or V(oidc).
      type: str
    arn:
      description: ARN of the provider.
      type: str
      sample: arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
    name:
      description: Name of the SAML provider.
      type: str
      returned: type is saml
    metadata_document:
      description: SAML metadata document.
      type: str
      returned: type is saml
    url:
      description: Issuer URL of the OIDC provider.
      type: str
      returned: type is oidc
    client_ids:
      description: Client ids (audiences), sorted.
      type: list
      elements: str
      returned: type is oidc
    thumbprints:
      description: Certificate thumbprints, lowercase, sorted.
      type: list
      elements: str
      returned: type is oidc
"""

from ansible_collections.baseline.iam.plugins.module_utils._core.caller import current_caller
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import AWS_ERRORS, InputError
from ansible_collections.baseline.iam.plugins.module_utils._core.module import BaselineModule
from ansible_collections.baseline.iam.plugins.module_utils._core.redact import make_diff
from ansible_collections.baseline.iam.plugins.module_utils._trust import aws as _iam_trust
from ansible_collections.baseline.iam.plugins.module_utils._trust import identity_provider as _idp


def read_provider(client, spec):
    """The current provider named by the spec (view), or None."""
    if spec["type"] == "saml":
        arns = [a for a in _iam_trust.list_saml_provider_arns(client) if _idp.matches(spec, a)]
        answer = _iam_trust.get_saml_provider(client, arns[0]) if arns else None
        return _idp.saml_view(arns[0], answer["SAMLMetadataDocument"]) if answer else None
    arns = [a for a in _iam_trust.list_oidc_provider_arns(client) if _idp.matches(spec, a)]
    answer = _iam_trust.get_oidc_provider(client, arns[0]) if arns else None
    if answer is None:
        return None
    return _idp.oidc_view(arns[0], answer["Url"], answer.get("ClientIDList"), answer.get("ThumbprintList"))


def write_provider(client, before, after):
    """The calls that turn `before` into `after` (either may be None)."""
    if after is None:
        if before["type"] == "saml":
            _iam_trust.delete_saml_provider(client, before["arn"])
        else:
            _iam_trust.delete_oidc_provider(client, before["arn"])
    elif after["type"] == "saml":
        if before is None:
            _iam_trust.create_saml_provider(client, after["name"], after["metadata_document"])
        else:
            _iam_trust.update_saml_provider(client, after["arn"], after["metadata_document"])
    elif before is None:
        _iam_trust.create_oidc_provider(client, after["url"], after["client_ids"], after["thumbprints"])
    else:
        for client_id in sorted(set(after["client_ids"]) - set(before["client_ids"])):
            _iam_trust.add_oidc_client_id(client, after["arn"], client_id)
        for client_id in sorted(set(before["client_ids"]) - set(after["client_ids"])):
            _iam_trust.remove_oidc_client_id(client, after["arn"], client_id)
        if after["thumbprints"] != before["thumbprints"]:
            _iam_trust.update_oidc_thumbprints(client, after["arn"], after["thumbprints"])


def ensure_provider(module, client, spec):
    """Returns (changed, before, after); writes only outside check mode and only on a change."""
    before = read_provider(client, spec)
    after = None
    if spec["state"] == "present":
        arn = before["arn"] if before else None
        if arn is None:  # the ARN a new provider will get: arn:<partition>:iam::<account>:...
            caller = current_caller(module.client("sts"))
            arn = _idp.provider_arn(caller["partition"], caller["account_id"], spec)
        after = _idp.desired(before, spec, arn)
    changed = before != after
    if changed and not module.check_mode:
        write_provider(client, before, after)
        after = read_provider(client, spec) if after else None
    return changed, before, after


def main():
    argument_spec = dict(
        type=dict(type="str", choices=["saml", "oidc"], required=True),
        state=dict(type="str", choices=["present", "absent"], default="present"),
        name=dict(type="str"),
        metadata_document=dict(type="str"),
        url=dict(type="str"),
        client_ids=dict(type="list", elements="str"),
        thumbprints=dict(type="list", elements="str"),
    )
    module = BaselineModule(argument_spec=argument_spec, supports_check_mode=True)
    try:
        _idp.validate(module.params)  # before any AWS call
        changed, before, after = ensure_provider(module, module.client("iam"), module.params)
    except InputError as e:
        module.fail_input(e)
    except AWS_ERRORS as e:
        module.fail_aws(e, "manage the %s identity provider" % module.params["type"].upper())

    module.exit_json(changed=changed, provider=after or {}, diff=make_diff(before, after))


if __name__ == "__main__":
    main()
