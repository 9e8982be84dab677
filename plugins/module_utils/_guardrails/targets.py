# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where an SCP is attached, in words people use (pure): "root", an OU path such as
/Root/Workloads, or an account id - and back to the ids AWS Organizations uses, and down to the
member accounts an SCP there restricts (never the management account: SCPs do not apply to it).

Built from the organization as _organization/read.py reads it ({"organization", "ous",
"accounts"}).
"""

from __future__ import annotations

from .._organization import accounts as _accounts
from . import model as _model


class UnknownTarget(ValueError):
    """A target label the organization does not have."""


class Structure:
    def __init__(self, organization):
        ous = organization["ous"]
        self.root = ous[0]
        self.management_account_id = organization["organization"].get("management_account_id")
        self.organization_id = organization["organization"]["id"]
        self.partition = organization["organization"].get("partition") or "aws"
        self._ou_ids = {ou["path"]: ou["id"] for ou in ous}
        self._ou_paths = {ou["id"]: ou["path"] for ou in ous}
        self.accounts = {a["id"]: a for a in organization["accounts"] if a.get("state") == _accounts.ACTIVE}

    def target_id(self, label):
        label = str(label)
        if label == _model.ROOT:
            return self.root["id"]
        if label.startswith("/"):
            if label not in self._ou_ids:
                raise UnknownTarget("the organization has no OU %s" % label)
            return self._ou_ids[label]
        if label not in self.accounts:
            raise UnknownTarget("account %s is not an active account of the organization" % label)
        return label

    def label(self, target_id):
        if target_id == self.root["id"]:
            return _model.ROOT
        return self._ou_paths.get(target_id, target_id)

    def restricted_accounts(self, label):
        """The member accounts an SCP attached at `label` restricts (the management account never)."""
        label = str(label)
        if label == _model.ROOT:
            found = list(self.accounts)
        elif label.startswith("/"):
            found = [a for a, account in self.accounts.items() if _accounts.in_subtree(account["ou_path"], label)]
        else:
            found = [label] if label in self.accounts else []
        return sorted(a for a in found if a != self.management_account_id)
