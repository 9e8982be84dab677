"""A recording / fault / latency proxy between the collection and the simulator.

moto cannot deny AssumeRole, throttle, or count calls per account. This proxy forwards every
request to moto and, per request, learns the service (from the SigV4 scope), the action (query
`Action=`, JSON `X-Amz-Target`, or REST method+path) and the account (from the access key,
learned from AssumeRole / CreateAccessKey answers). It records each call, can delay calls, and can
answer chosen calls with an AWS error instead of forwarding them.
"""

import contextlib
import http.client
import json
import random
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from .calls import is_mutating

DEFAULT_ACCOUNT = "123456789012"  # moto's account for credentials it did not issue
CREDENTIAL = re.compile(r"Credential=([^/]+)/[^/]+/([^/]+)/([^/]+)/")
KEY_IN_XML = re.compile(rb"<AccessKeyId>([^<]+)</AccessKeyId>")
ASSUMED_ARN = re.compile(rb"<Arn>arn:[^:]+:sts::(\d{12}):assumed-role/")
JSON_SERVICES = ("secretsmanager", "organizations", "cloudtrail", "sts-json", "sso", "identitystore")
# Hop-by-hop headers, and the two the proxy's own server writes.
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection", "server", "date"}

# REST APIs: (service, method, path regex) -> action.
REST_ACTIONS = (
    ("access-analyzer", "GET", r"^/analyzer$", "ListAnalyzers"),
    ("access-analyzer", "PUT", r"^/analyzer$", "CreateAnalyzer"),
    ("access-analyzer", "GET", r"^/analyzer/[^/]+$", "GetAnalyzer"),
    ("access-analyzer", "DELETE", r"^/analyzer/[^/]+$", "DeleteAnalyzer"),
    ("securityhub", "POST", r"^/findings/import$", "BatchImportFindings"),
    ("securityhub", "POST", r"^/findings$", "GetFindings"),
    ("securityhub", "PATCH", r"^/findings/batchupdate$", "BatchUpdateFindings"),
    ("securityhub", "POST", r"^/accounts$", "EnableSecurityHub"),
    ("securityhub", "GET", r"^/accounts$", "DescribeHub"),
)


def s3_action(method, path, headers):
    """The S3 operation of a path-style request (/bucket or /bucket/key), as AWS names it."""
    parsed = urlparse(path)
    query = parse_qs(parsed.query, keep_blank_values=True)
    on_object = "/" in parsed.path.strip("/")
    if on_object:
        if method == "PUT":
            return "CopyObject" if headers.get("x-amz-copy-source") else "PutObject"
        return {"GET": "GetObject", "HEAD": "HeadObject", "DELETE": "DeleteObject"}.get(method)
    if method == "GET":
        return "ListObjectsV2" if query.get("list-type") == ["2"] else "ListObjects"
    if method == "POST" and "delete" in query:
        return "DeleteObjects"
    return {"HEAD": "HeadBucket", "PUT": "CreateBucket", "DELETE": "DeleteBucket"}.get(method)


class Fault:
    """One injected fault. Matches on action (and optionally account, body text); answers with
    `code` (an AWS error), or with `reset` forwards the call and then drops the connection."""

    def __init__(
        self,
        action,
        code=None,
        account=None,
        times=None,
        probability=1.0,
        status=400,
        message=None,
        body_contains=None,
        reset=False,
        service=None,
        refuse_findings=None,
    ):
        self.action, self.code, self.account, self.service = action, code, account, service
        self.times, self.probability, self.status = times, probability, status
        self.message = message or "Injected by the test proxy: %s" % code
        self.body_contains, self.reset = body_contains, reset
        self.refuse_findings = refuse_findings  # BatchImportFindings: ids to refuse, or "all"
        self.hits = 0

    def matches(self, call, body, rng):
        if self.action not in ("*", call["action"]):
            return False
        if self.account and self.account != call["account"]:
            return False
        if self.service and self.service != call["service"]:
            return False
        if self.body_contains and self.body_contains.encode() not in body:
            return False
        if self.times is not None and self.hits >= self.times:
            return False
        if rng.random() >= self.probability:
            return False
        self.hits += 1
        return True


# Services moto does not implement: answered at once with a clear, non-retryable error instead of
# moto's HTTP 500 (which SDKs retry for a long time). Controls that need them become ERROR.
UNSUPPORTED_SERVICES = {"access-analyzer": "IAM Access Analyzer"}
# Single actions of services moto has (sso = IAM Identity Center's sso-admin), answered the same way.
UNSUPPORTED_ACTIONS = {
    ("sso", "ListTagsForResource"),
    ("sso", "TagResource"),
    ("sso", "UntagResource"),
    ("sso", "GetPermissionsBoundaryForPermissionSet"),
    ("sso", "PutPermissionsBoundaryToPermissionSet"),
    ("sso", "DeletePermissionsBoundaryFromPermissionSet"),
    ("sso", "DescribePermissionSetProvisioningStatus"),
}


class RecordingProxy:
    def __init__(self, upstream_host, upstream_port, delay=0.0, seed=0):
        self.upstream = (upstream_host, upstream_port)
        self.delay = delay
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._calls = []
        self._faults = []
        self._key_accounts = {}
        self._server = None
        self._thread = None

    # lifecycle ---------------------------------------------------------------------------
    def start(self):
        handler = type("Handler", (_Handler,), {"proxy": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self._server.server_address[1]

    # faults ------------------------------------------------------------------------------
    def fail(self, action, code, **kwargs):
        """Answer matching calls with an AWS error; returns the Fault (see its .hits)."""
        fault = Fault(action, code, **kwargs)
        with self._lock:
            self._faults.append(fault)
        return fault

    @contextlib.contextmanager
    def failing(self, action, code, **kwargs):
        """`fail` for the length of a `with` block: yields the Fault and removes it when the block
        ends, also when it raises (the simulator, and so the proxy, serves every test of a worker).
        Two faults at once: `with proxy.failing(...) as a, proxy.failing(...) as b:`."""
        fault = self.fail(action, code, **kwargs)
        try:
            yield fault
        finally:
            self.remove_fault(fault)

    @contextlib.contextmanager
    def refusing_findings(self, code, ids="all", **kwargs):
        """BatchImportFindings answers matching findings (their Ids, or "all") as FailedFindings
        with `code`, as Security Hub does per finding; the other findings are imported."""
        with self.failing("BatchImportFindings", code, refuse_findings=ids, **kwargs) as fault:
            yield fault

    def remove_fault(self, fault):
        with self._lock:
            self._faults = [f for f in self._faults if f is not fault]

    def faults(self):
        """The faults in force, oldest first."""
        with self._lock:
            return list(self._faults)

    def clear_faults(self):
        with self._lock:
            self._faults = []

    # records -----------------------------------------------------------------------------
    def calls(self, account=None, service=None):
        with self._lock:
            return [c for c in self._calls if (account is None or c["account"] == account) and (service is None or c["service"] == service)]

    def mutating_calls(self, account=None):
        return [c for c in self.calls(account) if is_mutating(c["action"]) and not c["faulted"]]

    def count_by_action(self, account=None):
        counts = {}
        for c in self.calls(account):
            counts[c["action"]] = counts.get(c["action"], 0) + 1
        return counts

    def clear_calls(self):
        with self._lock:
            self._calls = []

    def mark(self):
        """A position in the call log; calls_since(mark) gives the calls made after it."""
        with self._lock:
            return len(self._calls)

    def calls_since(self, mark, account=None):
        with self._lock:
            return [c for c in self._calls[mark:] if account is None or c["account"] == account]

    def account_of_key(self, access_key_id):
        return self._key_accounts.get(access_key_id)

    # internals ---------------------------------------------------------------------------
    def _describe(self, method, path, headers, body):
        auth = headers.get("Authorization", "")
        m = CREDENTIAL.search(auth)
        key, region, service = (m.group(1), m.group(2), m.group(3)) if m else (None, None, None)
        action, params = None, {}
        target = headers.get("X-Amz-Target")
        if target:
            action = target.rsplit(".", 1)[-1]
        elif body and headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            params = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
            action = params.get("Action")
        if action is None:
            action = parse_qs(urlparse(path).query).get("Action", [None])[0]
        if action is None and service == "s3":
            action = s3_action(method, path, headers)
        if action is None:
            route = urlparse(path).path
            for svc, verb, pattern, name in REST_ACTIONS:
                if svc == service and verb == method and re.match(pattern, route):
                    action = name
                    break
        account = headers.get("x-moto-account-id") or self._key_accounts.get(key) or DEFAULT_ACCOUNT
        return {
            "service": service,
            "action": action or "%s %s" % (method, urlparse(path).path),
            "account": account,
            "region": region,
            "access_key_id": key,
            "faulted": None,
            "time": time.time(),
            "user_agent": headers.get("User-Agent"),
            # Query-protocol parameters (IAM, STS, EC2), e.g. the UserName of a ListMFADevices.
            "params": {k: v for k, v in params.items() if k not in ("Action", "Version")},
        }

    def _learn_keys(self, call, body):
        if call["action"] == "AssumeRole":
            key, acct = KEY_IN_XML.search(body), ASSUMED_ARN.search(body)
            if key and acct:
                self._key_accounts[key.group(1).decode()] = acct.group(1).decode()
        elif call["action"] == "CreateAccessKey":
            key = KEY_IN_XML.search(body) or re.search(rb'"AccessKeyId":\s*"([^"]+)"', body)
            if key:
                self._key_accounts[key.group(1).decode()] = call["account"]

    def _match_fault(self, call, body):
        with self._lock:
            for fault in self._faults:
                if fault.matches(call, body, self._rng):
                    return fault
        return None

    def _record(self, call):
        with self._lock:
            self._calls.append(call)


def error_body(call, code, message):
    """(content type, body, extra headers) of an AWS error in the call's protocol."""
    request_id = str(uuid.uuid4())
    if call["service"] in ("secretsmanager", "organizations", "cloudtrail", "sso", "identitystore"):
        return "application/x-amz-json-1.1", json.dumps({"__type": code, "message": message}).encode(), {"x-amzn-ErrorType": code}
    if call["service"] in ("access-analyzer", "securityhub"):
        return "application/json", json.dumps({"message": message}).encode(), {"x-amzn-ErrorType": code}
    if call["service"] == "s3":
        xml = "<Error><Code>%s</Code><Message>%s</Message><RequestId>%s</RequestId></Error>"
        return "application/xml", (xml % (code, message, request_id)).encode(), {}
    if call["service"] == "ec2":
        xml = "<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>"
        return "text/xml", (xml % (code, message, request_id)).encode(), {}
    xml = "<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>"
    return "text/xml", (xml % (code, message, request_id)).encode(), {}


def _refuse_findings(body, fault):
    """(the request body without the refused findings, their FailedFindings entries)."""
    request = json.loads(body)
    refused = [f for f in request["Findings"] if fault.refuse_findings == "all" or f["Id"] in fault.refuse_findings]
    request["Findings"] = [f for f in request["Findings"] if f not in refused]
    entries = [{"Id": f["Id"], "ErrorCode": fault.code, "ErrorMessage": fault.message} for f in refused]
    return json.dumps(request).encode(), entries


def _with_refused(answer, refused):
    result = json.loads(answer)
    result["FailedFindings"] = (result.get("FailedFindings") or []) + refused
    result["FailedCount"] = len(result["FailedFindings"])
    return json.dumps(result).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    proxy = None  # set by RecordingProxy.start

    def log_message(self, *args):  # quiet
        pass

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.startswith("/moto-api"):
            return self._forward(body)
        proxy = self.proxy
        call = proxy._describe(self.command, self.path, self.headers, body)
        if proxy.delay:
            time.sleep(proxy.delay)
        fault = proxy._match_fault(call, body)
        if fault is None and call["service"] in UNSUPPORTED_SERVICES:
            message = "The local simulator does not implement %s" % UNSUPPORTED_SERVICES[call["service"]]
            fault = Fault(call["action"], "NotImplemented", status=501, message=message)
        elif fault is None and (call["service"], call["action"]) in UNSUPPORTED_ACTIONS:
            message = "The local simulator does not implement %s %s" % (call["service"], call["action"])
            fault = Fault(call["action"], "NotImplemented", status=501, message=message)
        if fault and fault.refuse_findings:
            body, refused = _refuse_findings(body, fault)
            call["faulted"] = fault.code
        if fault and not fault.reset and not fault.refuse_findings:
            call["faulted"] = fault.code
            proxy._record(call)
            content_type, payload, extra = error_body(call, fault.code, fault.message)
            return self._reply(fault.status, payload, {"Content-Type": content_type, **extra})
        status, answer, headers = self._forward(body, reply=False)
        if fault and fault.refuse_findings:
            answer = _with_refused(answer, refused)
        call["status"] = status
        proxy._learn_keys(call, answer)
        proxy._record(call)
        if fault and fault.reset:
            call["faulted"] = "ConnectionReset"
            self.close_connection = True
            self.connection.shutdown(2)
            return None
        return self._reply(status, answer, headers)

    def _forward(self, body, reply=True):
        connection = http.client.HTTPConnection(*self.proxy.upstream, timeout=120)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            answer = response.read()
            out = {k: v for k, v in response.getheaders() if k.lower() not in HOP_BY_HOP}
            status = response.status
        finally:
            connection.close()
        if reply:
            return self._reply(status, answer, out)
        return status, answer, out

    def _reply(self, status, payload, headers):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        return None

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle
