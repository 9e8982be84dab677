"""The event table against the catalog: each listed control reads its row's sources, every control
that reads a source can be re-audited by some event, and the shipped EventBridge pattern is the
table's and matches what the filter keeps."""

import json
from pathlib import Path

import pytest
from moto.events.models import EventPattern, EventPatternParser

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot
from ansible_collections.baseline.iam.plugins.module_utils._events import cloudtrail as _cloudtrail
from ansible_collections.baseline.iam.plugins.module_utils._events import table as _table
from tests.support import cloudtrail_events

REPO = Path(__file__).resolve().parents[3]
PATTERN_FILE = REPO / "files" / "eda" / "eventbridge-rule-pattern.json"


def test_rows_name_known_sources_and_controls_that_read_them():
    for row in _table.ROWS:
        assert row["events"] and row["controls"], row["topic"]
        assert set(row["sources"]) <= set(_snapshot.SOURCES), row["topic"]
        for cid in row["controls"]:
            reads = set(_catalog.get(cid)["sources"])
            assert reads & set(row["sources"]), "%s does not read %s (row %r)" % (cid, row["sources"], row["topic"])


def test_every_control_that_reads_something_has_an_event():
    covered = {cid for row in _table.ROWS for cid in row["controls"]}
    needing = {c["id"] for c in _catalog.CONTROLS if c["sources"]}
    assert needing - covered == set(_table.NOT_EVENT_DRIVEN)


def test_every_snapshot_source_a_control_reads_has_an_event():
    # account controls: an organization control reads the organization snapshot (issue 16), which
    # no event row changes (its controls are NOT_EVENT_DRIVEN)
    read = {s for c in _catalog.CONTROLS if c["scope"] == "account" for s in c["sources"]}
    changed = {s for row in _table.ROWS for s in row["sources"]}
    assert read - changed == set()


def test_an_event_name_belongs_to_one_row_per_service():
    seen = {}
    for row in _table.ROWS:
        for name in row["events"]:
            assert (row["service"], name) not in seen, "%s in %r and %r" % (name, seen.get((row["service"], name)), row["topic"])
            seen[(row["service"], name)] = row["topic"]


@pytest.mark.parametrize(
    ("service", "event_name", "families", "some_controls"),
    [
        ("iam.amazonaws.com", "UpdateAccountPasswordPolicy", ["password_policy"], ["PP.MIN_LENGTH", "PP.REUSE"]),
        ("iam.amazonaws.com", "DeleteAccountPasswordPolicy", ["password_policy"], ["PP.MISSING"]),
        ("iam.amazonaws.com", "AddUserToGroup", ["groups"], ["USER.NO_GROUP", "GROUP.DECLARED"]),
        ("iam.amazonaws.com", "PutGroupPolicy", ["groups", "mfa"], ["POL.ADMIN_STAR", "GROUP.ADMIN_NO_MFA_POLICY"]),
        ("iam.amazonaws.com", "UpdateAssumeRolePolicy", ["role_trust"], ["TRUST.WILDCARD", "TRUST.DECLARED"]),
        ("iam.amazonaws.com", "UpdateRole", ["role_trust"], ["TRUST.LONG_SESSION"]),
        ("iam.amazonaws.com", "CreateAccessKey", ["access_keys"], ["USER.TWO_ACTIVE_KEYS", "ROOT.ACCESS_KEY"]),
        # USER.SETUP_KEY names no role (the access-key role acts on keys older than unused_days).
        ("iam.amazonaws.com", "CreateLoginProfile", ["mfa"], ["USER.CONSOLE_NO_MFA", "USER.SETUP_KEY"]),
        ("iam.amazonaws.com", "DeactivateMFADevice", ["mfa"], ["USER.CONSOLE_NO_MFA", "ROOT.MFA"]),
        ("iam.amazonaws.com", "SetDefaultPolicyVersion", ["groups", "mfa"], ["MFA.POLICY_DRIFT"]),
        ("iam.amazonaws.com", "UpdateOpenIDConnectProviderThumbprint", ["role_trust"], ["FED.PROVIDERS"]),
        ("iam.amazonaws.com", "UploadServerCertificate", [], ["ACCT.EXPIRED_CERTS"]),
        ("cloudtrail.amazonaws.com", "StopLogging", [], ["ACCT.CLOUDTRAIL"]),
        ("access-analyzer.amazonaws.com", "DeleteAnalyzer", [], ["ACCT.ACCESS_ANALYZER"]),
        ("ec2.amazonaws.com", "AssociateIamInstanceProfile", [], ["ACCT.EC2_INSTANCE_ROLE"]),
    ],
)
def test_event_to_controls_and_apply_families(service, event_name, families, some_controls):
    controls = _table.controls_for(service, event_name)
    assert set(some_controls) <= set(controls)
    assert _table.families_for(controls) == families


@pytest.mark.parametrize(
    ("service", "event_name"),
    [
        ("iam.amazonaws.com", "TagUser"),  # tags are read by no control
        ("iam.amazonaws.com", "ListUsers"),  # a read
        ("signin.amazonaws.com", "ConsoleLogin"),  # only "last used" dates (see the table's docstring)
        ("cloudtrail.amazonaws.com", "UpdateAccountPasswordPolicy"),  # the right name from the wrong service
        ("s3.amazonaws.com", "PutBucketPolicy"),
    ],
)
def test_events_that_cannot_change_a_control(service, event_name):
    assert _table.rows_for(service, event_name) == []
    assert _table.controls_for(service, event_name) == []


def test_apply_families_are_the_remediating_roles_in_apply_order():
    assert _table.APPLY_FAMILIES == ("password_policy", "groups", "mfa", "role_trust", "access_keys")
    roles = (REPO / "roles").iterdir()
    assert set(_table.APPLY_FAMILIES) <= {p.name for p in roles}


def test_shipped_pattern_is_the_tables():
    assert json.loads(PATTERN_FILE.read_text()) == _table.eventbridge_pattern(), "run: python hack/gen_eventbridge_pattern.py"


def _pattern():
    raw = PATTERN_FILE.read_text()
    return EventPattern(raw, EventPatternParser(raw).parse())


@pytest.mark.parametrize("name", cloudtrail_events.names())
def test_pattern_delivers_what_the_filter_keeps(name):
    """moto's EventBridge pattern matcher agrees with the event source on every recorded sample,
    except calls by ignored principals, which only the source (an option) can drop."""
    event = cloudtrail_events.sample(name)
    kept = _cloudtrail.skip_reason(_cloudtrail.parse(json.dumps(event))) is None
    assert _pattern().matches_event(event) is kept
