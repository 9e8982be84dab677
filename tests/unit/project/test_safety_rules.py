"""Safety rules that hold for the whole collection, checked over every module and control
(DESIGN §8): no purge by default (8.6), full check mode everywhere (8.2), fail closed (8.7)."""

import ast
from pathlib import Path

import pytest
import yaml

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot
from tests.support.org_snapshot import MANAGEMENT, NOW, organization_snapshot
from tests.support.snapshots import snapshot

MODULES = sorted((Path(__file__).resolve().parents[3] / "plugins" / "modules").glob("*.py"))


def documentation(path):
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DOCUMENTATION":
            return yaml.safe_load(node.value.value)
    raise AssertionError("%s has no DOCUMENTATION" % path)


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_no_purge_by_default(path):
    options = documentation(path)["options"]
    purges = {name: spec.get("default", False) for name, spec in options.items() if name.startswith("purge")}
    assert all(default is False for default in purges.values()), purges


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_full_check_mode(path):
    assert documentation(path)["attributes"]["check_mode"]["support"] == "full"


def _unreadable(scope):
    """A snapshot of the scope (an account or, since issue 16, the organization) with every
    source unreadable."""
    if scope == "account":
        return snapshot(errors=dict.fromkeys(_snapshot.SOURCES, "AccessDenied"))
    return organization_snapshot(errors=dict.fromkeys(_snapshot.ORGANIZATION_SOURCES, "AccessDenied"))


@pytest.mark.parametrize("scope", ["account", "organization"])
def test_every_control_fails_closed_when_nothing_could_be_read(scope):
    enable_all = {cid: {"enabled": True} for cid in _catalog.BY_ID}
    findings = _engine.evaluate(_unreadable(scope), controls=enable_all)
    needs_data = {c["id"] for c in _catalog.CONTROLS if c["sources"] and c["scope"] == scope}
    assert needs_data
    passed = [f["control_id"] for f in findings if f["control_id"] in needs_data and f["status"] == "PASS"]
    assert passed == []
    assert {f["control_id"] for f in findings if f["status"] == "ERROR"} >= needs_data & set(_engine.EVALUATORS) - set(
        _engine.NOT_APPLICABLE
    )


@pytest.mark.parametrize("scope", ["account", "organization"])
def test_sources_never_collected_are_error_too(scope):
    never_collected = snapshot() if scope == "account" else _snapshot.new_organization_snapshot(MANAGEMENT, "aws", NOW)
    findings = _engine.evaluate(never_collected, controls={cid: {"enabled": True} for cid in _catalog.BY_ID})
    assert findings
    assert not [f for f in findings if f["status"] == "PASS" and _catalog.get(f["control_id"])["sources"]]
