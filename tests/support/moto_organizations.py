"""Fidelity fixes to moto's Organizations service control policies and IAM Identity Center,
applied in-process by the Simulator (test support only). Where moto answers what AWS never would,
it answers as AWS does here, so a test passing on the simulator means the same on AWS.

Organizations (AWS Organizations API reference, AttachPolicy / CreatePolicy / DetachPolicy errors):
- AttachPolicy of an SCP while the SCP policy type is not enabled in the root:
  PolicyTypeNotEnabledException (moto attaches);
- attaching a policy that is already attached: DuplicatePolicyAttachmentException (moto ignores);
- a sixth SCP on one root, OU or account: ConstraintViolationException
  MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED (quota: 5 SCPs per target; moto has no limit);
- detaching the last SCP of a target: ConstraintViolationException
  MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED (every target keeps at least one SCP);
- an SCP over 5,120 characters: ConstraintViolationException POLICY_CONTENT_LIMIT_EXCEEDED.

IAM Identity Center:
- moto's ListAccountsForProvisionedPermissionSet answers the caller's account for any permission
  set provisioned anywhere: here a permission set is provisioned to an account when an assignment
  is created there or ProvisionPermissionSet targets it, and no longer once the last assignment
  there is deleted, and the call lists those accounts;
- moto accepts AWS managed policies only at the root path (its data has no paths), so
  AttachManagedPolicyToPermissionSet refused arn:aws:iam::aws:policy/job-function/ViewOnlyAccess,
  which AWS accepts: here a policy is found when the account's IAM has that ARN (with paths).
"""

import json

SCP = "SERVICE_CONTROL_POLICY"
MAX_SCPS_PER_TARGET = 5
MAX_SCP_CHARACTERS = 5120
_applied = False


def _scp_enabled(backend):
    root = backend.ou[0] if backend.ou else None
    return bool(root) and any(t["Type"] == SCP and t["Status"] == "ENABLED" for t in root.policy_types)


def _target(backend, target_id):
    for entity in [*backend.ou, *backend.accounts]:
        if entity.id == target_id:
            return entity
    return None


def _violation(reason):
    from moto.organizations.exceptions import ConstraintViolationException

    return ConstraintViolationException(reason)


def _check_content(content):
    if content is not None and len(content) > MAX_SCP_CHARACTERS:
        raise _violation("POLICY_CONTENT_LIMIT_EXCEEDED: the policy is %d characters; the limit is %d" % (len(content), MAX_SCP_CHARACTERS))


def _check_attach(backend, params):
    policy = backend.get_policy_by_id(params["PolicyId"])
    target = _target(backend, params["TargetId"])
    if policy.type != SCP or target is None:
        return
    from moto.organizations.exceptions import OrganizationsClientError, PolicyTypeNotEnabledException

    if not _scp_enabled(backend):
        raise PolicyTypeNotEnabledException
    if policy in target.attached_policies:
        raise OrganizationsClientError(
            "DuplicatePolicyAttachmentException", "A policy with the same type is already attached to the target."
        )
    if len([p for p in target.attached_policies if p.type == SCP]) >= MAX_SCPS_PER_TARGET:
        raise _violation("MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: a target holds at most %d SCPs" % MAX_SCPS_PER_TARGET)


def _check_detach(backend, params):
    policy = backend.get_policy_by_id(params["PolicyId"])
    target = _target(backend, params["TargetId"])
    attached = [p for p in target.attached_policies if p.type == SCP] if target is not None else []
    if policy in attached and len(attached) == 1:
        raise _violation("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED: the target would be left without an SCP")


def _check_content_of(backend, params):
    policy_type = params.get("Type") or (backend.get_policy_by_id(params["PolicyId"]).type if params.get("PolicyId") else None)
    if policy_type == SCP:
        _check_content(params.get("Content"))


def _patch_organizations():
    """At the API (the responses): moto's own set-up (CreateOrganization, CreateAccount) attaches
    FullAWSAccess through the same backend methods and must not be refused."""
    from moto.organizations import responses

    checks = {"attach_policy": _check_attach, "detach_policy": _check_detach, "create_policy": _check_content_of,
              "update_policy": _check_content_of}  # fmt: skip
    for name, check in checks.items():
        original = getattr(responses.OrganizationsResponse, name)

        def checked(response, original=original, check=check):
            check(response.organizations_backend, response.request_params)
            return original(response)

        setattr(responses.OrganizationsResponse, name, checked)


def _provisioned(permission_set):
    if not hasattr(permission_set, "baseline_accounts"):
        permission_set.baseline_accounts = set()
    return permission_set.baseline_accounts


def _patch_identity_center():
    from moto.ssoadmin import models, responses

    backend_class = models.SSOAdminBackend
    original_create, original_delete = backend_class.create_account_assignment, backend_class.delete_account_assignment

    def create_account_assignment(self, instance_arn, target_id, target_type, permission_set_arn, principal_type, principal_id):
        answer = original_create(self, instance_arn, target_id, target_type, permission_set_arn, principal_type, principal_id)
        _provisioned(self._find_permission_set(instance_arn, permission_set_arn)).add(target_id)
        return answer

    def delete_account_assignment(self, instance_arn, target_id, target_type, permission_set_arn, principal_type, principal_id):
        answer = original_delete(self, instance_arn, target_id, target_type, permission_set_arn, principal_type, principal_id)
        left = [a for a in self.account_assignments if a.permission_set_arn == permission_set_arn and a.target_id == target_id]
        if not left:
            _provisioned(self._find_permission_set(instance_arn, permission_set_arn)).discard(target_id)
        return answer

    def list_accounts_for_provisioned_permission_set(self, instance_arn, permission_set_arn):
        return sorted(_provisioned(self._find_permission_set(instance_arn, permission_set_arn)))

    original_provision = responses.SSOAdminResponse.provision_permission_set

    def provision_permission_set(response):
        params = json.loads(response.body)
        answer = original_provision(response)
        permission_set = response.ssoadmin_backend._find_permission_set(params["InstanceArn"], params["PermissionSetArn"])
        if params.get("TargetType") == "AWS_ACCOUNT":
            _provisioned(permission_set).add(params["TargetId"])
        body = json.loads(answer)
        body["PermissionSetProvisioningStatus"]["AccountId"] = params.get("TargetId")
        return json.dumps(body)

    original_find = backend_class._find_managed_policy

    def find_managed_policy(self, managed_policy_arn):
        from moto.iam.models import iam_backends

        known = iam_backends[self.account_id][self.partition].managed_policies
        if managed_policy_arn in known:
            return models.ManagedPolicy(managed_policy_arn, managed_policy_arn.rsplit("/", 1)[-1])
        return original_find(self, managed_policy_arn)

    backend_class._find_managed_policy = find_managed_policy
    backend_class.create_account_assignment = create_account_assignment
    backend_class.delete_account_assignment = delete_account_assignment
    backend_class.list_accounts_for_provisioned_permission_set = list_accounts_for_provisioned_permission_set
    responses.SSOAdminResponse.provision_permission_set = provision_permission_set


def apply():
    global _applied
    if _applied:
        return
    _patch_organizations()
    _patch_identity_center()
    _applied = True
