"""The drift check run the way AWX runs it: ansible-runner with a private data dir (inventory from
the Organizations plugin, env/envvars and env/extravars files, a project playbook), then the
artifacts and reports are checked — and no secret may be in any of them (DESIGN §8.5)."""

import json
from pathlib import Path

import ansible_runner
import yaml

from tests.support.organization import seed_organization
from tests.support.playbook import BIN, REPO

REPORTS = ("findings.json", "junit.xml", "findings.sarif", "asff.json", "report.md", "report.html")


def issued_secrets():
    """Every secret key and session token the in-process simulator has handed out."""
    from moto.sts.models import sts_backends

    secrets = set()
    for backend in sts_backends.values():
        for region_backend in backend.values():
            for role in getattr(region_backend, "assumed_roles", []):
                secrets |= {role.secret_access_key, role.session_token}
    return {s for s in secrets if s}


def private_data_dir(tmp_path, org, env, reports):
    data = tmp_path / "runner"
    (data / "inventory").mkdir(parents=True)
    (data / "project").mkdir()
    (data / "env").mkdir()
    (data / "inventory" / "org.aws_accounts.yml").write_text(
        yaml.safe_dump(
            {
                "plugin": "baseline.iam.aws_accounts",
                "assume_role_arn": "arn:aws:iam::%s:role/OrganizationAccountAccessRole" % org.management.account_id,
                "include_ous": ["/Root/Workloads/Prod", "/Root/Security"],
            }
        )
    )
    (data / "project" / "drift.yml").write_text("- name: Drift check\n  ansible.builtin.import_playbook: baseline.iam.drift\n")
    envvars = {k: v for k, v in env.items() if k.startswith(("AWS_", "HTTP", "http", "NO_", "no_"))}
    envvars.update(
        ANSIBLE_CONFIG=str(REPO / "ansible.cfg"),
        ANSIBLE_COLLECTIONS_PATH=env.get("ANSIBLE_COLLECTIONS_PATH") or str(REPO / ".collections"),
        PATH="%s:/usr/bin:/bin" % BIN,
    )
    (data / "env" / "envvars").write_text(yaml.safe_dump(envvars))
    extravars = {
        "iam_baseline_report_dir": str(reports),
        "iam_baseline_audit": {"require_access_analyzer": False},
        "iam_baseline_fail_on": "critical",
    }
    (data / "env" / "extravars").write_text(yaml.safe_dump(extravars))
    return data


# A vendor's ExternalId (a secret shared with the vendor) in a trust the audit FAILs, so the whole
# document lands in the finding's `actual` and from there in every report and job event.
EXTERNAL_ID = "vendor-7f3a-Shared-Secret"
OPEN_VENDOR_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"sts:ExternalId": EXTERNAL_ID}},
        }
    ],
}


def seed_vendor_role(simulator, account_id):
    iam = simulator.new_account(account_id=account_id).client("iam")
    iam.create_role(RoleName="vendor-audit", AssumeRolePolicyDocument=json.dumps(OPEN_VENDOR_TRUST))


def test_drift_through_ansible_runner(simulator, tmp_path):
    org = seed_organization(simulator)
    seed_vendor_role(simulator, org.accounts["payments-prod"])
    reports = tmp_path / "reports"
    data = private_data_dir(tmp_path, org, simulator.env(), reports)
    run = ansible_runner.run(private_data_dir=str(data), playbook="drift.yml", quiet=True, timeout=900)
    stdout = run.stdout.read()
    # The fresh accounts have no root MFA (critical): the job fails, as an AWX drift job should,
    # after every report was written.
    assert run.status == "failed" and run.rc == 2, stdout[-4000:]
    assert "Drift check FAILED" in stdout and "critical: FAIL" in stdout

    # The report covers exactly the selected accounts, one host each.
    expected = {org.accounts[k] for k in ("payments-prod", "web-prod", "security-audit", "log-archive")}
    findings = json.loads((reports / "findings.json").read_text())
    assert {a["account_id"] for a in findings["accounts"]} == expected
    assert all((reports / name).is_file() for name in REPORTS)

    # Artifacts as AWX keeps them: the job events carry the audit of every host.
    artifacts = Path(run.config.artifact_dir)
    events = [e for e in run.events if e.get("event") == "runner_on_ok"]
    audited = {e["event_data"]["host"] for e in events if e["event_data"].get("task", "").startswith("RUN | AUDIT | Audit this account")}
    assert audited == expected
    assert (artifacts / "stdout").is_file() and (artifacts / "rc").read_text().strip() == "2"
    assert (artifacts / "status").read_text().strip() == "failed"

    # No secret anywhere: artifacts (stdout, job events, env), the runner's own files, the reports.
    secrets = issued_secrets()
    assert secrets
    haystack = "".join(p.read_text(errors="replace") for p in list(artifacts.rglob("*")) + list(reports.iterdir()) if p.is_file())
    assert [s for s in secrets if s in haystack] == []
    # Nor the ExternalId: each report file shows its fingerprint instead (issue 13).
    from ansible_collections.baseline.iam.plugins.module_utils._core.mask import masked

    assert EXTERNAL_ID not in haystack
    wildcard = [f for f in findings["findings"] if f["control_id"] == "TRUST.WILDCARD" and f["resource_id"] == "vendor-audit"]
    assert [f["status"] for f in wildcard] == ["FAIL"], wildcard
    for name in REPORTS:
        text = (reports / name).read_text()
        assert EXTERNAL_ID not in text, name
    assert masked(EXTERNAL_ID) in json.dumps(wildcard[0]["actual"])
