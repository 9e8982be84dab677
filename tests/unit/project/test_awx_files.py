"""docs/awx: the AWX objects as awx.awx-compatible data. They parse, use only options the awx.awx
modules have, reference each other and playbooks / files that exist, and the credential type
injects exactly what the inventory plugin and the roles read."""

import re
from pathlib import Path

import pytest
import yaml
from dateutil import rrule

from ansible_collections.baseline.iam.plugins.inventory import aws_accounts

REPO = Path(__file__).resolve().parents[3]
AWX = REPO / "docs" / "awx"
# Playbooks other issues add; a job template may name them before they are merged here.
PENDING_PLAYBOOKS = {"playbooks/rotate_keys.yml"}

# The options of the awx.awx modules these lists feed (awx.awx 24.x argument specs).
OPTIONS = {
    "controller_credential_types": {"name", "description", "kind", "inputs", "injectors", "state"},
    "controller_execution_environments": {"name", "new_name", "image", "description", "organization", "credential", "pull", "state"},
    "controller_projects": {
        "name", "new_name", "copy_from", "description", "scm_type", "scm_url", "local_path", "scm_branch", "scm_refspec",
        "credential", "scm_clean", "scm_delete_on_update", "scm_track_submodules", "scm_update_on_launch",
        "scm_update_cache_timeout", "allow_override", "timeout", "default_environment", "custom_virtualenv",
        "organization", "state", "wait", "update_project", "interval", "signature_validation_credential",
    },
    "controller_credentials": {
        "name", "new_name", "copy_from", "description", "organization", "credential_type", "inputs", "user", "team",
        "update_secrets", "state",
    },
    "controller_inventories": {
        "name", "new_name", "copy_from", "description", "organization", "variables", "kind", "host_filter",
        "instance_groups", "prevent_instance_group_fallback", "input_inventories", "state",
    },
    "controller_inventory_sources": {
        "name", "new_name", "description", "inventory", "source", "source_path", "source_vars", "enabled_var", "enabled_value",
        "host_filter", "limit", "credential", "execution_environment", "custom_virtualenv", "organization", "overwrite",
        "overwrite_vars", "timeout", "verbosity", "update_on_launch", "update_cache_timeout", "source_project", "scm_branch",
        "notification_templates_started", "notification_templates_success", "notification_templates_error", "state",
    },
    "controller_templates": {
        "name", "new_name", "copy_from", "description", "organization", "job_type", "inventory", "project", "playbook",
        "credential", "vault_credential", "credentials", "execution_environment", "custom_virtualenv", "instance_groups",
        "forks", "limit", "verbosity", "extra_vars", "job_tags", "force_handlers", "skip_tags", "start_at_task", "timeout",
        "use_fact_cache", "host_config_key", "ask_diff_mode_on_launch", "ask_variables_on_launch", "ask_limit_on_launch",
        "ask_tags_on_launch", "ask_skip_tags_on_launch", "ask_job_type_on_launch", "ask_verbosity_on_launch",
        "ask_inventory_on_launch", "ask_credential_on_launch", "ask_execution_environment_on_launch", "ask_forks_on_launch",
        "ask_instance_groups_on_launch", "ask_job_slice_count_on_launch", "ask_labels_on_launch", "ask_timeout_on_launch",
        "survey_enabled", "survey_spec", "become_enabled", "diff_mode", "allow_simultaneous", "scm_branch",
        "ask_scm_branch_on_launch", "job_slice_count", "webhook_service", "webhook_credential", "labels",
        "notification_templates_started", "notification_templates_success", "notification_templates_error",
        "prevent_instance_group_fallback", "state",
    },
    "controller_workflows": {
        "name", "new_name", "copy_from", "description", "extra_vars", "job_tags", "skip_tags", "organization", "survey_spec",
        "survey_enabled", "allow_simultaneous", "ask_variables_on_launch", "ask_labels_on_launch", "ask_tags_on_launch",
        "ask_skip_tags_on_launch", "inventory", "limit", "scm_branch", "ask_inventory_on_launch", "ask_scm_branch_on_launch",
        "ask_limit_on_launch", "webhook_service", "webhook_credential", "labels", "notification_templates_started",
        "notification_templates_success", "notification_templates_error", "notification_templates_approvals", "workflow_nodes",
        "destroy_current_nodes", "state",
    },
    "controller_schedules": {
        "name", "new_name", "description", "execution_environment", "extra_data", "forks", "instance_groups", "inventory",
        "job_slice_count", "labels", "timeout", "credentials", "scm_branch", "job_type", "job_tags", "skip_tags", "limit",
        "diff_mode", "verbosity", "unified_job_template", "organization", "enabled", "state", "rrule",
    },
}  # fmt: skip
# Options of one node of awx.awx.workflow_job_template's workflow_nodes.
NODE_OPTIONS = {
    "extra_data", "inventory", "scm_branch", "job_type", "job_tags", "skip_tags", "limit", "forks", "job_slice_count", "timeout",
    "execution_environment", "diff_mode", "verbosity", "all_parents_must_converge", "identifier", "state", "unified_job_template",
    "related", "credentials", "labels", "instance_groups",
}  # fmt: skip


def load_all():
    data = {}
    for path in sorted(AWX.glob("*.yml")):
        loaded = yaml.safe_load(path.read_text())
        assert isinstance(loaded, dict), path
        for key, value in loaded.items():
            assert key not in data, "%s defined twice" % key
            data[key] = value
    return data


@pytest.fixture(scope="module")
def awx():
    return load_all()


def names(awx, key):
    return {item["name"] for item in awx[key]}


def test_only_awx_module_options(awx):
    assert set(awx) == set(OPTIONS)
    for key, items in awx.items():
        for item in items:
            unknown = set(item) - OPTIONS[key]
            assert unknown == set(), "%s %r: %s" % (key, item["name"], unknown)


def test_job_templates_run_playbooks_that_exist(awx):
    playbooks = {t["playbook"] for t in awx["controller_templates"]}
    assert {"playbooks/apply.yml", "playbooks/drift.yml", "playbooks/rotate_keys.yml"} <= playbooks
    missing = {p for p in playbooks if not (REPO / p).is_file()}
    assert missing <= PENDING_PLAYBOOKS


def test_references_between_objects(awx):
    for template in awx["controller_templates"]:
        assert template["project"] in names(awx, "controller_projects")
        assert template["inventory"] in names(awx, "controller_inventories")
        assert set(template["credentials"]) <= names(awx, "controller_credentials")
        assert template["execution_environment"] in names(awx, "controller_execution_environments")
    for schedule in awx["controller_schedules"]:
        assert schedule["unified_job_template"] in names(awx, "controller_templates")
    for credential in awx["controller_credentials"]:
        assert credential["credential_type"] in names(awx, "controller_credential_types")
    for source in awx["controller_inventory_sources"]:
        assert source["inventory"] in names(awx, "controller_inventories")
        assert source["source_project"] in names(awx, "controller_projects")
        assert source["credential"] in names(awx, "controller_credentials")


def test_drift_is_check_mode_with_diff_and_apply_runs_in_waves(awx):
    templates = {t["name"]: t for t in awx["controller_templates"]}
    drift = templates["baseline.iam drift"]
    assert drift["job_type"] == "check" and drift["diff_mode"] is True
    preview = templates["baseline.iam preview"]
    assert preview["job_type"] == "check" and preview["playbook"] == "playbooks/apply.yml"
    assert templates["baseline.iam apply"]["extra_vars"]["iam_baseline_serial"] == [1, "10%", "100%"]
    # Issue 15: slices are merged from the results store by baseline.iam.report (the merge template
    # that passed findings.json files is gone).
    assert "baseline.iam drift merge" not in templates
    assert templates["baseline.iam report"]["playbook"] == "playbooks/report.yml"


def test_workflow_slices_the_drift_then_always_reports_from_one_store(awx):
    templates = {t["name"]: t for t in awx["controller_templates"]}
    (workflow,) = awx["controller_workflows"]
    nodes = {n["identifier"]: n for n in workflow["workflow_nodes"]}
    for node in nodes.values():
        assert set(node) <= NODE_OPTIONS, node["identifier"]
        assert node["unified_job_template"]["name"] in templates
        for kind in ("always_nodes", "success_nodes", "failure_nodes"):
            assert {r["identifier"] for r in node["related"][kind]} <= set(nodes)
    drift = templates[nodes["drift"]["unified_job_template"]["name"]]
    report = templates[nodes["report"]["unified_job_template"]["name"]]
    assert drift["playbook"] == "playbooks/drift.yml" and report["playbook"] == "playbooks/report.yml"
    assert nodes["drift"]["related"]["always_nodes"] == [{"identifier": "report"}]  # reported even when the drift job fails
    assert drift["job_slice_count"] > 1 and drift["job_slice_count"] == workflow["extra_vars"]["iam_baseline_slice_count"]
    assert drift["job_type"] == "check" and drift["extra_vars"]["iam_baseline_fleet"] is True
    # One store for every slice and the report: shared storage (S3), set once on the workflow.
    assert set(workflow["extra_vars"]["iam_baseline_results"]) >= {"s3_bucket", "kms_key_id"}
    assert "iam_baseline_results" not in drift.get("extra_vars", {}) and "iam_baseline_results" not in report.get("extra_vars", {})
    assert report["inventory"] == drift["inventory"] == workflow["inventory"]  # the report expects every account of it
    assert report["ask_variables_on_launch"] is True  # the run id from the slices' set_stats


def test_inventory_source_file_is_a_valid_plugin_config(awx):
    plugin_options = set(yaml.safe_load(aws_accounts.DOCUMENTATION)["options"])
    constructed = {"strict", "compose", "groups", "keyed_groups", "leading_separator", "use_extra_vars"}
    cache = {"cache", "cache_plugin", "cache_timeout", "cache_connection", "cache_prefix"}
    for source in awx["controller_inventory_sources"]:
        path = REPO / source["source_path"]
        assert path.name.endswith(".aws_accounts.yml") and path.is_file()
        config = yaml.safe_load(path.read_text())
        assert config["plugin"] == "baseline.iam.aws_accounts"
        assert set(config) - {"plugin"} <= plugin_options | constructed | cache


def test_credential_type_injects_what_the_plugin_and_roles_read(awx):
    (credential_type,) = awx["controller_credential_types"]
    assert credential_type["kind"] == "cloud"
    fields = {f["id"]: f for f in credential_type["inputs"]["fields"]}
    assert all({"id", "label", "type"} <= set(f) for f in fields.values())
    assert fields["secret_access_key"]["secret"] and fields["external_id"]["secret"]
    injectors = credential_type["injectors"]
    used = set(re.findall(r"\{\{\s*(\w+)\s*\}\}", yaml.safe_dump(injectors)))
    assert used <= set(fields)
    plugin_env = set(re.findall(r"name: (BASELINE_IAM_\w+)", aws_accounts.DOCUMENTATION))
    assert {k for k in injectors["env"] if k.startswith("BASELINE_IAM_")} <= plugin_env
    session_options = yaml.safe_load((REPO / "roles/account_session/meta/argument_specs.yml").read_text())["argument_specs"]["main"][
        "options"
    ]
    assert set(injectors["extra_vars"]) <= set(session_options)
    # The credential fills every field of its type, secrets only through variables (a vault).
    (credential,) = awx["controller_credentials"]
    assert set(credential["inputs"]) == set(fields)
    for field in ("secret_access_key", "external_id"):
        assert credential["inputs"][field].startswith("{{")


def test_schedules_are_valid_rrules(awx):
    for schedule in awx["controller_schedules"]:
        text = schedule["rrule"]
        assert re.match(r"^DTSTART;TZID=UTC:\d{8}T\d{6} RRULE:", text), text
        start, rule = text.split(" ", 1)
        parsed = rrule.rrulestr("%s\n%s" % (start.replace(";TZID=UTC", ""), rule))
        assert parsed[0] is not None
