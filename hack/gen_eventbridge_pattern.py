"""Writes files/eda/eventbridge-rule-pattern.json from the event table
(plugins/module_utils/_events/table.py); a unit test checks that it is current.

python hack/gen_eventbridge_pattern.py
"""

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / ".collections"))

from ansible_collections.baseline.iam.plugins.module_utils._events import table as _table  # noqa: E402

TARGET = REPO / "files" / "eda" / "eventbridge-rule-pattern.json"


def render():
    return json.dumps(_table.eventbridge_pattern(), indent=2) + "\n"


if __name__ == "__main__":
    TARGET.write_text(render())
    print("wrote %s" % TARGET.relative_to(REPO))
