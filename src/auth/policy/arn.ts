// Resource ARNs that vbrd authorizes against, in the shapes RAM's API authorization tables give
// (acs:vpc:<region>:<account>:virtualborderrouter/<id>, acs:ram::<account>:user/<name>, …).
//   VPC:  acs:vpc:{regionId}:{accountId}:virtualborderrouter/{VbrId}        (…/* for create and list)
//         acs:vpc:{regionId}:{accountId}:physicalconnection/{PhysicalConnectionId}
//         acs:vpc:{regionId}:{accountId}:routerinterface/{RouterInterfaceId}      (tag actions' ROUTERINTERFACE)
//         acs:vpc:{regionId}:{accountId}:vbrha/{VbrHaId}                          (…/* for CreateVbrHa)
//         acs:vpc:{regionId}:{accountId}:routetable/{RouteTableId}                (…/* for lists without an id)
//   RAM:  acs:ram:*:{accountId}:user/{UserName}                              (user/* for CreateUser, ListUsers)
//         acs:ram:*:{accountId}:policy/{PolicyName}                          (policy/* for CreatePolicy, ListPolicies)
//         acs:ram:*:system:policy/{PolicyName}                               (system policies, e.g. AttachPolicyToUser)
// RAM is a global service, hence `*` for the region. BGP groups, peers and networks have no ARN of their own:
// their actions are authorized against the owning VBR's ARN.
import type { PolicyType } from './types.js';

const ALL = '*';

function arn(service: string, region: string, account: string, relativeId: string): string {
  return `acs:${service}:${region}:${account}:${relativeId}`;
}

export function vbrArn(regionId: string, accountId: string, vbrId: string): string {
  return arn('vpc', regionId, accountId, `virtualborderrouter/${vbrId}`);
}

/** For CreateVirtualBorderRouter and ID-less DescribeVirtualBorderRouters. */
export function vbrWildcardArn(regionId: string, accountId: string): string {
  return vbrArn(regionId, accountId, ALL);
}

export function physicalConnectionArn(regionId: string, accountId: string, physicalConnectionId: string): string {
  return arn('vpc', regionId, accountId, `physicalconnection/${physicalConnectionId}`);
}

/** For CreatePhysicalConnection and DescribePhysicalConnections. */
export function physicalConnectionWildcardArn(regionId: string, accountId: string): string {
  return physicalConnectionArn(regionId, accountId, ALL);
}

export function routerInterfaceArn(regionId: string, accountId: string, routerInterfaceId: string): string {
  return arn('vpc', regionId, accountId, `routerinterface/${routerInterfaceId}`);
}

/** A VBR failover group (VBR HA); `*` for CreateVbrHa. */
export function vbrHaArn(regionId: string, accountId: string, vbrHaId: string): string {
  return arn('vpc', regionId, accountId, `vbrha/${vbrHaId}`);
}

/** A route table (a VBR's own); `*` for the lists that name none. Its route entries are authorized against it. */
export function routeTableArn(regionId: string, accountId: string, routeTableId: string): string {
  return arn('vpc', regionId, accountId, `routetable/${routeTableId}`);
}

export function ramUserArn(accountId: string, userName: string): string {
  return arn('ram', ALL, accountId, `user/${userName}`);
}

/** For CreateUser and ListUsers. */
export function ramUserWildcardArn(accountId: string): string {
  return ramUserArn(accountId, ALL);
}

/** A policy's ARN; system policies live under the pseudo-account `system`. */
export function ramPolicyArn(accountId: string, policyName: string, policyType: PolicyType = 'Custom'): string {
  return arn('ram', ALL, policyType === 'System' ? 'system' : accountId, `policy/${policyName}`);
}

/** For CreatePolicy and ListPolicies. */
export function ramPolicyWildcardArn(accountId: string): string {
  return arn('ram', ALL, accountId, `policy/${ALL}`);
}
