# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""junit.xml from a findings document (pure), for CI systems that show test results:
a <testsuite> per account, a <testcase> per finding; FAIL is a <failure>, ERROR an <error>,
WAIVED <skipped> with the waiver's reason; NOT_APPLICABLE findings are left out."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .stream import render_document
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


def _counts(tests, failures, errors, skipped):
    return {"tests": str(tests), "failures": str(failures), "errors": str(errors), "skipped": str(skipped)}


def _start_tag(element):
    """'<name attr="...">' as ElementTree writes it (attributes escaped by it)."""
    return ET.tostring(element, encoding="unicode")[: -len(" />")] + ">"


class JunitWriter:
    """junit.xml, one <testsuite> per account; the totals of <testsuites> come from the summary."""

    def __init__(self, out, summary):
        self.out, self.summary, self.suites = out, summary, 0
        counts = summary.by_status
        tests = summary.total - sum(counts[s] for s in LEFT_OUT)
        self.root = ET.Element("testsuites", {"name": "baseline.iam drift check"})
        self.root.attrib.update(_counts(tests, counts["FAIL"], counts["ERROR"], counts["WAIVED"]))
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')

    def account(self, account, findings):
        account_id, name = account["account_id"], account.get("name")
        suite = ET.Element("testsuite", {"name": account_id, "timestamp": self.summary.generated_at, "time": "0"})
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", {"name": "account_id", "value": account_id})
        if name:
            ET.SubElement(properties, "property", {"name": "account_name", "value": one_line(name)})
        statuses = [_testcase(suite, f) for f in findings if f["status"] not in LEFT_OUT]
        suite.attrib.update(_counts(len(statuses), statuses.count("FAIL"), statuses.count("ERROR"), statuses.count("WAIVED")))
        ET.indent(suite, level=1)
        self.out.write((_start_tag(self.root) if self.suites == 0 else "") + "\n  " + ET.tostring(suite, encoding="unicode"))
        self.suites += 1

    def close(self):
        if self.suites:
            self.out.write("\n</testsuites>\n")
        else:
            self.out.write(ET.tostring(self.root, encoding="unicode") + "\n")


def render(document):
    """The junit.xml text (UTF-8, with an XML declaration)."""
    return render_document(JunitWriter, document)
