"""`make demo` — the whole baseline flow on a local AWS simulator, no AWS account needed.

An AWS Organization with three member accounts full of drift (and a closed account), the
Organizations inventory, then: drift check -> preview (no write) -> apply -> preview (no change)
-> key rotation -> final drift check with reports, which exits 0. Exits non-zero if any step does
not end as it should. Everything it starts runs in this process and stops with it.
"""

import datetime
import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from demo import access_keys, groups_mfa, organization, organization_level, role_trust
from tests.support.calls import is_mutating
from tests.support.playbook import BIN, REPO, ansible_env, run_playbook
from tests.support.simulator import Simulator

STATE = Path(__file__).resolve().parent / ".state"
INVENTORY = STATE / "inventory"
REPORTS = REPO / "reports"
PASSWORD_DRIFT = {
    "111111111111": "no password policy at all",
    "222222222222": "a weak password policy: 8 characters, no complexity, no reuse prevention",
    "333333333333": "14 characters, but passwords never expire and symbols are optional",
}


def banner(text):
    print("\n" + "=" * 100 + "\n== " + text + "\n" + "=" * 100, flush=True)


def seed_password_policies(accounts):
    accounts["222222222222"].client("iam").update_account_password_policy(MinimumPasswordLength=8)
    accounts["333333333333"].client("iam").update_account_password_policy(
        MinimumPasswordLength=14, RequireNumbers=True, RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True, AllowUsersToChangePassword=True, PasswordReusePrevention=24,
    )  # fmt: skip


def seed_outside_the_baseline(accounts):
    """What the baseline checks but no role can set, made the way a compliant account has it (the
    simulator's API cannot set root MFA: it is set in-process): root MFA on a hardware device, a
    logging multi-region CloudTrail trail, a support role with AWSSupportAccess."""
    for account in accounts.values():
        account.set_root(mfa_active=True)
        bucket = "trail-%s" % account.account_id
        account.client("s3").create_bucket(Bucket=bucket)
        trail = account.client("cloudtrail")
        trail.create_trail(Name="organization-trail", S3BucketName=bucket, IsMultiRegionTrail=True)
        trail.start_logging(Name="organization-trail")
        iam = account.client("iam")
        mfa = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
        statement = {"Effect": "Allow", "Principal": {"AWS": account.account_id}, "Action": "sts:AssumeRole", "Condition": mfa}
        support = {"Version": "2012-10-17", "Statement": [statement]}
        iam.create_role(RoleName="support", AssumeRolePolicyDocument=json.dumps(support))
        iam.attach_role_policy(RoleName="support", PolicyArn="arn:aws:iam::aws:policy/AWSSupportAccess")


def audit_variables(today):
    """Audit settings and the waivers of the demo: what the simulator cannot show, and decisions a
    team would take, each with a reason and an expiry date."""
    expires = (today + datetime.timedelta(days=30)).isoformat()
    return {
        "iam_baseline_audit": {"regions": ["us-east-1"]},
        "iam_baseline_exemptions": [
            # ERROR, not FAIL (the simulator cannot answer): waived only because the waiver says so
            {"control": "ACCT.ACCESS_ANALYZER", "include_errors": True,
             "reason": "the local simulator (moto) does not implement IAM Access Analyzer", "expires": expires},
            {"control": "USER.DIRECT_POLICY", "resource": "direct-policy-user", "reason": "legacy user, moving to groups (DEMO-42)", "expires": expires},
            {"control": "USER.NO_GROUP", "resource": "direct-policy-user", "reason": "legacy user, moving to groups (DEMO-42)", "expires": expires},
            {"control": "USER.CONSOLE_UNUSED", "resource": "break-glass", "reason": "break-glass user: signs in only in an emergency", "expires": expires},
        ],
    }  # fmt: skip


# Per account, the groups of its service users (key-only) and of its break-glass user, on top of
# the groups every account has: host_vars/<host>.yml (the hosts are named after the accounts).
SERVICE_GROUPS = {
    "111111111111": [{"name": "service-accounts", "managed_policies": ["ReadOnlyAccess"], "members": ["app-deployer", "old-intern"]}],
    "222222222222": [
        {"name": "service-accounts", "managed_policies": ["ReadOnlyAccess"], "members": ["old-contractor"]},
        {"name": "break-glass", "members": ["break-glass"]},  # permissions are granted during an incident
    ],
    "333333333333": [{"name": "service-accounts", "managed_policies": ["ReadOnlyAccess"], "members": ["ci-deployer"]}],
}


def write_group_vars(accounts, today):
    group_vars = INVENTORY / "group_vars" / "all"
    group_vars.mkdir(parents=True, exist_ok=True)
    (group_vars / "groups_mfa.yml").write_text(yaml.safe_dump(groups_mfa.GROUP_VARS, sort_keys=False))
    host_vars = INVENTORY / "host_vars"
    host_vars.mkdir(parents=True, exist_ok=True)
    for account_id, (name, _ou) in organization.MEMBERS.items():
        groups = groups_mfa.GROUP_VARS["iam_baseline_groups"] + SERVICE_GROUPS[account_id]
        (host_vars / ("%s.yml" % name)).write_text(yaml.safe_dump({"iam_baseline_groups": groups}, sort_keys=False))
    audit = audit_variables(today)
    audit["iam_baseline_exemptions"].append(organization_level.exemption(today))
    (group_vars / "audit.yml").write_text(yaml.safe_dump(audit, sort_keys=False))
    (group_vars / "organization.yml").write_text(yaml.safe_dump(organization_level.VARIABLES, sort_keys=False))
    return role_trust.seed(accounts, INVENTORY)  # writes group_vars/all/role_trust.yml


def counts(reports):
    doc = json.loads((reports / "findings.json").read_text())
    return doc["summary"]["by_status"], doc


def enrol_mfa(accounts):
    """What users do once the force-MFA policy is on: the administrators register a hardware token
    (the simulator accepts any code), the developer a virtual device."""
    for account in accounts.values():
        iam = account.client("iam")
        users = {u["UserName"] for u in iam.list_users()["Users"]}
        if "alice" in users:
            iam.enable_mfa_device(
                UserName="alice",
                SerialNumber="GAHT%08d" % int(account.account_id[:8]),
                AuthenticationCode1="123456",
                AuthenticationCode2="654321",
            )
        if "dave" in users:
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="dave")["VirtualMFADevice"]["SerialNumber"]
            iam.enable_mfa_device(UserName="dave", SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321")
        if "break-glass" in users:
            iam.enable_mfa_device(
                UserName="break-glass", SerialNumber="GAHT99999999", AuthenticationCode1="123456", AuthenticationCode2="654321"
            )


def main():
    shutil.rmtree(STATE, ignore_errors=True)
    today = datetime.date.today()
    with Simulator() as sim:
        banner("Local AWS simulator on %s (moto, in this process; nothing leaves this machine)" % sim.endpoint)
        management = organization.create(sim)
        organization_level.seed(management)
        accounts = {account_id: sim.new_account(account_id) for account_id in organization.MEMBERS}
        seed_password_policies(accounts)
        seed_outside_the_baseline(accounts)
        groups_mfa.seed(accounts)
        seeded_keys = access_keys.seed(accounts)
        for account_id, (name, ou) in organization.MEMBERS.items():
            print("  account %s %s (/Root/%s): %s; %s" % (account_id, name, ou, PASSWORD_DRIFT[account_id], groups_mfa.DRIFT[account_id]))
        print("  account %s: %s" % (access_keys.ACCOUNT, access_keys.DRIFT))
        print("  organization (management account %s): %s" % (organization.MANAGEMENT, organization_level.DRIFT))
        trust_before = write_group_vars(accounts, today)
        organization.write_inventory(INVENTORY)
        env = sim.env()

        banner("Inventory: ansible-inventory -i demo/.state/inventory --graph  (AWS Organizations, closed account left out)")
        graph = subprocess.run([str(BIN / "ansible-inventory"), "-i", str(INVENTORY), "--graph"],
                               cwd=REPO, env=ansible_env(env), capture_output=True, text=True, check=False)  # fmt: skip
        print(graph.stdout + graph.stderr)

        banner("1/6 Drift check: ansible-playbook baseline.iam.drift  (read-only audit + reports)")
        before_dir = STATE / "reports-before"
        before = run_playbook(
            "baseline.iam.drift", env, inventory=INVENTORY, extra_vars={"iam_baseline_report_dir": str(before_dir)}, stream=True
        )
        before_counts, _doc = counts(before_dir)

        banner("2/6 Preview: ansible-playbook baseline.iam.apply --check --diff  (shows what would change, writes nothing)")
        mark = sim.proxy.mark()
        preview = run_playbook("baseline.iam.apply", env, inventory=INVENTORY, check=True, diff=True, stream=True,
                               extra_vars={"iam_baseline_report_dir": str(STATE / "preview")})  # fmt: skip
        writes = [c["action"] for c in sim.proxy.calls_since(mark) if is_mutating(c["action"])]

        banner("3/6 Apply: ansible-playbook baseline.iam.apply")
        applied = run_playbook(
            "baseline.iam.apply",
            env,
            inventory=INVENTORY,
            diff=True,
            stream=True,
            extra_vars={"iam_baseline_report_dir": str(STATE / "apply")},
        )
        enrol_mfa(accounts)

        banner("4/6 Preview again: nothing left to change")
        again = run_playbook("baseline.iam.apply", env, inventory=INVENTORY, check=True, diff=True, stream=True,
                             extra_vars={"iam_baseline_report_dir": str(STATE / "again")})  # fmt: skip
        again_doc = json.loads((STATE / "again" / "changes.json").read_text())

        banner("5/6 Key rotation: ansible-playbook baseline.iam.rotate_keys")
        rotation_checks = access_keys.rotate(env, INVENTORY, accounts, seeded_keys, banner)
        rotation_checks += access_keys.retire(env, INVENTORY, accounts, seeded_keys, banner)

        banner("6/6 Final drift check, compared with the first one: reports in ./reports")
        previous = {"iam_baseline_report_dir": str(REPORTS), "iam_baseline_previous_findings": str(before_dir / "findings.json")}
        final = run_playbook("baseline.iam.drift", env, inventory=INVENTORY, stream=True, extra_vars=previous)
        after_counts, after_doc = counts(REPORTS)
        left = sorted(
            {
                "%s %s %s" % (f["account_id"], f["control_id"], f["resource_id"])
                for f in after_doc["findings"]
                if f["status"] in ("FAIL", "ERROR")
            }
        )

        banner("Summary")
        print("  findings before: %s" % before_counts)
        print("  findings after:  %s" % after_counts)
        for line in left:
            print("  still open: %s" % line)
        print("  reports: %s" % ", ".join(str((REPORTS / n).relative_to(REPO)) for n in sorted(p.name for p in REPORTS.iterdir())))
        checks = [
            ("inventory: the active member accounts from AWS Organizations, the closed one left out",
             graph.returncode == 0 and "old-sandbox" not in graph.stdout and "payments-prod" in graph.stdout),
            ("first drift check found drift and failed the run", before.rc != 0 and before_counts["FAIL"] > 0),
            ("preview made no write (API calls counted by the proxy)", preview.rc == 0 and writes == []),
            ("apply succeeded", applied.rc == 0),
            ("second preview: nothing left to change", again.rc == 0 and again_doc["summary"]["changed"] == []),
            *rotation_checks,
            *groups_mfa.checks(accounts),
            *role_trust.checks(accounts, trust_before),
            *organization_level.checks(management, after_doc["findings"]),
            ("final drift check passes: no FAIL or ERROR left", final.rc == 0 and after_counts["FAIL"] == 0 and after_counts["ERROR"] == 0),
        ]  # fmt: skip
        for label, ok in checks:
            print("  [%s] %s" % ("ok" if ok else "FAILED", label))
    return 0 if all(ok for _label, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
