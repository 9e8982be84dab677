"""`ansible-galaxy collection build` gives a tarball that installs and runs on its own."""

import subprocess
import sys
import tarfile
from pathlib import Path

from tests.support.playbook import REPO, run_tasks
from tests.support.state import password_policy

BIN = Path(sys.executable).parent


def test_tarball_installs_and_runs(account, tmp_path):
    subprocess.run(
        [str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(tmp_path), str(REPO)], check=True, capture_output=True
    )
    (tarball,) = tmp_path.glob("baseline-iam-*.tar.gz")
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    assert "plugins/modules/password_policy.py" in names
    assert "roles/password_policy/tasks/main.yml" in names
    leaked = [n for n in names if n.startswith((".collections", ".venv", "tests/output", ".stamps", "demo/.state", "build/"))]
    assert leaked == []

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
