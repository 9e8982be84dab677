"""The catalog is the single source of control ids: check it, and check everything that names ids."""

import re
from pathlib import Path

import yaml

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot
from ansible_collections.baseline.iam.plugins.module_utils._baseline import defaults as _defaults
from ansible_collections.baseline.iam.plugins.module_utils._core import version as _version

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
        if c["role"]:
            assert c["role"] in _catalog.ROLES, c["id"]
        for source in c["sources"]:
            assert source in _snapshot.SOURCES, c["id"]


def test_params_exist_in_defaults():
    params = _engine.complete_params({})
    for c in _catalog.CONTROLS:
        for path in c["params"]:
            _defaults.param_value(params, path)  # KeyError if the parameter is unknown


def test_evaluators_only_for_known_ids():
    assert set(_engine.EVALUATORS) <= set(_catalog.BY_ID)


def _role_task_files():
    return sorted((REPO / "roles").glob("*/tasks/*.yml")) + sorted((REPO / "playbooks").glob("*.yml"))


def _tasks(node):
    if isinstance(node, list):
        for item in node:
            yield from _tasks(item)
    elif isinstance(node, dict):
        if "name" in node:
            yield node
        for key in ("block", "rescue", "always", "tasks", "pre_tasks", "post_tasks"):
            if key in node:
                yield from _tasks(node[key])


def test_role_task_names_and_tags_use_catalog_ids():
    seen = 0
    for path in _role_task_files():
        for task in _tasks(yaml.safe_load(path.read_text()) or []):
            name = str(task["name"])
            head = name.split(" | ", 1)[0]
            if ID.match(head):
                assert head in _catalog.BY_ID, "%s: task %r names an unknown control" % (path, name)
                seen += 1
            for tag in task.get("tags", []) or []:
                if str(tag).startswith("control_"):
                    assert tag in {_catalog.tag_of(i) for i in _catalog.BY_ID}, "%s: unknown control tag %s" % (path, tag)
    assert seen > 0


def test_role_task_names_start_with_control_id():
    for path in sorted((REPO / "roles").glob("*/tasks/*.yml")):
        for task in _tasks(yaml.safe_load(path.read_text()) or []):
            head = str(task["name"]).split(" | ", 1)[0]
            # Plumbing that belongs to no control (the run's results store, the reports) says RUN.
            assert head == "RUN" or ID.match(head), "%s: task %r does not start with a control id or RUN" % (path, task["name"])


def test_role_defaults_equal_the_python_defaults():
    roles = {
        "password_policy": "iam_baseline_password_policy",
        "groups": "iam_baseline_groups",
        "mfa": "iam_baseline_mfa",
        "access_keys": "iam_baseline_access_keys",
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
