# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The six report files of the drift check (DESIGN §6) and the verdict, from one source in two
passes: the summary first, then every format written account by account.

`write_reports` writes files (memory bounded by one account plus the summary, whatever the number
of accounts); `render_all` gives the same texts in memory for a findings document (the filters).
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile

from . import asff as _report_asff
from . import html as _report_html
from . import markdown as _report_markdown
from .findings_json import FindingsJsonWriter
from .junit import JunitWriter
from .sarif import SarifWriter
from .source import DocumentSource
from .stream import write
from .summary import collect
from .verdict import DEFAULT_FAIL_ON, check_fail_on, decide

FILE_NAMES = ("findings.json", "junit.xml", "findings.sarif", "asff.json", "report.md", "report.html")
KEEP = max(_report_markdown.DEFAULT_MAX_ROWS, _report_html.CHANGES_ROWS)


def _writers(streams, summary, fail_on, region, open_page=None, paged_over=None, run=None, docs_url=None):
    return [
        FindingsJsonWriter(streams["findings.json"], summary, run),
        JunitWriter(streams["junit.xml"], summary),
        SarifWriter(streams["findings.sarif"], summary, docs_url),
        _report_asff.AsffWriter(streams["asff.json"], summary, region, docs_url),
        _report_html.HtmlWriter(streams["report.html"], summary, fail_on, open_page, paged_over),
    ]


def render_all(document, previous=None, fail_on=DEFAULT_FAIL_ON, region=_report_asff.DEFAULT_REGION, docs_url=None):
    """{"verdict": the pass/fail decision, "files": {file name: text}} for one document.
    docs_url (iam_baseline_docs_url) is the link SARIF and ASFF give for the controls, if any."""
    check_fail_on(fail_on)
    source = DocumentSource(document)
    summary = collect(source, DocumentSource(previous, "previous findings") if previous is not None else None, KEEP)
    streams = {name: io.StringIO() for name in FILE_NAMES}
    write(_writers(streams, summary, fail_on, region, docs_url=docs_url), source, summary)
    streams["report.md"].write(_report_markdown.render_summary(summary, fail_on))
    return {"verdict": decide(summary, fail_on), "files": {name: streams[name].getvalue() for name in FILE_NAMES}}


@contextlib.contextmanager
def _file(directory, name):
    """A text file written under a temporary name and renamed when complete (mode 0640)."""
    path = os.path.join(directory, *name.split("/"))
    os.makedirs(os.path.dirname(path), mode=0o750, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            yield stream
        os.chmod(temporary, 0o640)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_reports(
    source, directory, summary, fail_on=DEFAULT_FAIL_ON, region=_report_asff.DEFAULT_REGION, paged_over=None, run=None, docs_url=None
):
    """Writes the six files (and the account pages of report.html) into `directory` from `source`,
    whose first pass gave `summary`; returns the paths written, relative to `directory`."""
    os.makedirs(directory, mode=0o750, exist_ok=True)
    written = []

    def open_page(name):
        written.append(name)
        return _file(directory, name)

    with contextlib.ExitStack() as files:
        streams = {name: files.enter_context(_file(directory, name)) for name in FILE_NAMES}
        write(_writers(streams, summary, fail_on, region, open_page, paged_over, run, docs_url), source, summary)
        streams["report.md"].write(_report_markdown.render_summary(summary, fail_on))
    return list(FILE_NAMES) + written
