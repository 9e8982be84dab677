"""Offline stand-in for ansible-test's get-pip bootstrap script.

ansible-test runs this in a fresh virtual environment that has no pip, with get-pip's
command-line arguments (the pinned pip, maybe setuptools and wheel, and get-pip's own
--no-setuptools / --no-wheel). The standard library's ensurepip installs the bundled pip without
any download; that pip then installs the requested versions from PyPI.
"""

import subprocess
import sys

GET_PIP_ONLY = {"--no-setuptools", "--no-wheel"}

subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
arguments = [a for a in sys.argv[1:] if a not in GET_PIP_ONLY]
subprocess.check_call([sys.executable, "-m", "pip", "install", *arguments])
