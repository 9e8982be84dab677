"""Keeps every test away from real AWS (brief: "No test may reach a real AWS endpoint").

`offline_environment` gives dummy credentials, an endpoint on 127.0.0.1, empty AWS config files,
no instance metadata, and a dead HTTP(S) proxy for anything that is not loopback: a request that
would leave the machine fails with a connection error instead of reaching AWS.
"""

import os
import re
from urllib.parse import urlparse

DUMMY_KEY = "testing"
DEAD_PROXY = "http://127.0.0.1:9"  # discard port: nothing listens, the connection is refused
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class RealAWSRisk(RuntimeError):
    """The environment could send a request to a real AWS endpoint."""


def offline_environment(endpoint_url, base=None):
    env = dict(os.environ if base is None else base)
    for name in [n for n in env if n.startswith("AWS_")]:
        del env[name]
    env.update(
        AWS_ACCESS_KEY_ID=DUMMY_KEY,
        AWS_SECRET_ACCESS_KEY=DUMMY_KEY,
        AWS_SESSION_TOKEN=DUMMY_KEY,
        AWS_DEFAULT_REGION="us-east-1",
        AWS_REGION="us-east-1",
        AWS_ENDPOINT_URL=endpoint_url,
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
        HTTP_PROXY=DEAD_PROXY,
        HTTPS_PROXY=DEAD_PROXY,
        http_proxy=DEAD_PROXY,
        https_proxy=DEAD_PROXY,
        NO_PROXY=",".join(LOOPBACK),
        no_proxy=",".join(LOOPBACK),
    )
    check_offline(env)
    return env


def check_offline(env):
    """Raises RealAWSRisk unless the environment can only reach a loopback endpoint."""
    endpoint = env.get("AWS_ENDPOINT_URL", "")
    host = urlparse(endpoint).hostname
    if host not in LOOPBACK:
        raise RealAWSRisk("AWS_ENDPOINT_URL must point at the local simulator, got %r" % endpoint)
    if env.get("HTTPS_PROXY") != DEAD_PROXY:
        raise RealAWSRisk("HTTPS_PROXY must be the dead proxy so nothing leaves the machine")
    if env.get("AWS_PROFILE"):
        raise RealAWSRisk("AWS_PROFILE is set; tests use dummy credentials only")
    key = env.get("AWS_ACCESS_KEY_ID", "")
    if re.match(r"^AKIA[A-Z0-9]{16}$", key) and not env.get("BASELINE_SIMULATOR_KEY"):
        # moto also issues AKIA keys; a test that uses one sets BASELINE_SIMULATOR_KEY.
        raise RealAWSRisk("AWS_ACCESS_KEY_ID looks like a real long-term key")
