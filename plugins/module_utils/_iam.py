# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small wrappers over IAM API calls: "not found" is None, every other AWS error is raised.

Retries with back-off come from the client's configuration (see _module.client_config).
"""

from __future__ import annotations

from ._errors import AWS_ERRORS, is_not_found


def get_or_none(call, *keys, **arguments):
    """call(**arguments)[keys...], or None when AWS answers "not found"."""
    try:
        answer = call(**arguments)
    except AWS_ERRORS as e:
        if is_not_found(e):
            return None
        raise
    for key in keys:
        answer = answer[key]
    return answer


# Account password policy


def get_password_policy(client):
    return get_or_none(client.get_account_password_policy, "PasswordPolicy")


def update_password_policy(client, arguments):
    client.update_account_password_policy(**arguments)


def delete_password_policy(client):
    client.delete_account_password_policy()
