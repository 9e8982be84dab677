# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Small wrappers over IAM API calls: "not found" is None, every other AWS error is raised.

Retries with back-off come from the client's configuration (see _module.client_config).
"""

from __future__ import annotations

import time

from .errors import AWS_ERRORS, is_not_found

# IAM is eventually consistent: a group, policy or role created a moment ago can still be "not
# found" by the next call. Calls acting on what this run has just created wait for it, boundedly.
SETTLE_DELAYS = (1, 2, 4, 8)  # seconds between attempts: 15 s in all, then the answer stands


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


def settled(call, *args, delays=SETTLE_DELAYS, sleep=time.sleep, **kwargs):
    """call(*args, **kwargs), tried again while IAM answers NoSuchEntity for an entity this run
    has just created (then the error is raised)."""
    for delay in delays:
        try:
            return call(*args, **kwargs)
        except AWS_ERRORS as e:
            if not is_not_found(e):
                raise
        sleep(delay)
    return call(*args, **kwargs)


def settled_read(read, *args, delays=SETTLE_DELAYS, sleep=time.sleep, **kwargs):
    """read(*args, **kwargs) - a reader answering None for "not found" - tried again while it
    answers None for an entity this run has just created."""
    for delay in delays:
        answer = read(*args, **kwargs)
        if answer is not None:
            return answer
        sleep(delay)
    return read(*args, **kwargs)


def direct(call, *args, **kwargs):
    """call(*args, **kwargs): the counterpart of settled() for entities that already existed."""
    return call(*args, **kwargs)
