"""When is a run complete: every slice it should have reported and finished; a missing slice, an
unfinished one, or an account nobody reported is a problem (and fails the verdict)."""

from ansible_collections.baseline.iam.plugins.module_utils._results import manifest as _manifest

T0, T1 = "2026-11-27T12:00:00Z", "2026-11-27T12:05:00Z"


def slice_(number=None, count=None, key=None, done=True, accounts=("111111111111",)):
    key = key or ("%d-of-%d" % (number, count) if number else "all")
    manifest = _manifest.new_manifest("r", {"key": key, "number": number, "count": count}, [{"account_id": a} for a in accounts], T0, "x")
    return _manifest.finished(manifest, manifest["accounts"], T1, []) if done else manifest


def test_all_numbered_slices_complete():
    slices = [slice_(k, 4, accounts=["%012d" % k]) for k in (1, 2, 3, 4)]
    assert _manifest.evaluate(slices, stored=["%012d" % k for k in (1, 2, 3, 4)]) == {"complete": True, "problems": [], "count": 4}


def test_a_missing_slice_is_named():
    slices = [slice_(k, 4) for k in (1, 2, 4)]
    assert _manifest.evaluate(slices)["problems"] == ["slice 3 of 4 did not report"]


def test_the_report_of_one_slice_does_not_look_for_the_others():
    assert _manifest.evaluate([slice_(2, 4)], whole_run=False) == {"complete": True, "problems": [], "count": None}
    assert _manifest.evaluate([slice_(2, 4, done=False)], whole_run=False)["problems"] == ["slice 2 of 4 did not finish (started %s)" % T0]


def test_an_unfinished_slice_is_named():
    slices = [slice_(1, 2), slice_(2, 2, done=False)]
    result = _manifest.evaluate(slices)
    assert not result["complete"] and result["problems"] == ["slice 2 of 2 did not finish (started %s)" % T0]


def test_awx_slices_without_numbers_are_counted():
    slices = [slice_(key="awx-job-%d" % n, count=3) for n in (11, 12)]
    assert _manifest.evaluate(slices)["problems"] == ["2 of 3 slices reported (awx-job-11, awx-job-12); the others did not"]
    assert _manifest.evaluate(slices, declared_count=2)["problems"] == ["the slices disagree on how many slices the run has: 2, 3"]
    assert _manifest.evaluate([slice_(key="awx-job-1")], declared_count=2)["problems"] == [
        "1 of 2 slices reported (awx-job-1); the others did not"
    ]


def test_no_slice_at_all_is_not_complete():
    assert _manifest.evaluate([]) == {"complete": False, "problems": ["no slice of the run reported"], "count": None}


def test_accounts_without_results_and_inventory_accounts_nobody_reported():
    slices = [slice_(accounts=["111111111111", "222222222222"])]
    assert _manifest.evaluate(slices, stored=["111111111111"])["problems"] == ["the run lists accounts without results: 222222222222"]
    expected = ["%012d" % n for n in range(20)]
    problems = _manifest.evaluate([slice_(accounts=[])], stored=expected[:5], expected=expected)["problems"]
    assert problems == [
        "15 account(s) of the inventory were not reported by any slice: %s and 5 more" % ", ".join(expected[5:15]),
    ]


def test_run_times_and_names():
    slices = [slice_(1, 2), slice_(2, 2, done=False)]
    assert _manifest.run_times(slices) == (T0, None)
    assert _manifest.run_times(slices[:1]) == (T0, T1)
    named = _manifest.new_manifest("r", {"key": "all"}, [{"account_id": "1", "name": "prod"}, {"account_id": "2", "name": None}], T0, "x")
    assert _manifest.account_names([named]) == {"1": "prod", "2": None}


def test_baseline_hash_is_stable_and_sensitive():
    a = {"password_policy": {"minimum_length": 14}, "controls": {}}
    assert _manifest.baseline_hash(a) == _manifest.baseline_hash(dict(reversed(list(a.items()))))
    assert _manifest.baseline_hash(a) != _manifest.baseline_hash({"password_policy": {"minimum_length": 15}, "controls": {}})
