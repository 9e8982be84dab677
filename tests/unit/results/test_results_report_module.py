"""The results_report module's options: iam_baseline_docs_url is checked before any file is written."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._results.errors import ResultsError
from ansible_collections.baseline.iam.plugins.modules import results_report

PARAMS = {
    "slice": "",
    "slice_count": None,
    "expected_accounts": [],
    "compare_with": "previous",
    "html_paged_over": 100,
    "previous_findings": None,
    "merge_findings": [],
}


@pytest.mark.parametrize("url", ["", "https://docs.example.org/controls"])
def test_an_empty_or_http_docs_url_is_taken(url):
    assert results_report.options(dict(PARAMS, docs_url=url))["docs_url"] == (url or None)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "docs/controls.md", "https://"])
def test_any_other_docs_url_is_refused_naming_the_field(url):
    with pytest.raises(ResultsError) as error:
        results_report.options(dict(PARAMS, docs_url=url))
    assert error.value.field == "docs_url" and "iam_baseline_docs_url must be an http(s) URL" in str(error.value)
