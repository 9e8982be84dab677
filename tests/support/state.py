"""Reading state back from the simulator's API (tests assert on this, not on module claims)."""

# The password policy the baseline's defaults produce, as GetAccountPasswordPolicy returns it.
CIS_PASSWORD_POLICY = {
    "MinimumPasswordLength": 14,
    "RequireSymbols": True,
    "RequireNumbers": True,
    "RequireUppercaseCharacters": True,
    "RequireLowercaseCharacters": True,
    "AllowUsersToChangePassword": True,
    "ExpirePasswords": True,
    "MaxPasswordAge": 90,
    "PasswordReusePrevention": 24,
    "HardExpiry": False,
}


def password_policy(account):
    """The account's password policy as the API returns it, or None."""
    iam = account.client("iam")
    try:
        return iam.get_account_password_policy()["PasswordPolicy"]
    except iam.exceptions.NoSuchEntityException:
        return None


# Role trust and identity providers (issue 4) ---------------------------------------------------


def role_trust(account, name):
    """A role's trust in canonical form (semantic comparison) and its MaxSessionDuration, or None."""
    from ansible_collections.baseline.iam.plugins.module_utils import _policy

    iam = account.client("iam")
    try:
        role = iam.get_role(RoleName=name)["Role"]
    except iam.exceptions.NoSuchEntityException:
        return None
    return {"trust": _policy.normalize(role["AssumeRolePolicyDocument"]), "max_session_duration": role["MaxSessionDuration"]}


def expected_trust(document, max_session_duration=3600):
    """What role_trust() reads back for a role with this document and session length."""
    from ansible_collections.baseline.iam.plugins.module_utils import _policy

    return {"trust": _policy.normalize(document), "max_session_duration": max_session_duration}


def identity_providers(account):
    """{arn: fields} of every SAML and OIDC provider of the account."""
    iam = account.client("iam")
    found = {}
    for provider in iam.list_saml_providers()["SAMLProviderList"]:
        answer = iam.get_saml_provider(SAMLProviderArn=provider["Arn"])
        found[provider["Arn"]] = {"metadata_document": answer["SAMLMetadataDocument"]}
    for provider in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]:
        answer = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider["Arn"])
        found[provider["Arn"]] = {
            "url": answer["Url"],
            "client_ids": sorted(answer.get("ClientIDList", [])),
            "thumbprints": sorted(answer.get("ThumbprintList", [])),
        }
    return found
