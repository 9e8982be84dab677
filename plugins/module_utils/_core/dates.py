# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dates as the snapshot keeps them: ISO 8601 strings in UTC (pure)."""

from __future__ import annotations

import datetime

UTC = datetime.UTC


def parse(value):
    """A timezone-aware datetime from an ISO string or a datetime; None for AWS' 'no date' words."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    text = str(value).strip()
    if not text or text in ("N/A", "no_information", "not_supported"):
        return None
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    parsed = datetime.datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def iso(value):
    """An ISO 8601 UTC string ('2026-11-27T10:00:00Z') from a datetime or an ISO string."""
    parsed = parse(value)
    if parsed is None:
        return None
    return parsed.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def now_iso():
    return iso(datetime.datetime.now(UTC))


def days_between(earlier, later):
    """Whole days from `earlier` to `later` (None if either is unknown)."""
    a, b = parse(earlier), parse(later)
    if a is None or b is None:
        return None
    return (b - a).days


def jsonable(value):
    """A copy of an API answer with every datetime as an ISO string (snapshots are plain data)."""
    if isinstance(value, datetime.datetime):
        return iso(value)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value
