# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drift audit of one account, or of many concurrently: snapshot -> evaluators -> findings.

Per account: one sts:GetCallerIdentity, the IAM sources (_collect), the regional sources
(_collect_regional), then the pure evaluation (_engine). Accounts are isolated: one that cannot be
opened yields a single ACCT.ACCESS ERROR finding and the others go on.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from .._core import arn as _arn
from .._core.caller import current_caller
from .._core.errors import AWS_ERRORS, error_code, error_message
from . import engine as _engine
from . import findings as _findings
from . import snapshot as _snapshot
from .collect import collect_iam
from .collect_organization import take_organization_snapshot
from .collect_regional import collect_regional


def declared_provider_arns(params, account_id, partition):
    """ARNs of the identity providers declared in iam_baseline_identity_providers."""
    arns = []
    for spec in params.get("identity_providers") or []:
        if spec.get("arn"):
            arns.append(spec["arn"])
        elif spec.get("type") == "saml" and spec.get("name"):
            arns.append(_arn.build(partition, "iam", account_id, "saml-provider/%s" % spec["name"]))
        elif spec.get("type") == "oidc" and spec.get("url"):
            host = spec["url"].split("://", 1)[-1].rstrip("/")
            arns.append(_arn.build(partition, "iam", account_id, "oidc-provider/%s" % host))
    return arns


def take_snapshot(clients, params, now, credential_report_wait=120):
    """The snapshot of the account the clients act in (read calls only)."""
    caller = current_caller(clients.client("sts"))
    snapshot = _snapshot.new_snapshot(caller["account_id"], caller["partition"], now)
    snapshot["caller"] = caller
    declared = declared_provider_arns(params, caller["account_id"], caller["partition"])
    collect_iam(snapshot, clients.client("iam"), now, declared, credential_report_wait)
    collect_regional(snapshot, clients, params["audit"])
    return snapshot


def _result(account_id, findings, api_calls, evidence_time, error=None):
    return {
        "account_id": account_id,
        "findings": findings,
        "summary": _findings.summarize(findings),
        "failing_controls": _findings.failing_controls(findings),
        "api_calls": dict(sorted(api_calls.items())),
        "evidence_time": evidence_time,
        "error": error,
    }


def audit_account(clients, params, controls, exemptions, now, credential_report_wait=120):
    """Audit the account the clients act in. `params` are the completed family variables."""
    snapshot = take_snapshot(clients, params, now, credential_report_wait)
    findings = _engine.evaluate(snapshot, params, controls, exemptions=exemptions)
    report = snapshot["credential_report"] or {}
    return _result(snapshot["account_id"], findings, clients.counter.counts, report.get("generated_time") or now)


def audit_organization(clients, params, controls, exemptions, now):
    """Audit the organization the clients can read (the organization host: the management account
    or a delegated administrator): the controls of scope organization, once."""
    snapshot = take_organization_snapshot(clients, params, now)
    findings = _engine.evaluate(snapshot, params, controls, exemptions=exemptions)
    return _result(snapshot["account_id"], findings, clients.counter.counts, now)


def unreachable(account_id, partition, code, message, now, exemptions=()):
    """The single finding of an account that could not be opened at all."""
    snapshot = _snapshot.new_snapshot(account_id, partition, now)
    finding = _findings.new_finding(
        "ACCT.ACCESS", snapshot, "ERROR", "Could not open the account: %s: %s" % (code, message), "a session in the account", code
    )
    return _engine.apply_exemptions([finding], exemptions, now)


def _audit_member(base, account, params, controls, exemptions, now, wait):
    role_arn = account.get("role_arn")
    account_id = account.get("account_id") or _arn.account_of(role_arn)
    partition = _arn.partition_of(role_arn)
    try:
        # The organization host without a role of its own: the run's credentials read the organization.
        session_name = account.get("session_name") or "baseline-iam-audit"
        clients = base.assume(role_arn, session_name, account.get("external_id")) if role_arn else base.same_account()
    except AWS_ERRORS as e:
        code = error_code(e)
        return _result(
            account_id, unreachable(account_id, partition, code, error_message(e), now, exemptions), {"AssumeRole": 1}, now, code
        )
    try:
        if account.get("organization"):
            result = audit_organization(clients, params, controls, exemptions, now)
        else:
            result = audit_account(clients, params, controls, exemptions, now, wait)
    except Exception as e:  # pylint: disable=broad-exception-caught
        # Isolation: a failure while auditing one account must not stop the others.
        code = error_code(e)
        return _result(
            account_id, unreachable(account_id, partition, code, error_message(e), now, exemptions), clients.counter.counts, now, code
        )
    if role_arn:
        result["api_calls"]["AssumeRole"] = result["api_calls"].get("AssumeRole", 0) + 1
    return result


def audit_fleet(base, accounts, params, controls, exemptions, now, max_workers=8, credential_report_wait=120, sink=None, on_done=None):
    """Audit many accounts concurrently from `base` clients (bounded thread pool); one result per
    account, in the order given. An entry with `organization: true` is the organization host's:
    its role is assumed and the organization audited once. on_done(result) is called as each
    account finishes (progress). With `sink`, each account's result then goes through it (in its
    worker thread) and what it returns is kept instead: a results store takes the findings, so
    memory stays bounded by the accounts in flight."""

    def member(account):
        result = _audit_member(base, account, params, controls, exemptions, now, credential_report_wait)
        if on_done:
            on_done(result)
        return sink(result) if sink else result

    with ThreadPoolExecutor(max_workers=max(1, min(max_workers, len(accounts) or 1))) as pool:
        futures = [pool.submit(member, a) for a in accounts]
        return [f.result() for f in futures]
