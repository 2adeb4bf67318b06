// Parameter groups several actions declare alike, each written once.
import type { ParamSpecs } from '../params.js';

/** PageNumber/PageSize paging (see domain/paging.ts). */
export const pagingParams = {
  PageNumber: { type: 'integer' },
  PageSize: { type: 'integer' },
} as const satisfies ParamSpecs;

/** Filter.N.Key with its values Filter.N.Value.M; Alibaba takes at most 5 filters of at most 5 values each. */
export const filterParams = {
  Filter: { type: 'objects', fields: { Key: 'string', Value: { type: 'strings', maxItems: 5 } }, maxItems: 5 },
} as const satisfies ParamSpecs;

/** Key/Value tags, `Name.N.Key` and `Name.N.Value`, at most maxItems of them. */
export const tagsParam = <N extends number>(maxItems: N) =>
  ({ type: 'objects', fields: { Key: 'string', Value: 'string' }, maxItems }) as const;

/**
 * A resource group and tags (Tags.N.Key/Value): on a create, what the resource gets; on a Describe, what
 * to narrow to. Alibaba documents 20 tags on a create and on DescribeVirtualBorderRouters, 5 on the other Describes.
 */
export const tagAndGroupParams = (maxTags: 5 | 20) =>
  ({
    ResourceGroupId: { type: 'string' },
    Tags: tagsParam(maxTags),
  }) as const satisfies ParamSpecs;

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
