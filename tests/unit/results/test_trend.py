"""The results store's trend: one point per reported run, kept in time order, read with one
request, charted up to the reported run; the report of one slice records nothing."""

import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._results import trend as _trend
from ansible_collections.baseline.iam.plugins.module_utils._results.errors import ResultsError
from ansible_collections.baseline.iam.plugins.module_utils._results.report import report
from tests.support import report_samples as samples
from tests.support.results import local_store, store_document


@pytest.fixture()
def store(tmp_path):
    return local_store(tmp_path / "results")


def point(run_id, finished_at, fail=0, error=0):
    return _trend.point(run_id, finished_at, {"FAIL": fail, "ERROR": error, "PASS": 3}, 2, True)


def run_report(store, tmp_path, run_id, **options):
    options.setdefault("compare_with", "previous")
    return report(store, run_id, tmp_path / ("out-" + run_id), samples.GENERATED_AT, "high", "us-east-1", options)


def statuses(document):
    counts = {}
    for finding in document["findings"]:
        counts[finding["status"]] = counts.get(finding["status"], 0) + 1
    return counts


def test_points_stay_in_time_order_a_run_once_and_the_last_ones_kept():
    points = []
    for run_id, at in (("b", "2026-11-02T00:00:00Z"), ("a", "2026-11-01T00:00:00Z"), ("c", "2026-11-03T00:00:00Z")):
        points = _trend.with_point(points, point(run_id, at))
    assert [p["run_id"] for p in points] == ["a", "b", "c"]
    points = _trend.with_point(points, point("a", "2026-11-01T00:00:00Z", fail=9))
    assert [(p["run_id"], p["fail"]) for p in points] == [("a", 9), ("b", 0), ("c", 0)]
    assert [p["run_id"] for p in _trend.with_point(points, point("d", "2026-11-04T00:00:00Z"), kept=2)] == ["c", "d"]


def test_a_report_charts_its_run_and_the_runs_before_it_only():
    points = [point("r%02d" % n, "2026-11-%02dT00:00:00Z" % n) for n in range(1, 21)]
    assert [p["run_id"] for p in _trend.charted(points, "r20")] == ["r%02d" % n for n in range(9, 21)]
    assert [p["run_id"] for p in _trend.charted(points, "r03")] == ["r01", "r02", "r03"]
    assert _trend.charted(points, "unknown") == []


def test_the_trend_object_round_trips_and_a_broken_one_is_an_error_naming_the_store(store):
    assert _trend.load(store) == []
    points = [point("a", "2026-11-01T00:00:00Z", 4, 1)]
    _trend.save(store, points)
    assert _trend.load(store) == points
    store.backend.put(_trend.TREND_KEY, b'{"points": "nope"}')
    with pytest.raises(ResultsError) as error:
        _trend.load(store)
    assert error.value.field == "results" and "trend.json is not a trend object" in str(error.value)


def test_each_whole_run_report_records_its_counts_read_back_from_the_store(store, tmp_path):
    store_document(store, "old", samples.previous_document(), "2026-11-20T11:00:00Z", "2026-11-20T12:00:00Z")
    store_document(store, "new", samples.sample_document(), "2026-11-27T11:00:00Z", samples.GENERATED_AT)
    first = run_report(store, tmp_path, "old", compare_with="none")
    assert [p["run_id"] for p in first["trend"]] == ["old"]
    second = run_report(store, tmp_path, "new")
    assert [p["run_id"] for p in second["trend"]] == ["old", "new"]

    stored = json.loads((tmp_path / "results" / "trend.json").read_text())["points"]
    for run_id in ("old", "new"):
        written = json.loads((tmp_path / ("out-" + run_id) / "findings.json").read_text())
        want = statuses(written)
        (recorded,) = [p for p in stored if p["run_id"] == run_id]
        assert (recorded["fail"], recorded["error"]) == (want.get("FAIL", 0), want.get("ERROR", 0))
        assert recorded["accounts"] == len(written["accounts"]) and recorded["complete"] is True
        assert recorded["fail"] > 0  # the samples do fail: the figures are not zeros by default
    # Reporting the older run again shows it alone (the later run is not before it).
    assert [p["run_id"] for p in run_report(store, tmp_path, "old", compare_with="none")["trend"]] == ["old"]
    html = (tmp_path / "out-new" / "report.html").read_text()
    assert html.count('class="dot-fail') == 2 + 1  # two runs, and the legend's dot


def test_the_report_of_one_slice_records_no_point(store, tmp_path):
    slice_ = {"key": "1-of-2", "number": 1, "count": 2}
    store_document(store, "sliced", samples.sample_document(), "2026-11-27T11:00:00Z", samples.GENERATED_AT, slice_)
    result = run_report(store, tmp_path, "sliced", slice="1-of-2")
    assert result["trend"] == [] and _trend.load(store) == []
    assert 'id="trend-chart"' not in (tmp_path / "out-sliced" / "report.html").read_text()
