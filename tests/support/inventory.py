"""Runs the real ansible-inventory (from the test venv) on an inventory source."""

import json
import subprocess
from pathlib import Path

import yaml

from .playbook import BIN, REPO, ansible_env


def plain(value):
    """ansible-inventory's JSON with the untrusted-value markers of ansible-core 2.19+
    ({"__ansible_unsafe": "x"}) unwrapped."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class InventoryResult:
    def __init__(self, rc, stdout, stderr):
        self.rc, self.stdout, self.stderr = rc, stdout, stderr
        self.data = plain(json.loads(stdout)) if rc == 0 and stdout.strip() else {}

    @property
    def output(self):
        return self.stdout + self.stderr

    def assert_ok(self):
        assert self.rc == 0, "ansible-inventory failed (rc=%d):\n%s" % (self.rc, self.output[-6000:])
        assert "[WARNING]" not in self.stderr or "matches no account" in self.stderr, self.stderr[-3000:]
        return self

    @property
    def hostvars(self):
        return self.data.get("_meta", {}).get("hostvars", {})

    def hosts(self, group="all"):
        """Every host of a group and of its children (as Ansible resolves membership)."""
        node = self.data.get(group, {})
        found = set(node.get("hosts", []))
        for child in node.get("children", []):
            found |= self.hosts(child)
        return found

    def children(self, group):
        return set(self.data.get(group, {}).get("children", []))


def write_config(path, **options):
    """An inventory configuration file for baseline.iam.aws_accounts (name must end in
    aws_accounts.yml)."""
    assert str(path).endswith(("aws_accounts.yml", "aws_accounts.yaml"))
    Path(path).write_text(yaml.safe_dump({"plugin": "baseline.iam.aws_accounts", **options}, sort_keys=False))
    return path


def run_inventory(source, env, extra_args=(), timeout=300):
    """ansible-inventory -i SOURCE --list [extra_args]. A source that fails to parse fails the
    command (ANSIBLE_INVENTORY_UNPARSED_FAILED), as it should in a job."""
    run_env = ansible_env(env)
    run_env.setdefault("ANSIBLE_INVENTORY_UNPARSED_FAILED", "1")
    args = [str(BIN / "ansible-inventory"), "-i", str(source), "--list", *extra_args]
    proc = subprocess.run(args, cwd=REPO, env=run_env, capture_output=True, text=True, timeout=timeout, check=False)
    return InventoryResult(proc.returncode, proc.stdout, proc.stderr)
