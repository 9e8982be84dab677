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

from .errors import error_code, error_message
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
    """AnsibleAWSModule whose clients carry the collection's user agent and retry budget."""

    def client(self, service, retry_decorator=None, **extra_params):
        # The user's `aws_config` is merged after `config`, so it can still override the budget.
        extra_params.setdefault("config", client_config())
        return super().client(service, retry_decorator=retry_decorator, **extra_params)

    def fail_input(self, field, problem):
        """Fails before any AWS call with a message that names the offending option."""
        self.fail_json(msg="%s: %s" % (field, problem), invalid_field=field)

    def fail_aws(self, error, doing, **result):
        """Fails with the AWS error code and a sentence a user understands (plus any `result`
        keys, e.g. what was already done before the error)."""
        code = error_code(error)
        self.fail_json(
            msg="Could not %s: %s: %s" % (doing, code, error_message(error)),
            error_code=code,
            **result,
        )
