"""Small fidelity fixes to moto's IAM, applied in-process by the Simulator (test support only).

moto answers GetCredentialReport with a fixed 2015 GeneratedTime and no `<root_account>` row, and
keeps AccountAccessKeysPresent at 0. Real accounts always have a root row and a real generation
time, and the audit must be tested against both. After `apply()`:

- GenerateCredentialReport records when it ran; GetCredentialReport reports that time;
- the report starts with a root row built from `backend.baseline_root` (see `ROOT_DEFAULTS`;
  tests change it with `Account.set_root(...)`), unless `baseline_root` is None (moto's own
  behaviour: no root row);
- GetAccountSummary's AccountMFAEnabled / AccountAccessKeysPresent follow the same settings;
- CreateLoginProfile / GetLoginProfile answer the login profile's own CreateDate (when the
  password was created, as AWS does) instead of the user's creation date. moto keeps it on the
  user as `baseline_password_created` (a naive UTC datetime, like moto's own dates), which tests
  move with `principals.set_password_created`;
- UpdateGroup with only NewPath moves the group (moto ignored a path without a new name; AWS
  moves it, and its ARN with it).
"""

import datetime

ROOT_DEFAULTS = {"mfa_active": False, "access_keys": 0, "password_last_used": None, "key_last_used": None}
_applied = False


def _now():
    return datetime.datetime.now(datetime.UTC)


def password_created(user):
    """When the user's console password was created (the user's creation for a profile moto made
    before the patch, e.g. from CloudFormation)."""
    return getattr(user, "baseline_password_created", None) or user.create_date


def _iso(value):
    return value.strftime("%Y-%m-%dT%H:%M:%S+00:00") if value else None


def _root_row(backend, settings):
    created = "2020-01-01T00:00:00+00:00"
    keys = int(settings.get("access_keys") or 0)
    used = _iso(settings.get("password_last_used")) or "no_information"
    key_used = _iso(settings.get("key_last_used")) or "N/A"
    fields = [
        "<root_account>", "arn:aws:iam::%s:root" % backend.account_id, created, "not_supported", used, "not_supported",
        "not_supported", "true" if settings.get("mfa_active") else "false",
        "true" if keys >= 1 else "false", created if keys >= 1 else "N/A", key_used if keys >= 1 else "N/A", "N/A", "N/A",
        "true" if keys >= 2 else "false", created if keys >= 2 else "N/A", "N/A", "N/A", "N/A",
        "false", "N/A", "false", "N/A",
    ]  # fmt: skip
    return ",".join(fields) + "\n"


def root_settings(backend):
    if not hasattr(backend, "baseline_root"):
        backend.baseline_root = dict(ROOT_DEFAULTS)
    return backend.baseline_root


def apply():
    global _applied
    if _applied:
        return
    from moto.iam import models, responses

    original_generate = models.IAMBackend.generate_report
    original_report = models.IAMBackend.get_credential_report
    original_summary = models.AccountSummary.summary_map

    def generate_report(self):
        if not self.credential_report:
            self.baseline_generated_at = _now()
        original_generate(self)

    def get_credential_report(self):
        report = original_report(self)
        settings = root_settings(self)
        if settings is None:
            return report
        header, _newline, rows = report.partition("\n")
        return header + "\n" + _root_row(self, settings) + rows

    def get_credential_report_response(self):
        result = original_response(self)
        generated = getattr(self.backend, "baseline_generated_at", None)
        if generated:
            result.result["GeneratedTime"] = generated.strftime("%Y-%m-%dT%H:%M:%SZ")
        return result

    def summary_map(self):
        summary = dict(original_summary.fget(self))
        settings = root_settings(self._iam_backend)
        if settings is not None:
            summary["AccountMFAEnabled"] = 1 if settings.get("mfa_active") else 0
            summary["AccountAccessKeysPresent"] = 1 if settings.get("access_keys") else 0
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
