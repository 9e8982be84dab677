# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A service control policy (SCP) as plain data (pure): option checks, targets, the state after
the task, and the Organizations limits checked before any call.

A policy's state is {"name", "id", "description", "document", "targets"} with `targets` a sorted
list of labels - "root", an OU path such as "/Root/Workloads", or an account id - or None when the
policy does not exist. The module resolves labels to ids with the organization's structure.
"""

from __future__ import annotations

import re

from .._core import arn as _arn
from .._core.errors import InputError
from .._policy import document as _policy
from .._policy.validate import validate as validate_document

FULL_AWS_ACCESS = "FullAWSAccess"
FULL_AWS_ACCESS_ID = "p-FullAWSAccess"
ROOT = "root"
# AWS Organizations quotas: an SCP's document is at most 5,120 characters (the module sends
# compact JSON, and this counts every character of it); a root, OU or account holds at most 5 SCPs.
MAX_CHARACTERS = 5120
MAX_PER_TARGET = 5
NAME = re.compile(r"^[\w+=,.@ -]{1,128}$")
DESCRIPTION_MAX = 512
OU_PATH = re.compile(r"^/Root(/[^/]+)*$")


def target_problem(label):
    text = str(label)
    if text == ROOT or OU_PATH.match(text) or _arn.ACCOUNT_ID.match(text):
        return None
    return "%r is neither root, an OU path (/Root/Workloads) nor a 12-digit account id" % label


def size(document):
    """The characters of the document as the module sends it (compact JSON)."""
    return len(_policy.dumps(document))


def document_problem(document):
    """(loaded document, None) or (None, problem) for an SCP document."""
    loaded, problem = validate_document(document, "scp")
    if problem:
        return None, problem
    characters = size(loaded)
    if characters > MAX_CHARACTERS:
        return None, "the policy is %d characters as sent; AWS Organizations allows at most %d for an SCP" % (characters, MAX_CHARACTERS)
    return loaded, None


def _check_full_aws_access(params):
    for option in ("document", "description"):
        if params.get(option) is not None:
            raise InputError(option, "FullAWSAccess is AWS managed: its %s cannot be changed" % option)
    if params.get("state") == "absent":
        raise InputError("state", "FullAWSAccess is AWS managed and cannot be deleted")


def validate(params):
    """The loaded document (None when not given); raises InputError naming the first bad option.
    Runs before any AWS call."""
    name = str(params.get("name") or "")
    if not NAME.match(name):
        raise InputError("name", "must be 1-128 letters, digits, spaces or +=,.@-_ characters, got %r" % params.get("name"))
    if params.get("description") is not None and len(str(params["description"])) > DESCRIPTION_MAX:
        raise InputError("description", "must be at most %d characters" % DESCRIPTION_MAX)
    for label in params.get("targets") or []:
        problem = target_problem(label)
        if problem:
            raise InputError("targets", problem)
    if name == FULL_AWS_ACCESS:
        _check_full_aws_access(params)
        return None
    if params.get("state", "present") == "present" and params.get("document") is None:
        raise InputError("document", "is required to create or update an SCP")
    if params.get("document") is None:
        return None
    loaded, problem = document_problem(params["document"])
    if problem:
        raise InputError("document", problem)
    return loaded


def desired(current, params, document):
    """The policy after the task (None for state=absent)."""
    if params.get("state") == "absent":
        return None
    base = current or {"id": None, "description": "", "document": None, "targets": []}
    declared = {str(t) for t in params.get("targets") or []}
    targets = declared if params.get("purge_targets") else declared | set(base["targets"])
    after = {
        "name": params["name"],
        "id": base["id"],
        "description": params["description"] if params.get("description") is not None else base["description"],
        "document": base["document"],
        "targets": sorted(targets),
    }
    if document is not None and not (base["document"] is not None and _policy.equal(base["document"], document)):
        after["document"] = document
    return after


def attached_after(before, after):
    """(targets gaining the policy, targets losing it) as labels."""
    old, new = set((before or {}).get("targets") or []), set((after or {}).get("targets") or [])
    return sorted(new - old), sorted(old - new)


def count_problem(label, attached_names, adding):
    """The 5-SCPs-per-target quota, checked before any write."""
    if adding and len(attached_names) + 1 > MAX_PER_TARGET:
        return "target %s already holds %d SCPs (%s); AWS Organizations allows at most %d" % (
            label, len(attached_names), ", ".join(sorted(attached_names)), MAX_PER_TARGET)  # fmt: skip
    return None
