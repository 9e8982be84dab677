"""Which API calls change state (DESIGN §8.2) — the test side of the check-mode proof.

Deliberately stricter than the DESIGN list: every action that is not a known read counts as
mutating, so a new kind of write can never slip through as "read".
"""

READ_PREFIXES = ("Get", "List", "Describe", "Lookup", "Simulate", "BatchGet", "Search", "Head")
NOT_MUTATING = frozenset(
    {
        "GenerateCredentialReport",
        "GenerateServiceLastAccessedDetails",
        "GenerateOrganizationsAccessReport",
        "AssumeRole",
        "AssumeRoleWithSAML",
        "AssumeRoleWithWebIdentity",
        "GetSessionToken",
        "DecodeAuthorizationMessage",
        "ValidatePolicy",
    }
)


def is_mutating(action):
    if action in NOT_MUTATING:
        return False
    return not action.startswith(READ_PREFIXES)
