"""Offline stand-in for ansible-test's get-pip bootstrap script.

ansible-test runs this in a fresh virtual environment that has no pip, with pip's command-line
arguments (the pinned pip, setuptools and wheel). The standard library's ensurepip installs the
bundled pip without any download; that pip then installs the requested versions from PyPI.
"""

import subprocess
import sys

subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
subprocess.check_call([sys.executable, "-m", "pip", "install", *sys.argv[1:]])
