# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Paginated reads, one way for every package: a read that can span pages is never read as one
(IAM, Organizations and Identity Center page at 100 or fewer items)."""

from __future__ import annotations


def items(client, operation, key, **arguments):
    """Every item under `key` of every page of `operation` (a missing key: none on that page)."""
    found = []
    for page in client.get_paginator(operation).paginate(**arguments):
        found.extend(page.get(key, []))
    return found


def full_result(client, operation, **arguments):
    """Every page of `operation` merged into one answer (for reads that list several keys)."""
    return client.get_paginator(operation).paginate(**arguments).build_full_result()
