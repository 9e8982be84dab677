# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IAM calls for the account password policy: "not found" is None, every other AWS error is raised."""

from __future__ import annotations

from .._core.iam import get_or_none


def get_password_policy(client):
    return get_or_none(client.get_account_password_policy, "PasswordPolicy")


def update_password_policy(client, arguments):
    client.update_account_password_policy(**arguments)


def delete_password_policy(client):
    client.delete_account_password_policy()
