# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the baseline's member role must be able to do in every member account: the actions of
files/policies/baseline-iam-apply.json and baseline-iam-readonly.json, by the resource they need
(a module cannot read the collection's files at run time; tests/unit/guardrails/test_effect.py
keeps this equal to them). An SCP that would deny any of these to the member role is refused.
"""

from __future__ import annotations

# resource pattern -> actions
# fmt: off
NEEDED = {
    '*': (
        'access-analyzer:ListAnalyzers', 'cloudtrail:DescribeTrails', 'cloudtrail:GetEventSelectors', 'cloudtrail:GetTrailStatus',
        'ec2:DescribeInstances',
        'iam:AddClientIDToOpenIDConnectProvider', 'iam:AddUserToGroup', 'iam:AttachGroupPolicy', 'iam:CreateAccessKey',
        'iam:CreateGroup', 'iam:CreateOpenIDConnectProvider', 'iam:CreatePolicy', 'iam:CreatePolicyVersion', 'iam:CreateRole',
        'iam:CreateSAMLProvider', 'iam:DeleteAccessKey', 'iam:DeleteAccountPasswordPolicy', 'iam:DeleteGroup',
        'iam:DeleteGroupPolicy', 'iam:DeleteLoginProfile', 'iam:DeleteOpenIDConnectProvider', 'iam:DeletePolicy',
        'iam:DeletePolicyVersion', 'iam:DeleteSAMLProvider', 'iam:DetachGroupPolicy', 'iam:DetachRolePolicy',
        'iam:DetachUserPolicy', 'iam:GenerateCredentialReport', 'iam:GetAccessKeyLastUsed', 'iam:GetAccountAuthorizationDetails',
        'iam:GetAccountPasswordPolicy', 'iam:GetAccountSummary', 'iam:GetCredentialReport', 'iam:GetGroup', 'iam:GetGroupPolicy',
        'iam:GetLoginProfile', 'iam:GetOpenIDConnectProvider', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:GetRole',
        'iam:GetSAMLProvider', 'iam:GetUser', 'iam:ListAccessKeys', 'iam:ListAccountAliases', 'iam:ListAttachedGroupPolicies',
        'iam:ListEntitiesForPolicy', 'iam:ListGroupPolicies', 'iam:ListMFADevices', 'iam:ListOpenIDConnectProviders',
        'iam:ListPolicies', 'iam:ListPolicyVersions', 'iam:ListRoles', 'iam:ListSAMLProviders', 'iam:ListServerCertificates',
        'iam:ListUserTags', 'iam:ListUsers', 'iam:ListVirtualMFADevices', 'iam:PutGroupPolicy',
        'iam:RemoveClientIDFromOpenIDConnectProvider', 'iam:RemoveUserFromGroup', 'iam:TagRole', 'iam:TagUser', 'iam:UntagUser',
        'iam:UpdateAccessKey', 'iam:UpdateAccountPasswordPolicy', 'iam:UpdateAssumeRolePolicy', 'iam:UpdateGroup',
        'iam:UpdateOpenIDConnectProviderThumbprint', 'iam:UpdateRole', 'iam:UpdateSAMLProvider', 'sts:GetCallerIdentity',
    ),
    'arn:*:secretsmanager:*:*:secret:iam-baseline/*': (
        'secretsmanager:CreateSecret', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
        'secretsmanager:TagResource', 'secretsmanager:UpdateSecret',
    ),
}
# fmt: on


def needs():
    """[(action, resource pattern)] sorted."""
    return sorted((action, resource) for resource, actions in NEEDED.items() for action in actions)
