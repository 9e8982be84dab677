"""Which management events a trail records, from GetEventSelectors answers (the shapes AWS
documents for basic and advanced event selectors)."""

import pytest

from ansible_collections.baseline.iam.plugins.module_utils._account.trail_events import ALL, NONE, READ, WRITE, management_events


def basic(read_write="All", management=True, **extra):
    return {"EventSelectors": [{"ReadWriteType": read_write, "IncludeManagementEvents": management, "DataResources": [], **extra}]}


def advanced(*selectors):
    return {"AdvancedEventSelectors": [{"Name": "s%d" % i, "FieldSelectors": fields} for i, fields in enumerate(selectors)]}


MANAGEMENT = {"Field": "eventCategory", "Equals": ["Management"]}
DATA_S3 = [{"Field": "eventCategory", "Equals": ["Data"]}, {"Field": "resources.type", "Equals": ["AWS::S3::Object"]}]


@pytest.mark.parametrize(
    ("answer", "events"),
    [
        # the default of a trail created without selectors (aws cloudtrail get-event-selectors example)
        (basic(), ALL),
        (basic("WriteOnly"), WRITE),
        (basic("ReadOnly"), READ),
        (basic(management=False), NONE),
        ({"EventSelectors": [{"ReadWriteType": "All"}]}, ALL),  # IncludeManagementEvents defaults to true
        ({"EventSelectors": [{"ReadWriteType": "ReadOnly"}, {"ReadWriteType": "WriteOnly"}]}, ALL),
        (basic(ExcludeManagementEventSources=["kms.amazonaws.com"]), ALL),
        ({"EventSelectors": []}, NONE),
        ({}, NONE),
        (advanced([MANAGEMENT]), ALL),
        (advanced([MANAGEMENT, {"Field": "readOnly", "Equals": ["false"]}]), WRITE),
        (advanced([MANAGEMENT, {"Field": "readOnly", "Equals": ["true"]}]), READ),
        (advanced([MANAGEMENT, {"Field": "readOnly", "Equals": ["true"]}], [MANAGEMENT, {"Field": "readOnly", "Equals": ["false"]}]), ALL),
        (advanced([MANAGEMENT, {"Field": "eventSource", "NotEquals": ["kms.amazonaws.com"]}]), ALL),
        (advanced(DATA_S3), NONE),  # data events only
        (advanced(DATA_S3, [MANAGEMENT]), ALL),
        # conservative: what is not understood does not count
        (advanced([MANAGEMENT, {"Field": "eventSource", "Equals": ["iam.amazonaws.com"]}]), NONE),
        (advanced([{"Field": "eventCategory", "NotEquals": ["Data"]}]), NONE),
        (advanced([MANAGEMENT, {"Field": "userIdentity.arn", "StartsWith": ["arn:aws:iam::1:role/x"]}]), NONE),
        (advanced([MANAGEMENT, {"Field": "readOnly", "NotEquals": ["true"]}]), NONE),
    ],
)
def test_management_events(answer, events):
    assert management_events(answer) == events
