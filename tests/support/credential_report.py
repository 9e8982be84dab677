"""IAM credential-report rows as AWS writes them, for unit tests and the simulator's root row.

A row is what the collection's parse_csv makes of one CSV line (plugins/module_utils/_audit/
credential_report.py): a dict with every column AWS writes, in AWS's order, and AWS's strings as
values ('true' / 'false', ISO dates with +00:00, 'N/A', 'no_information', 'not_supported'). The
columns and their values follow the IAM User Guide, "Getting credential reports for your AWS
account" (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html); a
unit test checks the columns against the header moto writes.

Dates are given as days before NOW (a number, fractions allowed) or as a datetime; None means the
event never happened, written as AWS writes that for the column.
"""

import csv
import datetime
import io

from .fixed import ACCOUNT, NOW_ISO, before_now

ROOT_USER = "<root_account>"
KEY_SLOTS = (1, 2)
COLUMNS = (
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
)
NOT_APPLICABLE = "N/A"
# Where a key was last used; the collection reads only the date.
KEY_USED_IN = {"region": "us-east-1", "service": "s3"}


def report_date(when):
    """A date as the credential report writes it (2026-11-27T12:00:00+00:00), or None for None."""
    if when is None:
        return None
    moment = when if isinstance(when, datetime.datetime) else before_now(when)
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _flag(value):
    return "true" if value else "false"


def _password_columns(is_root, password, used, changed):
    """Root has no password flag of its own ('not_supported'); a user without a password has 'N/A'
    dates; a password never used is 'no_information'."""
    if is_root:
        return {
            "password_enabled": "not_supported",
            "password_last_used": report_date(used) or "no_information",
            "password_last_changed": "not_supported",
            "password_next_rotation": "not_supported",
        }
    if not password:
        return {
            "password_enabled": "false",
            "password_last_used": NOT_APPLICABLE,
            "password_last_changed": NOT_APPLICABLE,
            "password_next_rotation": NOT_APPLICABLE,
        }
    return {
        "password_enabled": "true",
        "password_last_used": report_date(used) or "no_information",
        "password_last_changed": report_date(changed) or NOT_APPLICABLE,
        "password_next_rotation": NOT_APPLICABLE,
    }


def _key_columns(slot, key):
    """One access-key slot from (active, last rotated, last used); None is an empty slot."""
    active, rotated, used = key if key is not None else (False, None, None)
    prefix = "access_key_%d_" % slot
    columns = {
        prefix + "active": _flag(active),
        prefix + "last_rotated": report_date(rotated) or NOT_APPLICABLE,
        prefix + "last_used_date": report_date(used) or NOT_APPLICABLE,
    }
    for field, value in KEY_USED_IN.items():
        columns[prefix + "last_used_" + field] = value if used is not None else NOT_APPLICABLE
    return columns


def report_row(
    user,
    *,
    keys=(),
    password=False,
    password_used=None,
    password_changed=30,
    mfa=False,
    created=400,
    account=ACCOUNT,
    partition="aws",
):
    """One row of the credential report. `user` ROOT_USER makes the root row.

    keys: up to two (active, last rotated, last used) for slots 1 and 2; last rotated is when the
    key was created or last rotated. password (a console password): its last use and last change.
    """
    if len(keys) > len(KEY_SLOTS):
        raise ValueError("the credential report has %d key slots, not %d" % (len(KEY_SLOTS), len(keys)))
    is_root = user == ROOT_USER
    resource = "root" if is_root else "user/%s" % user
    row = {
        "user": user,
        "arn": "arn:%s:iam::%s:%s" % (partition, account, resource),
        "user_creation_time": report_date(created),
        **_password_columns(is_root, password, password_used, password_changed),
        "mfa_active": _flag(mfa),
    }
    for slot in KEY_SLOTS:
        row.update(_key_columns(slot, keys[slot - 1] if len(keys) >= slot else None))
    for cert in (1, 2):
        row.update({"cert_%d_active" % cert: "false", "cert_%d_last_rotated" % cert: NOT_APPLICABLE})
    return {column: row[column] for column in COLUMNS}


def report_csv(*rows, header=True):
    """The CSV text of `rows` (GetCredentialReport's decoded Content), with or without the header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def credential_report(*rows, generated_time=NOW_ISO):
    """The snapshot's `credential_report` source: the report's generation time and its rows."""
    return {"generated_time": generated_time, "rows": list(rows)}
