# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small wrappers over the IAM calls of role trust and identity federation: "not found" is None,
every other AWS error is raised (retries come from the client's configuration)."""

from __future__ import annotations

from .._core.iam import get_or_none
from .._policy import document as _policy

# Roles


def get_role(client, name):
    return get_or_none(client.get_role, "Role", RoleName=name)


def create_role(client, name, document, max_session_duration=None, description=None, tags=None):
    arguments = {"RoleName": name, "AssumeRolePolicyDocument": _policy.dumps(document)}
    if max_session_duration is not None:
        arguments["MaxSessionDuration"] = max_session_duration
    if description:
        arguments["Description"] = description
    if tags:
        arguments["Tags"] = [{"Key": str(k), "Value": str(v)} for k, v in sorted(tags.items())]
    client.create_role(**arguments)


def update_trust_policy(client, name, document):
    client.update_assume_role_policy(RoleName=name, PolicyDocument=_policy.dumps(document))


def update_max_session_duration(client, name, seconds):
    client.update_role(RoleName=name, MaxSessionDuration=seconds)


# SAML providers


def list_saml_provider_arns(client):
    return [p["Arn"] for p in client.list_saml_providers().get("SAMLProviderList", [])]


def get_saml_provider(client, arn):
    return get_or_none(client.get_saml_provider, SAMLProviderArn=arn)


def create_saml_provider(client, name, metadata_document):
    return client.create_saml_provider(Name=name, SAMLMetadataDocument=metadata_document)["SAMLProviderArn"]


def update_saml_provider(client, arn, metadata_document):
    client.update_saml_provider(SAMLProviderArn=arn, SAMLMetadataDocument=metadata_document)


def delete_saml_provider(client, arn):
    client.delete_saml_provider(SAMLProviderArn=arn)


# OIDC providers


def list_oidc_provider_arns(client):
    return [p["Arn"] for p in client.list_open_id_connect_providers().get("OpenIDConnectProviderList", [])]


def get_oidc_provider(client, arn):
    return get_or_none(client.get_open_id_connect_provider, OpenIDConnectProviderArn=arn)


def create_oidc_provider(client, url, client_ids, thumbprints):
    arguments = {"Url": url, "ClientIDList": list(client_ids)}
    if thumbprints:
        arguments["ThumbprintList"] = list(thumbprints)
    return client.create_open_id_connect_provider(**arguments)["OpenIDConnectProviderArn"]


def add_oidc_client_id(client, arn, client_id):
    client.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID=client_id)


def remove_oidc_client_id(client, arn, client_id):
    client.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=arn, ClientID=client_id)


def update_oidc_thumbprints(client, arn, thumbprints):
    client.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=arn, ThumbprintList=list(thumbprints))


def delete_oidc_provider(client, arn):
    client.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
