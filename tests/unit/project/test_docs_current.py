import subprocess
import sys

from tests.support.playbook import REPO


def test_controls_doc_is_generated_from_the_catalog():
    proc = subprocess.run([sys.executable, str(REPO / "hack/gen_controls_doc.py"), "--check"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
