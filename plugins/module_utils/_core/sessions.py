# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""boto3 clients for one account, with the collection's configuration and a count of the API
calls they make (the audit reports `api_calls`; the benchmark reads them)."""

from __future__ import annotations

import threading

try:
    import boto3
    import botocore.config
except ImportError:  # pragma: no cover - the module base reports the missing library
    boto3 = botocore = None

from .errors import name_operations
from .module import client_config

# Optional regional services (Access Analyzer, EC2, CloudTrail) get a smaller retry budget: their
# failure costs one control an ERROR, and must not stall the audit of the whole account.
REGIONAL_MAX_ATTEMPTS = 3
REGIONAL_SERVICES = ("accessanalyzer", "ec2", "cloudtrail")


class CallCounter:
    """Thread-safe count of API calls by operation name (retries are not counted again)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.counts = {}

    def hook(self, model, **_kwargs):
        with self._lock:
            self.counts[model.name] = self.counts.get(model.name, 0) + 1

    def total(self):
        return sum(self.counts.values())


class AccountClients:
    """Clients for one account: built once per (service, region), counted by one CallCounter.

    `credentials` are boto3 client keyword arguments (aws_access_key_id, ...) or {} for the
    default chain; `profile` a named profile; `endpoint_url` and `aws_config` as the module got them.
    """

    def __init__(self, region, credentials=None, profile=None, endpoint_url=None, aws_config=None, verify=None, shared=None):
        self.region = region
        self.counter = CallCounter()
        self._credentials = dict(credentials or {})
        self._endpoint_url = endpoint_url
        self._aws_config = aws_config
        self._verify = verify
        # An assumed account shares its parent's boto3 session (and the lock that guards it, as a
        # session is not thread-safe): a new session per account costs ~0.5 s of CPU to set up
        # its event handlers and service models; clients take explicit credentials anyway.
        self._session, self._session_lock = shared or (boto3.session.Session(profile_name=profile), threading.Lock())
        self._clients = {}
        self._lock = threading.Lock()

    def _config(self, service):
        attempts = REGIONAL_MAX_ATTEMPTS if service in REGIONAL_SERVICES else None
        config = client_config(attempts) if attempts else client_config()
        if self._aws_config:
            extra = self._aws_config
            config = config.merge(extra if isinstance(extra, botocore.config.Config) else botocore.config.Config(**extra))
        return config

    def client(self, service, region=None):
        key = (service, region or self.region)
        with self._lock:
            if key not in self._clients:
                kwargs = dict(self._credentials, region_name=key[1], config=self._config(service))
                if self._endpoint_url:
                    kwargs["endpoint_url"] = self._endpoint_url
                if self._verify is not None:
                    kwargs["verify"] = self._verify
                with self._session_lock:
                    client = self._session.client(service, **kwargs)
                client.meta.events.register("before-call", self.counter.hook)
                self._clients[key] = name_operations(client)
            return self._clients[key]

    def same_account(self):
        """Clients with these credentials and a call counter of their own (the organization host
        of a fleet audit that comes in with the run's own credentials)."""
        return AccountClients(
            self.region, self._credentials, endpoint_url=self._endpoint_url, aws_config=self._aws_config, verify=self._verify,
            shared=(self._session, self._session_lock),
        )  # fmt: skip

    def assume(self, role_arn, session_name, external_id=None, duration=3600):
        """Clients for the account behind role_arn (one sts:AssumeRole, counted here)."""
        arguments = {"RoleArn": role_arn, "RoleSessionName": session_name, "DurationSeconds": duration}
        if external_id:
            arguments["ExternalId"] = external_id
        credentials = self.client("sts").assume_role(**arguments)["Credentials"]
        return AccountClients(
            self.region,
            {
                "aws_access_key_id": credentials["AccessKeyId"],
                "aws_secret_access_key": credentials["SecretAccessKey"],
                "aws_session_token": credentials["SessionToken"],
            },
            endpoint_url=self._endpoint_url,
            aws_config=self._aws_config,
            verify=self._verify,
            shared=(self._session, self._session_lock),
        )


def module_clients(module):
    """AccountClients from a module's standard AWS options (credentials, profile, endpoint,
    region, aws_config, certificate checks)."""
    connect = {}
    for ours, theirs in (
        ("access_key", "aws_access_key_id"),
        ("secret_key", "aws_secret_access_key"),
        ("session_token", "aws_session_token"),
    ):
        if module.params.get(ours):
            connect[theirs] = module.params[ours]
    verify = module.params.get("aws_ca_bundle") or module.params.get("validate_certs")
    return AccountClients(
        module.region or "us-east-1",
        connect,
        module.params.get("profile"),
        module.params.get("endpoint_url"),
        module.params.get("aws_config"),
        verify,
    )
