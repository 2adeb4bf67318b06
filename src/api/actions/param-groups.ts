// Parameter groups several actions declare alike, each written once.
import type { ParamSpecs } from '../params.js';

/** PageNumber/PageSize paging (see domain/paging.ts). */
export const pagingParams = {
  PageNumber: { type: 'integer' },
  PageSize: { type: 'integer' },
} as const satisfies ParamSpecs;

/** Filter.N.Key with its values Filter.N.Value.M; Alibaba takes at most 5 filters. */
export const filterParams = {
  Filter: { type: 'objects', fields: { Key: 'string', Value: 'strings' }, maxItems: 5 },
} as const satisfies ParamSpecs;

/** A resource group and tags (Tags.N.Key/Value): on a create, what the resource gets; on a Describe, what to narrow to. */
export const tagAndGroupParams = {
  ResourceGroupId: { type: 'string' },
  Tags: { type: 'objects', fields: { Key: 'string', Value: 'string' } },
} as const satisfies ParamSpecs;

/** The peering addresses of a VBR's sub-interface on a circuit, IPv4 and IPv6. */
export const peeringParams = {
  LocalGatewayIp: { type: 'string' },
  PeerGatewayIp: { type: 'string' },
  PeeringSubnetMask: { type: 'string' },
  EnableIpv6: { type: 'boolean' },
  LocalIpv6GatewayIp: { type: 'string' },
  PeerIpv6GatewayIp: { type: 'string' },
  PeeringIpv6SubnetMask: { type: 'string' },
} as const satisfies ParamSpecs;
