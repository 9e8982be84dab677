"""`make demo`: the whole baseline flow on a local AWS simulator, no AWS account needed."""

import os
import sys
from pathlib import Path

# The demo's checks use the collection's own pure code (evaluators, policy comparison), found
# through the collections dir that `make setup` made, as the tests do (tests/conftest.py).
_COLLECTIONS = Path(os.environ.get("ANSIBLE_COLLECTIONS_PATH") or Path(__file__).resolve().parents[1] / ".collections")
if str(_COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(_COLLECTIONS))
