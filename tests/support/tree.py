"""Whether a test run wrote into the source tree (issue 12: run outputs once got committed and
would have shipped in the built collection). conftest.py compares the tree before and after the
session and fails the run when it changed.

The state is what `git status` lists, ignored paths included (a report written into an ignored
`reports/` is still a write into the tree), each with its modification time, so a test that
rewrites a file already changed by the developer is seen too."""

import os
import subprocess

# Caches of the tools that run the tests, and tests/output: ansible-test's and `make test`'s
# output folder (the browser test keeps its screenshot there), meant for run outputs.
ALLOWED = ("__pycache__/", ".pytest_cache/", ".ruff_cache/", "tests/output/")


def _allowed(path):
    return any(path.startswith(prefix) or ("/" + prefix) in path for prefix in ALLOWED)


def tree_state(repo):
    """{path: (git status code, mtime in ns)} for every changed, untracked or ignored path of the
    checkout (folders git shows as one entry count as one), or None outside a git checkout."""
    try:
        proc = subprocess.run(["git", "status", "--porcelain=v1", "-z", "--ignored"], cwd=repo, capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    state = {}
    entries = iter(proc.stdout.decode("utf-8", "surrogateescape").split("\0"))
    for entry in entries:
        if not entry:
            continue
        code, path = entry[:2], entry[3:]
        if code[0] in "RC":
            next(entries, None)  # a rename's second field is its old path
        if _allowed(path):
            continue
        try:
            mtime = os.lstat(os.path.join(repo, path)).st_mtime_ns
        except OSError:
            mtime = None  # deleted
        state[path] = (code, mtime)
    return state


def tree_changes(before, after):
    """The paths that appeared, went, or changed between two tree_state() results (sorted)."""
    return sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))
