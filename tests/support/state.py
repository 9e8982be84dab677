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
