"""Small fidelity fixes to moto's IAM, applied in-process by the Simulator (test support only).

moto answers GetCredentialReport with a fixed 2015 GeneratedTime and no `<root_account>` row, and
keeps AccountAccessKeysPresent at 0. Real accounts always have a root row and a real generation
time, and the audit must be tested against both. After `apply()`:

- GenerateCredentialReport builds the report's content once and stamps it; GetCredentialReport
  serves that content and time until a GenerateCredentialReport at least 4 hours later builds a
  new one (AWS does the same; moto rebuilt the content on every read and stamped it 2015).
  Tests move the stamp with `Account.set_credential_report_time(...)`;
- the report starts with a root row built from `backend.baseline_root` (see `ROOT_DEFAULTS`;
  tests change it with `Account.set_root(...)`), unless `baseline_root` is None (moto's own
  behaviour: no root row);
- GetAccountSummary's AccountMFAEnabled / AccountAccessKeysPresent / AccountPasswordPresent follow
  the same settings (moto has no AccountPasswordPresent at all);
- CreateLoginProfile / GetLoginProfile answer the login profile's own CreateDate (when the
  password was created, as AWS does) instead of the user's creation date. moto keeps it on the
  user as `baseline_password_created` (a naive UTC datetime, like moto's own dates), which tests
  move with `principals.set_password_created`;
- UpdateGroup with only NewPath moves the group (moto ignored a path without a new name; AWS
  moves it, and its ARN with it).

Pagination: GetAccountAuthorizationDetails, ListUsers, ListGroups, GetGroup and
ListEntitiesForPolicy answer in pages of MaxItems (default 100) with IsTruncated and Marker, as
AWS does (moto answered everything in one page); ListRoles and ListPolicies already paged.

CloudTrail: a trail created without event selectors answers GetEventSelectors with AWS' default
(all management events, read and write; moto answered none), and PutEventSelectors with one kind
of selectors replaces the other kind, as AWS documents.

Security Hub: see moto_securityhub.py (hub required, GetFindings filters, per-finding refusals).
"""

import datetime

from . import moto_securityhub
from .credential_report import ROOT_USER, report_csv, report_row

# access_keys: active root keys (0-2); inactive_access_keys: deactivated ones (they keep their
# creation date in the report and count in AccountAccessKeysPresent, as in AWS); password: whether
# the root user has a password (AWS writes not_supported in the report and answers in the summary).
ROOT_DEFAULTS = {
    "mfa_active": False,
    "access_keys": 0,
    "inactive_access_keys": 0,
    "password": True,
    "password_last_used": None,
    "key_last_used": None,
}
ROOT_CREATED = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
# How long AWS serves the same credential report before GenerateCredentialReport builds a new one.
REPORT_CACHE = datetime.timedelta(hours=4)
_applied = False


def _now():
    return datetime.datetime.now(datetime.UTC)


def password_created(user):
    """When the user's console password was created (the user's creation for a profile moto made
    before the patch, e.g. from CloudFormation)."""
    return getattr(user, "baseline_password_created", None) or user.create_date


def _root_row(backend, settings):
    """The root row (CSV line) of `settings`: its keys were created with the account, active ones
    in the first slots; only the first active key's last use is settable."""
    active = int(settings.get("access_keys") or 0)
    inactive = int(settings.get("inactive_access_keys") or 0)
    keys = [(True, ROOT_CREATED, settings.get("key_last_used")), (True, ROOT_CREATED, None)][:active]
    keys += [(False, ROOT_CREATED, None)] * inactive
    row = report_row(
        ROOT_USER,
        keys=keys[:2],
        password_used=settings.get("password_last_used"),
        mfa=settings.get("mfa_active"),
        created=ROOT_CREATED,
        account=backend.account_id,
    )
    return report_csv(row, header=False)


def root_settings(backend):
    if not hasattr(backend, "baseline_root"):
        backend.baseline_root = dict(ROOT_DEFAULTS)
    return backend.baseline_root


# What AWS answers for a trail created without event selectors.
DEFAULT_EVENT_SELECTORS = [
    {"ReadWriteType": "All", "IncludeManagementEvents": True, "DataResources": [], "ExcludeManagementEventSources": []}
]


# Actions moto answers in one page although AWS pages them: the list keys of each answer, in the
# order the pages fill them (GetAccountAuthorizationDetails counts users, groups, roles and
# policies together against MaxItems).
PAGED = {
    "get_account_authorization_details": ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"),
    "list_users": ("Users",),
    "list_groups": ("Groups",),
    "get_group": ("Users",),
    "list_entities_for_policy": ("PolicyGroups", "PolicyUsers", "PolicyRoles"),
}
DEFAULT_MAX_ITEMS = 100


def _paged(original, keys):
    def respond(self):
        result = original(self)
        answer = result.result
        items = [(key, item) for key in keys for item in list(answer.get(key) or [])]
        start = int(self._get_param("Marker") or 0)
        size = int(self._get_param("MaxItems") or DEFAULT_MAX_ITEMS)
        page = items[start : start + size]
        for key in keys:
            if key in answer:
                answer[key] = [item for k, item in page if k == key]
        answer["IsTruncated"] = start + size < len(items)
        if answer["IsTruncated"]:
            answer["Marker"] = str(start + size)
        else:
            answer.pop("Marker", None)
        return result

    return respond


def _apply_paging():
    from moto.iam import responses

    for action, keys in PAGED.items():
        setattr(responses.IamResponse, action, _paged(getattr(responses.IamResponse, action), keys))


def _apply_cloudtrail():
    from moto.cloudtrail import models

    def put_event_selectors(self, event_selectors, advanced_event_selectors):
        self.event_selectors = list(event_selectors or [])
        self.advanced_event_selectors = [] if event_selectors else list(advanced_event_selectors or [])
        self.baseline_selectors_set = True

    def get_event_selectors(self):
        if not getattr(self, "baseline_selectors_set", False):
            return [dict(s) for s in DEFAULT_EVENT_SELECTORS], []
        return self.event_selectors, self.advanced_event_selectors

    models.Trail.put_event_selectors = put_event_selectors
    models.Trail.get_event_selectors = get_event_selectors


def apply():
    global _applied
    if _applied:
        return
    from moto.iam import models, responses

    original_generate = models.IAMBackend.generate_report
    original_report = models.IAMBackend.get_credential_report
    original_summary = models.AccountSummary.summary_map

    def build_report(backend):
        """The report as it stands now: moto's rows with the root row first."""
        report = original_report(backend)
        settings = root_settings(backend)
        if settings is None:
            return report
        header, _newline, rows = report.partition("\n")
        return header + "\n" + _root_row(backend, settings) + rows

    def generate_report(self):
        frozen = getattr(self, "baseline_report", None)
        if frozen is None or _now() - frozen["generated_at"] >= REPORT_CACHE:
            original_generate(self)
            self.baseline_report = {"generated_at": _now(), "content": build_report(self)}

    def get_credential_report(self):
        frozen = getattr(self, "baseline_report", None)
        if frozen is None:
            return original_report(self)  # ReportNotPresent until one is generated
        return frozen["content"]

    def get_credential_report_response(self):
        result = original_response(self)
        frozen = getattr(self.backend, "baseline_report", None)
        if frozen:
            result.result["GeneratedTime"] = frozen["generated_at"].strftime("%Y-%m-%dT%H:%M:%SZ")
        return result

    def summary_map(self):
        summary = dict(original_summary.fget(self))
        settings = root_settings(self._iam_backend)
        if settings is not None:
            summary["AccountMFAEnabled"] = 1 if settings.get("mfa_active") else 0
            summary["AccountAccessKeysPresent"] = 1 if settings.get("access_keys") or settings.get("inactive_access_keys") else 0
            summary["AccountPasswordPresent"] = 1 if settings.get("password", True) else 0
        return summary

    original_create_profile = models.IAMBackend.create_login_profile
    original_delete_profile = models.IAMBackend.delete_login_profile

    def create_login_profile(self, user_name, password):
        user = original_create_profile(self, user_name, password)
        user.baseline_password_created = _now().replace(tzinfo=None)
        return user

    def delete_login_profile(self, user_name):
        original_delete_profile(self, user_name)
        self.get_user(user_name).baseline_password_created = None

    def login_profile_response(original):
        def respond(self):
            result = original(self)
            user = self.backend.get_user(result.result["LoginProfile"]["UserName"])
            result.result["LoginProfile"]["CreateDate"] = password_created(user)
            return result

        return respond

    original_update_group = models.IAMBackend.update_group

    def update_group(self, group_name, new_group_name, new_path):
        if new_path and not new_group_name:
            self.get_group(group_name).path = new_path
            return
        original_update_group(self, group_name, new_group_name, new_path)

    _apply_cloudtrail()
    _apply_paging()
    moto_securityhub.apply()
    original_response = responses.IamResponse.get_credential_report
    models.IAMBackend.update_group = update_group
    models.IAMBackend.create_login_profile = create_login_profile
    models.IAMBackend.delete_login_profile = delete_login_profile
    responses.IamResponse.create_login_profile = login_profile_response(responses.IamResponse.create_login_profile)
    responses.IamResponse.get_login_profile = login_profile_response(responses.IamResponse.get_login_profile)
    models.IAMBackend.generate_report = generate_report
    models.IAMBackend.get_credential_report = get_credential_report
    responses.IamResponse.get_credential_report = get_credential_report_response
    models.AccountSummary.summary_map = property(summary_map)
    _applied = True
