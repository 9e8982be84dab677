"""_guardrails model, library and targets: option checks, the state after a task, the guardrails
declared, and the Organizations limits checked before any call."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._baseline import defaults as _defaults
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import library as _library
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import model as _model
from ansible_collections.baseline.iam.plugins.module_utils._guardrails import targets as _targets

DENY = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}]}
MANAGEMENT, PROD, SANDBOX = "100000000000", "111111111111", "333333333333"


def params(**options):
    base = {"name": "deny-leave", "description": None, "document": DENY, "targets": [], "purge_targets": False, "state": "present"}
    base.update(options)
    return base


def big_document(characters):
    statement = {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}
    document = {"Version": "2012-10-17", "Statement": [dict(statement, Sid="S%d" % i) for i in range(400)]}
    while _model.size(document) > characters:
        document["Statement"].pop()
    return document


@pytest.mark.parametrize(
    ("options", "field", "words"),
    [
        ({"name": ""}, "name", "1-128"),
        ({"targets": ["Workloads"]}, "targets", "neither root"),
        ({"targets": ["12345"]}, "targets", "neither root"),
        ({"document": None}, "document", "required"),
        ({"document": "{nope"}, "document", "not valid JSON"),
        ({"document": {"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Principal": "*"}]}}, "document", "Principal"),
        ({"description": "x" * 513}, "description", "512"),
        ({"name": "FullAWSAccess", "document": DENY}, "document", "AWS managed"),
        ({"name": "FullAWSAccess", "document": None, "description": "mine"}, "description", "AWS managed"),
        ({"name": "FullAWSAccess", "document": None, "state": "absent"}, "state", "cannot be deleted"),
    ],
)
def test_validate_names_the_field(options, field, words):
    with pytest.raises(_model.InputError) as error:
        _model.validate(params(**options))
    assert (error.value.field, words in error.value.problem) == (field, True)


def test_size_limit_counts_the_document_as_sent():
    at_limit = big_document(_model.MAX_CHARACTERS)
    assert _model.validate(params(document=at_limit)) == at_limit
    over = dict(at_limit, Statement=at_limit["Statement"] + [{"Sid": "Extra", "Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}])
    with pytest.raises(_model.InputError, match="5120"):
        _model.validate(params(document=over))


def test_desired_adds_targets_and_purges_only_when_asked():
    current = {"name": "deny-leave", "id": "p-1", "description": "d", "document": DENY, "targets": ["/Root/Sandbox"]}
    after = _model.desired(current, params(targets=["root"]), DENY)
    assert after["targets"] == ["/Root/Sandbox", "root"] and after["document"] is DENY
    assert _model.desired(current, params(targets=["root"], purge_targets=True), DENY)["targets"] == ["root"]
    assert _model.attached_after(current, _model.desired(current, params(targets=["root"], purge_targets=True), DENY)) == (
        ["root"],
        ["/Root/Sandbox"],
    )
    assert _model.desired(current, params(state="absent"), None) is None


def test_an_equal_document_is_no_change():
    current = {"name": "deny-leave", "id": "p-1", "description": "", "document": DENY, "targets": ["root"]}
    same = {"Statement": {"Resource": ["*"], "Action": ["ORGANIZATIONS:LeaveOrganization"], "Effect": "Deny"}, "Version": "2012-10-17"}
    assert _model.desired(current, params(document=same, targets=["root"]), same) == current


def test_count_problem():
    assert _model.count_problem("root", ["a", "b", "c", "d"], adding=True) is None
    assert "at most 5" in _model.count_problem("root", ["a", "b", "c", "d", "e"], adding=True)


def guardrails(**changes):
    values = _defaults.complete("guardrails", None)
    values.update(changes)
    return values


def test_the_library_is_one_policy_with_one_statement_per_guardrail():
    policies, problems = _library.declared_policies(guardrails())
    assert problems == []
    assert [p["name"] for p in policies] == ["baseline-iam-guardrails"]
    sids = [s["Sid"] for s in policies[0]["document"]["Statement"]]
    assert sids == ["BaselineDenyLeaveOrganization", "BaselineDenyRootUser", "BaselineProtectCloudtrail", "BaselineProtectAccessAnalyzer",
                    "BaselineProtectMemberRole"]  # fmt: skip
    assert "deny_iam_users" not in policies[0]["guardrails"]  # off by default
    assert _model.size(_library.library_document(guardrails(enabled=list(_library.GUARDRAILS)))) < _model.MAX_CHARACTERS


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"enabled": ["deny_everything"]}, "enabled[0]: unknown guardrail"),
        ({"targets": []}, "targets: at least one target"),
        ({"targets": ["Workloads"]}, "neither root"),
        ({"member_role_name": "bad name!"}, "member_role_name"),
        ({"enabled": ["deny_iam_users"], "break_glass_path": "/"}, "break_glass_path"),
        ({"custom": [{"name": "FullAWSAccess", "document": DENY}]}, "custom[0].name"),
        ({"custom": [{"name": "baseline-iam-guardrails", "document": DENY}]}, "custom[0].name"),
        ({"custom": [{"name": "mine"}]}, "custom[0].document: is required"),
        ({"custom": [{"name": "mine", "document": DENY, "target": ["root"]}]}, "custom[0]: must be a dict"),
        ({"custom": [{"name": "c%d" % i, "document": DENY} for i in range(4)]}, "target root would hold 6 SCPs"),
    ],
)
def test_declared_policies_problems_name_the_field(changes, words):
    _policies, problems = _library.declared_policies(guardrails(**changes))
    assert any(words in p for p in problems), problems


def test_custom_policies_take_the_guardrail_targets_unless_they_have_their_own():
    custom = [{"name": "a", "document": DENY}, {"name": "b", "document": DENY, "targets": ["/Root/Sandbox"]}]
    policies, problems = _library.declared_policies(guardrails(enabled=[], custom=custom))
    assert problems == [] and [(p["name"], p["targets"]) for p in policies] == [("a", ["root"]), ("b", ["/Root/Sandbox"])]


def structure():
    ous = [{"id": "r-root", "path": "/Root"}, {"id": "ou-w", "path": "/Root/Workloads"}, {"id": "ou-p", "path": "/Root/Workloads/Prod"},
           {"id": "ou-s", "path": "/Root/Sandbox"}]  # fmt: skip
    accounts = [
        {"id": MANAGEMENT, "ou_path": "/Root", "state": "ACTIVE"},
        {"id": PROD, "ou_path": "/Root/Workloads/Prod", "state": "ACTIVE"},
        {"id": SANDBOX, "ou_path": "/Root/Sandbox", "state": "ACTIVE"},
        {"id": "444444444444", "ou_path": "/Root/Sandbox", "state": "SUSPENDED"},
    ]
    organization = {"id": "o-1", "partition": "aws", "management_account_id": MANAGEMENT}
    return _targets.Structure({"organization": organization, "ous": ous, "accounts": accounts})


def test_targets_are_labels_and_ids_and_never_restrict_the_management_account():
    tree = structure()
    assert [tree.target_id(label) for label in ("root", "/Root/Workloads", PROD)] == ["r-root", "ou-w", PROD]
    assert [tree.label(t) for t in ("r-root", "ou-p", SANDBOX)] == ["root", "/Root/Workloads/Prod", SANDBOX]
    assert tree.restricted_accounts("root") == [PROD, SANDBOX]
    assert tree.restricted_accounts("/Root/Workloads") == [PROD]
    assert tree.restricted_accounts(MANAGEMENT) == []
    for label in ("/Root/Nope", "444444444444", "999999999999"):
        with pytest.raises(_targets.UnknownTarget):
            tree.target_id(label)
