"""docs/*.md -> docs/docsite/rst/<name>.rst for antsibull-docs' extra docs (they must be RST),
with pandoc from the pypandoc-binary wheel and hack/docs-links.lua for the links between pages.
Each page gets the label antsibull-docs requires. The RST files are generated, not committed.

.venv-tools/bin/python hack/docs_rst.py
"""

import subprocess
import sys
from pathlib import Path

import pypandoc
import yaml

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
OUT = DOCS / "docsite" / "rst"
LABEL = ".. _ansible_collections.baseline.iam.docsite.%s:\n\n"


def convert(page):
    args = [
        pypandoc.get_pandoc_path(),
        "--from=gfm-gfm_auto_identifiers",
        "--to=rst",
        "--wrap=preserve",
        "--lua-filter=%s" % (REPO / "hack" / "docs-links.lua"),
    ]
    rst = subprocess.run([*args, str(page)], capture_output=True, text=True, check=True).stdout
    return LABEL % page.stem.replace("-", "_") + rst


def main():
    pages = sorted(DOCS.glob("*.md"))
    listed = {
        ref for section in yaml.safe_load((DOCS / "docsite" / "extra-docs.yml").read_text())["sections"] for ref in section["toctree"]
    }
    missing = sorted({p.stem for p in pages} - listed)
    if missing:
        sys.exit("docs/docsite/extra-docs.yml does not list: %s" % ", ".join(missing))
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*.rst"):
        stale.unlink()
    for page in pages:
        (OUT / ("%s.rst" % page.stem)).write_text(convert(page))
    print("docs_rst: %d pages -> %s" % (len(pages), OUT.relative_to(REPO)))


if __name__ == "__main__":
    main()
