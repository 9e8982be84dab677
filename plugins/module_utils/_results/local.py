# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The results store in a local directory (the default: `<report dir>/results`).

Objects are files under the directory (keys are relative paths); a write goes to a temporary file
that is then renamed, so a reader never sees half an object. Directories 0750, files 0640: the
results name users, roles and keys of the accounts, though never a secret.
"""

from __future__ import annotations

import os
import tempfile

from .errors import ResultsError
from .settings import FIELD


class LocalBackend:
    kind = "local"

    def __init__(self, directory):
        self.root = directory

    def _path(self, key):
        return os.path.join(self.root, *key.split("/"))

    def check(self):
        """The directory exists (created if missing) and is writable."""
        try:
            os.makedirs(self.root, mode=0o750, exist_ok=True)
        except OSError as e:
            raise ResultsError(FIELD + ".dir", "cannot create %s: %s" % (self.root, e.strerror)) from None
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise ResultsError(FIELD + ".dir", "%s is not writable" % self.root)

    def put(self, key, data, content_type=None):
        path = self._path(key)
        os.makedirs(os.path.dirname(path), mode=0o750, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o640)
            os.replace(temporary, path)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise

    def open(self, key):
        """A binary stream of the object, or None when it does not exist."""
        try:
            return open(self._path(key), "rb")  # the caller closes it
        except FileNotFoundError:
            return None

    def keys(self, prefix):
        """Keys (relative to the store) of every object under `prefix` (ending in '/')."""
        base = self._path(prefix)
        for directory, _dirs, files in os.walk(base):
            relative = os.path.relpath(directory, self.root).replace(os.sep, "/")
            for name in files:
                if not name.startswith(".tmp-"):
                    yield "%s/%s" % (relative, name)

    def children(self, prefix):
        """Names of the 'directories' right under `prefix` (ending in '/')."""
        base = self._path(prefix)
        try:
            return sorted(e.name for e in os.scandir(base) if e.is_dir())
        except FileNotFoundError:
            return []
