# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The results store in an S3 bucket: the place several machines (AWX execution nodes) share.

Keys live under `s3_prefix`; with `kms_key_id` every object is written SSE-KMS with that key (else
the bucket's default encryption applies: S3 encrypts every new object at rest). Calls: HeadBucket
once (the bucket exists and the credentials may use it), PutObject per account and per manifest,
GetObject to read, ListObjectsV2 to list. AWS errors become ResultsError naming the setting.
"""

from __future__ import annotations

from .._core.errors import AWS_ERRORS, error_code, error_message
from .._core.sessions import AccountClients
from .errors import ResultsError
from .settings import FIELD, location

_MISSING_BUCKET = ("404", "NoSuchBucket", "NotFound")
_NOT_FOUND = ("404", "NoSuchKey", "NotFound")
_DENIED = ("403", "AccessDenied", "AllAccessDisabled", "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken")


def s3_clients(settings, endpoint_url=None, verify=None):
    """Clients with the controller's own credentials (default chain or `profile`), counted."""
    return AccountClients(
        settings.get("region") or "us-east-1", {}, settings.get("profile"), settings.get("endpoint_url") or endpoint_url, None, verify
    )


class S3Backend:
    kind = "s3"

    def __init__(self, settings, clients):
        self.settings, self.clients = settings, clients
        self.bucket, self.prefix, self.kms_key_id = settings["s3_bucket"], settings["s3_prefix"], settings["kms_key_id"]

    @property
    def client(self):
        return self.clients.client("s3")

    def _key(self, key):
        return "%s/%s" % (self.prefix, key) if self.prefix else key

    def _fail(self, error, doing):
        code = error_code(error)
        where = location(self.settings)
        if code.startswith("KMS.") or (self.kms_key_id and "kms" in error_message(error).lower()):
            raise ResultsError(
                FIELD + ".kms_key_id", "%s %s with key %s: %s: %s" % (doing, where, self.kms_key_id, code, error_message(error)), code
            )
        if code in _MISSING_BUCKET:
            raise ResultsError(
                FIELD + ".s3_bucket", "bucket %s does not exist (or is not visible to these credentials)" % self.bucket, code
            )
        if code in _DENIED:
            raise ResultsError(FIELD, "%s %s: access denied (%s) for the controller's credentials" % (doing, where, code), code)
        raise ResultsError(FIELD, "%s %s: %s: %s" % (doing, where, code, error_message(error)), code)

    def check(self):
        """The bucket exists and the credentials may use it (HeadBucket)."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except AWS_ERRORS as e:
            self._fail(e, "cannot use")

    def put(self, key, data, content_type="application/octet-stream"):
        arguments = {"Bucket": self.bucket, "Key": self._key(key), "Body": data, "ContentType": content_type}
        if self.kms_key_id:
            arguments.update(ServerSideEncryption="aws:kms", SSEKMSKeyId=self.kms_key_id)
        try:
            self.client.put_object(**arguments)
        except AWS_ERRORS as e:
            self._fail(e, "cannot write to")

    def open(self, key):
        """The object's body (a stream), or None when it does not exist."""
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"]
        except AWS_ERRORS as e:
            if error_code(e) in _NOT_FOUND:
                return None
            self._fail(e, "cannot read from")

    def _pages(self, prefix, **extra):
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            yield from paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix), **extra)
        except AWS_ERRORS as e:
            self._fail(e, "cannot list")

    def keys(self, prefix):
        skip = len(self._key(""))
        for page in self._pages(prefix):
            for item in page.get("Contents", []):
                yield item["Key"][skip:]

    def children(self, prefix):
        skip = len(self._key(prefix))
        names = []
        for page in self._pages(prefix, Delimiter="/"):
            names.extend(p["Prefix"][skip:].rstrip("/") for p in page.get("CommonPrefixes", []))
        return sorted(names)
