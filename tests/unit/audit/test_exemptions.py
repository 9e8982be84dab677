import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import exemptions as _exemptions
from ansible_collections.baseline.iam.plugins.module_utils._audit import run as _run
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


def error_snapshot():
    return snapshot(errors={"password_policy": "AccessDenied"})


def test_pass_is_never_waived_and_error_only_by_a_waiver_that_says_so():
    """Issue 14: a plain waiver no longer waives ERROR (it used to: PP.REUSE was WAIVED here)."""
    plain = [{"control": "PP.REUSE", "reason": "r", "expires": "2030-01-01"}]
    findings = _engine.evaluate(error_snapshot(), exemptions=plain, only=("PP.REUSE", "PP.MISSING"))
    assert statuses(findings, by="control_id") == {"PP.REUSE": "ERROR", "PP.MISSING": "ERROR"}
    explicit = [{"control": "PP.REUSE", "reason": "r", "expires": "2030-01-01", "include_errors": True}]
    findings = _engine.evaluate(error_snapshot(), exemptions=explicit, only=("PP.REUSE", "PP.MISSING"))
    assert statuses(findings, by="control_id") == {"PP.REUSE": "WAIVED", "PP.MISSING": "ERROR"}
    snap = snapshot(password_policy={"MinimumPasswordLength": 14})
    waive_all = [{"control": "PP.MISSING", "reason": "r", "expires": "2030-01-01", "include_errors": True}]
    assert statuses(_engine.evaluate(snap, exemptions=waive_all, only=("PP.MISSING",)), by="control_id") == {"PP.MISSING": "PASS"}


def test_a_waiver_for_a_fail_does_not_absorb_a_later_error_on_the_same_resource():
    waiver = [{"control": "PP.REUSE", "resource": "111122223333", "reason": "r", "expires": "2030-01-01"}]
    assert statuses(_engine.evaluate(fail_snapshot(), exemptions=waiver, only=("PP.REUSE",)), by="control_id") == {"PP.REUSE": "WAIVED"}
    assert statuses(_engine.evaluate(error_snapshot(), exemptions=waiver, only=("PP.REUSE",)), by="control_id") == {"PP.REUSE": "ERROR"}


@pytest.mark.parametrize("control", ["*", "PP.*", "PP.RE?SE"])
def test_a_glob_never_waives_an_error(control):
    waiver = [{"control": control, "reason": "r", "expires": "2030-01-01"}]
    assert statuses(_engine.evaluate(error_snapshot(), exemptions=waiver, only=("PP.REUSE",)), by="control_id") == {"PP.REUSE": "ERROR"}


@pytest.mark.parametrize(
    ("waiver", "status"),
    [
        ({"control": "*"}, "ERROR"),
        ({"control": "ACCT.*"}, "ERROR"),
        ({"control": "ACCT.ACCESS"}, "ERROR"),  # without include_errors
        ({"control": "ACCT.ACCESS", "include_errors": True, "account": "999999999999"}, "ERROR"),
        ({"control": "ACCT.ACCESS", "include_errors": True, "account": "111122223333"}, "WAIVED"),
    ],
)
def test_an_account_that_could_not_be_entered_is_waived_only_by_its_id(waiver, status):
    exemptions = [{**waiver, "reason": "account being closed (TICKET-9)", "expires": "2030-01-01"}]
    (finding,) = _run.unreachable("111122223333", "aws", "AccessDenied", "denied", "2026-11-27T00:00:00Z", exemptions)
    assert finding["control_id"] == "ACCT.ACCESS"
    assert finding["status"] == status


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
        ({"control": "PP.MAX_AGE", "reason": "r", "expires": "2030-01-01", "include_errors": "yes"}, "exemptions[0].include_errors"),
        ({"control": "PP.*", "reason": "r", "expires": "2030-01-01", "include_errors": True}, "exemptions[0].include_errors"),
        ({"control": "*", "reason": "r", "expires": "2030-01-01", "include_errors": True}, "exemptions[0].include_errors"),
    ],
)
def test_bad_exemption_names_the_field(exemption, field):
    with pytest.raises(InputError) as e:
        _exemptions.validate([exemption])
    assert str(e.value).startswith(field + ":")
    assert e.value.field == field and str(e.value) == "%s: %s" % (field, e.value.problem)
