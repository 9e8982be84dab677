# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The six report files of the drift check (DESIGN §6) from one findings document (pure).

Rendering them in one call keeps a large document from being handed to Ansible's templating
once per file (which costs seconds per pass for thousands of findings).
"""

from __future__ import annotations

import json

from . import asff as _report_asff
from . import html as _report_html
from . import junit as _report_junit
from . import markdown as _report_markdown
from . import sarif as _report_sarif
from .document import validate
from .verdict import DEFAULT_FAIL_ON, verdict

FILE_NAMES = ("findings.json", "junit.xml", "findings.sarif", "asff.json", "report.md", "report.html")


def to_json(value):
    """Readable UTF-8 JSON with a final newline (keys in the order the renderers build them)."""
    return json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n"


def render_all(document, previous=None, fail_on=DEFAULT_FAIL_ON, region=_report_asff.DEFAULT_REGION, docs_url=None):
    """{"verdict": the pass/fail decision, "files": {file name: text}} for one document.
    docs_url (iam_baseline_docs_url) is the link SARIF and ASFF give for the controls, if any."""
    validate(document)
    if previous is not None:
        validate(previous, "previous findings")
    files = {
        "findings.json": to_json(document),
        "junit.xml": _report_junit.render(document),
        "findings.sarif": to_json(_report_sarif.render(document, docs_url)),
        "asff.json": to_json(_report_asff.render(document, region, docs_url)),
        "report.md": _report_markdown.render(document, previous, fail_on),
        "report.html": _report_html.render(document, previous, fail_on),
    }
    return {"verdict": verdict(document, fail_on), "files": files}
