"""`make demo` — start the simulator, seed drift in several accounts, preview it, apply the
baseline, and show that a second preview finds nothing left to change. Exits non-zero if any step
does not end as it should. Everything it starts runs in this process and stops with it."""

import sys
from pathlib import Path

from demo import access_keys, groups_mfa, role_trust
from tests.support.calls import is_mutating
from tests.support.playbook import REPO, run_playbook, write_inventory
from tests.support.simulator import Simulator

STATE = Path(__file__).resolve().parent / ".state"
ACCOUNTS = {
    "111111111111": "no password policy at all",
    "222222222222": "a weak policy: 8 characters, no complexity, no reuse prevention",
    "333333333333": "nearly there: 14 characters but passwords never expire and symbols are optional",
}


def banner(text):
    print("\n" + "=" * 100 + "\n== " + text + "\n" + "=" * 100, flush=True)


def seed(accounts):
    """Drift that the baseline must find and fix (written straight to the simulator's API)."""
    accounts["222222222222"].client("iam").update_account_password_policy(MinimumPasswordLength=8)
    accounts["333333333333"].client("iam").update_account_password_policy(
        MinimumPasswordLength=14,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True,
        PasswordReusePrevention=24,
    )


def changed_accounts(result):
    return sorted({r["host"] for r in result.changed})


def main():
    STATE.mkdir(exist_ok=True)
    with Simulator() as sim:
        banner("Local AWS simulator on %s (moto, in this process; nothing leaves this machine)" % sim.endpoint)
        accounts = {account_id: sim.new_account(account_id) for account_id in ACCOUNTS}
        seed(accounts)
        seeded_keys = access_keys.seed(accounts)
        groups_mfa.seed(accounts)
        for account_id, drift in ACCOUNTS.items():
            print("  account %s: %s; %s" % (account_id, drift, groups_mfa.DRIFT[account_id]))
        print("  account %s: %s" % (access_keys.ACCOUNT, access_keys.DRIFT))
        trust_before = role_trust.seed(accounts, STATE)
        inventory = write_inventory(STATE / "inventory.yml", accounts.values(), group_vars=groups_mfa.GROUP_VARS)
        print("  inventory: %s (one host per account, role OrganizationAccountAccessRole)" % inventory.relative_to(REPO))
        env = sim.env()

        banner("1/3 Preview: ansible-playbook baseline.iam.apply --check --diff  (shows the drift, changes nothing)")
        mark = sim.proxy.mark()
        preview = run_playbook("baseline.iam.apply", env, inventory=inventory, check=True, diff=True, stream=True)
        writes = [c["action"] for c in sim.proxy.calls_since(mark) if is_mutating(c["action"])]

        banner("2/3 Apply: ansible-playbook baseline.iam.apply")
        applied = run_playbook("baseline.iam.apply", env, inventory=inventory, diff=True, stream=True)

        banner("3/3 Preview again: nothing should be left to change")
        again = run_playbook("baseline.iam.apply", env, inventory=inventory, check=True, diff=True, stream=True)
        rotation_checks = access_keys.rotate(env, inventory, accounts, seeded_keys, banner)

        banner("Summary")
        checks = [
            ("preview found drift in every account", changed_accounts(preview) == sorted("acct_%s" % a for a in ACCOUNTS)),
            ("preview made no write (API calls counted by the proxy)", preview.rc == 0 and writes == []),
            ("apply changed every account", applied.rc == 0 and len(changed_accounts(applied)) == len(ACCOUNTS)),
            ("second preview: no drift left", again.rc == 0 and changed_accounts(again) == []),
            *rotation_checks,
            *groups_mfa.checks(accounts),
            *role_trust.checks(accounts, trust_before),
        ]
        for label, ok in checks:
            print("  [%s] %s" % ("ok" if ok else "FAILED", label))
        print("  API calls by action: %s" % sim.proxy.count_by_action())
    return 0 if all(ok for _label, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
