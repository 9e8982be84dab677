"""The drift audit in this process, against a simulated account (through the recording proxy):
the same collectors and evaluators the module runs, without an ansible-playbook per call, for
tests that need many audits or look at the snapshot.

    result = audit(account, {"audit": {...}})          # the module's per-account result
    snapshot = snapshot_of(account)                    # the snapshot the evaluators read
"""

from ansible_collections.baseline.iam.plugins.module_utils._audit import engine as _engine
from ansible_collections.baseline.iam.plugins.module_utils._audit import run as _run
from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time
from ansible_collections.baseline.iam.plugins.module_utils._core.sessions import AccountClients

# The simulator has no Access Analyzer; a test that wants ACCT.ACCESS_ANALYZER asks for it.
NO_ANALYZER = {"require_access_analyzer": False}
# The per-user controls judged from the credential report (USER.FEDERATION too, when enabled).
REPORT_USER_CONTROLS = (
    "USER.KEY_AGE",
    "USER.KEY_UNUSED",
    "USER.TWO_ACTIVE_KEYS",
    "USER.SETUP_KEY",
    "USER.CONSOLE_UNUSED",
    "USER.CONSOLE_NO_MFA",
)


def clients_of(account):
    credentials = {
        "aws_access_key_id": account.credentials["AccessKeyId"],
        "aws_secret_access_key": account.credentials["SecretAccessKey"],
        "aws_session_token": account.credentials["SessionToken"],
    }
    return AccountClients("us-east-1", credentials, endpoint_url=account.simulator.endpoint)


def params_of(params=None):
    params = dict(params or {})
    params["audit"] = {**NO_ANALYZER, **(params.get("audit") or {})}
    return _engine.complete_params(params)


def audit(account, params=None, controls=None, exemptions=None, now=None, wait=30):
    """The audit module's result for one account: findings, summary, api_calls."""
    return _run.audit_account(clients_of(account), params_of(params), controls, exemptions, now or _time.now_iso(), wait)


def audit_with_fault(account, action, code, params=None, status=403):
    """The audit while the proxy answers `action` with the AWS error `code` in this account:
    (result, fault) - fault.hits says how often it was answered."""
    proxy = account.simulator.proxy
    fault = proxy.fail(action, code, account=account.account_id, status=status)
    try:
        return audit(account, params), fault
    finally:
        proxy.clear_faults()


def snapshot_of(account, params=None, now=None, wait=30):
    return _run.take_snapshot(clients_of(account), params_of(params), now or _time.now_iso(), wait)


def statuses(result, control_id):
    """{resource_id: status} of one control's findings."""
    return {f["resource_id"]: f["status"] for f in result["findings"] if f["control_id"] == control_id}


def finding(result, control_id, resource_id=None):
    (found,) = [f for f in result["findings"] if f["control_id"] == control_id and resource_id in (None, f["resource_id"])]
    return found
