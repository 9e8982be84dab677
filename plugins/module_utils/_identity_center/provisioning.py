# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The asynchronous part of IAM Identity Center: provisioning a permission set to accounts and
creating or deleting account assignments, each followed by a bounded wait for its status.

Every request is made for every account (one failing account does not stop the others), then all
are polled together until each has SUCCEEDED or FAILED or the shared deadline has passed. The
outcome names every account that did not succeed and why, so the module can report them.
"""

from __future__ import annotations

import time

from .._core.errors import AWS_ERRORS, error_code, error_message

IN_PROGRESS = "IN_PROGRESS"
SUCCEEDED = "SUCCEEDED"
# Seconds between two polls of the statuses still in progress: 1, 2, 4, 8, then every 15.
POLL_DELAYS = (1, 2, 4, 8, 15)


def _outcome(label, status):
    return dict(label, status=status.get("Status") or "FAILED", reason=status.get("FailureReason"), request_id=status.get("RequestId"))


def _requested(label, request):
    """Makes one request; an AWS error becomes a FAILED outcome for that account only."""
    try:
        return _outcome(label, request())
    except AWS_ERRORS as e:
        return dict(label, status="FAILED", reason="%s: %s" % (error_code(e), error_message(e)), request_id=None)


def wait(outcomes, describe, timeout, sleep=time.sleep, clock=time.monotonic):
    """Polls describe(request_id) -> status for the outcomes still IN_PROGRESS until none is, or
    `timeout` seconds have passed (those are then TIMED_OUT). Returns the outcomes."""
    deadline = clock() + timeout
    attempt = 0
    while any(o["status"] == IN_PROGRESS for o in outcomes):
        remaining = deadline - clock()
        if remaining <= 0:
            for o in outcomes:
                if o["status"] == IN_PROGRESS:
                    o.update(status="TIMED_OUT", reason="still in progress after %d seconds" % timeout)
            break
        sleep(min(POLL_DELAYS[min(attempt, len(POLL_DELAYS) - 1)], remaining))
        attempt += 1
        for o in outcomes:
            if o["status"] == IN_PROGRESS:
                o.update(_outcome(o, describe(o["request_id"])))
    return outcomes


def failed(outcomes):
    return [o for o in outcomes if o["status"] != SUCCEEDED]


# action -> (request call, its status key, status call, its request-id argument)
OPERATIONS = {
    "provision": ("provision_permission_set", "PermissionSetProvisioningStatus",
                  "describe_permission_set_provisioning_status", "ProvisionPermissionSetRequestId"),
    "assign": ("create_account_assignment", "AccountAssignmentCreationStatus",
               "describe_account_assignment_creation_status", "AccountAssignmentCreationRequestId"),
    "unassign": ("delete_account_assignment", "AccountAssignmentDeletionStatus",
                 "describe_account_assignment_deletion_status", "AccountAssignmentDeletionRequestId"),
}  # fmt: skip


def run(sso, instance_arn, action, requests, timeout, sleep=time.sleep, clock=time.monotonic):
    """Makes every request of one kind ([(label, call arguments)]), then waits for their statuses."""
    call, key, status_call, id_argument = OPERATIONS[action]

    def describe(request_id):
        return getattr(sso, status_call)(InstanceArn=instance_arn, **{id_argument: request_id})[key]

    outcomes = [
        _requested(dict(label, action=action), lambda arguments=arguments: getattr(sso, call)(InstanceArn=instance_arn, **arguments)[key])
        for label, arguments in requests
    ]
    return wait(outcomes, describe, timeout, sleep, clock)


def provision(sso, instance_arn, arn, account_ids, timeout, **waiting):
    """Provisions the permission set to each account (after a change, so the accounts' roles follow)."""
    requests = [({"account_id": a}, {"PermissionSetArn": arn, "TargetType": "AWS_ACCOUNT", "TargetId": a}) for a in account_ids]
    return run(sso, instance_arn, "provision", requests, timeout, **waiting)


def _assignment_request(arn, assignment):
    label = {k: assignment[k] for k in ("account_id", "principal_type", "principal")}
    arguments = {
        "PermissionSetArn": arn,
        "TargetType": "AWS_ACCOUNT",
        "TargetId": assignment["account_id"],
        "PrincipalType": assignment["principal_type"],
        "PrincipalId": assignment["principal_id"],
    }
    return label, arguments


def assign(sso, instance_arn, arn, assignments, timeout, **waiting):
    """Creates the assignments (AWS provisions the permission set to each account that gets one)."""
    return run(sso, instance_arn, "assign", [_assignment_request(arn, a) for a in assignments], timeout, **waiting)


def unassign(sso, instance_arn, arn, assignments, timeout, **waiting):
    return run(sso, instance_arn, "unassign", [_assignment_request(arn, a) for a in assignments], timeout, **waiting)
