import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._trust import identity_provider as idp

METADATA = "<md>" + "x" * 1000 + "</md>"


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"type": "saml", "metadata_document": METADATA}, "name", "is required for a SAML provider"),
        ({"type": "saml", "name": "bad name", "metadata_document": METADATA}, "name", "1 to 128 letters"),
        ({"type": "saml", "name": "corp"}, "metadata_document", "is required"),
        ({"type": "saml", "name": "corp", "metadata_document": "<md/>"}, "metadata_document", "characters long, got 5"),
        ({"type": "saml", "name": "corp", "metadata_document": METADATA, "url": "https://x"}, "url", "is only for type oidc"),
        ({"type": "oidc"}, "url", "is required for an OIDC provider"),
        ({"type": "oidc", "url": "http://insecure.example.com"}, "url", "https:// URL"),
        ({"type": "oidc", "url": "https://x.example.com/?a=b"}, "url", "without query"),
        ({"type": "oidc", "url": "https://x.example.com", "thumbprints": ["abc"]}, "thumbprints[0]", "40 hex digits"),
        ({"type": "oidc", "url": "https://x.example.com", "thumbprints": ["a" * 40] * 6}, "thumbprints", "at most 5"),
        ({"type": "oidc", "url": "https://x.example.com", "client_ids": [""]}, "client_ids[0]", "1 to 255 characters"),
        ({"type": "oidc", "url": "https://x.example.com", "name": "corp"}, "name", "is only for type saml"),
        ({"type": "ldap"}, "type", "must be saml or oidc"),
    ],
)
def test_validate_names_the_field(params, field, words):
    params = {"state": "present", **params}
    with pytest.raises(InputError) as raised:
        idp.validate(params)
    assert raised.value.field == field
    assert words in raised.value.problem, raised.value.problem


def test_absent_saml_needs_only_the_name():
    assert idp.validate({"type": "saml", "name": "corp", "state": "absent"}) is None


def test_url_key_and_arn():
    assert idp.url_key("https://Token.Actions.GithubUserContent.com/") == "token.actions.githubusercontent.com"
    assert idp.url_key("https://example.com/Tenant/v2/") == "example.com/Tenant/v2"
    spec = {"type": "oidc", "url": "https://example.com/t/"}
    assert idp.provider_arn("aws-cn", "111122223333", spec) == "arn:aws-cn:iam::111122223333:oidc-provider/example.com/t"
    assert idp.matches(spec, "arn:aws-cn:iam::111122223333:oidc-provider/example.com/t")
    assert not idp.matches(spec, "arn:aws-cn:iam::111122223333:oidc-provider/example.com/t2")
    assert idp.matches({"type": "saml", "name": "corp"}, "arn:aws:iam::1:saml-provider/corp")


def test_desired_keeps_what_is_left_out():
    current = idp.oidc_view("arn:x", "example.com", ["b", "a"], ["F" * 40])
    assert current["client_ids"] == ["a", "b"] and current["thumbprints"] == ["f" * 40]
    wanted = idp.desired(current, {"type": "oidc", "url": "https://example.com", "client_ids": ["c"], "thumbprints": None}, "arn:x")
    assert wanted["client_ids"] == ["c"] and wanted["thumbprints"] == ["f" * 40]
    assert idp.differences(current, wanted) == ["client_ids"]


class RecordingClient:
    """Stands in for an IAM client: records the write calls identity_provider would make."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, action):
        return lambda **arguments: self.calls.append((action, arguments))


def test_oidc_update_calls_add_remove_and_thumbprints():
    from ansible_collections.baseline.iam.plugins.modules.identity_provider import write_provider

    before = idp.oidc_view("arn:p", "example.com", ["keep", "old"], ["a" * 40])
    after = idp.oidc_view("arn:p", "example.com", ["keep", "new"], ["b" * 40])
    client = RecordingClient()
    write_provider(client, before, after)
    assert client.calls == [
        ("add_client_id_to_open_id_connect_provider", {"OpenIDConnectProviderArn": "arn:p", "ClientID": "new"}),
        ("remove_client_id_from_open_id_connect_provider", {"OpenIDConnectProviderArn": "arn:p", "ClientID": "old"}),
        ("update_open_id_connect_provider_thumbprint", {"OpenIDConnectProviderArn": "arn:p", "ThumbprintList": ["b" * 40]}),
    ]


def test_oidc_update_of_client_ids_only_leaves_thumbprints():
    from ansible_collections.baseline.iam.plugins.modules.identity_provider import write_provider

    before = idp.oidc_view("arn:p", "example.com", ["a"], ["a" * 40])
    client = RecordingClient()
    write_provider(client, before, {**before, "client_ids": ["a", "b"]})
    assert [c[0] for c in client.calls] == ["add_client_id_to_open_id_connect_provider"]
