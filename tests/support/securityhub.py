"""Security Hub test data and state: ASFF findings of a run as the report role writes them, and
the findings an account's Security Hub holds, read back with GetFindings."""

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._audit import findings as _findings
from ansible_collections.baseline.iam.plugins.module_utils._core import arn as _arn
from ansible_collections.baseline.iam.plugins.module_utils._reports import asff as _asff

from .fixed import NOW_ISO
from .snapshots import snapshot

REGION = "us-east-1"


def finding(account_id, control_id, status, user=None, taken_at=NOW_ISO):
    """One baseline finding: of the account, or of IAM user `user`."""
    taken = snapshot(account=account_id, taken_at=taken_at)
    if user is None:
        return _findings.new_finding(control_id, taken, status, "%s %s" % (control_id, status))
    return _findings.new_finding(
        control_id,
        taken,
        status,
        "%s %s on %s" % (control_id, status, user),
        resource_type=_catalog.get(control_id)["resource_type"],
        resource_id=user,
        resource_arn=_arn.user_arn("aws", account_id, user),
    )


def run(account_id, results, generated_at=NOW_ISO):
    """The ASFF findings of a run: results = [(control_id, status, user or None), ...]."""
    return [_asff.asff_finding(finding(account_id, *r, taken_at=generated_at), generated_at, REGION) for r in results]


def enable(account, region=REGION):
    account.client("securityhub", region).enable_security_hub(EnableDefaultStandards=False)


def hub_findings(account, region=REGION, record_state=None):
    """{Id: finding} of what the account's Security Hub holds (optionally one RecordState)."""
    client = account.client("securityhub", region)
    pages = client.get_paginator("get_findings").paginate()
    found = [f for page in pages for f in page["Findings"]]
    return {f["Id"]: f for f in found if record_state in (None, f.get("RecordState"))}
