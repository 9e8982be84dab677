"""Wall time and peak controller memory of an ansible-playbook run (the simulator, which runs in
this process, is not counted: only child processes are sampled).

Memory is the proportional set size (PSS) summed over ansible-playbook and its forks: Ansible's
workers are forks sharing most pages with their parent, so summing their RSS would count the
shared pages once per fork."""

import os
import threading
import time
from pathlib import Path


def _memory_kib(proc_dir):
    """PSS of one process (RSS where the kernel has no smaps_rollup)."""
    for name, key in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in (proc_dir / name).read_text().splitlines():
                if line.startswith(key):
                    return int(line.split()[1])
        except OSError:
            continue
    return 0


def _descendants_memory_kib(root_pid):
    """Sum of the memory (PSS) of every descendant of root_pid (from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        for child, parent in parents.items():
            if parent == pid:
                total += _memory_kib(Path("/proc") / str(child))
                stack.append(child)
    return total


class Measure:
    """with Measure() as m: ...  -> m.seconds, m.peak_mib (descendant processes only)."""

    def __init__(self, interval=0.1):
        self.interval, self.peak_kib, self.seconds = interval, 0, None
        self._stop = threading.Event()

    def _sample(self):
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, _descendants_memory_kib(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._start = time.monotonic()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.seconds = time.monotonic() - self._start
        self._stop.set()
        self._thread.join()

    @property
    def peak_mib(self):
        return self.peak_kib / 1024
