"""Hand-made findings for the report tests: several accounts, every status and severity, waivers
(one expired: FAIL again), an account that could not be opened, and resource names with unicode,
HTML, Markdown, XML and Jinja special characters."""

import copy

from ansible_collections.baseline.iam.plugins.module_utils._audit import catalog as _catalog
from ansible_collections.baseline.iam.plugins.module_utils._audit import findings as _findings
from ansible_collections.baseline.iam.plugins.module_utils._core import arn as _arn
from ansible_collections.baseline.iam.plugins.module_utils._reports import document as _report_document
from ansible_collections.baseline.iam.plugins.module_utils._reports import hosts as _report_hosts

from .fixed import NOW_ISO
from .snapshots import snapshot

GENERATED_AT = NOW_ISO
EVIDENCE = "2026-11-27T11:58:00Z"
PROD, DEV, SANDBOX, LOCKED = "111111111111", "222222222222", "333333333333", "444444444444"
NAMES = {PROD: "prod", DEV: "dev|test <b>", SANDBOX: "sandbox"}

# Names a real account can hold (IAM allows + = , . @ _ - in names; paths and messages carry more).
XSS_USER = '<script>alert("x")</script>'
QUOTE_USER = "Zoë & 'Ops' \"team\""
UNICODE_USER = "用户-ßø-👩‍💻"
MD_ROLE = "role|with`ticks`*and*[link](javascript:alert(1))"
JINJA_USER = "{{ 7 * 7 }}-{% raw %}"
XML_USER = "]]><x/>&amp;\x07bell"
ONCLICK_MESSAGE = 'Key "AKIA…1234" on user <img src=x onerror=alert(1)>\nsecond line'


def _snapshot(account_id):
    return snapshot(account=account_id, taken_at=EVIDENCE)


def _user(account_id, control_id, status, name, message, expected=None, actual=None, waiver=None):
    finding = _findings.new_finding(
        control_id,
        _snapshot(account_id),
        status,
        message,
        resource_type=_control_type(control_id),
        resource_id=name,
        resource_arn=_arn.user_arn("aws", account_id, name),
        expected=expected,
        actual=actual,
    )
    finding["waiver"] = waiver
    return finding


def _control_type(control_id):
    return _catalog.get(control_id)["resource_type"]


def _account(account_id, control_id, status, message, expected=None, actual=None, region="global"):
    return _findings.new_finding(control_id, _snapshot(account_id), status, message, expected=expected, actual=actual, region=region)


def _role(account_id, control_id, status, name, message, expected=None, actual=None):
    return _findings.new_finding(
        control_id,
        _snapshot(account_id),
        status,
        message,
        resource_type="AwsIamRole",
        resource_id=name,
        resource_arn=_arn.role_arn("aws", account_id, name, "/svc/"),
        expected=expected,
        actual=actual,
    )


WAIVER = {"reason": "Break-glass user <owner: sec-team>, reviewed in TICKET-42", "expires": "2027-01-31"}


def sample_findings():
    """Findings of PROD, DEV and SANDBOX as the audit would return them (all statuses, severities)."""
    prod = [
        _account(PROD, "PP.MISSING", "PASS", "Account password policy: present (baseline: present)", "present", "present"),
        _account(PROD, "PP.MIN_LENGTH", "FAIL", "Minimum password length: 8 (baseline: >= 14)", ">= 14", 8),
        _account(PROD, "PP.REUSE", "NOT_APPLICABLE", "Not required by the baseline (iam_baseline_password_policy.reuse_prevention)"),
        _account(
            PROD,
            "PP.MAX_AGE",
            "FAIL",
            "Password expiry: passwords never expire (baseline: <= 90 days)",
            "<= 90 days",
            "passwords never expire",
        ),
        _account(PROD, "ROOT.MFA", "FAIL", "The root user has no MFA device", True, False),
        _account(PROD, "ROOT.ACCESS_KEY", "PASS", "The root user has no access keys", 0, 0),
        _user(PROD, "USER.CONSOLE_NO_MFA", "FAIL", XSS_USER, "Console user without MFA", "an MFA device", "none"),
        _user(PROD, "USER.KEY_AGE", "FAIL", QUOTE_USER, ONCLICK_MESSAGE, "<= 90 days", {"slot": 1, "age_days": 412, "note": "<b>old</b>"}),
        _user(
            PROD,
            "USER.DIRECT_POLICY",
            "WAIVED",
            "breakglass",
            "Policy attached directly: AdministratorAccess",
            [],
            ["AdministratorAccess"],
            WAIVER,
        ),
        _user(
            PROD,
            "USER.FEDERATION",
            "FAIL",
            "alice@example.com",
            "IAM user with a console password (not federated)",
            "federated sign-in",
            "password",
        ),
        _account(
            PROD,
            "ACCT.ACCESS_ANALYZER",
            "ERROR",
            "Could not evaluate: unreadable analyzers (AccessDeniedException)",
            "the data could be read",
            "analyzers (AccessDeniedException)",
            "us-east-1",
        ),
    ]
    dev = [
        _account(DEV, "PP.MISSING", "FAIL", "Account password policy: absent (baseline: present)", "present", "absent"),
        _account(
            DEV,
            "PP.MIN_LENGTH",
            "FAIL",
            "Minimum password length: no password policy (baseline: >= 14)",
            ">= 14",
            "no password policy (IAM defaults apply)",
        ),
        _role(
            DEV,
            "TRUST.WILDCARD",
            "FAIL",
            MD_ROLE,
            "Trust policy allows * without a condition",
            "a restricting condition",
            {"Principal": {"AWS": "*"}},
        ),
        _role(DEV, "TRUST.LONG_SESSION", "PASS", "ci-deployer", "MaxSessionDuration 3600 <= 3600", "<= 3600", 3600),
        _user(DEV, "USER.KEY_UNUSED", "FAIL", UNICODE_USER, "Key slot 1 not used for 200 days", "<= 45 days", "200 days"),
        _user(DEV, "USER.NO_GROUP", "FAIL", JINJA_USER, "User belongs to no group", "at least one group", []),
        _user(DEV, "USER.SETUP_KEY", "FAIL", XML_USER, "Key created at setup and never used", "no unused setup key", "slot 1"),
        # An expired waiver: FAIL again, the old waiver still shown for context.
        _user(
            DEV,
            "USER.TWO_ACTIVE_KEYS",
            "FAIL",
            "deploy-bot",
            "2 active keys (waiver expired 2026-01-01)",
            1,
            2,
            {"reason": "migration", "expires": "2026-01-01"},
        ),
        _account(
            DEV,
            "ACCT.CLOUDTRAIL",
            "ERROR",
            "Could not evaluate: unreadable trails (AccessDenied)",
            "the data could be read",
            "trails (AccessDenied)",
        ),
        _account(DEV, "POL.SUPPORT_ROLE", "PASS", "Role AWSSupport has AWSSupportAccess"),
    ]
    sandbox = [
        _account(SANDBOX, "PP.MISSING", "PASS", "Account password policy: present (baseline: present)", "present", "present"),
        _account(SANDBOX, "PP.MIN_LENGTH", "PASS", "Minimum password length: 14 (baseline: >= 14)", ">= 14", 14),
        _account(SANDBOX, "ROOT.MFA", "PASS", "The root user has MFA", True, True),
        _user(
            SANDBOX, "USER.CONSOLE_UNUSED", "WAIVED", "lab-user", "Console password not used for 90 days", "<= 45 days", "90 days", WAIVER
        ),
        _account(SANDBOX, "ACCT.EC2_INSTANCE_ROLE", "NOT_APPLICABLE", "No running instances in us-east-1", region="us-east-1"),
    ]
    for f in prod + dev + sandbox:
        f["evidence_time"] = EVIDENCE
    return prod + dev + sandbox


SESSION_ERROR = {
    "code": "AccessDenied",
    "message": "User: arn:aws:sts::999999999999:assumed-role/automation/run is not authorized to perform: sts:AssumeRole",
    "role_arn": "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % LOCKED,
}


def locked_finding():
    return _report_hosts.session_error_finding(SESSION_ERROR, when=GENERATED_AT)


def sample_accounts():
    accounts = [_report_document.new_account(a, NAMES[a]) for a in (PROD, DEV, SANDBOX)]
    return accounts + [_report_document.new_account(LOCKED, "locked", "not_audited")]


def sample_document():
    """The current run: three audited accounts and one that could not be opened."""
    return _report_document.build(sample_findings() + [locked_finding()], sample_accounts(), GENERATED_AT)


def _by(findings, control_id, account_id):
    (found,) = [f for f in findings if f["control_id"] == control_id and f["account_id"] == account_id]
    return found


def previous_document():
    """The run before: ROOT.MFA on PROD was already failing, PP.MIN_LENGTH on PROD passed (so it is
    new now), POL.ADMIN_STAR failed on SANDBOX (gone now: fixed), PP.MISSING failed on SANDBOX (PASS
    now: fixed), a FAIL on LOCKED (gone, but LOCKED was not audited now: not fixed)."""
    findings = copy.deepcopy(sample_findings())
    _by(findings, "PP.MIN_LENGTH", PROD)["status"] = "PASS"
    _by(findings, "PP.MISSING", SANDBOX)["status"] = "FAIL"
    gone = _findings.new_finding(
        "POL.ADMIN_STAR",
        _snapshot(SANDBOX),
        "FAIL",
        "Policy allows * on *",
        resource_type="AwsIamPolicy",
        resource_id="old-admin",
        resource_arn=_arn.policy_arn("aws", SANDBOX, "old-admin"),
    )
    locked = _findings.new_finding("PP.MISSING", _snapshot(LOCKED), "FAIL", "Account password policy: absent")
    accounts = sample_accounts()[:3] + [_report_document.new_account(LOCKED, "locked")]
    return _report_document.build(findings + [gone, locked], accounts, "2026-11-20T12:00:00Z")
