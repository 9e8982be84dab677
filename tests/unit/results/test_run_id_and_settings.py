"""Run ids, slices and store settings: what is accepted, and that every refusal names the variable."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._results import run_id as _run_id
from ansible_collections.baseline.iam.plugins.module_utils._results import settings as _settings
from ansible_collections.baseline.iam.plugins.module_utils._results.errors import ResultsError

NOW = "2026-11-27T12:00:00Z"


@pytest.mark.parametrize("value", ["20261127T120000Z-1a2b3c", "awx-4711", "nightly.2026_11", "a"])
def test_run_ids_accepted(value):
    assert _run_id.check_run_id(value) == value


@pytest.mark.parametrize("value", ["", None, "../etc", "a/b", "-x", "a..b", "x" * 101, "run id", "ünï", ".hidden"])
def test_malformed_run_ids_are_refused_naming_the_variable(value):
    with pytest.raises(ResultsError) as error:
        _run_id.check_run_id(value)
    assert error.value.field == "iam_baseline_run_id"
    assert str(error.value).startswith("iam_baseline_run_id: ")


def test_run_id_derivation_order():
    assert _run_id.derive_run_id("mine", "11", "12", NOW, "abcdef") == "mine"
    assert _run_id.derive_run_id("", "11", "12", NOW, "abcdef") == "awx-11"  # every slice of a sliced job
    assert _run_id.derive_run_id(None, "", "12", NOW, "abcdef") == "awx-job-12"
    assert _run_id.derive_run_id("", None, None, NOW, "abcdef") == "20261127T120000Z-abcdef"
    with pytest.raises(ResultsError, match="iam_baseline_run_id"):
        _run_id.derive_run_id("bad/id", None, None, NOW, "abcdef")


def test_slices():
    assert _run_id.slice_of("3/4") == {"key": "3-of-4", "number": 3, "count": 4}
    assert _run_id.slice_of(" 1 / 1 ") == {"key": "1-of-1", "number": 1, "count": 1}
    assert _run_id.slice_of("", 4, "12", "11") == {"key": "awx-job-12", "number": None, "count": 4}
    assert _run_id.slice_of("", None, "12", "") == {"key": "all", "number": None, "count": None}  # a job alone: the whole run
    assert _run_id.slice_of() == {"key": "all", "number": None, "count": None}


@pytest.mark.parametrize(
    ("text", "count", "field", "problem"),
    [
        ("5/4", None, "iam_baseline_slice", "slice 5 of 4 does not exist"),
        ("0/4", None, "iam_baseline_slice", "does not exist"),
        ("three", None, "iam_baseline_slice", "is not 'N/COUNT'"),
        ("3/4", 5, "iam_baseline_slice", "says 4 slices but iam_baseline_slice_count is 5"),
        ("", "x", "iam_baseline_slice_count", "is not a whole number"),
        ("", -2, "iam_baseline_slice_count", "must be at least 1"),
    ],
)
def test_bad_slices_are_refused(text, count, field, problem):
    with pytest.raises(ResultsError) as error:
        _run_id.slice_of(text, count)
    assert error.value.field == field and problem in error.value.problem


def test_settings_default_to_a_directory_under_the_report_dir(tmp_path):
    assert _settings.normalize({}, tmp_path) == {"kind": "local", "dir": str(tmp_path / "results")}
    assert _settings.normalize(None, tmp_path)["dir"] == str(tmp_path / "results")
    assert _settings.normalize({"dir": str(tmp_path / "x")}) == {"kind": "local", "dir": str(tmp_path / "x")}


def test_s3_settings_and_normalizing_twice_changes_nothing():
    settings = _settings.normalize({"s3_bucket": "iam-results", "s3_prefix": "/drift/prod/", "kms_key_id": "alias/iam-results"})
    assert settings == {
        "kind": "s3",
        "s3_bucket": "iam-results",
        "s3_prefix": "drift/prod",
        "kms_key_id": "alias/iam-results",
        "region": None,
        "profile": None,
        "endpoint_url": None,
    }
    assert _settings.normalize(settings) == settings
    assert _settings.location(settings) == "s3://iam-results/drift/prod"


@pytest.mark.parametrize(
    ("value", "field"),
    [
        ("bucket", "iam_baseline_results"),
        ({"bucket": "x"}, "iam_baseline_results.bucket"),
        ({"s3_bucket": "Not_A_Bucket"}, "iam_baseline_results.s3_bucket"),
        ({"s3_bucket": "ab"}, "iam_baseline_results.s3_bucket"),
        ({"s3_bucket": "iam-results", "s3_prefix": "a/../b"}, "iam_baseline_results.s3_prefix"),
        ({"s3_bucket": "iam-results", "kms_key_id": "my key"}, "iam_baseline_results.kms_key_id"),
        ({"s3_bucket": "iam-results", "dir": "/srv/iam-results"}, "iam_baseline_results.dir"),
        ({"kms_key_id": "alias/k"}, "iam_baseline_results.kms_key_id"),
        ({"s3_bucket": 12}, "iam_baseline_results.s3_bucket"),
        ({}, "iam_baseline_results.dir"),  # no report dir either
    ],
)
def test_bad_settings_are_refused_naming_the_field(value, field):
    with pytest.raises(ResultsError) as error:
        _settings.normalize(value)
    assert error.value.field == field


def test_a_module_option_can_be_named_instead():
    with pytest.raises(ResultsError) as error:
        _settings.normalize({"s3_bucket": "UPPER"}, field="results")
    assert error.value.field == "results.s3_bucket"
