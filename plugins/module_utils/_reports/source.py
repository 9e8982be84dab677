# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the reports read a run from: account by account, never the whole run at once (pure).

A source has `generated_at`, `collection_version`, `accounts` (sorted by id: {account_id, name,
status}) and `findings_of(account_id)`, the account's findings in report order. The results store
is one source (_results/source.py); a findings document, already in memory, is another (here), so
the whole-document filters and the store-backed module share one set of renderers.
"""

from __future__ import annotations

from .._core import dates as _time
from .._core.version import COLLECTION_VERSION
from .document import account_names, validate


class DocumentSource:
    """A findings document (validated) as a source."""

    def __init__(self, document, source="findings document"):
        validate(document, source)
        self.generated_at = document["generated_at"]
        self.collection_version = document.get("collection_version") or COLLECTION_VERSION
        status = {a["account_id"]: a.get("status", "audited") for a in document["accounts"]}
        self.accounts = [{"account_id": k, "name": v, "status": status.get(k, "audited")} for k, v in account_names(document).items()]
        self._findings = {}
        for finding in document["findings"]:
            self._findings.setdefault(finding["account_id"], []).append(finding)

    def findings_of(self, account_id):
        return iter(self._findings.get(account_id, ()))


def now_or(generated_at):
    return _time.iso(generated_at) if generated_at else _time.now_iso()
