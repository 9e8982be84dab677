"""Security Hub in the simulator, answering as AWS does where moto 5.2 does not (test support).

- GetFindings and BatchImportFindings need Security Hub enabled in the account and region
  (AWS: InvalidAccessException, HTTP 401 "not subscribed"); moto answered without it.
- GetFindings applies `Filters` (string filters EQUALS / PREFIX / NOT_EQUALS / PREFIX_NOT_EQUALS
  on top-level fields; several values of one field: positive ones OR-ed, negative ones AND-ed, as
  AWS documents); moto ignored them and returned every finding.
- BatchImportFindings refuses, per finding (FailedFindings, the others imported), a finding
  without a required field, and one whose AwsAccountId or default product is not the caller's
  account (AWS: with the default product ARN only the finding's account may import it; the error
  code here is the simulator's, AWS documents only that such a finding fails).
- An imported finding gets what Security Hub adds: ProductName "Default" / CompanyName
  "Personal" for the default product, Region, ProcessedAt, Workflow and WorkflowState NEW on
  creation, FindingProviderFields from Severity/Types when not given, Severity.Normalized and
  ProductFields aws/securityhub/*. An update keeps CreatedAt unless sent, and the Workflow.
"""

import datetime

# ASFF's required fields, as AWS documents them. Written out here rather than taken from the
# collection: the simulator also runs on its own (serve.py for molecule, the benchmark), where the
# collection is not importable, and it stands for AWS, not for the code under test.
REQUIRED = (
    "SchemaVersion",
    "Id",
    "ProductArn",
    "GeneratorId",
    "AwsAccountId",
    "Types",
    "CreatedAt",
    "UpdatedAt",
    "Severity",
    "Title",
    "Description",
    "Resources",
)
PAGE_SIZE = 100  # GetFindings' maximum MaxResults
NORMALIZED = {"INFORMATIONAL": 0, "LOW": 1, "MEDIUM": 40, "HIGH": 70, "CRITICAL": 90}


def _matches(value, conditions):
    value = value if isinstance(value, str) else ""
    positive = [c for c in conditions if c["Comparison"] in ("EQUALS", "PREFIX")]
    negative = [c for c in conditions if c["Comparison"] in ("NOT_EQUALS", "PREFIX_NOT_EQUALS")]
    tests = {
        "EQUALS": lambda c: value == c["Value"],
        "PREFIX": lambda c: value.startswith(c["Value"]),
        "NOT_EQUALS": lambda c: value != c["Value"],
        "PREFIX_NOT_EQUALS": lambda c: not value.startswith(c["Value"]),
    }
    return (not positive or any(tests[c["Comparison"]](c) for c in positive)) and all(tests[c["Comparison"]](c) for c in negative)


def filtered(findings, filters):
    return [f for f in findings if all(_matches(f.get(field), conditions) for field, conditions in (filters or {}).items())]


def _refusal(backend, finding):
    missing = [name for name in REQUIRED if not finding.get(name)]
    if missing:
        return "InvalidInput", "Finding does not adhere to Amazon Security Finding Format. data.%s is required" % missing[0]
    own = "securityhub:%s:%s:product/%s/default" % (backend.region_name, backend.account_id, backend.account_id)
    if finding["AwsAccountId"] != backend.account_id or finding["ProductArn"].split(":", 2)[-1] != own:
        return "AccessDeniedException", "Account %s may not import findings for %s under %s" % (
            backend.account_id,
            finding["AwsAccountId"],
            finding["ProductArn"],
        )
    return None


def _enrich(backend, stored, sent, created):
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    stored.update(ProductName="Default", CompanyName="Personal", Region=backend.region_name, ProcessedAt=now)
    if created:
        stored.update(Workflow={"Status": "NEW"}, WorkflowState="NEW")
    if "FindingProviderFields" not in sent and created:
        stored["FindingProviderFields"] = {"Severity": dict(sent["Severity"]), "Types": list(sent["Types"])}
    stored["Severity"] = dict(stored["Severity"], Normalized=NORMALIZED.get(stored["Severity"].get("Label"), 0))
    stored["ProductFields"] = dict(
        stored.get("ProductFields") or {},
        **{
            "aws/securityhub/FindingId": "%s/%s" % (stored["ProductArn"], stored["Id"]),
            "aws/securityhub/ProductName": "Default",
            "aws/securityhub/CompanyName": "Personal",
        },
    )


def apply():
    from moto.securityhub import models
    from moto.securityhub.exceptions import SecurityHubClientError

    def require_enabled(backend):
        if not backend.enabled:
            raise SecurityHubClientError("InvalidAccessException", "Account %s is not subscribed to AWS Security Hub" % backend.account_id)

    def get_findings(self, filters=None, sort_criteria=None, max_results=None, next_token=None):
        require_enabled(self)
        size = int(max_results or PAGE_SIZE)
        if not 1 <= size <= PAGE_SIZE:
            raise SecurityHubClientError("InvalidInputException", "MaxResults must be a number between 1 and 100")
        matching = filtered([f.data for f in list(self.findings)], filters)
        start = int(next_token or 0)
        more = start + size < len(matching)
        return matching[start : start + size], (str(start + size) if more else None)

    def batch_import_findings(self, findings):
        require_enabled(self)
        failed = []
        for sent in findings:
            refusal = _refusal(self, sent)
            if refusal:
                failed.append({"Id": sent.get("Id", ""), "ErrorCode": refusal[0], "ErrorMessage": refusal[1]})
                continue
            existing = next((f for f in self.findings if f.id == sent["Id"]), None)
            created = existing is None
            if created:
                existing = models.Finding(sent["Id"], dict(sent))
                self.findings.append(existing)
            else:
                existing.data.update({k: v for k, v in sent.items() if k != "Workflow"})
            _enrich(self, existing.data, sent, created)
        return len(failed), len(findings) - len(failed), failed

    models.SecurityHubBackend.get_findings = get_findings
    models.SecurityHubBackend.batch_import_findings = batch_import_findings
