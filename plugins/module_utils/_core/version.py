# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's name and version, for user agents and reports (kept equal to galaxy.yml by a test)."""

from __future__ import annotations

COLLECTION_NAME = "baseline.iam"
COLLECTION_VERSION = "0.1.0"
