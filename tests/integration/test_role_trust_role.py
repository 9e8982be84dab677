"""Role baseline.iam.role_trust: declared roles and providers, four steps, the apply playbook on
two accounts, disabled controls, safety, bad variables, and agreement with the audit's evaluators."""

import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._trust import model as _role_trust
from tests.support.calls import is_mutating
from tests.support.playbook import run_playbook, run_tasks, write_inventory
from tests.support.state import expected_trust, identity_providers, role_trust, trust_snapshot
from tests.support.steps import four_steps

PARTNER = "111122223333"
VENDOR = "999988887777"
ORG = "o-example111"
METADATA = '<?xml version="1.0"?><EntityDescriptor entityID="https://idp.example.com">' + "<!-- padding -->" * 70 + "</EntityDescriptor>"
WILDCARD = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}
FOREIGN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": VENDOR}, "Action": "sts:AssumeRole"}]}
TASKS = [
    {"name": "RUN | SESSION | session", "ansible.builtin.include_role": {"name": "baseline.iam.account_session"}},
    {"name": "TRUST.DECLARED | role under test", "ansible.builtin.include_role": {"name": "baseline.iam.role_trust"}},
]


def declared(account_id):
    github = "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com" % account_id
    saml = "arn:aws:iam::%s:saml-provider/corp" % account_id
    return {
        "iam_baseline_trust": {
            "organization_id": ORG,
            "allowed_accounts": [PARTNER],
            "third_party_accounts": [VENDOR],
            "roles": [
                {"name": "admin", "trusted_accounts": [{"account_id": PARTNER, "require_mfa": True}]},
                {"name": "vendor-audit", "trusted_accounts": [{"account_id": VENDOR, "external_id": "vendor-7f3a"}]},
                {
                    "name": "deploy",
                    "create": True,
                    "description": "GitHub Actions deployments",
                    "oidc_provider": {
                        "arn": github,
                        "audience": "sts.amazonaws.com",
                        "subjects": ["repo:my-org/my-app:ref:refs/heads/main"],
                    },
                },
                {
                    "name": "ReadOnly",
                    "create": True,
                    "saml_provider": {"arn": saml},
                    "max_session_duration": 7200,
                    "max_session_duration_reason": "auditors work through long SAML sessions (SEC-12)",
                },
            ],
        },
        "iam_baseline_identity_providers": [
            {"type": "oidc", "url": "https://token.actions.githubusercontent.com", "client_ids": ["sts.amazonaws.com"]},
            {"type": "saml", "name": "corp", "metadata_document": METADATA},
        ],
    }


def seed(account):
    iam = account.client("iam")
    iam.create_role(RoleName="admin", AssumeRolePolicyDocument=json.dumps(WILDCARD), MaxSessionDuration=43200)
    iam.create_role(RoleName="vendor-audit", AssumeRolePolicyDocument=json.dumps(FOREIGN))


def read(account, names=("admin", "vendor-audit", "deploy", "ReadOnly")):
    return {"roles": {n: role_trust(account, n) for n in names}, "providers": sorted(identity_providers(account))}


def expected(account):
    specs = declared(account.account_id)["iam_baseline_trust"]["roles"]
    roles = {s["name"]: expected_trust(_role_trust.desired_document(s, "aws"), s.get("max_session_duration", 3600)) for s in specs}
    providers = sorted(
        [
            "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com" % account.account_id,
            "arn:aws:iam::%s:saml-provider/corp" % account.account_id,
        ]
    )
    return {"roles": roles, "providers": providers}


def statuses(account, play_vars, controls=("TRUST.DECLARED", "FED.PROVIDERS")):
    params = {"trust": play_vars["iam_baseline_trust"], "identity_providers": play_vars["iam_baseline_identity_providers"]}
    return {(f["control_id"], f["resource_id"]): f["status"] for f in _engine.evaluate(trust_snapshot(account), params, only=controls)}


def test_four_steps_and_the_audit_agrees(account):
    seed(account)
    play_vars = declared(account.account_id)
    before = statuses(account, play_vars)
    assert "FAIL" in before.values() and "PASS" not in before.values()
    four_steps(account, TASKS, lambda: read(account), expected(account), play_vars=play_vars)
    after = statuses(
        account,
        play_vars,
        controls=("TRUST.DECLARED", "FED.PROVIDERS", "TRUST.WILDCARD", "TRUST.FOREIGN_ACCOUNT", "TRUST.NO_MFA", "TRUST.LONG_SESSION"),
    )
    assert after[("TRUST.LONG_SESSION", "ReadOnly")] == "PASS"  # 7200 s, declared with a reason
    failing = {k: v for k, v in after.items() if v != "PASS"}
    assert failing == {}
    assert account.client("iam").get_role(RoleName="deploy")["Role"]["Description"] == "GitHub Actions deployments"


def apply(simulator, inventory, **kwargs):
    return run_playbook("baseline.iam.apply", simulator.env(), inventory=inventory, diff=True, tags=["role_trust"], **kwargs)


def test_apply_playbook_on_two_accounts(simulator, tmp_path):
    accounts = [simulator.new_account(), simulator.new_account()]
    for account in accounts:
        seed(account)
    ids = [a.account_id for a in accounts]
    # The same variables for both accounts: provider ARNs differ per account, so declare per host.
    host_vars = {a.account_id: declared(a.account_id) for a in accounts}
    inventory = write_inventory(tmp_path / "inventory.yml", accounts, host_vars=host_vars)
    for label, check, want_change in (("check", True, True), ("apply", False, True), ("check again", True, False), ("again", False, False)):
        mark = simulator.proxy.mark()
        result = apply(simulator, inventory, check=check).assert_ok()
        assert {r["host"] for r in result.changed} == ({"acct_%s" % i for i in ids} if want_change else set()), label
        writes = [c for c in simulator.proxy.calls_since(mark) if c["account"] in ids and is_mutating(c["action"])]
        assert (writes == []) is (check or not want_change), (label, writes)
        if label == "check":
            assert all(role_trust(a, "deploy") is None for a in accounts)
    assert all(read(a) == expected(a) for a in accounts)


def test_disabled_long_session_keeps_the_duration_but_fixes_the_trust(account):
    seed(account)
    play_vars = {**declared(account.account_id), "iam_baseline_controls": {"TRUST.LONG_SESSION": {"enabled": False}}}
    run_tasks(TASKS, account.env(), play_vars=play_vars).assert_ok()
    admin = role_trust(account, "admin")
    assert admin["max_session_duration"] == 43200
    assert admin == {**expected(account)["roles"]["admin"], "max_session_duration": 43200}


def test_disabled_declared_control_changes_no_role(account):
    seed(account)
    before = read(account)
    play_vars = {
        **declared(account.account_id),
        "iam_baseline_controls": {"TRUST.DECLARED": {"enabled": False}, "FED.PROVIDERS": {"enabled": False}},
    }
    mark = account.simulator.proxy.mark()
    run_tasks(TASKS, account.env(), play_vars=play_vars).assert_ok()
    assert [c for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])] == []
    assert read(account) == before


@pytest.mark.parametrize(
    ("protected", "role", "words"),
    [(["admin"], "admin", "protected principal"), ([], "OrganizationAccountAccessRole", "came in through")],
)
def test_protected_and_caller_roles_are_refused(account, protected, role, words):
    seed(account)
    account.client("iam").create_role(RoleName="OrganizationAccountAccessRole", AssumeRolePolicyDocument=json.dumps(WILDCARD))
    before = role_trust(account, role)
    play_vars = {
        "iam_baseline_trust": {"allowed_accounts": [PARTNER], "roles": [{"name": role, "trusted_accounts": [{"account_id": PARTNER}]}]},
        "iam_baseline_protected_principals": protected,
    }
    mark = account.simulator.proxy.mark()
    result = run_tasks(TASKS, account.env(), play_vars=play_vars)
    assert result.rc != 0
    assert words in result.output
    assert [c for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])] == []
    assert role_trust(account, role) == before


@pytest.mark.parametrize(
    ("trust", "words"),
    [
        ({"roles": [{"name": "admin", "trusted_acounts": []}]}, "trusted_acounts"),
        ({"roles": [{"trusted_accounts": [{"account_id": PARTNER}]}]}, "name"),
        ({"roles": [{"name": "admin", "trusted_accounts": [{"account_id": VENDOR}]}]}, "trusted_accounts[0].external_id"),
        (
            {"max_session_duration": 100000, "roles": [{"name": "admin", "trusted_accounts": [{"account_id": PARTNER}]}]},
            "max_session_duration",
        ),
    ],
)
def test_bad_variables_change_nothing(account, trust, words):
    seed(account)
    before = read(account)
    mark = account.simulator.proxy.mark()
    result = run_tasks(TASKS, account.env(), play_vars={"iam_baseline_trust": {"allowed_accounts": [PARTNER], **trust}})
    assert result.rc != 0
    assert words in result.output
    assert [c for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])] == []
    assert read(account) == before
