"""IDC.* evaluators over organization snapshots, in tables; the declaration builder the role and
IDC.DECLARED share; USER.FEDERATION once Identity Center is declared."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._identity_center import declared as _declared
from ansible_collections.baseline.iam.plugins.module_utils._identity_center import evaluators as _evaluators
from tests.support.org_snapshot import ADMIN, MANAGEMENT, PROD, SANDBOX, organization, organization_snapshot, permission_set

STAR = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
VIEW = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
ACCOUNTS = organization()["accounts"]


def params(**identity_center):
    return _engine.complete_params({"identity_center": identity_center})


def statuses(findings):
    return [(f["resource_id"], f["status"]) for f in findings]


@pytest.mark.parametrize(
    ("permission_sets", "expected"),
    [
        ([permission_set("ReadOnly", "PT8H", [VIEW])], [("ReadOnly", "PASS")]),
        ([permission_set("ReadOnly", "PT9H", [VIEW])], [("ReadOnly", "FAIL")]),
        ([permission_set("Admins", "PT1H", [ADMIN])], [("Admins", "PASS")]),
        ([permission_set("Admins", "PT2H", [ADMIN])], [("Admins", "FAIL")]),  # the lower limit for admin
        ([permission_set("Inline", "PT4H", inline=STAR)], [("Inline", "FAIL")]),  # * on * is admin too
        ([permission_set("Admins", "PT12H", [ADMIN]), permission_set("ReadOnly", "PT1H")], [("Admins", "FAIL"), ("ReadOnly", "PASS")]),
        ([], [(MANAGEMENT, "NOT_APPLICABLE")]),
    ],
)
def test_session_duration(permission_sets, expected):
    findings = _evaluators.session_duration(organization_snapshot(permission_sets), params())
    assert statuses(findings) == expected
    assert {f["account_id"] for f in findings} == {MANAGEMENT}  # the management account's id


def test_session_duration_follows_the_family_limits():
    findings = _evaluators.session_duration(
        organization_snapshot([permission_set("Admins", "PT2H", [ADMIN])]), params(admin_max_session_duration="PT2H")
    )
    assert statuses(findings) == [("Admins", "PASS")]


@pytest.mark.parametrize(
    ("assignments", "expected"),
    [
        ([(PROD, "GROUP", "platform-admins")], "PASS"),
        ([(PROD, "GROUP", "platform-admins"), (SANDBOX, "USER", "alice")], "FAIL"),
        ([], "PASS"),
    ],
)
def test_admin_to_user(assignments, expected):
    snapshot = organization_snapshot(
        [permission_set("Admins", managed=[ADMIN], assignments=assignments), permission_set("Dev", assignments=[(PROD, "USER", "bob")])]
    )
    findings = _evaluators.admin_to_user(snapshot, params())
    assert statuses(findings) == [("Admins", expected)]  # Dev is not admin: a user may have it
    if expected == "FAIL":
        assert "alice in %s" % SANDBOX in findings[0]["message"]


def test_admin_to_user_without_admin_permission_sets_or_instance():
    assert statuses(_evaluators.admin_to_user(organization_snapshot([permission_set("Dev")]), params())) == [(MANAGEMENT, "NOT_APPLICABLE")]
    findings = _evaluators.admin_to_user(organization_snapshot(instance=False), params())
    assert statuses(findings) == [(MANAGEMENT, "NOT_APPLICABLE")] and "not enabled" in findings[0]["message"]


@pytest.mark.parametrize(
    ("admin_accounts", "assignments", "expected"),
    [
        ([PROD], [(PROD, "GROUP", "admins")], "PASS"),
        (["/Root/Workloads"], [(PROD, "GROUP", "admins")], "PASS"),  # an OU path covers the accounts below it
        ([PROD], [(PROD, "GROUP", "admins"), (SANDBOX, "GROUP", "admins")], "FAIL"),
        ([], [(MANAGEMENT, "GROUP", "admins")], "FAIL"),
    ],
)
def test_admin_scope(admin_accounts, assignments, expected):
    snapshot = organization_snapshot([permission_set("Admins", managed=[ADMIN], assignments=assignments)])
    assert statuses(_engine.evaluate_control("IDC.ADMIN_SCOPE", snapshot, params(admin_accounts=admin_accounts))) == [("Admins", expected)]


def test_admin_scope_is_not_applicable_until_admin_accounts_are_set():
    snapshot = organization_snapshot([permission_set("Admins", managed=[ADMIN], assignments=[(SANDBOX, "GROUP", "admins")])])
    findings = _engine.evaluate_control("IDC.ADMIN_SCOPE", snapshot, params())
    assert statuses(findings) == [(MANAGEMENT, "NOT_APPLICABLE")] and "admin_accounts" in findings[0]["message"]


ADMINS = {"name": "Admins", "session_duration": "PT1H", "managed_policies": ["AdministratorAccess"]}


@pytest.mark.parametrize(
    ("declaration", "current", "expected", "words"),
    [
        ({"permission_sets": [ADMINS], "assignments": [{"permission_set": "Admins", "group": "platform-admins", "accounts": ["/Root/Workloads"]}]},
         [permission_set("Admins", managed=[ADMIN], assignments=[(PROD, "GROUP", "platform-admins")])], "PASS", "as declared"),
        ({"permission_sets": [ADMINS]}, [permission_set("Admins", "PT12H", [ADMIN])], "FAIL", "session duration differs"),
        ({"permission_sets": [ADMINS]}, [], "FAIL", "declared but missing"),
        ({"permission_sets": [dict(ADMINS, state="absent")]}, [permission_set("Admins")], "FAIL", "declared absent"),
        ({"permission_sets": [dict(ADMINS, purge_policies=True)]}, [permission_set("Admins", managed=[ADMIN, VIEW])], "FAIL", "managed policies differ"),
        ({"permission_sets": [ADMINS]}, [permission_set("Admins", managed=[ADMIN, VIEW])], "PASS", "as declared"),  # no purge: extras are fine
        ({"permission_sets": [ADMINS], "assignments": [{"permission_set": "Admins", "group": "platform-admins", "accounts": [PROD]}]},
         [permission_set("Admins", managed=[ADMIN])], "FAIL", "assignment of group platform-admins in %s is missing" % PROD),
        ({"permission_sets": [ADMINS], "purge_assignments": True,
          "assignments": [{"permission_set": "Admins", "group": "platform-admins", "accounts": [PROD]}]},
         [permission_set("Admins", managed=[ADMIN], assignments=[(PROD, "GROUP", "platform-admins"), (PROD, "USER", "alice")])], "FAIL",
         "undeclared assignment of user alice"),
        ({"permission_sets": [ADMINS], "assignments": [{"permission_set": "Admins", "user": "alice", "accounts": [PROD], "state": "absent"}]},
         [permission_set("Admins", managed=[ADMIN], assignments=[(PROD, "USER", "alice")])], "FAIL", "declared absent"),
    ],
)  # fmt: skip
def test_declared(declaration, current, expected, words):
    findings = _evaluators.declared(organization_snapshot(current), params(**declaration))
    assert [f["status"] for f in findings] == [expected] and words in findings[0]["message"], findings[0]["message"]


def test_declared_without_declaration_or_with_an_invalid_one():
    assert statuses(_evaluators.declared(organization_snapshot(), params())) == [(MANAGEMENT, "NOT_APPLICABLE")]
    findings = _evaluators.declared(organization_snapshot(), params(permission_sets=[{"name": "Admins", "session_duration": "PT24H"}]))
    assert statuses(findings) == [(MANAGEMENT, "ERROR")] and "permission_sets[0] (Admins).session_duration" in findings[0]["message"]


def test_every_idc_control_fails_closed():
    snapshot = organization_snapshot([permission_set("Admins", "PT12H", [ADMIN])], errors={"identity_center": "AccessDeniedException"})
    findings = _engine.evaluate(snapshot, params(permission_sets=[ADMINS], admin_accounts=[PROD]))
    idc = [f for f in findings if f["control_id"].startswith("IDC.")]
    assert {f["control_id"] for f in idc} == {"IDC.SESSION_DURATION", "IDC.ADMIN_TO_USER", "IDC.ADMIN_SCOPE", "IDC.DECLARED"}
    assert {f["status"] for f in idc} == {"ERROR"}


# The declaration builder (role baseline.iam.identity_center, IDC.DECLARED) ---------------------


def test_tasks_resolve_ou_paths_and_group_assignments_by_permission_set():
    declaration = {
        "permission_sets": [ADMINS, {"name": "ReadOnly", "managed_policies": [VIEW], "session_duration": "PT8H"}],
        "assignments": [
            {"permission_set": "Admins", "group": "platform-admins", "accounts": ["/Root/Workloads"]},
            {"permission_set": "ReadOnly", "group": "developers", "accounts": ["/Root", SANDBOX]},
        ],
    }
    tasks, problems = _declared.tasks(params(**declaration)["identity_center"], ACCOUNTS)
    assert problems == []
    by_name = {t["name"]: t for t in tasks}
    assert by_name["Admins"]["assignments"] == [
        {"principal_type": "GROUP", "principal": "platform-admins", "accounts": [PROD], "state": "present"}
    ]
    assert by_name["ReadOnly"]["assignments"][0]["accounts"] == [MANAGEMENT, PROD, SANDBOX]


@pytest.mark.parametrize(
    ("declaration", "words"),
    [
        ({"permission_sets": [dict(ADMINS, session_duration="PT4H")]},
         "(Admins).session_duration: PT4H is longer than iam_baseline_identity_center.admin_max_session_duration"),
        ({"permission_sets": [{"name": "ReadOnly", "session_duration": "PT10H"}]}, "longer than iam_baseline_identity_center.max_session_duration"),
        ({"permission_sets": [ADMINS], "assignments": [{"permission_set": "Admins", "user": "alice", "accounts": [PROD]}]}, "IDC.ADMIN_TO_USER"),
        ({"permission_sets": [ADMINS], "admin_accounts": [PROD], "assignments": [{"permission_set": "Admins", "group": "a", "accounts": [SANDBOX]}]},
         "outside iam_baseline_identity_center.admin_accounts (IDC.ADMIN_SCOPE)"),
        ({"permission_sets": [ADMINS], "assignments": [{"permission_set": "Nope", "group": "a", "accounts": [PROD]}]}, "assignments[0].permission_set"),
        ({"permission_sets": [ADMINS], "assignments": [{"permission_set": "Admins", "group": "a", "user": "b", "accounts": [PROD]}]},
         "exactly one of group or user"),
        ({"permission_sets": [ADMINS], "assignments": [{"permission_set": "Admins", "group": "a", "accounts": ["/Root/Nope"]}]},
         "assignments[0].accounts: no account"),
        ({"permission_sets": [ADMINS], "assignments": [{"permission_set": "Admins", "group": "a", "accounts": [12345]}]}, "assignments[0].accounts: 12345"),
        ({"permission_sets": [ADMINS, ADMINS]}, "declared twice"),
        ({"permission_sets": [{"name": "X", "sesion_duration": "PT1H"}]}, "permission_sets[0]: must be a dict"),
        ({"max_session_duration": "8h"}, "iam_baseline_identity_center.max_session_duration: must be an ISO 8601"),
    ],
)  # fmt: skip
def test_tasks_problems_name_the_variable_and_field(declaration, words):
    _tasks, problems = _declared.tasks(params(**declaration)["identity_center"], ACCOUNTS)
    assert any(words in p for p in problems), problems


def test_user_federation_is_on_once_identity_center_is_declared():
    assert _engine.is_enabled("USER.FEDERATION", {}, params()) is False
    assert _engine.is_enabled("USER.FEDERATION", {}, params(permission_sets=[ADMINS])) is True
    assert _engine.is_enabled("USER.FEDERATION", {"USER.FEDERATION": {"enabled": False}}, params(permission_sets=[ADMINS])) is False
