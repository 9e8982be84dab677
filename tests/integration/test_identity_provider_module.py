"""baseline.iam.identity_provider against the simulator: four steps for SAML and OIDC, bad input."""

import pytest

from tests.support.calls import is_mutating
from tests.support.playbook import run_tasks
from tests.support.state import identity_providers
from tests.support.steps import four_steps

METADATA = '<?xml version="1.0"?><EntityDescriptor entityID="https://idp.example.com">' + "<!-- padding -->" * 70 + "</EntityDescriptor>"
NEW_METADATA = METADATA.replace("idp.example.com", "idp2.example.com")
GITHUB_URL = "https://token.actions.githubusercontent.com"
THUMB = "6938fd4d98bab03faadb97b34396831e3780aea1"


def task(**options):
    return [{"name": "provider", "baseline.iam.identity_provider": options, "register": "out"}]


def saml_arn(account, name="corp"):
    return "arn:aws:iam::%s:saml-provider/%s" % (account.account_id, name)


def oidc_arn(account):
    return "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com" % account.account_id


def test_four_steps_saml_create(account):
    results = four_steps(
        account,
        task(type="saml", name="corp", metadata_document=METADATA),
        lambda: identity_providers(account),
        {saml_arn(account): {"metadata_document": METADATA}},
    )
    predicted = results[0].result("provider")["provider"]
    assert predicted == {"type": "saml", "arn": saml_arn(account), "name": "corp", "metadata_document": METADATA}


def test_four_steps_saml_metadata_update(account):
    account.client("iam").create_saml_provider(Name="corp", SAMLMetadataDocument=METADATA)
    results = four_steps(
        account,
        task(type="saml", name="corp", metadata_document=NEW_METADATA),
        lambda: identity_providers(account),
        {saml_arn(account): {"metadata_document": NEW_METADATA}},
    )
    diff = results[0].result("provider")["diff"]
    assert diff["before"]["metadata_document"] == METADATA and diff["after"]["metadata_document"] == NEW_METADATA


def test_four_steps_oidc_create(account):
    four_steps(
        account,
        task(type="oidc", url=GITHUB_URL, client_ids=["sts.amazonaws.com"], thumbprints=[THUMB]),
        lambda: identity_providers(account),
        {oidc_arn(account): {"url": "token.actions.githubusercontent.com", "client_ids": ["sts.amazonaws.com"], "thumbprints": [THUMB]}},
    )


def test_four_steps_oidc_thumbprints(account):
    # Client id changes (AddClientIDToOpenIDConnectProvider / Remove...) are not implemented by the
    # simulator; their calls are unit-tested (tests/unit/trust/test_identity_provider.py).
    account.client("iam").create_open_id_connect_provider(Url=GITHUB_URL, ClientIDList=["sts.amazonaws.com"], ThumbprintList=["a" * 40])
    four_steps(
        account,
        task(type="oidc", url=GITHUB_URL + "/", client_ids=["sts.amazonaws.com"], thumbprints=[THUMB.upper()]),
        lambda: identity_providers(account),
        {oidc_arn(account): {"url": "token.actions.githubusercontent.com", "client_ids": ["sts.amazonaws.com"], "thumbprints": [THUMB]}},
    )


def test_options_left_out_keep_their_value(account):
    account.client("iam").create_open_id_connect_provider(Url=GITHUB_URL, ClientIDList=["sts.amazonaws.com"], ThumbprintList=[THUMB])
    before = identity_providers(account)
    mark = account.simulator.proxy.mark()
    result = run_tasks(task(type="oidc", url=GITHUB_URL), account.env()).assert_ok()
    assert not result.changed
    assert identity_providers(account) == before
    assert [c for c in account.simulator.proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])] == []


@pytest.mark.parametrize("kind", ["saml", "oidc"])
def test_four_steps_absent(account, kind):
    iam = account.client("iam")
    iam.create_saml_provider(Name="corp", SAMLMetadataDocument=METADATA)
    iam.create_open_id_connect_provider(Url=GITHUB_URL, ClientIDList=["sts.amazonaws.com"])
    keep = saml_arn(account) if kind == "oidc" else oidc_arn(account)
    options = {"type": "saml", "name": "corp"} if kind == "saml" else {"type": "oidc", "url": GITHUB_URL}
    expected = {k: v for k, v in identity_providers(account).items() if k == keep}  # the other one is left alone
    four_steps(account, task(state="absent", **options), lambda: identity_providers(account), expected)


BAD_INPUT = [
    ({"type": "saml", "metadata_document": METADATA}, "name"),
    ({"type": "saml", "name": "has space", "metadata_document": METADATA}, "name"),
    ({"type": "saml", "name": "corp"}, "metadata_document"),
    ({"type": "saml", "name": "corp", "metadata_document": "<short/>"}, "metadata_document"),
    ({"type": "saml", "name": "corp", "metadata_document": METADATA, "client_ids": ["x"]}, "client_ids"),
    ({"type": "oidc", "client_ids": ["sts.amazonaws.com"]}, "url"),
    ({"type": "oidc", "url": "http://token.actions.githubusercontent.com"}, "url"),
    ({"type": "oidc", "url": GITHUB_URL, "thumbprints": ["not-hex"]}, "thumbprints[0]"),
    ({"type": "oidc", "url": GITHUB_URL, "thumbprints": [THUMB] * 6}, "thumbprints"),
    ({"type": "oidc", "url": GITHUB_URL, "name": "corp"}, "name"),
    ({"type": "ldap"}, "type"),
]


def test_bad_input_fails_before_any_call_naming_the_field(account):
    # One playbook, one task per rejection (ignore_errors): each must fail naming its field, and
    # not one of them may reach the API.
    tasks = [
        {"name": "bad %02d" % i, "baseline.iam.identity_provider": options, "ignore_errors": True}
        for i, (options, _f) in enumerate(BAD_INPUT)
    ]
    mark = account.simulator.proxy.mark()
    result = run_tasks(tasks, account.env())
    for i, (options, field) in enumerate(BAD_INPUT):
        (record,) = result.tasks("bad %02d" % i)
        outcome = record["result"]
        assert record["status"] == "ignored", (options, outcome)  # it failed (and the play went on)
        assert field in outcome["msg"], (field, outcome["msg"])
    assert account.simulator.proxy.calls_since(mark, account.account_id) == []
    assert identity_providers(account) == {}


def test_aws_error_is_reported_with_code(account):
    proxy = account.simulator.proxy
    with proxy.failing("CreateSAMLProvider", "LimitExceeded", account=account.account_id, status=409) as fault:
        result = run_tasks(task(type="saml", name="corp", metadata_document=METADATA), account.env())
    assert fault.hits == 1 and result.rc != 0
    assert result.result("provider")["error_code"] == "LimitExceeded"
    assert identity_providers(account) == {}
