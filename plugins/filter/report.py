# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters that gather findings and render the drift reports (pure functions of findings).

The logic lives in module_utils/_report_*.py; these wrappers turn Ansible's values into plain
data, accept a findings document or a plain list of findings, and report problems as filter
errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlparse

from ansible.errors import AnsibleFilterError

from ansible_collections.baseline.iam.plugins.module_utils._core import dates as _time
from ansible_collections.baseline.iam.plugins.module_utils._reports import asff as _report_asff
from ansible_collections.baseline.iam.plugins.module_utils._reports import changes as _report_changes
from ansible_collections.baseline.iam.plugins.module_utils._reports import document as _report_document
from ansible_collections.baseline.iam.plugins.module_utils._reports import files as _report_files
from ansible_collections.baseline.iam.plugins.module_utils._reports import hosts as _report_hosts
from ansible_collections.baseline.iam.plugins.module_utils._reports import html as _report_html
from ansible_collections.baseline.iam.plugins.module_utils._reports import junit as _report_junit
from ansible_collections.baseline.iam.plugins.module_utils._reports import markdown as _report_markdown
from ansible_collections.baseline.iam.plugins.module_utils._reports import merge as _report_merge
from ansible_collections.baseline.iam.plugins.module_utils._reports import sarif as _report_sarif
from ansible_collections.baseline.iam.plugins.module_utils._reports import verdict as _report_verdict


def _plain(value):
    """Builtin dicts, lists and strings (Ansible hands filters lazy and tagged containers)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def _guard(name, call, *args, **kwargs):
    try:
        return call(*args, **kwargs)
    except ValueError as e:  # ReportError included
        raise AnsibleFilterError("%s: %s" % (name, e)) from None


def _document(value, name):
    return _guard(name, _report_document.as_document, _plain(value), source="input")


def _optional_document(value, name):
    return None if value in (None, "", {}) else _document(value, name)


def _docs_url(value, name):
    """iam_baseline_docs_url: empty (the reports link nowhere) or an http(s) URL."""
    if value in (None, ""):
        return None
    url = str(value)
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise AnsibleFilterError("%s: iam_baseline_docs_url must be an http(s) URL or empty, got %r" % (name, url))
    return url


def findings_document(findings, accounts=None, generated_at=None):
    """A findings document from a list of findings."""
    return _guard("findings_document", _report_document.build, _plain(findings), _plain(accounts), generated_at)


def _host_record(name, hostvars):
    if name not in hostvars:
        return {"name": name}
    host = hostvars[name]
    session = _plain(host.get("iam_baseline_session"))
    return {
        "name": name,
        "findings": _plain(host.get("iam_baseline_findings")),
        "session_error": _plain(host.get("iam_baseline_session_error")),
        "has_session": session is not None,
        "account_id": (session or {}).get("account_id") or host.get("aws_account_id"),
        "account_name": host.get("aws_account_name"),
        "partition": (session or {}).get("partition") or host.get("aws_account_partition"),
    }


def findings_from_hosts(hosts, hostvars, generated_at=None):
    """The findings document of a run from its hosts' facts (see _report_hosts)."""
    records = [_host_record(str(name), hostvars) for name in hosts]
    when = _guard("findings_from_hosts", _time.iso, generated_at) if generated_at else _time.now_iso()
    findings, accounts = _guard("findings_from_hosts", _report_hosts.from_hosts, records, when)
    return _guard("findings_from_hosts", _report_document.build, findings, accounts, when)


def findings_merge(documents, generated_at=None):
    """One document from several (slices of an AWX sliced job), deduplicated by finding_id."""
    if not isinstance(documents, (list, tuple)):
        raise AnsibleFilterError("findings_merge: expects a list of findings documents")
    return _guard("findings_merge", _report_merge.merge, _plain(documents), generated_at)


def findings_changes(document, previous):
    """{previous_generated_at, new, fixed} since a previous document."""
    return _guard(
        "findings_changes", _report_changes.changes, _document(document, "findings_changes"), _document(previous, "findings_changes")
    )


def findings_verdict(document, fail_on=_report_verdict.DEFAULT_FAIL_ON):
    """The pass/fail decision for iam_baseline_fail_on."""
    return _guard("findings_verdict", _report_verdict.verdict, _document(document, "findings_verdict"), fail_on)


def findings_junit(document):
    return _guard("findings_junit", _report_junit.render, _document(document, "findings_junit"))


def findings_sarif(document, docs_url=None):
    return _guard("findings_sarif", _report_sarif.render, _document(document, "findings_sarif"), _docs_url(docs_url, "findings_sarif"))


def findings_asff(document, region=_report_asff.DEFAULT_REGION, docs_url=None):
    return _guard("findings_asff", _report_asff.render, _document(document, "findings_asff"), region, _docs_url(docs_url, "findings_asff"))


def findings_markdown(document, previous=None, fail_on=_report_verdict.DEFAULT_FAIL_ON, max_rows=_report_markdown.DEFAULT_MAX_ROWS):
    return _guard(
        "findings_markdown",
        _report_markdown.render,
        _document(document, "findings_markdown"),
        _optional_document(previous, "findings_markdown"),
        fail_on,
        int(max_rows),
    )


def findings_html(document, previous=None, fail_on=_report_verdict.DEFAULT_FAIL_ON):
    return _guard(
        "findings_html", _report_html.render, _document(document, "findings_html"), _optional_document(previous, "findings_html"), fail_on
    )


def findings_reports(document, previous=None, fail_on=_report_verdict.DEFAULT_FAIL_ON, region=_report_asff.DEFAULT_REGION, docs_url=None):
    """{"verdict", "files": {file name: text}}: the six report files and the decision in one pass."""
    return _guard(
        "findings_reports",
        _report_files.render_all,
        _document(document, "findings_reports"),
        _optional_document(previous, "findings_reports"),
        fail_on,
        region,
        _docs_url(docs_url, "findings_reports"),
    )


def findings_reports_from_hosts(
    hosts,
    hostvars,
    merge=None,
    generated_at=None,
    previous=None,
    fail_on=_report_verdict.DEFAULT_FAIL_ON,
    region=_report_asff.DEFAULT_REGION,
    docs_url=None,
):
    """findings_from_hosts | findings_merge | findings_reports in one call: {"verdict", "files",
    "summary"}. Ansible re-wraps the value handed from one filter to the next, and unwrapping tens of
    thousands of findings costs seconds per pass; here the document is built once."""
    when = _guard("findings_reports_from_hosts", _time.iso, generated_at) if generated_at else _time.now_iso()
    docs_url = _docs_url(docs_url, "findings_reports_from_hosts")
    own = findings_from_hosts(hosts, hostvars, when)
    document = _guard("findings_reports_from_hosts", _report_merge.merge, [own] + _plain(list(merge or [])), when)
    reports = _guard(
        "findings_reports_from_hosts",
        _report_files.render_all,
        document,
        _optional_document(previous, "findings_reports_from_hosts"),
        fail_on,
        region,
        docs_url,
    )
    return dict(reports, summary=document["summary"])


def session_error_finding(session_error, account_id=None, partition=None, when=None):
    """The ACCT.ACCESS ERROR finding of an account whose session could not be opened."""
    return _guard("session_error_finding", _report_hosts.session_error_finding, _plain(session_error), account_id, partition, when)


class FilterModule:
    def filters(self):
        return {
            "findings_document": findings_document,
            "findings_from_hosts": findings_from_hosts,
            "findings_merge": findings_merge,
            "findings_changes": findings_changes,
            "findings_verdict": findings_verdict,
            "findings_junit": findings_junit,
            "findings_sarif": findings_sarif,
            "findings_asff": findings_asff,
            "findings_markdown": findings_markdown,
            "findings_html": findings_html,
            "findings_reports": findings_reports,
            "findings_reports_from_hosts": findings_reports_from_hosts,
            "session_error_finding": session_error_finding,
        }
