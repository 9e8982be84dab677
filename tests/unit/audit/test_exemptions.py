import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import exemptions as _exemptions
from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from tests.support.fixed import NOW_ISO
from tests.support.snapshots import snapshot, statuses


def fail_snapshot(taken_at=NOW_ISO):
    """No password policy: every PP.* control fails."""
    return snapshot(password_policy=None, taken_at=taken_at)


def test_waiver_until_expiry_then_fail_again():
    waiver = [{"control": "PP.MAX_AGE", "reason": "NIST 800-63B: no forced rotation", "expires": "2026-12-31"}]
    before = _engine.evaluate(fail_snapshot(taken_at="2026-12-31T23:00:00Z"), exemptions=waiver, only=("PP.MAX_AGE", "PP.REUSE"))
    assert statuses(before, by="control_id") == {"PP.MAX_AGE": "WAIVED", "PP.REUSE": "FAIL"}
    waived = next(f for f in before if f["control_id"] == "PP.MAX_AGE")
    assert waived["waiver"] == {"reason": "NIST 800-63B: no forced rotation", "expires": "2026-12-31"}
    after = _engine.evaluate(fail_snapshot(taken_at="2027-01-01T00:00:00Z"), exemptions=waiver, only=("PP.MAX_AGE",))
    assert statuses(after, by="control_id") == {"PP.MAX_AGE": "FAIL"}
    assert "waiver expired 2026-12-31" in after[0]["message"]


@pytest.mark.parametrize(
    ("waiver", "waived"),
    [
        ({"control": "PP.*"}, True),
        ({"control": "PP.*", "account": "111122223333"}, True),
        ({"control": "PP.*", "account": "999999999999"}, False),
        ({"control": "PP.*", "resource": "arn:aws:iam::*:root"}, True),
        ({"control": "PP.*", "resource": "111122223333"}, True),
        ({"control": "PP.*", "resource": "someone-else"}, False),
        ({"control": "USER.*"}, False),
    ],
)
def test_matching(waiver, waived):
    exemptions = [{**waiver, "reason": "r", "expires": "2030-01-01"}]
    findings = _engine.evaluate(fail_snapshot(), exemptions=exemptions, only=("PP.MIN_LENGTH",))
    assert (findings[0]["status"] == "WAIVED") is waived


def test_pass_is_never_waived_and_error_can_be():
    snap = snapshot(errors={"password_policy": "AccessDenied"})
    findings = _engine.evaluate(
        snap, exemptions=[{"control": "PP.REUSE", "reason": "r", "expires": "2030-01-01"}], only=("PP.REUSE", "PP.MISSING")
    )
    assert statuses(findings, by="control_id") == {"PP.REUSE": "WAIVED", "PP.MISSING": "ERROR"}


@pytest.mark.parametrize(
    ("exemption", "field"),
    [
        ({"control": "PP.MAX_AGE", "expires": "2030-01-01"}, "exemptions[0].reason"),
        ({"control": "PP.MAX_AGE", "reason": "  ", "expires": "2030-01-01"}, "exemptions[0].reason"),
        ({"control": "PP.MAX_AGE", "reason": "r"}, "exemptions[0].expires"),
        ({"control": "PP.MAX_AGE", "reason": "r", "expires": "next year"}, "exemptions[0].expires"),
        ({"reason": "r", "expires": "2030-01-01"}, "exemptions[0].control"),
        ({"control": "PP.TYPO", "reason": "r", "expires": "2030-01-01"}, "exemptions[0].control"),
        ({"control": "PP.MAX_AGE", "reason": "r", "expires": "2030-01-01", "until": "x"}, "exemptions[0]"),
        ("PP.MAX_AGE", "exemptions[0]"),
    ],
)
def test_bad_exemption_names_the_field(exemption, field):
    with pytest.raises(InputError) as e:
        _exemptions.validate([exemption])
    assert str(e.value).startswith(field + ":")
    assert e.value.field == field and str(e.value) == "%s: %s" % (field, e.value.problem)
