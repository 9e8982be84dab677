"""USER.ADMIN_STRONG_MFA through the real collectors, counting calls at the proxy: ListMFADevices
only for admins who hold a virtual device (they may also hold a FIDO key), every other admin
judged from the credential report and ListVirtualMFADevices, and the calls per account the same
whatever the number of users."""

from tests.support.playbook import run_tasks

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
NO_ANALYZER = {"require_access_analyzer": False}


def audit(account):
    mark = account.simulator.proxy.mark()
    out = run_tasks([{"name": "audit", "baseline.iam.audit": {"audit": NO_ANALYZER}}], account.env()).assert_ok().result("audit")
    calls = account.simulator.proxy.calls_since(mark, account.account_id)
    return out, calls


def add_virtual(iam, name):
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="%s-phone" % name)["VirtualMFADevice"]["SerialNumber"]
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321")


def add_device(iam, name, serial):
    """A hardware TOTP token (plain serial) or a FIDO security key (u2f ARN). AWS registers FIDO
    keys only in the console; the simulator takes them through EnableMFADevice."""
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456", AuthenticationCode2="654321")


# Admin MFA set-ups, cycled over the admins: what each is judged and whether it needs a listing.
KINDS = {
    "hardware": ("PASS", False),
    "fido": ("PASS", False),
    "none": ("FAIL", False),
    "virtual": ("FAIL", True),
    "virtual+fido": ("PASS", True),
}


def seed(account, users, admin_kinds):
    """`users` users, the first len(admin_kinds) of them admins (through a group) with those MFA
    set-ups; every third other user holds a virtual device (never listed: not an admin)."""
    iam = account.client("iam")
    iam.create_group(GroupName="admins")
    iam.attach_group_policy(GroupName="admins", PolicyArn=ADMIN)
    expected = {}
    for index in range(users):
        name = "user%03d" % index
        iam.create_user(UserName=name)
        if index >= len(admin_kinds):
            if index % 3 == 0:
                add_virtual(iam, name)
            continue
        iam.add_user_to_group(GroupName="admins", UserName=name)
        kind = admin_kinds[index]
        if "virtual" in kind:
            add_virtual(iam, name)
        if "fido" in kind:
            add_device(iam, name, "arn:aws:iam::%s:u2f/user/%s/fidosecuritykey-%03d" % (account.account_id, name, index))
        if kind == "hardware":
            add_device(iam, name, "GAHT%08d" % index)
        expected[name] = KINDS[kind]
    return expected


def test_lists_only_admins_with_a_virtual_device(simulator):
    account = simulator.new_account()
    kinds = [list(KINDS)[i % len(KINDS)] for i in range(17)]  # a third of 50 users are admins
    expected = seed(account, 50, kinds)
    out, calls = audit(account)
    judged = {f["resource_id"]: f["status"] for f in out["findings"] if f["control_id"] == "USER.ADMIN_STRONG_MFA"}
    assert judged == {name: status for name, (status, _listed) in expected.items()}
    listed = sorted(c["params"]["UserName"] for c in calls if c["action"] == "ListMFADevices")
    assert listed == sorted(name for name, (_status, needs) in expected.items() if needs)  # 7 of the 17 admins


def test_calls_per_account_do_not_grow_with_users_or_admins(simulator):
    """The same calls for an account of 3 users as for one of 60 users with 20 admins, as long as no
    admin holds a virtual device; within the issue's budget of 15 per account."""
    small, large = simulator.new_account(), simulator.new_account()
    seed(small, 3, ["hardware"])
    seed(large, 60, [("hardware", "fido", "none")[i % 3] for i in range(20)])
    counts = []
    for account in (small, large):
        out, calls = audit(account)
        assert {f["status"] for f in out["findings"] if f["control_id"] == "USER.ADMIN_STRONG_MFA"} <= {"PASS", "FAIL"}
        assert not [c for c in calls if c["action"] == "ListMFADevices"]
        counts.append(len(calls))
    assert counts[0] == counts[1]
    assert counts[1] <= 15
