import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import findings as _findings
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from tests.support.snapshots import snapshot


def cis_snapshot():
    return snapshot(password_policy={"MinimumPasswordLength": 6}, partition="aws-us-gov")


def test_disabled_control_is_not_evaluated():
    ids = {f["control_id"] for f in _engine.evaluate(cis_snapshot(), controls={"PP.MIN_LENGTH": {"enabled": False}})}
    assert "PP.MIN_LENGTH" not in ids
    assert "PP.REUSE" in ids


def test_severity_override():
    (f,) = _engine.evaluate(cis_snapshot(), controls={"PP.MIN_LENGTH": {"severity": "critical"}}, only=("PP.MIN_LENGTH",))
    assert f["severity"] == "critical"


@pytest.mark.parametrize(
    ("controls", "field"),
    [
        ({"PP.NOPE": {"enabled": False}}, "controls.PP.NOPE"),
        ({"PP.MIN_LENGTH": {"severity": "urgent"}}, "controls.PP.MIN_LENGTH.severity"),
        ({"PP.MIN_LENGTH": {"enabled": "no"}}, "controls.PP.MIN_LENGTH.enabled"),
        ({"PP.MIN_LENGTH": {"minimum_length": 10}}, "controls.PP.MIN_LENGTH"),
        ({"PP.MIN_LENGTH": True}, "controls.PP.MIN_LENGTH"),
    ],
)
def test_bad_controls_name_the_field(controls, field):
    with pytest.raises(InputError) as e:
        _engine.evaluate(cis_snapshot(), controls=controls)
    assert str(e.value).startswith(field + ":")
    assert e.value.field == field and str(e.value) == "%s: %s" % (field, e.value.problem)


def test_partition_in_resource_arn():
    (f,) = _engine.evaluate(cis_snapshot(), only=("PP.MISSING",))
    assert f["resource_arn"] == "arn:aws-us-gov:iam::111122223333:root"


def test_finding_ids_are_stable_and_distinct():
    a = _findings.finding_id("PP.MIN_LENGTH", "111122223333", "arn:aws:iam::111122223333:root")
    assert a == _findings.finding_id("PP.MIN_LENGTH", "111122223333", "arn:aws:iam::111122223333:root")
    assert a != _findings.finding_id("PP.REUSE", "111122223333", "arn:aws:iam::111122223333:root")
    assert a != _findings.finding_id("PP.MIN_LENGTH", "111122223334", "arn:aws:iam::111122223334:root")


def test_summary_counts():
    findings = _engine.evaluate(cis_snapshot())
    summary = _findings.summarize(findings)
    assert summary["total"] == len(findings)
    assert summary["by_status"]["FAIL"] == sum(f["status"] == "FAIL" for f in findings)
    assert sum(summary["by_severity"].values()) == sum(f["status"] in ("FAIL", "ERROR") for f in findings)
