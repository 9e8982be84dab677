"""Account snapshots for the evaluator tests, and the findings the audit engine makes of them.

A test states the sources it needs (`snapshot(password_policy=CIS)`); every other source stays
never collected, so a control that needs it is ERROR (DESIGN §5), as in a real audit.
"""

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot

from .fixed import ACCOUNT, NOW_ISO


def snapshot(*, account=ACCOUNT, partition="aws", taken_at=NOW_ISO, caller=None, errors=None, **sources):
    """A snapshot in which each keyword source was read with its value and each source in
    `errors` ({source: AWS error code}) could not be read (a value given for it too is dropped)."""
    errors = errors or {}
    unknown = sorted((set(sources) | set(errors)) - set(_snapshot.SOURCES))
    if unknown:
        raise TypeError("not snapshot sources: %s" % ", ".join(unknown))
    snap = _snapshot.new_snapshot(account, partition, taken_at)
    snap["caller"] = caller
    for source, value in sources.items():
        if source not in errors:
            _snapshot.record(snap, source, value)
    for source, code in errors.items():
        _snapshot.record_error(snap, source, code)
    return snap


def authorization_details(users=(), groups=(), roles=(), policies=()):
    """The `authorization_details` source: GetAccountAuthorizationDetails' lists."""
    return {"users": list(users), "groups": list(groups), "roles": list(roles), "policies": list(policies)}


def evaluate(snap, *only, params=None, **options):
    """The findings of the controls `only` (every enabled control when none is named);
    `options` are the engine's `controls` and `exemptions`."""
    return _engine.evaluate(snap, params, only=only or None, **options)


def statuses(findings, by="resource_id"):
    """{finding[by]: status}: per resource by default, per control with by="control_id"."""
    return {f[by]: f["status"] for f in findings}
