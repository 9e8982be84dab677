import subprocess
import sys

from tests.support.playbook import REPO


def test_controls_doc_is_generated_from_the_catalog():
    proc = subprocess.run([sys.executable, str(REPO / "hack/gen_controls_doc.py"), "--check"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_no_link_names_the_repository_that_does_not_exist():
    """galaxy.yml, the plugins and the roles named github.com/baseline-iam/baseline.iam, which
    does not exist; links now come from iam_baseline_docs_url or are left out."""
    offenders = []
    for path in [REPO / "galaxy.yml", *sorted((REPO / "plugins").rglob("*.py")), *sorted((REPO / "roles").rglob("*.yml"))]:
        if "github.com/baseline-iam" in path.read_text():
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


def test_the_docs_site_lists_every_page():
    """docs/docsite/extra-docs.yml names every docs/*.md page once (hack/docs_rst.py turns them
    into the site's extra docs), and nothing else."""
    import yaml

    index = yaml.safe_load((REPO / "docs" / "docsite" / "extra-docs.yml").read_text())
    listed = [ref for section in index["sections"] for ref in section["toctree"]]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == sorted(p.stem for p in (REPO / "docs").glob("*.md"))
