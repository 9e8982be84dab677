"""_core/mask.py: sts:ExternalId values are never shown, a short fingerprint is (DESIGN §8.5)."""

import hashlib
import json

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._core.mask import external_ids, fingerprint, mask_external_ids, masked

SECRET = "vendor-7f3a-Shared-Secret"
OTHER = "second/secret+value=2"
MASKED = "<masked sha256:%s>" % hashlib.sha256(SECRET.encode()).hexdigest()[:8]


def trust(external_id):
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::999988887777:root"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"sts:ExternalId": external_id}},
            }
        ],
    }


def test_the_fingerprint_is_the_start_of_the_sha256():
    assert masked(SECRET) == MASKED
    assert fingerprint(SECRET) == MASKED[len("<masked sha256:") : -1]
    assert masked(MASKED) == MASKED  # masking twice changes nothing
    assert masked(OTHER) != MASKED


@pytest.mark.parametrize(
    "shown",
    [
        trust(SECRET),  # a document as data
        trust([SECRET, OTHER]),  # several values
        {"StringEquals": {"STS:EXTERNALID": SECRET}},  # keys are case-insensitive in IAM
        json.dumps(trust(SECRET)),  # a document as JSON text (findings' actual)
        json.dumps(trust(SECRET), indent=2),
        json.dumps(trust([SECRET, OTHER]), separators=(",", ":")),
        str(trust(SECRET)),  # Python repr text
        {"before": {"trust_policy": trust(OTHER)}, "after": {"trust_policy": trust(SECRET)}},  # a diff
        [{"actual": json.dumps(trust(SECRET)), "message": "Role vendor: trusts 999988887777 held to %s" % SECRET}],
    ],
)
def test_no_value_survives_and_the_fingerprint_is_there(shown):
    result = mask_external_ids(shown)
    text = json.dumps(result)
    assert SECRET not in text and OTHER not in text
    assert MASKED in text
    assert mask_external_ids(result) == result  # idempotent


def test_structure_and_everything_else_are_kept():
    result = mask_external_ids(trust(SECRET))
    expected = trust(MASKED)
    assert result == expected
    assert json.loads(mask_external_ids(json.dumps(trust(SECRET)))) == expected


def test_a_value_found_in_a_document_is_masked_in_the_message_too():
    finding = {"message": "the role requires ExternalId %s" % SECRET, "actual": json.dumps(trust(SECRET)), "expected": None}
    result = mask_external_ids(finding)
    assert result["message"] == "the role requires ExternalId %s" % MASKED
    assert result["expected"] is None


def test_values_given_are_masked_in_any_text():
    assert mask_external_ids({"msg": "bad value %r" % OTHER}, also=[OTHER]) == {"msg": "bad value '%s'" % masked(OTHER)}


def test_nothing_to_mask_is_left_alone():
    document = {"Statement": [{"Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}}]}
    assert mask_external_ids(document) == document
    assert mask_external_ids("plain text") == "plain text"
    assert mask_external_ids(None) is None and mask_external_ids(3) == 3
    assert external_ids(trust([SECRET, OTHER])) == [SECRET, OTHER]


# Where the masking is applied: once in every finding (so every report format and the results
# store get masked text), and in every module's --diff (make_diff).


def test_findings_are_masked_when_they_are_made():
    from ansible_collections.baseline.iam.plugins.module_utils._audit.findings import new_finding

    snapshot = {"account_id": "111122223333", "partition": "aws", "taken_at": "2026-01-01T00:00:00+00:00"}
    message = "Role vendor: Statement[0] trusts * held only to ExternalId %s" % SECRET
    finding = new_finding("TRUST.WILDCARD", snapshot, "FAIL", message, actual=json.dumps(trust(SECRET)), expected=trust(OTHER))
    text = json.dumps(finding)
    assert SECRET not in text and OTHER not in text
    assert finding["message"].endswith(MASKED)
    assert json.loads(finding["actual"]) == trust(MASKED)
    assert finding["expected"] == trust(masked(OTHER))


def test_diffs_are_masked():
    from ansible_collections.baseline.iam.plugins.module_utils._core.redact import REDACTED, make_diff

    diff = make_diff({"trust_policy": trust(OTHER)}, {"trust_policy": trust(SECRET), "password": "hunter2"})
    assert diff == {"before": {"trust_policy": trust(masked(OTHER))}, "after": {"trust_policy": trust(MASKED), "password": REDACTED}}
