"""execution-environment.yml: `ansible-builder create` makes a build context (no image is built)
with this collection, amazon.aws and the Python requirements; the collection's own
meta/execution-environment.yml is what ansible-builder's introspection reads."""

import subprocess
import sys
from pathlib import Path

import yaml

from tests.support.playbook import REPO

BIN = Path(sys.executable).parent


def create(context):
    subprocess.run(
        [str(BIN / "ansible-builder"), "create", "-f", str(REPO / "execution-environment.yml"), "-c", str(context),
         "--output-filename", "Containerfile"],
        check=True, capture_output=True, text=True, cwd=REPO, timeout=300,
    )  # fmt: skip


def test_build_context_has_the_collections_and_python_requirements(tmp_path):
    definition = yaml.safe_load((REPO / "execution-environment.yml").read_text())
    assert definition["version"] == 3
    create(tmp_path)

    containerfile = (tmp_path / "Containerfile").read_text()
    assert 'ARG EE_BASE_IMAGE="%s"' % definition["images"]["base_image"]["name"] in containerfile
    assert "ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml" in containerfile
    assert "COPY _build/requirements.txt requirements.txt" in containerfile
    assert "ansible-core>=2.19" in containerfile and "ansible-runner" in containerfile

    galaxy = yaml.safe_load((tmp_path / "_build" / "requirements.yml").read_text())
    versions = {c["name"]: c.get("version") for c in galaxy["collections"]}
    assert set(versions) == {"baseline.iam", "amazon.aws"}
    manifest = yaml.safe_load((REPO / "galaxy.yml").read_text())
    assert versions["amazon.aws"] == manifest["dependencies"]["amazon.aws"]  # one minimum version
    assert (tmp_path / "_build" / "requirements.txt").read_text() == (REPO / "requirements.txt").read_text()
    assert "boto3" in (tmp_path / "_build" / "requirements.txt").read_text()


def test_introspection_finds_the_collections_python_requirements(tmp_path):
    """What the builder stage runs on the installed collections (here: the set-up collections dir)."""
    create(tmp_path)
    script = tmp_path / "_build" / "scripts" / "introspect.py"
    answer = subprocess.run(
        [sys.executable, str(script), "introspect", str(REPO / ".collections")], check=True, capture_output=True, text=True, timeout=120
    )
    found = yaml.safe_load(answer.stdout)
    ours = [line for line in found["python"] if line.endswith("# from collection baseline.iam")]
    assert sorted(line.split()[0] for line in ours) == ["boto3>=1.35.0", "botocore>=1.35.0"]
