"""baseline.iam.role_trust against the simulator: state read back from the API, call counts from
the recording proxy."""

import json

import pytest

from tests.support.calls import is_mutating
from tests.support.playbook import run_tasks
from tests.support.state import expected_trust
from tests.support.state import role_trust as read_role
from tests.support.steps import four_steps

PARTNER = "111122223333"  # an account of the organization (allowed)
VENDOR = "999988887777"  # outside the organization
WILDCARD = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}
MFA_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::%s:root" % PARTNER},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
        }
    ],
}
EC2 = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}


def task(**options):
    options.setdefault("allowed_accounts", [PARTNER])
    return [{"name": "role trust", "baseline.iam.role_trust": options, "register": "out"}]


def create_role(account, name, document=None, max_session=43200, path="/"):
    document = document or WILDCARD
    account.client("iam").create_role(
        RoleName=name, Path=path, AssumeRolePolicyDocument=json.dumps(document), MaxSessionDuration=max_session
    )


def test_four_steps_fix_a_wildcard_trust_and_a_long_session(account):
    create_role(account, "admin")
    spec = {"name": "admin", "trusted_accounts": [{"account_id": PARTNER, "require_mfa": True}], "max_session_duration": 3600}
    results = four_steps(account, task(**spec), lambda: read_role(account, "admin"), expected_trust(MFA_TRUST, 3600))
    check = results[0].result("role trust")
    assert check["role"]["trust_policy"] == MFA_TRUST  # the prediction
    assert check["diff"]["before"]["trust_policy"] == WILDCARD
    assert check["diff"]["before"]["max_session_duration"] == 43200
    assert check["diff"]["after"]["max_session_duration"] == 3600
    final = results[3].result("role trust")["role"]
    assert final["arn"] == "arn:aws:iam::%s:role/admin" % account.account_id and final["path"] == "/"


def test_four_steps_create_with_description_and_tags(account):
    spec = {"name": "ci", "create": True, "services": ["ec2.amazonaws.com"], "description": "CI runners", "tags": {"team": "platform"}}
    results = four_steps(account, task(**spec), lambda: read_role(account, "ci"), expected_trust(EC2, 3600))
    predicted = results[0].result("role trust")["role"]
    assert predicted["arn"] == "arn:aws:iam::%s:role/ci" % account.account_id
    role = account.client("iam").get_role(RoleName="ci")["Role"]
    assert role["Description"] == "CI runners"
    assert role["Tags"] == [{"Key": "team", "Value": "platform"}]


def test_four_steps_raw_document_as_json_text(account):
    create_role(account, "legacy", max_session=3600)
    four_steps(account, task(name="legacy", document=json.dumps(EC2)), lambda: read_role(account, "legacy"), expected_trust(EC2, 3600))


def test_four_steps_session_length_only_keeps_the_trust(account):
    create_role(account, "long", document=EC2)
    four_steps(account, task(name="long", max_session_duration=7200), lambda: read_role(account, "long"), expected_trust(EC2, 7200))


def test_semantically_equal_trust_is_no_change(account):
    # AWS may store a bare account id, lists for single values and a JSON boolean: same access.
    stored = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Action": ["sts:AssumeRole"],
                "Effect": "Allow",
                "Principal": {"AWS": [PARTNER]},
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": True}},
            }
        ],
    }
    create_role(account, "same", document=stored, max_session=3600)
    mark = account.simulator.proxy.mark()
    result = run_tasks(
        task(name="same", trusted_accounts=[{"account_id": PARTNER, "require_mfa": True}]), account.env(), diff=True
    ).assert_ok()
    assert not result.changed
    assert [c["action"] for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])] == []


def test_principal_star_and_aws_star_are_the_same_trust(account):
    # Issue 13: IAM treats "Principal": "*" as {"AWS": "*"}; Sids and value order grant nothing.
    org = {"StringEquals": {"aws:PrincipalOrgID": ["o-abc123def4"]}}
    stored = {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "OrgOnly", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole", "Condition": org}],
    }
    declared = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["sts:AssumeRole"],
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123def4"}},
            }
        ],
    }
    create_role(account, "org-wide", document=stored, max_session=3600)
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(name="org-wide", document=declared, organization_id="o-abc123def4"), account.env(), diff=True).assert_ok()
    assert not result.changed
    assert [c["action"] for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])] == []
    assert json.loads(json.dumps(account.client("iam").get_role(RoleName="org-wide")["Role"]["AssumeRolePolicyDocument"])) == stored


def test_third_party_with_external_id_and_github_oidc(account):
    provider = "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com" % account.account_id
    create_role(account, "mixed")
    spec = {
        "name": "mixed",
        "trusted_accounts": [{"account_id": VENDOR, "external_id": "vendor-7f3a"}],
        "oidc_provider": {"arn": provider, "audience": "sts.amazonaws.com", "subjects": ["repo:my-org/my-app:ref:refs/heads/main"]},
    }
    run_tasks(task(**spec), account.env()).assert_ok()
    statements = read_role(account, "mixed")["trust"]["Statement"]
    conditions = [s.get("Condition") for s in statements]
    assert {"StringEquals": {"sts:externalid": ["vendor-7f3a"]}} in conditions
    assert {
        "StringEquals": {
            "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"],
            "token.actions.githubusercontent.com:sub": ["repo:my-org/my-app:ref:refs/heads/main"],
        }
    } in conditions


GITHUB = "arn:aws:iam::210000000000:oidc-provider/token.actions.githubusercontent.com"
BIG = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": ["arn:aws:iam::%s:role/role-%03d-with-a-long-name" % (PARTNER, i) for i in range(60)]},
            "Action": "sts:AssumeRole",
        }
    ],
}

# One row per rejection of the module: (options, the field its message must name).
BAD_INPUT = [
    ({"document": WILDCARD}, "document"),
    ({"document": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}}, "document"),
    (
        {
            "document": {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "sts:AssumeRole",
                        "Condition": {"StringLike": {"aws:PrincipalOrgID": "*"}},
                    }
                ]
            }
        },
        "document",
    ),
    (
        {
            "document": {
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Federated": GITHUB},
                        "Action": "sts:AssumeRoleWithWebIdentity",
                        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}},
                    }
                ]
            }
        },
        "document",
    ),
    ({"oidc_provider": {"arn": GITHUB, "audience": "sts.amazonaws.com", "subjects": []}}, "oidc_provider.subjects"),
    ({"oidc_provider": {"arn": GITHUB, "audience": "sts.amazonaws.com", "subjects": ["repo:my-org/*"]}}, "oidc_provider.subjects[0]"),
    ({"oidc_provider": {"arn": GITHUB, "audience": "sts.amazonaws.com"}}, "subjects"),
    ({"trusted_accounts": [{"account_id": VENDOR}]}, "trusted_accounts[0].external_id"),
    # One character that is not in the message: external_id is no_log (issue 13), and Ansible masks
    # a no_log value wherever it appears in the output - "x" would mask the field's own name.
    ({"trusted_accounts": [{"account_id": VENDOR, "external_id": "Q"}]}, "trusted_accounts[0].external_id"),
    ({"trusted_accounts": [{"account_id": VENDOR, "external_id": "no spaces allowed"}]}, "trusted_accounts[0].external_id"),
    ({"trusted_accounts": [{"account_id": VENDOR, "external_id": "x" * 1225}]}, "trusted_accounts[0].external_id"),
    ({"services": ["ec2.amazonaws.com"], "max_session_duration": 3599}, "max_session_duration"),
    ({"services": ["ec2.amazonaws.com"], "max_session_duration": 43201}, "max_session_duration"),
    ({"document": BIG}, "document"),
    ({"document": EC2, "services": ["ec2.amazonaws.com"]}, "document"),
    ({"create": True}, "create"),
    (
        {"trusted_accounts": [{"account_id": PARTNER, "principals": ["arn:aws:iam::%s:role/x" % VENDOR]}]},
        "trusted_accounts[0].principals[0]",
    ),
]


def test_bad_input_fails_before_any_call_naming_the_field(account):
    # One playbook, one task per rejection (ignore_errors): each must fail naming its field, and
    # not one of them may reach the API (not even a read).
    create_role(account, "target")
    before = read_role(account, "target")
    tasks = [
        {
            "name": "bad %02d" % i,
            "baseline.iam.role_trust": {"name": "target", "allowed_accounts": [PARTNER], **options},
            "ignore_errors": True,
        }
        for i, (options, _field) in enumerate(BAD_INPUT)
    ]
    mark = account.simulator.proxy.mark()
    result = run_tasks(tasks, account.env())
    for i, (options, field) in enumerate(BAD_INPUT):
        (record,) = result.tasks("bad %02d" % i)
        outcome = record["result"]
        assert record["status"] == "ignored", (options, outcome)  # it failed (and the play went on)
        assert field in outcome["msg"], (field, outcome["msg"])
    assert account.simulator.proxy.calls_since(mark, account.account_id) == []
    assert read_role(account, "target") == before


# Safety: roles this collection must never change ------------------------------------------------


def refused(account, name, check=False, **options):
    before = read_role(account, name)
    mark = account.simulator.proxy.mark()
    result = run_tasks(
        task(name=name, trusted_accounts=[{"account_id": PARTNER}], max_session_duration=3600, **options), account.env(), check=check
    )
    writes = [c["action"] for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])]
    assert result.rc != 0
    assert writes == []
    assert read_role(account, name) == before
    return result.result("role trust")["msg"]


@pytest.mark.parametrize("path", ["/aws-service-role/support.amazonaws.com/", "/aws-reserved/sso.amazonaws.com/eu-west-1/"])
@pytest.mark.parametrize("check", [False, True])
def test_aws_managed_roles_are_never_changed(account, path, check):
    create_role(account, "AWSServiceRoleForSupport", path=path)
    message = refused(account, "AWSServiceRoleForSupport", check=check)
    assert "AWS-managed" in message and path in message


def test_the_role_the_run_came_in_through_is_never_changed(account):
    # account.env() holds a session of OrganizationAccountAccessRole in this account.
    create_role(account, "OrganizationAccountAccessRole")
    message = refused(account, "OrganizationAccountAccessRole")
    assert "came in through" in message
    # IAM role names are case-insensitive: another spelling is the same role.
    assert "came in through" in refused(account, "organizationaccountaccessrole")


@pytest.mark.parametrize("pattern", ["BreakGlass*", "arn:aws:iam::*:role/BreakGlass*"])
def test_protected_principals_are_never_changed(account, pattern):
    create_role(account, "BreakGlassAdmin")
    message = refused(account, "BreakGlassAdmin", protected_principals=[pattern])
    assert pattern in message


@pytest.mark.parametrize("pattern", ["BreakGlass*", "arn:aws:iam::*:role/BreakGlass*"])
def test_protected_name_is_not_created_either(account, pattern):
    message = refused(account, "BreakGlassNew", create=True, protected_principals=[pattern])
    assert pattern in message
    assert read_role(account, "BreakGlassNew") is None


def test_missing_role_without_create_fails_naming_it(account):
    result = run_tasks(task(name="nope", services=["ec2.amazonaws.com"]), account.env())
    assert result.rc != 0
    assert "name" in result.result("role trust")["msg"] and "create" in result.result("role trust")["msg"]
    assert account.mutating_calls() == []


def test_aws_error_is_reported_with_code_and_changes_nothing(account):
    create_role(account, "denied")
    before = read_role(account, "denied")
    proxy = account.simulator.proxy
    with proxy.failing("UpdateAssumeRolePolicy", "AccessDenied", account=account.account_id, status=403) as fault:
        result = run_tasks(task(name="denied", services=["ec2.amazonaws.com"]), account.env())
    assert fault.hits == 1
    assert result.rc != 0
    out = result.result("role trust")
    assert out["error_code"] == "AccessDenied" and "denied" in out["msg"]
    assert read_role(account, "denied") == before


ANCHOR = "arn:aws:rolesanywhere:eu-west-1:%s:trust-anchor/0c8e5a8a-1234-4f6e-9d0e-1a2b3c4d5e6f"


def test_four_steps_roles_anywhere_pins_the_trust_anchor_and_the_certificate(account):
    """A role an on-premises workload used with any certificate (rolesanywhere without conditions)
    gets the trust AWS documents: this trust anchor, this certificate subject and issuer."""
    anchor = ANCHOR % account.account_id
    statement = {"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}
    open_trust = {"Version": "2012-10-17", "Statement": [statement]}
    create_role(account, "backup", open_trust, max_session=3600)
    spec = {
        "name": "backup",
        "roles_anywhere": {"trust_anchor_arn": anchor, "subject": {"CN": "backup.example.com"}, "issuer": {"O": "Example"}},
    }
    pinned = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "rolesanywhere.amazonaws.com"},
                "Action": ["sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"],
                "Condition": {
                    "ArnEquals": {"aws:SourceArn": anchor},
                    "StringEquals": {"aws:PrincipalTag/x509Subject/CN": "backup.example.com", "aws:PrincipalTag/x509Issuer/O": "Example"},
                },
            }
        ],
    }
    four_steps(account, task(**spec), lambda: read_role(account, "backup"), expected_trust(pinned, 3600))


def test_a_roles_anywhere_trust_without_pins_is_refused_before_any_call(account):
    create_role(account, "backup2", EC2, max_session=3600)
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(name="backup2", roles_anywhere={"trust_anchor_arn": ANCHOR % account.account_id}), account.env())
    assert result.rc != 0 and result.result("role trust")["invalid_field"] == "roles_anywhere.subject"
    assert account.simulator.proxy.calls_since(mark, account.account_id) == []


def test_the_external_id_is_never_shown_only_its_fingerprint(account):
    # Issue 13: an ExternalId is a secret shared with the vendor. The result, the diff and -vvv
    # output (module arguments included) show a fingerprint; IAM keeps the value.
    from ansible_collections.baseline.iam.plugins.module_utils._core.mask import masked

    secret = "vendor-7f3a-Shared-Secret"
    create_role(account, "vendor-audit", EC2)
    spec = {"name": "vendor-audit", "trusted_accounts": [{"account_id": VENDOR, "external_id": secret}]}
    for check in (True, False):
        result = run_tasks(task(**spec), account.env(), check=check, diff=True, extra_args=("-vvv",)).assert_ok()
        out = result.result("role trust")
        assert result.changed
        shown = result.output + result.stderr + json.dumps(result.records)
        assert secret not in shown
        assert masked(secret) in json.dumps(out["role"]) and masked(secret) in json.dumps(out["diff"]["after"])
    conditions = [s.get("Condition") for s in read_role(account, "vendor-audit")["trust"]["Statement"]]
    assert {"StringEquals": {"sts:externalid": [secret]}} in conditions
    assert not run_tasks(task(**spec), account.env()).assert_ok().changed
