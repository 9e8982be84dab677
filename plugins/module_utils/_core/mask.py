# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masking of near-secrets wherever they are shown (DESIGN §8.5), pure.

An `sts:ExternalId` is a secret shared with a vendor: trust documents carry it in their
conditions, and findings, diffs and module results copy those documents. The one function here,
`mask_external_ids`, replaces every ExternalId value - in a document as data, in a document as
JSON text, and wherever a value found that way appears again in a text - with a short
fingerprint (the first 8 hex digits of its sha256), so a reader can still tell two values apart
and check one they know, without reading it.

Findings are masked when they are made (_audit/findings.py), so every report format, the results
store and AWX artifacts get masked text; role_trust masks its result and diff.
"""

from __future__ import annotations

import hashlib
import re

EXTERNAL_ID_KEY = "sts:externalid"
MASK_PREFIX = "<masked sha256:"
# "sts:ExternalId": "value" or "sts:ExternalId": ["a", "b"] in JSON (or Python repr) text.
_IN_TEXT = re.compile(r"""(["']sts:ExternalId["']\s*:\s*)(\[[^\]]*\]|"(?:[^"\\]|\\.)*"|'[^']*')""", re.IGNORECASE)
_QUOTED = re.compile(r""""((?:[^"\\]|\\.)*)"|'([^']*)'""")


def fingerprint(value):
    """The first 8 hex digits of the value's sha256."""
    return hashlib.sha256(str(value).encode("utf-8")).hexdigest()[:8]


def masked(value):
    """'<masked sha256:1a2b3c4d>' for a value (a masked value stays as it is)."""
    text = str(value)
    return text if text.startswith(MASK_PREFIX) else "%s%s>" % (MASK_PREFIX, fingerprint(text))


def _is_key(key):
    return isinstance(key, str) and key.lower() == EXTERNAL_ID_KEY


def _found_in_text(text):
    values = []
    for match in _IN_TEXT.finditer(text):
        values += [a if a else b for a, b in _QUOTED.findall(match.group(2))]
    return values


def external_ids(value):
    """Every ExternalId value in `value` (dicts, lists, JSON text), masked ones left out."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += [str(v) for v in (item if isinstance(item, list) else [item])] if _is_key(key) else external_ids(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            found += external_ids(item)
    elif isinstance(value, str):
        found += _found_in_text(value)
    return [v for v in found if v and not v.startswith(MASK_PREFIX)]


def _mask_text(text, known):
    def quoted(match):
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        quote = '"' if match.group(1) is not None else "'"
        return quote + masked(inner) + quote

    text = _IN_TEXT.sub(lambda m: m.group(1) + _QUOTED.sub(quoted, m.group(2)), text)
    for value in sorted(known, key=len, reverse=True):  # longest first: a value inside another
        text = text.replace(value, masked(value))
    return text


def _mask(value, known):
    if isinstance(value, dict):
        return {k: (_mask_leaf(v) if _is_key(k) else _mask(v, known)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_mask(v, known) for v in value]
    if isinstance(value, str):
        return _mask_text(value, known)
    return value


def _mask_leaf(value):
    if isinstance(value, list):
        return [masked(v) for v in value]
    return masked(value)


def mask_external_ids(value, also=()):
    """A copy of `value` with every ExternalId masked: under an `sts:ExternalId` key, inside
    JSON text, and - for the values found that way and the ones in `also` - anywhere in text."""
    known = {v for v in list(external_ids(value)) + [str(a) for a in also or ()] if v and not v.startswith(MASK_PREFIX)}
    return _mask(value, known)
