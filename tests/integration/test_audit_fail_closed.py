"""The audit never hides and never cries wolf (issue 14), against the simulator: root credentials
declared centrally managed are checked against the data, the credential report is cross-checked
with the users that exist, CloudTrail must record management events."""

import pytest

from tests.support.audit import audit, finding, statuses

ROOT_IDS = ("ROOT.ACCESS_KEY", "ROOT.MFA", "ROOT.HARDWARE_MFA", "ROOT.RECENT_USE")
CENTRAL = {"audit": {"root_credentials_managed_centrally": True}}


def root_statuses(result):
    return {control: finding(result, control)["status"] for control in ROOT_IDS}


@pytest.mark.parametrize(
    ("root", "status", "words"),
    [
        ({"password": False}, "NOT_APPLICABLE", "confirms"),
        # an inactive root key stays hidden behind the flag no longer
        ({"password": False, "inactive_access_keys": 1}, "FAIL", "access key 1 (inactive)"),
        ({"password": False, "access_keys": 1}, "FAIL", "access key 1 (active)"),
        ({"password": True}, "FAIL", "password"),
    ],
)
def test_root_managed_centrally_only_when_the_data_confirms_it(account, root, status, words):
    account.set_root(**root)
    result = audit(account, CENTRAL)
    assert set(root_statuses(result).values()) == {status}
    assert words in finding(result, "ROOT.ACCESS_KEY")["message"]


def test_root_access_key_fails_on_an_inactive_key(account):
    account.set_root(mfa_active=True, inactive_access_keys=1)
    assert statuses(audit(account), "ROOT.ACCESS_KEY") == {account.account_id: "FAIL"}
    account.set_root(inactive_access_keys=0)
    assert statuses(audit(account), "ROOT.ACCESS_KEY") == {account.account_id: "PASS"}
