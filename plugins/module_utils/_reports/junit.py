# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""junit.xml from a findings document (pure), for CI systems that show test results:
a <testsuite> per account, a <testcase> per finding; FAIL is a <failure>, ERROR an <error>,
WAIVED <skipped> with the waiver's reason; NOT_APPLICABLE findings are left out."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .document import account_names, validate
from .text import clean, display, one_line, references_text, resource_label, waiver_text

LEFT_OUT = ("NOT_APPLICABLE",)


def _details(finding):
    lines = [
        "%s [%s] %s" % (finding["control_id"], finding["severity"], clean(finding["title"])),
        "Resource: %s" % clean(finding.get("resource_arn") or resource_label(finding)),
        "Region: %s" % clean(finding.get("region") or ""),
        "Message: %s" % clean(finding.get("message") or ""),
        "Expected: %s" % display(finding.get("expected")),
        "Actual: %s" % display(finding.get("actual")),
        "Remediation: %s" % clean(finding.get("remediation") or ""),
    ]
    refs = references_text(finding.get("references"))
    if refs:
        lines.append("References: %s" % refs)
    lines.append("Finding id: %s" % finding["finding_id"])
    return "\n".join(lines)


def _testcase(suite, finding):
    case = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": "%s.%s" % (finding["account_id"], finding["control_id"]),
            "name": one_line("%s %s" % (finding["control_id"], resource_label(finding))),
            "time": "0",
        },
    )
    status = finding["status"]
    message = one_line(finding.get("message") or finding["title"])
    if status == "FAIL":
        ET.SubElement(case, "failure", {"message": message, "type": finding["severity"]}).text = _details(finding)
    elif status == "ERROR":
        ET.SubElement(case, "error", {"message": message, "type": finding["severity"]}).text = _details(finding)
    elif status == "WAIVED":
        ET.SubElement(case, "skipped", {"message": one_line("waived: %s" % waiver_text(finding.get("waiver")))})
    return status


def _counts(statuses):
    return {
        "tests": str(len(statuses)),
        "failures": str(statuses.count("FAIL")),
        "errors": str(statuses.count("ERROR")),
        "skipped": str(statuses.count("WAIVED")),
    }


def render(document):
    """The junit.xml text (UTF-8, with an XML declaration)."""
    validate(document)
    root = ET.Element("testsuites", {"name": "baseline.iam drift check"})
    every = []
    names = account_names(document)
    for account in names:
        own = [f for f in document["findings"] if f["account_id"] == account and f["status"] not in LEFT_OUT]
        suite = ET.SubElement(root, "testsuite", {"name": account, "timestamp": document["generated_at"], "time": "0"})
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", {"name": "account_id", "value": account})
        if names[account]:
            ET.SubElement(properties, "property", {"name": "account_name", "value": one_line(names[account])})
        statuses = [_testcase(suite, f) for f in own]
        suite.attrib.update(_counts(statuses))
        every.extend(statuses)
    root.attrib.update(_counts(every))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
