"""junit.xml parsed back: a suite per account, a case per finding, the right counts."""

import xml.etree.ElementTree as ET

from ansible_collections.baseline.iam.plugins.module_utils._reports import junit as _report_junit
from tests.support import report_samples as samples


def parse():
    document = samples.sample_document()
    text = _report_junit.render(document)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return document, ET.fromstring(text.encode("utf-8"))


def test_one_suite_per_account_one_case_per_reported_finding():
    document, root = parse()
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == [samples.PROD, samples.DEV, samples.SANDBOX, samples.LOCKED]
    for account, suite in suites.items():
        own = [f for f in document["findings"] if f["account_id"] == account]
        reported = [f for f in own if f["status"] != "NOT_APPLICABLE"]
        cases = suite.findall("testcase")
        assert len(cases) == int(suite.get("tests")) == len(reported)
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure")) == sum(f["status"] == "FAIL" for f in own)
        assert int(suite.get("errors")) == len(suite.findall("testcase/error")) == sum(f["status"] == "ERROR" for f in own)
        assert int(suite.get("skipped")) == len(suite.findall("testcase/skipped")) == sum(f["status"] == "WAIVED" for f in own)
    assert (root.get("tests"), root.get("failures"), root.get("errors"), root.get("skipped")) == ("25", "13", "3", "2")


def test_failure_error_and_skipped_content():
    _document, root = parse()
    prod = root.find("testsuite[@name='%s']" % samples.PROD)
    assert prod.find("properties/property[@name='account_name']").get("value") == "prod"
    failure = prod.find("testcase[@classname='%s.ROOT.MFA']/failure" % samples.PROD)
    assert failure.get("type") == "critical"
    assert failure.get("message") == "The root user has no MFA device"
    assert "Remediation: Sign in as the root user" in failure.text and "CIS v3 1.5" in failure.text
    error = prod.find("testcase[@classname='%s.ACCT.ACCESS_ANALYZER']/error" % samples.PROD)
    assert "AccessDeniedException" in error.get("message")
    skipped = prod.find("testcase[@classname='%s.USER.DIRECT_POLICY']/skipped" % samples.PROD)
    assert skipped.get("message") == "waived: %s (until 2027-01-31)" % samples.WAIVER["reason"]
    passed = prod.find("testcase[@classname='%s.PP.MISSING']" % samples.PROD)
    assert list(passed) == []


def test_special_characters_survive_the_round_trip():
    _document, root = parse()
    names = {c.get("name") for c in root.iter("testcase")}
    assert "USER.CONSOLE_NO_MFA %s" % samples.XSS_USER in names
    assert "USER.KEY_UNUSED %s" % samples.UNICODE_USER in names
    assert "USER.NO_GROUP %s" % samples.JINJA_USER in names
    # A control character XML cannot carry is replaced, not written raw (the file stays parseable).
    assert "USER.SETUP_KEY ]]><x/>&amp;\ufffdbell" in names
    key_age = root.find(".//testcase[@classname='%s.USER.KEY_AGE']/failure" % samples.PROD)
    assert key_age.get("message") == 'Key "AKIA…1234" on user <img src=x onerror=alert(1)> second line'


def test_not_applicable_is_left_out():
    _document, root = parse()
    names = {c.get("classname") for c in root.iter("testcase")}
    assert "%s.PP.REUSE" % samples.PROD not in names
    assert "%s.ACCT.EC2_INSTANCE_ROLE" % samples.SANDBOX not in names


def test_an_account_with_only_not_applicable_has_an_empty_suite():
    from ansible_collections.baseline.iam.plugins.module_utils._reports import document as _report_document

    findings = [f for f in samples.sample_findings() if f["status"] == "NOT_APPLICABLE" and f["account_id"] == samples.SANDBOX]
    root = ET.fromstring(_report_junit.render(_report_document.build(findings, generated_at=samples.GENERATED_AT)))
    (suite,) = root.findall("testsuite")
    assert suite.get("tests") == "0" and suite.findall("testcase") == []
