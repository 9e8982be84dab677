# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filter behind the cli_profiles role: inventory hosts -> AWS CLI named profiles (text)."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.baseline.iam.plugins.module_utils._core.errors import InputError
from ansible_collections.baseline.iam.plugins.module_utils._organization import cli_profiles as _cli_profiles


def cli_profiles(hosts, hostvars, settings=None):
    """{text, profiles, skipped} for the hosts' accounts and roles (see cli_profiles.yml)."""
    try:
        profiles, skipped = _cli_profiles.build_profiles(hosts, hostvars, settings or {})
    except InputError as e:
        raise AnsibleFilterError(str(e)) from None
    return {"text": _cli_profiles.render(profiles), "profiles": profiles, "skipped": skipped}


class FilterModule:
    def filters(self):
        return {"cli_profiles": cli_profiles}
