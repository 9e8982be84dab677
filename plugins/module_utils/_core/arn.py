# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Partition-aware ARN building and parsing (aws, aws-us-gov, aws-cn)."""

from __future__ import annotations

import re

PARTITIONS = ("aws", "aws-us-gov", "aws-cn", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc")
ACCOUNT_ID = re.compile(r"^\d{12}$")


def build(partition, service, account_id, resource, region=""):
    """arn:<partition>:<service>:<region>:<account>:<resource>."""
    return "arn:%s:%s:%s:%s:%s" % (partition, service, region, account_id, resource)


def parse(arn):
    """The parts of an ARN as a dict, or None when the text is not an ARN."""
    if not isinstance(arn, str):
        return None
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        return None
    return {
        "partition": parts[1],
        "service": parts[2],
        "region": parts[3],
        "account_id": parts[4],
        "resource": parts[5],
    }


def partition_of(arn, default="aws"):
    parsed = parse(arn)
    return parsed["partition"] if parsed else default


def account_of(arn):
    parsed = parse(arn)
    return parsed["account_id"] if parsed else None


def root_arn(partition, account_id):
    """The account principal: what AWS stores for a bare account id in a policy."""
    return build(partition, "iam", account_id, "root")


def user_arn(partition, account_id, name, path="/"):
    return build(partition, "iam", account_id, "user%s%s" % (path, name))


def role_arn(partition, account_id, name, path="/"):
    return build(partition, "iam", account_id, "role%s%s" % (path, name))


def group_arn(partition, account_id, name, path="/"):
    return build(partition, "iam", account_id, "group%s%s" % (path, name))


def policy_arn(partition, account_id, name, path="/"):
    return build(partition, "iam", account_id, "policy%s%s" % (path, name))


def aws_managed_policy_arn(partition, name):
    """AWS managed policies live in the pseudo-account 'aws'."""
    return build(partition, "iam", "aws", "policy/%s" % name.lstrip("/"))


def resource_name(arn):
    """The last path element of an IAM resource ARN (user/path/name -> name)."""
    parsed = parse(arn)
    if not parsed:
        return None
    return parsed["resource"].rsplit("/", 1)[-1]
