# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error type of the results store: bad settings, a malformed run id, a store that cannot
be read or written. `field` names the variable to fix (iam_baseline_run_id, iam_baseline_results.s3_bucket)."""

from __future__ import annotations

from .._core.errors import InputError


class ResultsError(InputError):
    """A results-store problem; str() is "<field>: <problem>" (an InputError: it names the field)."""

    def __init__(self, field, problem, code=None):
        super().__init__(field, problem)
        self.code = code
