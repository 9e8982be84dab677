"""`ansible-galaxy collection build` gives a tarball that installs and runs on its own."""

import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

from tests.support.playbook import REPO, run_tasks
from tests.support.state import password_policy

BIN = Path(sys.executable).parent
# What a checkout holds that must not ship: the set-up, and run outputs wherever a run left them.
LEAK_PREFIXES = (".collections", ".venv", "tests/output", ".stamps", "demo/.state", "build/")
OUTPUT_FOLDERS = {"reports", "exports"}


def build(source, output):
    subprocess.run(
        [str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(output), str(source)], check=True, capture_output=True
    )
    (tarball,) = output.glob("baseline-iam-*.tar.gz")
    with tarfile.open(tarball) as archive:
        return tarball, archive.getnames()


def leaked(names):
    return [n for n in names if n.startswith(LEAK_PREFIXES) or OUTPUT_FOLDERS & set(n.split("/"))]


def tracked_files():
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, text=True).stdout
    return [p for p in listing.split("\0") if p and (REPO / p).is_file()]


def test_tarball_leaves_out_run_outputs_anywhere(tmp_path):
    """A copy of the checkout with reports and exports left where runs could leave them."""
    source = tmp_path / "source"
    for path in tracked_files():
        (source / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / path, source / path)
    outputs = ["reports/findings.json", "playbooks/reports/changes.json", "roles/report/reports/report.md", "exports/acct.yml"]
    for path in outputs:
        (source / path).parent.mkdir(parents=True, exist_ok=True)
        (source / path).write_text("{}")
    _tarball, names = build(source, tmp_path / "out")
    assert leaked(names) == []
    # ... and nothing the collection needs is left out with them.
    shipped = [p for p in tracked_files() if p.startswith(("plugins/", "roles/", "playbooks/", "meta/"))]
    assert shipped and [p for p in shipped if p not in names] == []


def test_tarball_installs_and_runs(account, tmp_path):
    tarball, names = build(REPO, tmp_path)
    assert "plugins/modules/password_policy.py" in names
    assert "roles/password_policy/tasks/main.yml" in names
    assert leaked(names) == []

    install_dir = tmp_path / "installed"
    subprocess.run(
        [str(BIN / "ansible-galaxy"), "collection", "install", "--no-deps", "--force", "-p", str(install_dir), str(tarball)],
        check=True,
        capture_output=True,
    )
    assert (install_dir / "ansible_collections/baseline/iam/MANIFEST.json").exists()
    # amazon.aws from the set-up collections dir, baseline.iam only from the installed tarball.
    amazon = tmp_path / "amazon_only"
    (amazon / "ansible_collections/amazon").mkdir(parents=True)
    (amazon / "ansible_collections/amazon/aws").symlink_to(REPO / ".collections/ansible_collections/amazon/aws")
    env = account.env()
    env["ANSIBLE_COLLECTIONS_PATH"] = "%s:%s" % (install_dir, amazon)
    env["ANSIBLE_COLLECTIONS_SCAN_SYS_PATH"] = "False"
    result = run_tasks([{"name": "from the tarball", "baseline.iam.password_policy": {"minimum_length": 15}}], env)
    result.assert_ok()
    assert password_policy(account)["MinimumPasswordLength"] == 15
    assert_every_plugin_documented(install_dir / "ansible_collections/baseline/iam", env)


def plugins_by_type(collection):
    """{ansible-doc type: [plugin names]} of an installed collection, from its files."""
    return {
        "module": sorted(p.stem for p in (collection / "plugins/modules").glob("*.py") if p.stem != "__init__"),
        "inventory": sorted(p.stem for p in (collection / "plugins/inventory").glob("*.py") if p.stem != "__init__"),
        "filter": sorted(p.stem for p in (collection / "plugins/filter").glob("*.yml")),
        "role": sorted(p.parent.parent.name for p in (collection / "roles").glob("*/meta/argument_specs.yml")),
    }


def assert_every_plugin_documented(collection, env):
    """ansible-doc renders every plugin and role of the installed collection (one call per type)."""
    found = plugins_by_type(collection)
    assert all(found.values()), found
    for plugin_type, names in found.items():
        fqcns = ["baseline.iam.%s" % name for name in names]
        answer = subprocess.run(
            [str(BIN / "ansible-doc"), "--json", "-t", plugin_type, *fqcns], env=env, capture_output=True, text=True, check=False
        )
        assert answer.returncode == 0, answer.stderr
        docs = json.loads(answer.stdout)
        assert sorted(docs) == sorted(fqcns), (plugin_type, answer.stderr)
        for fqcn, doc in docs.items():
            body = doc.get("doc") or doc.get("entry_points", {}).get("main") or {}
            assert body.get("short_description"), (plugin_type, fqcn)
