"""Controls declared per family, evaluators registered with @evaluates: every control has exactly
one evaluator, every evaluator a control, and every family is wired into both lists."""

import re
import types
from pathlib import Path

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import registry as _registry
from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot
from tests.support.org_snapshot import organization_snapshot, permission_set

MODULE_UTILS = Path(__file__).resolve().parents[3] / "plugins" / "module_utils"
NOW = "2026-11-27T00:00:00Z"
ROLE_ARN = "arn:aws:iam::111122223333:role/app"
EC2_TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def test_every_control_has_exactly_one_evaluator_and_every_evaluator_a_control():
    # evaluators_of refuses a second evaluator of one control, so equal sets mean exactly one each.
    assert set(_engine.EVALUATORS) == set(_catalog.BY_ID)


def test_not_applicable_rules_belong_to_evaluated_controls():
    assert set(_engine.NOT_APPLICABLE) == {"ACCT.CLOUDTRAIL", "ACCT.ACCESS_ANALYZER", "IDC.ADMIN_SCOPE"}


def _family_packages():
    return sorted(p.parent.name for p in MODULE_UTILS.glob("_*/controls.py"))


def test_every_family_package_is_listed_for_its_controls_and_its_evaluators():
    packages = _family_packages()
    assert len(packages) == 8  # six account families, Identity Center and guardrails (issue 16)
    assert sorted(m.__name__.split(".")[-2] for m in _catalog.FAMILY_CONTROLS) == packages
    assert sorted(m.__name__.split(".")[-2] for m in _engine.FAMILY_EVALUATORS) == packages


def test_a_family_evaluates_the_controls_it_declares():
    for package in _catalog.FAMILY_CONTROLS:
        family = package.__name__.rsplit(".", 1)[0]
        declared = {c["id"] for c in package.CONTROLS}
        evaluated = {cid for cid, fn in _engine.EVALUATORS.items() if fn.__module__ == family + ".evaluators"}
        assert declared == evaluated, family


def _read_but_empty_account():
    """Every source read; one role (the role controls judge roles, and give no finding without)."""
    snapshot = _snapshot.new_snapshot("111122223333", "aws", NOW)
    role = {"RoleName": "app", "Arn": ROLE_ARN, "Path": "/", "AssumeRolePolicyDocument": EC2_TRUST}
    sources = {
        "password_policy": None,
        "account_summary": {},
        "credential_report": {"generated_time": NOW, "rows": []},
        "authorization_details": {"users": [], "groups": [], "roles": [role], "policies": []},
        "roles": [{"RoleName": "app", "Arn": ROLE_ARN, "Path": "/", "MaxSessionDuration": 3600}],
        "virtual_mfa_devices": [],
        "admin_mfa_devices": {},
        "saml_providers": [],
        "oidc_providers": [],
        "server_certificates": [],
        "trails": [],
        "analyzers": {},
        "instances": {},
    }
    assert set(sources) == set(_snapshot.SOURCES)
    for source, value in sources.items():
        _snapshot.record(snapshot, source, value)
    return snapshot


def _read_but_empty_organization():
    """Every organization source read: SCPs enabled with FullAWSAccess only, an Identity Center
    instance with one permission set assigned nowhere."""
    return organization_snapshot(permission_sets=[permission_set("ReadOnly")])


@pytest.mark.parametrize("control_id", sorted(_engine.EVALUATORS))
def test_an_evaluator_gives_findings_of_its_own_control(control_id):
    scope = _catalog.get(control_id)["scope"]
    snapshot = _read_but_empty_account() if scope == "account" else _read_but_empty_organization()
    findings = _engine.EVALUATORS[control_id](snapshot, _engine.complete_params({}))
    assert findings
    assert {f["control_id"] for f in findings} == {control_id}


def test_control_takes_keyword_arguments_only():
    positional = ("PP.X", "password_policy", "t", "low", "AwsAccount", (), "fix")
    with pytest.raises(TypeError, match="positional argument"):
        _registry.control(*positional)  # pylint: disable=missing-kwoa


def test_control_fills_every_reference():
    entry = _registry.control(
        id="X.Y",
        family="account",
        title="t",
        severity="low",
        resource_type="AwsAccount",
        sources=[],
        remediation="r",
        refs={"fsbp": "IAM.7"},
    )
    assert entry["references"] == {"cis_v3": None, "cis_v5": None, "cis_v6": None, "fsbp": "IAM.7"}
    assert entry["sources"] == () and entry["role"] is None and entry["enabled"] is True


def _module(name, **functions):
    module = types.ModuleType(name)
    for attribute, function in functions.items():
        function.__module__ = name
        setattr(module, attribute, function)
    return module


def test_evaluators_of_collects_marked_functions_and_their_rules():
    def rule(params):
        return "not asked for"

    marked = _registry.evaluates("X.ONE", not_applicable=rule)(lambda snapshot, params: [])
    other = _registry.evaluates("X.TWO")(lambda snapshot, params: [])
    module = _module("family_a", marked=marked, other=other, helper=lambda: None)
    assert _registry.evaluators_of([module]) == ({"X.ONE": marked, "X.TWO": other}, {"X.ONE": rule})


def test_evaluators_of_refuses_two_evaluators_of_one_control():
    first = _module("family_a", fn=_registry.evaluates("X.ONE")(lambda snapshot, params: []))
    second = _module("family_b", fn=_registry.evaluates("X.ONE")(lambda snapshot, params: []))
    with pytest.raises(ValueError, match=re.escape("X.ONE has two evaluators: family_a.<lambda> and family_b.<lambda>")):
        _registry.evaluators_of([first, second])


def test_evaluators_of_skips_a_function_imported_from_another_module():
    own = _module("family_a", fn=_registry.evaluates("X.ONE")(lambda snapshot, params: []))
    importer = types.ModuleType("family_b")
    importer.fn = own.fn
    assert _registry.evaluators_of([own, importer])[0] == {"X.ONE": own.fn}


def _entry(control_id):
    return {"id": control_id}


def test_in_order_follows_the_order_not_the_declarations():
    assert _catalog.in_order([_entry("B.X"), _entry("A.X")], ("A.X", "B.X")) == (_entry("A.X"), _entry("B.X"))


@pytest.mark.parametrize(
    ("declared", "order", "message"),
    [
        (["A.X", "B.X"], ("A.X",), "differ: B.X"),
        (["A.X"], ("A.X", "B.X"), "differ: B.X"),
        (["A.X"], ("A.X", "A.X"), "ordered twice"),
        (["A.X", "A.X"], ("A.X",), "A.X is declared twice"),
    ],
)
def test_in_order_refuses_controls_declared_and_ordered_differently(declared, order, message):
    with pytest.raises(ValueError, match=message):
        _catalog.in_order([_entry(i) for i in declared], order)
