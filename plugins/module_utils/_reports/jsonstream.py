# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A JSON document with one long list, written item by item (pure; `out` is any text stream).

The result is byte for byte what json.dumps(document, indent=2, ensure_ascii=False) gives with the
list in place, but only one item is in memory at a time: the document is dumped with a marker
where the list goes, the text is split there, and the items are dumped one by one in between.
"""

from __future__ import annotations

import json

MARKER = "\u0000baseline-iam-stream\u0000"


def dumps(value):
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


class ListWriter:
    """with ListWriter(out, document_with_marker) as items: items.add(item) ..."""

    def __init__(self, out, document):
        text = dumps(document)
        quoted = dumps(MARKER)
        head, _marker, self._tail = text.partition(quoted)
        if not _marker:
            raise ValueError("the document has no place for the list (no MARKER)")
        self._out = out
        line = head[head.rfind("\n") + 1 :]
        self._outer = line[: len(line) - len(line.lstrip(" "))]  # the indentation of the list's line
        self._inner = self._outer + "  "
        self.count = 0
        out.write(head + "[")

    def add(self, item):
        out = self._out
        out.write("\n" if self.count == 0 else ",\n")
        out.write(self._inner + dumps(item).replace("\n", "\n" + self._inner))
        self.count += 1

    def close(self):
        self._out.write(("\n%s]" % self._outer if self.count else "]") + self._tail)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.close()
