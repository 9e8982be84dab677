"""The four-step test every mutating behaviour gets (STYLE.md):
(check) change -> change -> (check) no change -> no change,
with state read back from the API and zero mutating calls whenever nothing may change."""

from .calls import is_mutating
from .playbook import run_tasks

STEPS = (("check, change", True, True), ("change", False, True), ("check, no change", True, False), ("no change", False, False))


def four_steps(account, tasks, read_back, expected, **run_kwargs):
    """Runs the steps; returns the four PlaybookResults. `read_back()` reads the state from AWS."""
    proxy = account.simulator.proxy
    before = read_back()
    assert before != expected, "the test must start from a state that needs a change"
    results = []
    for label, check, want_change in STEPS:
        mark = proxy.mark()
        result = run_tasks(tasks, account.env(), check=check, diff=True, **run_kwargs).assert_ok()
        writes = [c["action"] for c in proxy.calls_since(mark, account.account_id) if is_mutating(c["action"])]
        assert "[WARNING]" not in result.output, "%s: ansible warned:\n%s" % (label, result.output[-3000:])
        assert bool(result.changed) is want_change, "%s: changed=%s\n%s" % (label, bool(result.changed), result.output[-3000:])
        if check or not want_change:
            assert writes == [], "%s: mutating calls %s" % (label, writes)
        else:
            assert writes, "%s: reported a change but made no write" % label
        state = read_back()
        assert state == (before if label == "check, change" else expected), "%s: state read back is %r" % (label, state)
        results.append(result)
    return results
