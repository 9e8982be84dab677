"""The IAM policy documents shipped in files/policies: valid IAM JSON, real actions, the read-only
one without writes, and every AWS operation the collection's code calls allowed by one of them."""

import json
import re
from pathlib import Path

import boto3
import pytest

from tests.support.calls import is_mutating

REPO = Path(__file__).resolve().parents[3]
POLICIES = REPO / "files" / "policies"
NAMES = (
    "baseline-iam-readonly.json",
    "baseline-iam-apply.json",
    "baseline-iam-inventory.json",
    "baseline-iam-hub.json",
    "baseline-iam-securityhub.json",
    "baseline-iam-organization.json",
    "baseline-iam-organization-readonly.json",
    "baseline-iam-results.json",
)
# IAM action prefix -> botocore service name
SERVICES = {
    "iam": "iam",
    "sts": "sts",
    "cloudtrail": "cloudtrail",
    "ec2": "ec2",
    "access-analyzer": "accessanalyzer",
    "organizations": "organizations",
    "secretsmanager": "secretsmanager",
    "securityhub": "securityhub",
    "sso": "sso-admin",
    "identitystore": "identitystore",
    "s3": "s3",
    "kms": "kms",
}
# IAM actions whose name is not an API operation's, and the operations that need them (AWS Service
# Authorization Reference, Amazon S3: HeadBucket and ListObjectsV2 are authorized by s3:ListBucket).
PERMISSION_OF = {"s3:HeadBucket": "s3:ListBucket", "s3:ListObjectsV2": "s3:ListBucket", "s3:ListObjects": "s3:ListBucket"}
IAM_ONLY_ACTIONS = set(PERMISSION_OF.values())
MANAGED_POLICY_MAX_CHARS = 6144  # IAM's limit for a customer managed policy, whitespace excluded


def load(name):
    return json.loads((POLICIES / name).read_text())


def actions(document):
    return {a for s in document["Statement"] for a in s["Action"]}


def operations(service):
    client = boto3.client(service, region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    return client.meta.method_to_api_mapping


@pytest.mark.parametrize("name", NAMES)
def test_valid_iam_policy_document(name):
    document = load(name)
    assert set(document) == {"Version", "Statement"}
    assert (POLICIES / name).read_text() == json.dumps(document, indent=2) + "\n"  # one layout
    assert document["Version"] == "2012-10-17"
    sids = [s["Sid"] for s in document["Statement"]]
    assert len(sids) == len(set(sids)) and all(re.match(r"^[A-Za-z0-9]+$", s) for s in sids)
    for statement in document["Statement"]:
        assert statement["Effect"] == "Allow"
        assert statement["Resource"]
        assert set(statement) <= {"Sid", "Effect", "Action", "Resource", "Condition"}
        assert statement["Action"] == sorted(statement["Action"]), statement["Sid"]
        for action in statement["Action"]:
            prefix, _sep, operation = action.partition(":")
            assert prefix in SERVICES, action
            assert "*" not in operation, "no wildcard actions: %s" % action
            assert action in IAM_ONLY_ACTIONS or operation in operations(SERVICES[prefix]).values(), "not an API operation: %s" % action
    assert len(json.dumps(document, separators=(",", ":"))) <= MANAGED_POLICY_MAX_CHARS


def test_read_only_policies_have_no_write():
    for document in (load("baseline-iam-readonly.json"), load("baseline-iam-inventory.json"), load("baseline-iam-hub.json")):
        writes = [a for a in actions(document) if is_mutating(a.split(":", 1)[1])]
        assert writes == []


def _called_operations():
    """service:Operation for every boto3 method name that appears in plugins/ (calls, paginators)."""
    words = set()
    for path in (REPO / "plugins").rglob("*.py"):
        words |= set(re.findall(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b", path.read_text()))
    found = {}
    for prefix, service in SERVICES.items():
        mapping = operations(service)
        for word in words & set(mapping):
            operation = "%s:%s" % (prefix, mapping[word])
            found.setdefault(word, set()).add(PERMISSION_OF.get(operation, operation))
    return found


def test_every_operation_the_code_calls_is_allowed():
    allowed = set().union(*(actions(load(name)) for name in NAMES))
    # Words that are API names in one of these services but are not calls of that service here.
    # (list_accounts, tag_resource and list_tags_for_resource are real calls since issue 16: the
    # organization's accounts, and the tags of a permission set.)
    not_calls = {"describe_account", "create_account", "get_paginator"}
    # _groups/aws.py's wrapper names (they call iam attach/detach_group_policy, which are checked);
    # access_keys.py's create_key method (it calls iam create_access_key, which is checked).
    not_calls |= {"attach_policy", "detach_policy", "create_key"}
    missing = {word: ops for word, ops in _called_operations().items() if word not in not_calls and not ops & allowed}
    assert missing == {}
    # The words above are allowed where they are real calls (organizations tags, secrets tags).
    assert {"organizations:ListTagsForResource", "secretsmanager:TagResource"} <= allowed


def test_the_audit_readers_need_only_the_read_only_policy():
    read_only = actions(load("baseline-iam-readonly.json"))
    readers = (
        "_audit/collect.py",
        "_audit/collect_regional.py",
        "_audit/credential_report_fetch.py",
        "_audit/run.py",
        "_core/caller.py",
        "_baseline/export.py",
    )
    words = set()
    for name in readers:
        words |= set(re.findall(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b", (REPO / "plugins/module_utils" / name).read_text()))
    words |= {"get_account_password_policy", "get_caller_identity"}  # through _password_policy/aws.py, _core/caller.py
    needed = set()
    for prefix, service in SERVICES.items():
        mapping = operations(service)
        if prefix in ("organizations", "secretsmanager"):
            continue
        needed |= {"%s:%s" % (prefix, mapping[w]) for w in words & set(mapping)}
    assert needed - read_only == set()
    assert {"iam:GetAccountAuthorizationDetails", "iam:GetCredentialReport", "cloudtrail:GetTrailStatus"} <= needed


def test_the_results_store_policy_allows_what_the_store_calls_and_sse_kms_needs():
    """The results store (issue 15) calls HeadBucket, ListObjectsV2, PutObject and GetObject on its
    bucket; with kms_key_id, S3 asks KMS for GenerateDataKey on write and Decrypt on read, with the
    caller's permissions (AWS: "Specifying server-side encryption with AWS KMS")."""
    results = load("baseline-iam-results.json")
    store_calls = {w: ops for w, ops in _called_operations().items() if next(iter(ops)).startswith("s3:")}
    assert set(store_calls) == {"head_bucket", "list_objects_v2", "put_object", "get_object"}
    assert set().union(*store_calls.values()) == {"s3:ListBucket", "s3:PutObject", "s3:GetObject"} <= actions(results)
    assert {"kms:GenerateDataKey", "kms:Decrypt"} <= actions(results)
    (key,) = [s for s in results["Statement"] if s["Sid"] == "BaselineIamResultsKey"]
    assert key["Condition"] == {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}}  # only through S3
    objects = next(s for s in results["Statement"] if "s3:PutObject" in s["Action"])
    assert objects["Resource"].endswith("/drift/*")  # the prefix only, not the whole bucket


def test_the_security_hub_push_needs_only_its_policy():
    """What _securityhub calls (an import and a read) is what baseline-iam-securityhub.json allows,
    no more: imports only under an account's own default product."""
    words = set()
    for path in (REPO / "plugins/module_utils/_securityhub").glob("*.py"):
        words |= set(re.findall(r"\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b", path.read_text()))
    mapping = operations("securityhub")
    needed = {"securityhub:%s" % mapping[w] for w in words & set(mapping)}
    document = load("baseline-iam-securityhub.json")
    assert needed == actions(document) == {"securityhub:BatchImportFindings", "securityhub:GetFindings"}
    [imports] = [s for s in document["Statement"] if "securityhub:BatchImportFindings" in s["Action"]]
    assert imports["Resource"].endswith(":product/*/default")
