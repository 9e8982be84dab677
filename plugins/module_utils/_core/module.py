# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module base: amazon.aws' AnsibleAWSModule with this collection's user agent and bounded retries.

Modules import amazon.aws only through here, so a change in amazon.aws touches one file.
"""

from __future__ import annotations

try:
    import botocore.config
except ImportError:  # pragma: no cover - AnsibleAWSModule reports the missing library
    botocore = None

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from .errors import error_code, failure_message, name_operations
from .version import COLLECTION_NAME, COLLECTION_VERSION

# Bounded retries with jittered exponential back-off (botocore "standard" mode: throttling and
# transient errors). The budget is overridable per task with the standard `aws_config` option.
DEFAULT_MAX_ATTEMPTS = 8
CONNECT_TIMEOUT_SECONDS = 10
READ_TIMEOUT_SECONDS = 60


def client_config(max_attempts=DEFAULT_MAX_ATTEMPTS):
    """The botocore configuration every client of this collection starts from."""
    return botocore.config.Config(
        user_agent_extra="%s/%s" % (COLLECTION_NAME, COLLECTION_VERSION),
        retries={"mode": "standard", "max_attempts": max_attempts},
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
    )


class BaselineModule(AnsibleAWSModule):
    """AnsibleAWSModule whose clients carry the collection's user agent and retry budget, and
    whose failures follow the collection's error contract (_core/errors.py)."""

    def client(self, service, retry_decorator=None, **extra_params):
        # The user's `aws_config` is merged after `config`, so it can still override the budget.
        extra_params.setdefault("config", client_config())
        return name_operations(super().client(service, retry_decorator=retry_decorator, **extra_params))

    def fail_input(self, error):
        """Fails on an InputError with its message, 'field: problem', and `invalid_field`."""
        self.fail_json(msg=str(error), invalid_field=error.field)

    def fail_aws(self, error, doing, **result):
        """Fails with the AWS error code and a sentence naming what failed and the API operation
        (plus any `result` keys, e.g. what was already done before the error)."""
        self.fail_json(msg=failure_message(doing, error), error_code=error_code(error), **result)
