# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account snapshot (DESIGN §5): the only input of the evaluators (pure).

Every source starts unread; a collector fills it or records the AWS error code under `errors`.
A control that needs a source listed in `errors` is ERROR, never PASS (fail closed).

The contract evaluators rely on (AWS API shapes are kept, PascalCase; every date is an ISO 8601
UTC string; every policy document is a decoded dict):

- `account_id`, `partition`, `taken_at` (ISO; evaluators use it as "now"), `caller` (the dict of
  _caller.caller_from_identity for the audit's own session, or None), `read`, `errors`.
- `password_policy`: GetAccountPasswordPolicy's `PasswordPolicy`, or None when there is none.
- `account_summary`: GetAccountSummary's `SummaryMap`.
- `credential_report`: {"generated_time": ISO, "rows": [one dict per CSV row, keys = CSV column
  names, values = the CSV strings as AWS writes them ('true', 'N/A', 'no_information', ISO dates)],
  "read_directly": [user names], "unreadable_users": [{"user", "arn", "code"}]}
  (_audit/credential_report.py reads them). Cross-checked with `authorization_details`
  (_audit/credential_report_coverage.py): rows of users deleted since the report are left out;
  users it misses are read directly and added as rows of the same shape (with "source"); users
  that could not be read either are listed in `unreadable_users` (their controls are ERROR).
- `authorization_details`: GetAccountAuthorizationDetails (all pages; filters User, Group, Role,
  LocalManagedPolicy), as {"users": UserDetailList, "groups": GroupDetailList, "roles":
  RoleDetailList, "policies": Policies}. Users carry `GroupList` (group names),
  `AttachedManagedPolicies`, `UserPolicyList`; groups `AttachedManagedPolicies`, `GroupPolicyList`;
  roles `AssumeRolePolicyDocument`, `AttachedManagedPolicies`, `RolePolicyList`; customer managed
  policies `PolicyVersionList` with each version's `Document`. AWS managed policies are not listed
  (only referenced by ARN in `AttachedManagedPolicies`).
- `roles`: ListRoles' `Roles` (for `MaxSessionDuration`, which the details above lack).
- `virtual_mfa_devices`: ListVirtualMFADevices' `VirtualMFADevices` (SerialNumber, User, EnableDate).
- `admin_mfa_devices`: {user name: ListMFADevices' `MFADevices`}, only for the users with admin
  rights whose MFA kind the `credential_report` row (`mfa_active`) and `virtual_mfa_devices` leave
  open (a virtual device assigned, or no row for the user): usually none. Every other admin is
  judged from those two sources (_account/model.py).
- `saml_providers`: [{"arn", "metadata_document", "valid_until"}];
  `oidc_providers`: [{"arn", "url", "client_ids", "thumbprints"}].
- `server_certificates`: ListServerCertificates' `ServerCertificateMetadataList`.
- `trails`: [{"name", "arn", "home_region", "is_multi_region", "is_organization_trail", "is_logging",
  "management_events" ("all", "write", "read", "none"; None when not read), "management_events_error"
  (the AWS error code of GetEventSelectors, or None)}]; status and selectors for multi-region trails only.
- `analyzers`: {region: [{"arn", "name", "type", "status"}]}.
- `instances`: {region: [{"InstanceId", "State", "IamInstanceProfile" (or absent)}]} (running only).
"""

from __future__ import annotations

# Snapshot sources and the value each has before it is read.
SOURCES = {
    "password_policy": None,
    "account_summary": None,
    "credential_report": None,
    "authorization_details": None,
    "roles": None,
    "virtual_mfa_devices": None,
    "admin_mfa_devices": None,
    "saml_providers": None,
    "oidc_providers": None,
    "server_certificates": None,
    "trails": None,
    "analyzers": None,
    "instances": None,
}


# The organization snapshot: one per organization, taken on the organization host (the management
# account or a delegated administrator); its account_id is the management account's.
# - `organization`: _organization/read.read_structure's {"organization", "ous" (the root first, with
#   its policy_types), "accounts"}.
# - `service_control_policies`: {"enabled", "root_id", "policies": [{"id", "arn", "name",
#   "aws_managed", "description", "document", "targets" (ids)}]} (no policy while SCPs are disabled).
# - `identity_center`: {"instance_arn" (None without Identity Center), "identity_store_id",
#   "permission_sets": [_identity_center/model.py state with "assignments" ({"account_id",
#   "principal_type", "principal_id", "principal"})]}.
ORGANIZATION_SOURCES = {
    "organization": None,
    "service_control_policies": None,
    "identity_center": None,
}


def new_snapshot(account_id, partition="aws", taken_at=None):
    snapshot = {"account_id": account_id, "partition": partition, "taken_at": taken_at, "caller": None, "read": [], "errors": {}}
    snapshot.update(SOURCES)
    return snapshot


def new_organization_snapshot(management_account_id, partition="aws", taken_at=None):
    snapshot = {"scope": "organization", "account_id": management_account_id, "partition": partition, "taken_at": taken_at,
                "caller": None, "read": [], "errors": {}}  # fmt: skip
    snapshot.update(ORGANIZATION_SOURCES)
    return snapshot


def record(snapshot, source, value):
    """Stores a source that was read."""
    snapshot[source] = value
    if source not in snapshot["read"]:
        snapshot["read"].append(source)


def record_error(snapshot, source, code):
    """Marks a source as unreadable with the AWS error code."""
    snapshot[source] = SOURCES.get(source, ORGANIZATION_SOURCES.get(source))
    snapshot["errors"][source] = code


def missing_sources(snapshot, sources):
    """The sources among `sources` that were not read, with the reason for each."""
    missing = {}
    for source in sources:
        if source in snapshot["errors"]:
            missing[source] = snapshot["errors"][source]
        elif source not in snapshot["read"]:
            missing[source] = "NotCollected"
    return missing
