"""USER.ADMIN_STRONG_MFA from the credential report and ListVirtualMFADevices, with ListMFADevices
only for admins those leave open: the evaluator's table, the collector's choice of whom to list,
and the two together (whatever the collector lists, the evaluator never needs to guess)."""

import itertools

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._account import model as _model
from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import snapshot as _snapshot
from ansible_collections.baseline.iam.plugins.module_utils._audit.collect import read_admin_mfa_devices
from tests.unit.account.test_evaluators import snap as stubbed_snapshot

ACCOUNT = "111122223333"  # the stubbed snapshot's
CREATED = "2026-01-05T10:00:00Z"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
VIRTUAL = {"SerialNumber": "arn:aws:iam::%s:mfa/alice-phone" % ACCOUNT}
FIDO = {"SerialNumber": "arn:aws:iam::%s:u2f/user/alice/fidosecuritykey-ABCDEF" % ACCOUNT}
HARDWARE = {"SerialNumber": "GAHT12345678"}


def admin(name="alice", created=CREATED):
    return {
        "UserName": name,
        "Arn": "arn:aws:iam::%s:user/%s" % (ACCOUNT, name),
        "CreateDate": created,
        "GroupList": [],
        "AttachedManagedPolicies": [{"PolicyArn": ADMIN}],
        "UserPolicyList": [],
    }


def details(*users):
    return {"users": list(users), "groups": [], "roles": [], "policies": []}


def row(name="alice", mfa="true", created="2026-01-05T10:00:00+00:00"):
    return {"user": name, "arn": "arn:aws:iam::%s:user/%s" % (ACCOUNT, name), "user_creation_time": created, "mfa_active": mfa}


def report(*rows):
    return {"generated_time": "2026-11-27T11:00:00Z", "rows": list(rows)}


def virtual_assigned(name="alice"):
    return [dict(VIRTUAL, User={"UserName": name, "Arn": "arn:aws:iam::%s:user/%s" % (ACCOUNT, name)}, EnableDate=CREATED)]


def snap(users, credential_report, virtual_devices, listed):
    """A snapshot; a source given as an Exception is recorded as unreadable with its text as code."""
    return stubbed_snapshot(
        authorization_details=details(*users),
        credential_report=credential_report,
        virtual_mfa_devices=virtual_devices,
        admin_mfa_devices=listed,
    )


def judge(snapshot):
    return [(f["status"], f["resource_id"], f["actual"]) for f in _engine.evaluate(snapshot, only=("USER.ADMIN_STRONG_MFA",))]


# mfa_active in the report row: "true", "false", or the row missing / of an earlier user / no report.
REPORTS = {
    "active": report(row(mfa="true")),
    "inactive": report(row(mfa="false")),
    "no row": report(row("bob")),
    "earlier user": report(row(mfa="true", created="2025-03-01T00:00:00+00:00")),
    "unread": RuntimeError("AccessDenied"),
}
VIRTUALS = {"virtual": virtual_assigned(), "no virtual": [], "unread": RuntimeError("Throttling")}
# ListMFADevices' answer for alice, or None when she was not listed.
LISTINGS = {
    "not listed": None,
    "none": [],
    "virtual only": [VIRTUAL],
    "fido": [FIDO],
    "virtual and fido": [VIRTUAL, FIDO],
    "hardware": [HARDWARE],
}
LISTED_VERDICT = {
    "none": ("FAIL", "no MFA device"),
    "virtual only": ("FAIL", "virtual only"),
    "fido": ("PASS", "hardware/FIDO"),
    "virtual and fido": ("PASS", "hardware/FIDO"),
    "hardware": ("PASS", "hardware/FIDO"),
}


def expected(report_case, virtual_case, listing_case):
    if listing_case != "not listed":  # ListMFADevices is the newest, complete answer: it decides
        return LISTED_VERDICT[listing_case]
    if virtual_case == "no virtual" and report_case == "active":
        return ("PASS", "hardware/FIDO")
    if virtual_case == "no virtual" and report_case == "inactive":
        return ("FAIL", "no MFA device")
    return ("ERROR", "MFA kind unknown")  # open and not listed: never PASS


@pytest.mark.parametrize(
    ("report_case", "virtual_case", "listing_case"),
    list(itertools.product(REPORTS, VIRTUALS, LISTINGS)),
)
def test_every_combination(report_case, virtual_case, listing_case):
    listing = LISTINGS[listing_case]
    listed = {} if listing is None else {"alice": listing}
    ((status, resource, actual),) = judge(snap([admin()], REPORTS[report_case], VIRTUALS[virtual_case], listed))
    assert (status, actual) == expected(report_case, virtual_case, listing_case)
    assert resource == "alice"


def test_unreadable_listing_is_error_for_the_control():
    findings = judge(snap([admin()], REPORTS["active"], [], RuntimeError("AccessDenied")))
    assert [f[0] for f in findings] == ["ERROR"]


def test_no_admin_passes_for_the_account():
    reader = dict(admin("reader"), AttachedManagedPolicies=[])
    assert judge(snap([reader], report(row("reader")), [], {})) == [("PASS", ACCOUNT, "none")]


def test_the_error_says_why():
    (finding,) = _engine.evaluate(snap([admin()], REPORTS["active"], VIRTUALS["virtual"], {}), only=("USER.ADMIN_STRONG_MFA",))
    assert finding["status"] == "ERROR"
    assert "ListMFADevices" in finding["message"] and "alice" in finding["message"]


def test_judged_from_the_report_carries_the_report_time():
    (finding,) = _engine.evaluate(snap([admin()], REPORTS["active"], [], {}), only=("USER.ADMIN_STRONG_MFA",))
    assert finding["evidence_time"] == "2026-11-27T11:00:00Z"
    assert "credential report" in finding["message"]


# The collector


class FakeIAM:
    """list_mfa_devices from a table; records who was asked."""

    def __init__(self, devices):
        self.devices, self.asked = devices, []

    def list_mfa_devices(self, UserName):
        self.asked.append(UserName)
        return {"MFADevices": self.devices.get(UserName, [])}


def collected(users, credential_report, virtual_devices, devices):
    s = snap(users, credential_report, virtual_devices, {})
    iam = FakeIAM(devices)
    listed = read_admin_mfa_devices(iam, s)
    return iam.asked, listed


def test_lists_only_the_open_admins():
    users = [admin("strong"), admin("without"), admin("phone"), admin("phone-and-key"), admin("newer"), admin("renamed")]
    rows = [row("strong"), row("without", "false"), row("phone"), row("phone-and-key"), row("renamed", created="2020-01-01T00:00:00Z")]
    virtual = virtual_assigned("phone") + virtual_assigned("phone-and-key")
    asked, listed = collected(users, report(*rows), virtual, {"phone-and-key": [VIRTUAL, FIDO]})
    assert sorted(asked) == ["newer", "phone", "phone-and-key", "renamed"]
    assert listed == {"newer": [], "phone": [], "phone-and-key": [VIRTUAL, FIDO], "renamed": []}


def test_non_admins_are_never_listed():
    reader = dict(admin("reader"), AttachedManagedPolicies=[])
    asked, _listed = collected([reader], report(), [], {})
    assert asked == []


@pytest.mark.parametrize(
    ("report_value", "virtual_value"), [(RuntimeError("AccessDenied"), []), (report(row()), RuntimeError("Throttling"))]
)
def test_lists_every_admin_when_the_evidence_was_not_read(report_value, virtual_value):
    asked, _listed = collected([admin("alice"), admin("bob")], report_value, virtual_value, {})
    assert sorted(asked) == ["alice", "bob"]


@pytest.mark.parametrize(("report_case", "virtual_case", "listing_case"), list(itertools.product(REPORTS, VIRTUALS, LISTINGS)))
def test_collector_and_evaluator_together_never_guess(report_case, virtual_case, listing_case):
    """Whatever the account holds, what the collector lists lets the evaluator decide: no ERROR,
    and the verdict agrees with the devices where the collector asked for them."""
    devices = LISTINGS[listing_case]
    s = snap([admin()], REPORTS[report_case], VIRTUALS[virtual_case], {})
    iam = FakeIAM({"alice": devices or []})
    _snapshot.record(s, "admin_mfa_devices", read_admin_mfa_devices(iam, s))
    ((status, _resource, actual),) = judge(s)
    assert status != "ERROR"
    if iam.asked:
        assert (status, actual) == LISTED_VERDICT.get(listing_case, ("FAIL", "no MFA device"))
    else:
        assert (status, actual) == expected(report_case, virtual_case, "not listed")


def test_open_admins_is_the_evaluators_reading():
    users = [admin("a"), admin("b"), admin("c")]
    rows = report(row("a"), row("b", "false"))
    assert [u["UserName"] for u in _model.open_admins(users, rows, virtual_assigned("b"))] == ["b", "c"]
