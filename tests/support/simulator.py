"""The local AWS simulator: moto in this process (so tests can move dates and set root flags in
its backends) behind the recording / fault proxy, on 127.0.0.1 with ephemeral ports.

    with Simulator() as sim:
        account = sim.new_account()
        account.client("iam").list_users()
        sim.proxy.mutating_calls(account.account_id)
"""

import itertools
import logging
import os
import urllib.request

from .guard import offline_environment
from .proxy import RecordingProxy

MEMBER_ROLE = "OrganizationAccountAccessRole"
REGION = "us-east-1"


class Account:
    """A simulated account and credentials that act in it (from sts:AssumeRole)."""

    def __init__(self, simulator, account_id, credentials):
        self.simulator = simulator
        self.account_id = account_id
        self.credentials = credentials
        self.role_arn = "arn:aws:iam::%s:role/%s" % (account_id, MEMBER_ROLE)

    def env(self):
        """Environment variables that send AWS SDK calls into this account, offline."""
        env = offline_environment(self.simulator.endpoint)
        env.update(
            AWS_ACCESS_KEY_ID=self.credentials["AccessKeyId"],
            AWS_SECRET_ACCESS_KEY=self.credentials["SecretAccessKey"],
            AWS_SESSION_TOKEN=self.credentials["SessionToken"],
        )
        return env

    def client(self, service, region=REGION):
        import boto3

        return boto3.client(
            service,
            region_name=region,
            endpoint_url=self.simulator.endpoint,
            aws_access_key_id=self.credentials["AccessKeyId"],
            aws_secret_access_key=self.credentials["SecretAccessKey"],
            aws_session_token=self.credentials["SessionToken"],
        )

    def iam_backend(self):
        """moto's in-process IAM state of this account (to move dates, set root flags)."""
        from moto.iam.models import iam_backends

        return iam_backends[self.account_id]["aws"]

    def set_credential_report_time(self, when):
        """Stamps the account's current credential report `when` (an aware datetime) without
        changing its content, generating one first if there is none: hours back to age it (a
        stamp more than 4 hours old lets the next GenerateCredentialReport build a new one, as
        time passing would), or ahead to test a report from the future."""
        backend = self.iam_backend()
        if getattr(backend, "baseline_report", None) is None:
            backend.generate_report()
        backend.baseline_report["generated_at"] = when

    def expire_credential_report(self):
        """As if 4 hours had passed since the report was made: the next audit gets a new one."""
        import datetime

        self.set_credential_report_time(datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=5))

    def mutating_calls(self):
        return self.simulator.proxy.mutating_calls(self.account_id)

    def set_root(self, **settings):
        """Root-user facts the API cannot set (moto_patches.ROOT_DEFAULTS): mfa_active,
        access_keys / inactive_access_keys (0-2 together), password (bool), password_last_used /
        key_last_used (datetimes). `remove=True` removes the credential report's root row
        altogether, as plain moto does."""
        from .moto_patches import ROOT_DEFAULTS, root_settings

        backend = self.iam_backend()
        if settings.get("remove"):
            backend.baseline_root = None
            return
        current = root_settings(backend) or dict(ROOT_DEFAULTS)
        current.update(settings)
        backend.baseline_root = current


class Simulator:
    def __init__(self, managed_policies=True, delay=0.0, first_account=210000000000):
        self.managed_policies = managed_policies
        self.delay = delay
        self._ids = itertools.count(first_account)
        self._server = None
        self.proxy = None

    def start(self):
        # Read by moto when an account's IAM backend is first created.
        os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true" if self.managed_policies else "false"
        os.environ.pop("MOTO_ACCOUNT_ID", None)  # it would override every account
        from moto.server import ThreadedMotoServer

        from . import moto_organizations, moto_patches

        moto_patches.apply()
        moto_organizations.apply()

        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log on the console

        self._server = ThreadedMotoServer("127.0.0.1", 0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.proxy = RecordingProxy(host, port, delay=self.delay).start()
        # moto keeps its accounts in module state: without a reset a second simulator in the same
        # process (the benchmark's sweeps) would find the first one's accounts under the same ids.
        urllib.request.urlopen(urllib.request.Request("http://%s:%d/moto-api/reset" % (host, port), method="POST"), timeout=60).close()
        return self

    def stop(self):
        if self.proxy:
            self.proxy.stop()
        if self._server:
            self._server.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def endpoint(self):
        return self.proxy.url

    def env(self):
        """Offline environment with the simulator's default (dummy) credentials."""
        return offline_environment(self.endpoint)

    def default_client(self, service, region=REGION):
        import boto3

        return boto3.client(
            service, region_name=region, endpoint_url=self.endpoint, aws_access_key_id="testing", aws_secret_access_key="testing"
        )

    def new_account(self, account_id=None, role_name=MEMBER_ROLE):
        """A fresh account (ids are never reused within a simulator) and credentials in it."""
        account_id = account_id or str(next(self._ids))
        sts = self.default_client("sts")
        answer = sts.assume_role(
            RoleArn="arn:aws:iam::%s:role/%s" % (account_id, role_name),
            RoleSessionName="baseline-iam-tests",
        )
        return Account(self, account_id, answer["Credentials"])
