# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Coalesce bursts of changes per account (pure; the caller passes the time).

The first change of an account opens a window of `window` seconds; every change of that account
until the window closes joins it; then one event goes out for the account, carrying what was
seen. A console session that edits a group ten times in a minute starts one audit, not ten, and
no change waits longer than one window.
"""

from __future__ import annotations

import re
from datetime import datetime

from .._core.dates import UTC
from . import table as _table

DEFAULT_HOST_PATTERN = "{account_id}"


def _iso(epoch):
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def run_id(opened_at, first_event_id):
    """A name for the run a window starts, safe in a path: 20260302T140211Z-6a7e8feb."""
    stamp = datetime.fromtimestamp(opened_at, UTC).strftime("%Y%m%dT%H%M%SZ")
    suffix = re.sub(r"[^A-Za-z0-9]", "", first_event_id or "")[:8] or "0"
    return "%s-%s" % (stamp, suffix)


def host_names(host_pattern, account_id):
    """The inventory host pattern of an account ("{account_id}" for inventories named by id)."""
    return [host_pattern.format(account_id=account_id)]


def summarize(account_id, changes, opened_at, closed_at, window, host_pattern=DEFAULT_HOST_PATTERN, apply_families=()):
    """The one event of a window: what changed in the account, which controls it can affect, and
    which of their families may be applied automatically (those of `apply_families`)."""
    controls = set()
    for change in changes:
        controls.update(_table.controls_for(change["service"], change["event_name"]))
    ordered = [cid for cid in _table.catalog_order() if cid in controls]
    families = _table.families_for(ordered)
    times = sorted(c["event_time"] for c in changes if c["event_time"])
    return {
        "account_id": account_id,
        "hosts": host_names(host_pattern, account_id),
        "run_id": run_id(opened_at, changes[0]["event_id"]),
        "event_names": sorted({c["event_name"] for c in changes}),
        "services": sorted({c["service"] for c in changes}),
        "controls": ordered,
        "families": families,
        "apply_families": [f for f in families if f in apply_families],
        "principals": sorted({c["principal"] for c in changes}),
        "regions": sorted({c["region"] for c in changes if c["region"]}),
        "count": len(changes),
        "first_event_time": times[0] if times else None,
        "last_event_time": times[-1] if times else None,
        "window_seconds": window,
        "opened_at": _iso(opened_at),
        "closed_at": _iso(closed_at),
    }


class Coalescer:
    """Open windows per account. add() records a kept change; due() hands out closed windows."""

    def __init__(self, window, host_pattern=DEFAULT_HOST_PATTERN, apply_families=()):
        if window < 0:
            raise ValueError("window must be 0 or more seconds, got %r" % (window,))
        host_pattern.format(account_id="000000000000")  # a bad pattern fails here, not per event
        self.window = window
        self.host_pattern = host_pattern
        self.apply_families = tuple(apply_families)
        self._open = {}  # account id -> {"opened_at", "changes"}

    def add(self, change, now):
        """Records a kept change. A duplicate (SQS delivers at least once) counts once."""
        window = self._open.setdefault(change["account_id"], {"opened_at": now, "changes": [], "ids": set()})
        if change["event_id"] and change["event_id"] in window["ids"]:
            return
        window["ids"].add(change["event_id"])
        window["changes"].append(change)

    def next_deadline(self):
        """When the next window closes (None when none is open)."""
        return min((w["opened_at"] + self.window for w in self._open.values()), default=None)

    def due(self, now):
        """The events of the windows closed by `now`, oldest first; they are forgotten."""
        closed = sorted((w["opened_at"], account) for account, w in self._open.items() if w["opened_at"] + self.window <= now)
        events = []
        for opened_at, account in closed:
            window = self._open.pop(account)
            events.append(summarize(account, window["changes"], opened_at, now, self.window, self.host_pattern, self.apply_families))
        return events

    def pending(self):
        """How many accounts have an open window."""
        return len(self._open)
