"""Runs the real ansible-playbook (from the test venv) and returns per-task results."""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
CALLBACKS = Path(__file__).resolve().parent / "callback_plugins"
BIN = Path(sys.executable).parent


class PlaybookResult:
    def __init__(self, rc, stdout, stderr, records):
        self.rc, self.stdout, self.stderr, self.records = rc, stdout, stderr, records

    @property
    def output(self):
        return self.stdout + self.stderr

    def tasks(self, name=None, host=None, action=None):
        return [
            r
            for r in self.records
            if (name is None or r["task"].startswith(name))
            and (host is None or r["host"] == host)
            and (action is None or r["action"].endswith(action))
        ]

    def result(self, name=None, host=None, action=None):
        """The result of the one task matching (fails the test if not exactly one)."""
        found = self.tasks(name, host, action)
        assert len(found) == 1, "expected one task %r/%r/%r, found %d:\n%s" % (name, host, action, len(found), self.output[-4000:])
        return found[0]["result"]

    @property
    def changed(self):
        return [r for r in self.records if r["status"] == "changed"]

    @property
    def failed(self):
        return [r for r in self.records if r["status"] == "failed"]

    def assert_ok(self):
        assert self.rc == 0, "ansible-playbook failed (rc=%d):\n%s" % (self.rc, self.output[-6000:])
        return self


def ansible_env(env):
    """The environment for an ansible-playbook run from the repository root."""
    env = dict(env)
    env.update(
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        ANSIBLE_CALLBACK_PLUGINS=str(CALLBACKS),
        ANSIBLE_CALLBACKS_ENABLED="baseline_record",
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
        PATH=str(BIN) + os.pathsep + env.get("PATH", ""),
    )
    return env


def run_playbook(
    playbook,
    env,
    inventory=None,
    extra_vars=None,
    check=False,
    diff=False,
    tags=None,
    limit=None,
    extra_args=(),
    timeout=900,
    stream=False,
    record=True,
    cwd=None,
):
    """ansible-playbook PLAYBOOK with the given environment (use Account.env() or Simulator.env()).

    record=False leaves the recording callback out (the benchmark: a user's run has none).
    cwd: the folder ansible-playbook runs in, as a user's shell would be; default the repository
    root, and then reports go to a throw-away folder unless the test names one (never into the
    source tree). With a cwd of its own a run keeps the playbooks' default report folder."""
    with tempfile.TemporaryDirectory(prefix="baseline-run-") as tmp:
        record_file = Path(tmp) / "record.jsonl"
        args = [str(BIN / "ansible-playbook"), str(playbook)]
        if inventory:
            args += ["-i", str(inventory)]
        if cwd is None:
            # Reports (changes.json, findings.json, ...) go to a throw-away folder unless a test names one.
            extra_vars = {"iam_baseline_report_dir": str(Path(tmp) / "reports"), **(extra_vars or {})}
        varfile = Path(tmp) / "extra_vars.json"
        varfile.write_text(json.dumps(extra_vars or {}))
        args += ["-e", "@%s" % varfile]
        if check:
            args.append("--check")
        if diff:
            args.append("--diff")
        if tags:
            args += ["--tags", ",".join(tags)]
        if limit:
            args += ["--limit", limit]
        args += list(extra_args)
        run_env = ansible_env(env)
        run_env["BASELINE_RECORD_FILE"] = str(record_file)
        if not record:
            del run_env["ANSIBLE_CALLBACKS_ENABLED"]
        # stream=True shows ansible's own output as it runs (the demo); tests capture it.
        proc = subprocess.run(args, cwd=cwd or REPO, env=run_env, capture_output=not stream, text=True, timeout=timeout, check=False)
        records = [json.loads(line) for line in record_file.read_text().splitlines()] if record_file.exists() else []
    return PlaybookResult(proc.returncode, proc.stdout or "", proc.stderr or "", records)


def run_tasks(tasks, env, hosts="localhost", play_vars=None, module_defaults=None, **kwargs):
    """Runs a one-play playbook made of `tasks` (list of task dicts) on the controller."""
    play = {"name": "test", "hosts": hosts, "gather_facts": False, "tasks": tasks}
    if play_vars:
        play["vars"] = play_vars
    if module_defaults:
        play["module_defaults"] = module_defaults
    with tempfile.NamedTemporaryFile("w", suffix=".yml", prefix="baseline-play-", delete=False) as f:
        yaml.safe_dump([play], f, sort_keys=False)
        path = f.name
    try:
        return run_playbook(path, env, **kwargs)
    finally:
        os.unlink(path)


def write_inventory(path, accounts, group_vars=None, host_vars=None):
    """A static YAML inventory: one host per simulated account, run on the controller."""
    hosts = {}
    for account in accounts:
        hosts["acct_%s" % account.account_id] = {
            "aws_account_id": account.account_id,
            "aws_account_role_arn": account.role_arn,
            **((host_vars or {}).get(account.account_id, {})),
        }
    inventory = {
        "all": {
            "vars": {
                "ansible_connection": "local",
                "ansible_python_interpreter": "{{ ansible_playbook_python }}",
                **(group_vars or {}),
            },
            "hosts": hosts,
        }
    }
    Path(path).write_text(yaml.safe_dump(inventory, sort_keys=False))
    return path
