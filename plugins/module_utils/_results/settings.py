# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`iam_baseline_results`: where a run's results go (pure).

    {}                                      a directory under the report directory (the default)
    {dir: /shared/results}                  a directory (e.g. a volume several jobs mount)
    {s3_bucket: b, s3_prefix: p, kms_key_id: alias/k, region: eu-west-1}   an S3 bucket

The S3 store is reached with the controller's own credentials (environment, profile, instance
role), never with an account's session: the bucket belongs to the automation, not to the
audited accounts. With `kms_key_id` every object is written SSE-KMS with that key.
"""

from __future__ import annotations

import os
import re

from .errors import ResultsError

FIELD = "iam_baseline_results"
DEFAULT_SUBDIR = "results"
KEYS = ("dir", "s3_bucket", "s3_prefix", "kms_key_id", "region", "profile", "endpoint_url")
# S3 bucket naming rules (general purpose buckets): 3-63 characters, lowercase letters, digits,
# dots and hyphens, starting and ending with a letter or digit.
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
_PREFIX = re.compile(r"^[A-Za-z0-9!_.*'()/-]*$")
_KMS_KEY = re.compile(r"^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/.+|alias/[A-Za-z0-9/_-]+|[0-9a-fA-F-]{36}|mrk-[0-9a-f]{32})$")


def _text(settings, key, field):
    value = settings.get(key)
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ResultsError("%s.%s" % (field, key), "must be a string, got %s" % type(value).__name__)
    return value


def _s3(settings, field):
    bucket = _text(settings, "s3_bucket", field)
    if not _BUCKET.match(bucket) or ".." in bucket:
        raise ResultsError(field + ".s3_bucket", "%r is not a valid S3 bucket name" % bucket)
    prefix = (_text(settings, "s3_prefix", field) or "").strip("/")
    if not _PREFIX.match(prefix) or ".." in prefix.split("/"):
        raise ResultsError(field + ".s3_prefix", "%r: use letters, digits and !_.*'()/- only, no '..'" % prefix)
    kms_key_id = _text(settings, "kms_key_id", field)
    if kms_key_id and not _KMS_KEY.match(kms_key_id):
        raise ResultsError(field + ".kms_key_id", "%r is not a KMS key id, key ARN or alias (alias/name)" % kms_key_id)
    normalized = {"kind": "s3", "s3_bucket": bucket, "s3_prefix": prefix, "kms_key_id": kms_key_id}
    normalized.update({key: _text(settings, key, field) for key in ("region", "profile", "endpoint_url")})
    return normalized


def normalize(value, report_dir=None, field=FIELD):
    """The settings with defaults filled in, or ResultsError naming the field (`field`.key)."""
    settings = {} if value in (None, "") else value
    if not isinstance(settings, dict):
        raise ResultsError(field, "must be a dict ({dir: ...} or {s3_bucket: ...}), got %s" % type(settings).__name__)
    unknown = sorted(set(settings) - set(KEYS) - {"kind"})
    if unknown:
        raise ResultsError("%s.%s" % (field, unknown[0]), "unknown key; known keys are %s" % ", ".join(KEYS))
    if _text(settings, "s3_bucket", field):
        if _text(settings, "dir", field):
            raise ResultsError(field + ".dir", "give either dir or s3_bucket, not both")
        return _s3(settings, field)
    for key in ("s3_prefix", "kms_key_id"):
        if _text(settings, key, field):
            raise ResultsError("%s.%s" % (field, key), "only used with s3_bucket")
    directory = _text(settings, "dir", field)
    if not directory:
        if not report_dir:
            raise ResultsError(field + ".dir", "no directory: give dir, s3_bucket, or a report directory")
        directory = os.path.join(str(report_dir), DEFAULT_SUBDIR)
    return {"kind": "local", "dir": os.path.abspath(os.path.expanduser(directory))}


def location(settings):
    """Where the store is, for messages: 's3://bucket/prefix' or the directory."""
    if settings["kind"] == "s3":
        return "s3://%s/%s" % (settings["s3_bucket"], settings["s3_prefix"]) if settings["s3_prefix"] else "s3://%s" % settings["s3_bucket"]
    return settings["dir"]
