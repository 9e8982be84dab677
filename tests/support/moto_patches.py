"""Small fidelity fixes to moto's IAM, applied in-process by the Simulator (test support only).

moto answers GetCredentialReport with a fixed 2015 GeneratedTime and no `<root_account>` row, and
keeps AccountAccessKeysPresent at 0. Real accounts always have a root row and a real generation
time, and the audit must be tested against both. After `apply()`:

- GenerateCredentialReport records when it ran; GetCredentialReport reports that time;
- the report starts with a root row built from `backend.baseline_root` (see `ROOT_DEFAULTS`;
  tests change it with `Account.set_root(...)`), unless `baseline_root` is None (moto's own
  behaviour: no root row);
- GetAccountSummary's AccountMFAEnabled / AccountAccessKeysPresent follow the same settings.
"""

import datetime

from .credential_report import ROOT_USER, report_csv, report_row

ROOT_DEFAULTS = {"mfa_active": False, "access_keys": 0, "password_last_used": None, "key_last_used": None}
ROOT_CREATED = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
_applied = False


def _now():
    return datetime.datetime.now(datetime.UTC)


def _root_row(backend, settings):
    """The root row (CSV line) of `settings`: its keys were created with the account; only the
    first one's last use is settable."""
    count = int(settings.get("access_keys") or 0)
    keys = [(True, ROOT_CREATED, settings.get("key_last_used")), (True, ROOT_CREATED, None)][:count]
    row = report_row(
        ROOT_USER,
        keys=keys,
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

    original_response = responses.IamResponse.get_credential_report
    models.IAMBackend.generate_report = generate_report
    models.IAMBackend.get_credential_report = get_credential_report
    responses.IamResponse.get_credential_report = get_credential_report_response
    models.AccountSummary.summary_map = property(summary_map)
    _applied = True
