# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin for baseline.iam.audit: progress of a fleet audit while it runs.

A module prints nothing until it returns, and a fleet audit of hundreds of accounts is one long
task. With `accounts` and `progress_interval` > 0, this plugin gives the module a progress file
(which the module rewrites atomically as accounts finish), runs the module as usual, and from a
side thread prints a line every `progress_interval` seconds with Display: the terminal shows it,
and AWX captures it in the job output. The module's result is untouched.

Everything else (one account, progress off, async tasks, a connection that is not local, so the
file would not be on the controller) runs exactly as without this plugin.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.baseline.iam.plugins.module_utils._audit import progress as _progress

display = Display()


def _interval(args):
    try:
        return max(0, int(args.get("progress_interval") or 0))
    except (TypeError, ValueError):
        return 0  # the module names the bad value


class _Reporter:
    """Prints the progress file every `interval` seconds until stopped, then a last line."""

    def __init__(self, path, interval, host):
        self.path, self.interval, self.host = path, interval, host
        self.started = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="baseline-iam-progress", daemon=True)
        self._last = None

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._print(final=True)

    def _loop(self):
        while not self._stop.wait(self.interval):
            self._print()

    def _print(self, final=False):
        state = _progress.read(self.path)
        if state is None or (final and state == self._last):
            return
        self._last = state
        display.display("[%s] %s" % (self.host, _progress.line(state, time.monotonic() - self.started)))


class ActionModule(ActionBase):
    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # no effect since ansible-core 2.x
        wrap_async = self._task.async_val
        interval = _interval(self._task.args)
        local = getattr(self._connection, "transport", None) == "local"
        if not (self._task.args.get("accounts") and interval and local and not wrap_async):
            result = merge_hash(result, self._execute_module(task_vars=task_vars, wrap_async=wrap_async))
            if not wrap_async:
                self._remove_tmp_path(self._connection._shell.tmpdir)
            return result

        folder = tempfile.mkdtemp(prefix="baseline-iam-progress-")
        try:
            args = dict(self._task.args, progress_file=os.path.join(folder, "progress.json"))
            with _Reporter(args["progress_file"], interval, task_vars.get("inventory_hostname", "localhost")):
                result = merge_hash(result, self._execute_module(module_args=args, task_vars=task_vars))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
