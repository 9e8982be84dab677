"""The catalog is the single source of control ids: check it, and check everything that names ids."""

import re
from pathlib import Path

import yaml

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot
from ansible_collections.baseline.iam.plugins.module_utils._baseline import defaults as _defaults
from ansible_collections.baseline.iam.plugins.module_utils._core import version as _version
from tests.support import role_files

REPO = Path(__file__).resolve().parents[3]
ID = re.compile(r"^[A-Z]+\.[A-Z0-9_]+$")


def test_ids_unique_and_well_formed():
    ids = [c["id"] for c in _catalog.CONTROLS]
    assert len(ids) == len(set(ids))
    assert all(ID.match(i) for i in ids)


def test_every_control_is_complete():
    for c in _catalog.CONTROLS:
        assert c["severity"] in _catalog.SEVERITIES, c["id"]
        assert c["family"] in _catalog.FAMILIES, c["id"]
        assert c["title"] and c["remediation"], c["id"]
        assert set(c["references"]) == {"cis_v3", "cis_v5", "cis_v6", "fsbp"}, c["id"]
        assert c["scope"] in _catalog.SCOPES, c["id"]
        if c["role"]:  # an account control is remediated on each account, an organization one on its host
            roles = _catalog.ROLES if c["scope"] == "account" else _catalog.ORGANIZATION_ROLES
            assert c["role"] in roles, c["id"]
        # an account control reads the account snapshot, an organization control the organization's
        sources = _snapshot.SOURCES if c["scope"] == "account" else _snapshot.ORGANIZATION_SOURCES
        for source in c["sources"]:
            assert source in sources, c["id"]


def test_params_exist_in_defaults():
    params = _engine.complete_params({})
    for c in _catalog.CONTROLS:
        for path in c["params"]:
            _defaults.param_value(params, path)  # KeyError if the parameter is unknown


def test_evaluators_only_for_known_ids():
    assert set(_engine.EVALUATORS) <= set(_catalog.BY_ID)


# Plumbing tasks that serve no control (session, profiles, audit, report, summaries) start with
# this prefix instead of borrowing a control id.
PLUMBING = "RUN"


def _name_problem(name):
    """Why a task name is not `<control id or RUN> | ...`, or None."""
    head = str(name).split(" | ", 1)[0]
    if head == PLUMBING or head in _catalog.BY_ID:
        return None
    if ID.match(head):
        return "names an unknown control %s" % head
    return "does not start with a control id or %s" % PLUMBING


def test_name_check_accepts_ids_and_run_and_rejects_the_rest():
    assert _name_problem("PP.MIN_LENGTH | ENFORCE | x") is None
    assert _name_problem("RUN | SESSION | Open a session per account") is None
    assert _name_problem("PP.NOPE | ENFORCE | x") == "names an unknown control PP.NOPE"
    assert _name_problem("RUNS | SESSION | x") == "does not start with a control id or RUN"
    assert _name_problem("Open a session") == "does not start with a control id or RUN"


def test_role_and_playbook_task_names_use_catalog_ids_or_run():
    heads = []
    for path, task in [*role_files.role_tasks(), *role_files.playbook_tasks()]:
        if "name" in task:
            problem = _name_problem(task["name"])
            assert problem is None, "%s: task %r %s" % (path.relative_to(REPO), task["name"], problem)
            heads.append(str(task["name"]).split(" | ", 1)[0])
    assert PLUMBING in heads and set(heads) - {PLUMBING}


def test_control_tags_are_catalog_ids():
    known = {_catalog.tag_of(i) for i in _catalog.BY_ID}
    tags = [str(t) for _path, task in [*role_files.role_tasks(), *role_files.playbook_tasks()] for t in task.get("tags") or []]
    assert [t for t in tags if t.startswith("control_") and t not in known] == []
    assert sum(t.startswith("control_") for t in tags) > 10


def test_role_defaults_equal_the_python_defaults():
    roles = {
        "password_policy": "iam_baseline_password_policy",
        "groups": "iam_baseline_groups",
        "mfa": "iam_baseline_mfa",
        "access_keys": "iam_baseline_access_keys",
        "identity_center": "iam_baseline_identity_center",
        "guardrails": "iam_baseline_guardrails",
    }
    for role, variable in roles.items():
        defaults = yaml.safe_load((REPO / "roles" / role / "defaults" / "main.yml").read_text())
        assert defaults[variable] == _defaults.DEFAULTS[role], role
    # Roles whose variables are named after another family.
    families = {("role_trust", "iam_baseline_trust"): "trust", ("role_trust", "iam_baseline_identity_providers"): "identity_providers"}
    for (role, variable), family in families.items():
        defaults = yaml.safe_load((REPO / "roles" / role / "defaults" / "main.yml").read_text())
        assert defaults[variable] == _defaults.DEFAULTS[family], (role, variable)


def test_version_matches_galaxy():
    galaxy = yaml.safe_load((REPO / "galaxy.yml").read_text())
    assert galaxy["version"] == _version.COLLECTION_VERSION
    assert "%s.%s" % (galaxy["namespace"], galaxy["name"]) == _version.COLLECTION_NAME
