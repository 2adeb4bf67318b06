// Every repeated parameter of every action is capped, at the count Alibaba's API reference documents
// (the `maxItems` of its schema), so that no request can make an action walk an unbounded list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allActions } from './index.js';

/** Alibaba's documented maxItems, by action and wire path (`Name.N.Field` for a list inside an object). */
const DOCUMENTED: Record<string, Record<string, number>> = {
  CreatePhysicalConnection: { Tag: 20, DeviceAdvancedCapacity: 100 },
  DescribePhysicalConnections: { Filter: 5, 'Filter.N.Value': 5, Tags: 5 },
  CreateVirtualPhysicalConnection: { Tag: 20 },
  ListVirtualPhysicalConnections: {
    VirtualPhysicalConnectionIds: 20,
    VirtualPhysicalConnectionStatuses: 20,
    VirtualPhysicalConnectionAliUids: 20,
    VlanIds: 20,
    Tags: 5,
  },
  // Tag is Terraform's spelling of the documented Tags: the same cap.
  CreateVirtualBorderRouter: { Tags: 20, Tag: 20 },
  DescribeVirtualBorderRouters: { Filter: 5, 'Filter.N.Value': 5, Tags: 20 },
  DescribeVirtualBorderRoutersForPhysicalConnection: { Filter: 5, 'Filter.N.Value': 5 },
  TagResourcesForExpressConnect: { ResourceId: 21, Tag: 21 },
  UntagResourcesForExpressConnect: { ResourceId: 21, TagKey: 21 },
  ListTagResourcesForExpressConnect: { ResourceId: 21, Tag: 21 },
  CreateRouteEntry: { NextHopList: 16 },
  DeleteRouteEntry: { NextHopList: 8 },
  DescribeRouteTableList: { Tag: 21 },
  DescribeRouteEntryList: { DestCidrBlockList: 50 },
};

/** The caps an action declares, by wire path; undefined where a list has none. */
function declaredCaps(params: (typeof allActions)[number]['params']): Record<string, number | undefined> {
  const out: Record<string, number | undefined> = {};
  for (const [name, spec] of Object.entries(params)) {
    if (spec.type === 'strings') out[name] = spec.maxItems;
    if (spec.type !== 'objects') continue;
    out[name] = spec.maxItems;
    for (const [field, type] of Object.entries(spec.fields)) {
      if (type === 'strings') out[`${name}.N.${field}`] = undefined;
      else if (typeof type === 'object') out[`${name}.N.${field}`] = type.maxItems;
    }
  }
  return out;
}

test("every action's repeated parameters are capped at Alibaba's documented counts", () => {
  const found: Record<string, Record<string, number | undefined>> = {};
  for (const a of allActions) {
    const caps = declaredCaps(a.params);
    if (Object.keys(caps).length > 0) found[a.name] = caps;
  }
  assert.deepEqual(found, DOCUMENTED);
});
