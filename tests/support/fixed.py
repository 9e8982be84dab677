"""The fixed account and instant that unit-test data is built around.

Unit tests never read the clock: every date is so many days before `NOW`, so a table row says
"91 days old" and means it on any day the suite runs. (Integration tests live in the simulator's
real time; key_dates.py moves dates there.) Plain Python only: moto_patches, which the simulator
process loads without the collection on its path, builds on this too.
"""

import datetime

ACCOUNT = "111122223333"
NOW = datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC)
ISO_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # how the collection writes a date (snapshots, findings, tags)
NOW_ISO = NOW.strftime(ISO_FORMAT)  # 2026-11-27T12:00:00Z


def before_now(days, hours=0):
    """The datetime `days` (and `hours`) before NOW."""
    return NOW - datetime.timedelta(days=days, hours=hours)


def ago(days, hours=0):
    """The ISO 8601 UTC date `days` (and `hours`) before NOW, as the collection writes dates."""
    return before_now(days, hours).strftime(ISO_FORMAT)
