# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""findings.json (DESIGN §6), written account by account (pure; `out` is a text stream).

    {schema_version, generated_at, collection_version, accounts, summary, findings[, run]}

The same bytes as dumping the whole document at once; `run` (the run id, whether it is complete
and why not) is there when the report comes from the results store.
"""

from __future__ import annotations

from .document import SCHEMA_VERSION, new_account
from .jsonstream import MARKER, ListWriter


class FindingsJsonWriter:
    def __init__(self, out, summary, run=None):
        self.out = out
        document = {
            "schema_version": SCHEMA_VERSION,
            "generated_at": summary.generated_at,
            "collection_version": summary.collection_version,
            "accounts": [new_account(a["account_id"], a.get("name"), a.get("status", "audited")) for a in summary.accounts],
            "summary": summary.as_summary(),
            "findings": MARKER,
        }
        if run is not None:
            document["run"] = run
        self.findings = ListWriter(out, document)

    def account(self, _account, findings):
        for finding in findings:
            self.findings.add(finding)

    def close(self):
        self.findings.close()
        self.out.write("\n")
