"""Test callback: records every task result as JSON lines in $BASELINE_RECORD_FILE.

It sees results after Ansible's no_log censoring, like any callback, AWX included, so tests that
search it for secrets test what a user would see.
"""

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: baseline_record
type: aggregate
short_description: records task results for baseline.iam tests
description: Writes one JSON line per task result into the file named by BASELINE_RECORD_FILE.
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "baseline_record"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._path = os.environ.get("BASELINE_RECORD_FILE")

    def _write(self, status, result):
        if not self._path:
            return
        task = result._task
        line = {
            "host": result._host.get_name(),
            "task": task.get_name(),
            "action": task.action,
            "status": status,
            "result": result._result,
        }
        with open(self._path, "a", encoding="utf-8") as f:
            f.write(json.dumps(line, default=str) + "\n")

    def v2_runner_on_ok(self, result):
        self._write("changed" if result._result.get("changed") else "ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._write("ignored" if ignore_errors else "failed", result)

    def v2_runner_on_skipped(self, result):
        self._write("skipped", result)

    def v2_runner_on_unreachable(self, result):
        self._write("unreachable", result)
