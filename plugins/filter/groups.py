# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter for role baseline.iam.groups: complete and check every group spec before any call."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._groups import model as _group


def group_specs(specs, variable="iam_baseline_groups"):
    """Every spec with its defaults filled in; fails naming the spec and field of the first problem.

    Checking all specs first means a bad spec stops the run before any group is changed.
    """
    if specs is None:
        return []
    if not isinstance(specs, list):
        raise AnsibleFilterError("%s: must be a list of group specs" % variable)
    completed, seen = [], set()
    for index, spec in enumerate(specs):
        where = "%s[%d]" % (variable, index)
        if not isinstance(spec, dict) or not spec.get("name"):
            raise AnsibleFilterError("%s: each group spec is a dict with at least a name" % where)
        unknown = set(spec) - set(_group.SPEC_DEFAULTS) - {"name"}
        if unknown:
            raise AnsibleFilterError("%s: unknown key(s) %s" % (where, ", ".join(sorted(unknown))))
        spec = _group.complete_spec(spec)
        if spec["name"].lower() in seen:
            raise AnsibleFilterError("%s: group %s is declared twice" % (where, spec["name"]))
        seen.add(spec["name"].lower())
        try:
            _group.validate(spec)
        except InputError as e:
            raise AnsibleFilterError(e.under("%s (%s)" % (where, spec["name"]))) from None
        completed.append(spec)
    return completed


class FilterModule:
    def filters(self):
        return {"group_specs": group_specs}
