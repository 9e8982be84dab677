# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the reports may link (pure): iam_baseline_docs_url, the page documenting the controls."""

from __future__ import annotations

from urllib.parse import urlparse


def docs_url(value):
    """None for empty (the reports link nowhere), the URL for an http(s) URL; ValueError otherwise."""
    if value in (None, ""):
        return None
    url = str(value)
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError("iam_baseline_docs_url must be an http(s) URL or empty, got %r" % url)
    return url
