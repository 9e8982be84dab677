from ansible_collections.baseline.iam.plugins.module_utils._core.redact import REDACTED, make_diff, redact


def test_secrets_are_redacted_at_any_depth():
    value = {"user": "a", "keys": [{"id": "AKIA1", "SecretAccessKey": "s3cr3t"}], "nested": {"password": "p"}}
    out = redact(value)
    assert out["keys"][0]["SecretAccessKey"] == REDACTED
    assert out["nested"]["password"] == REDACTED
    assert out["keys"][0]["id"] == "AKIA1"
    assert "s3cr3t" not in repr(out)
    assert value["keys"][0]["SecretAccessKey"] == "s3cr3t"  # the input is left alone


def test_make_diff_none_is_empty():
    assert make_diff(None, {"a": 1}) == {"before": {}, "after": {"a": 1}}
