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


def access_keys(account, user):
    """{access key id: status} of a user, from ListAccessKeys."""
    answer = account.client("iam").list_access_keys(UserName=user)
    return {k["AccessKeyId"]: k["Status"] for k in answer["AccessKeyMetadata"]}


def baseline_tags(account, user):
    """The user's tags written by baseline.iam (prefix baseline-iam:)."""
    tags = account.client("iam").list_user_tags(UserName=user)["Tags"]
    return {t["Key"]: t["Value"] for t in tags if t["Key"].startswith("baseline-iam:")}


def secret_value(account, name):
    """A Secrets Manager secret's JSON value (a dict), or None when there is no such secret."""
    import json

    sm = account.client("secretsmanager")
    try:
        return json.loads(sm.get_secret_value(SecretId=name)["SecretString"])
    except sm.exceptions.ResourceNotFoundException:
        return None


def secret_names(account):
    """Names of the account's secrets in the test region."""
    return sorted(s["Name"] for s in account.client("secretsmanager").list_secrets()["SecretList"])


# Role trust and identity providers (issue 4) ---------------------------------------------------


def role_trust(account, name):
    """A role's trust in canonical form (semantic comparison) and its MaxSessionDuration, or None."""
    from ansible_collections.baseline.iam.plugins.module_utils._policy import document as _policy

    iam = account.client("iam")
    try:
        role = iam.get_role(RoleName=name)["Role"]
    except iam.exceptions.NoSuchEntityException:
        return None
    return {"trust": _policy.normalize(role["AssumeRolePolicyDocument"]), "max_session_duration": role["MaxSessionDuration"]}


def expected_trust(document, max_session_duration=3600):
    """What role_trust() reads back for a role with this document and session length."""
    from ansible_collections.baseline.iam.plugins.module_utils._policy import document as _policy

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


def trust_snapshot(account):
    """A snapshot with the sources the TRUST.* / FED.PROVIDERS evaluators read, taken from the API
    with the account's credentials (the audit module of issue 6 builds the real one)."""
    from ansible_collections.baseline.iam.plugins.module_utils._core import caller as _caller

    from .snapshots import authorization_details, snapshot

    iam = account.client("iam")
    details = iam.get_account_authorization_details(Filter=["Role"])
    saml, oidc = [], []
    for arn, fields in identity_providers(account).items():
        if ":saml-provider/" in arn:
            saml.append({"arn": arn, "metadata_document": fields["metadata_document"], "valid_until": None})
        else:
            oidc.append({"arn": arn, **fields})
    return snapshot(
        account=account.account_id,
        caller=_caller.caller_from_identity(account.client("sts").get_caller_identity()),
        authorization_details=authorization_details(roles=details["RoleDetailList"]),
        roles=iam.list_roles()["Roles"],
        saml_providers=saml,
        oidc_providers=oidc,
    )


# Groups and the force-MFA policy (issue 3)


def group(account, name):
    """A group as the API returns it: path, attached policy ARNs, inline documents, members; or None."""
    iam = account.client("iam")
    try:
        found = iam.get_group(GroupName=name)
    except iam.exceptions.NoSuchEntityException:
        return None
    inline = {
        p: iam.get_group_policy(GroupName=name, PolicyName=p)["PolicyDocument"]
        for p in iam.list_group_policies(GroupName=name)["PolicyNames"]
    }
    return {
        "path": found["Group"]["Path"],
        "managed_policies": sorted(p["PolicyArn"] for p in iam.list_attached_group_policies(GroupName=name)["AttachedPolicies"]),
        "inline_policies": inline,
        "members": sorted(u["UserName"] for u in found["Users"]),
    }


def managed_policy(account, arn):
    """A customer managed policy: default version id and document, version ids, attached groups; or None."""
    iam = account.client("iam")
    try:
        policy = iam.get_policy(PolicyArn=arn)["Policy"]
    except iam.exceptions.NoSuchEntityException:
        return None
    version = iam.get_policy_version(PolicyArn=arn, VersionId=policy["DefaultVersionId"])["PolicyVersion"]
    entities = iam.list_entities_for_policy(PolicyArn=arn)
    return {
        "path": policy["Path"],
        "default_version_id": policy["DefaultVersionId"],
        "document": version["Document"],
        "versions": sorted(v["VersionId"] for v in iam.list_policy_versions(PolicyArn=arn)["Versions"]),
        "groups": sorted(g["GroupName"] for g in entities["PolicyGroups"]),
    }


def login_profile_exists(account, user):
    iam = account.client("iam")
    try:
        iam.get_login_profile(UserName=user)
    except iam.exceptions.NoSuchEntityException:
        return False
    return True
