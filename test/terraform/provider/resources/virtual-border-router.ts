// alicloud_express_connect_virtual_border_router: resource_alicloud_express_connect_virtual_border_router.go
// with ExpressConnectServiceV2's DescribeExpressConnectVirtualBorderRouter, its StateRefreshFunc(WithApi)
// and SetResourceTags (service_alicloud_express_connect_v2.go).
import type { GoValue } from '../go-wire.js';
import type { RpcClient } from '../rpc-client.js';
import {
  buildClientToken,
  buildStateConf,
  callWithRetry,
  formatInt,
  goSprint,
  incrementalWait,
  jsonpathGet,
  MINUTE,
  notFoundError,
  ProviderError,
  ProviderNotFound,
  SECOND,
} from '../sdk.js';
import type { ResourceData } from '../resource-data.js';
import { timeout, type ResourceDef } from '../terraform.js';
import { describeOrGone, oneOf, refreshEmptyOnNotFound, type JsonObject } from './common.js';

type Request = Record<string, GoValue>;

/** ExpressConnectServiceV2.DescribeExpressConnectVirtualBorderRouter: a VbrId filter, no paging; the first item is taken as it is. */
export async function describeVirtualBorderRouter(c: RpcClient, id: string): Promise<JsonObject> {
  const request: Request = { RegionId: c.regionId, IncludeCrossAccountVbr: 'true', Filter: [{ Key: 'VbrId', Value: [id] }] };
  const response = await callWithRetry(1 * MINUTE, incrementalWait(3 * SECOND, 5 * SECOND), () =>
    c.rpcPost('DescribeVirtualBorderRouters', {}, request, true),
  );
  const list = jsonpathGet('$.VirtualBorderRouterSet.VirtualBorderRouterType[*]', response) as JsonObject[];
  if (list.length === 0) throw new ProviderNotFound('VirtualBorderRouter', id);
  if (goSprint(list[0].VbrId) === '') throw new ProviderNotFound('VirtualBorderRouter', id);
  return list[0];
}

function refresh(c: RpcClient, id: string, field: string) {
  return refreshEmptyOnNotFound(() => describeVirtualBorderRouter(c, id), field);
}

/** tags.go's filter of keys Alibaba manages. */
const IGNORED_TAG_KEYS = [/^aliyun/, /^acs:/, /^http:\/\//, /^https:\/\//];

/** tags.go tagsToMap over a list of {Key, Value} objects (TagKey/TagValue and lower-case forms accepted); Key must be a string. */
export function tagsToMap(tags: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(tags)) return out;
  for (const t of tags as JsonObject[]) {
    const [k, v] =
      'TagKey' in t
        ? [t.TagKey, t.TagValue]
        : 'Key' in t
          ? [t.Key, t.Value]
          : 'tag_key' in t
            ? [t.tag_key, t.tag_value]
            : 'tagKey' in t
              ? [t.tagKey, t.tagValue]
              : [t.key, t.value];
    if (typeof k !== 'string') throw new ProviderError('provider panic: interface conversion: tag key is not a string');
    if ([...IGNORED_TAG_KEYS, /^sae\.do\.not\.delete/].some((r) => r.test(k))) continue;
    out[k] = v;
  }
  return out;
}

/** ExpressConnectServiceV2.SetResourceTags: untag the removed or changed keys, then tag with the whole new map. */
export async function setResourceTags(d: ResourceData, c: RpcClient, resourceType: string, updateTimeout: number): Promise<void> {
  if (!d.hasChange('tags')) return;
  const [before, after] = d.getChange('tags') as [Record<string, string>, Record<string, string>];
  const removed = Object.keys(before).filter((k) => !(k in after) || after[k] !== before[k]);
  const removedKeys = removed.filter((k) => !IGNORED_TAG_KEYS.some((r) => r.test(k)));
  if (removedKeys.length > 0) {
    const request: Request = { 'ResourceId.1': d.id(), RegionId: c.regionId, ResourceType: resourceType };
    removedKeys.forEach((k, i) => (request[`TagKey.${i + 1}`] = k));
    await callWithRetry(updateTimeout, incrementalWait(3 * SECOND, 5 * SECOND), () =>
      c.rpcPost('UntagResourcesForExpressConnect', {}, request, true),
    );
  }
  if (Object.keys(after).length > 0) {
    const request: Request = { 'ResourceId.1': d.id(), RegionId: c.regionId, ResourceType: resourceType };
    Object.entries(after).forEach(([k, v], i) => {
      request[`Tag.${i + 1}.Key`] = k;
      request[`Tag.${i + 1}.Value`] = v;
    });
    await callWithRetry(updateTimeout, incrementalWait(3 * SECOND, 5 * SECOND), () =>
      c.rpcPost('TagResourcesForExpressConnect', {}, request, true),
    );
  }
}

export const virtualBorderRouter: ResourceDef = {
  type: 'alicloud_express_connect_virtual_border_router',
  file: 'resource_alicloud_express_connect_virtual_border_router.go',
  functions: {
    create: 'resourceAliCloudExpressConnectVirtualBorderRouterCreate',
    read: 'resourceAliCloudExpressConnectVirtualBorderRouterRead',
    update: 'resourceAliCloudExpressConnectVirtualBorderRouterUpdate',
    delete: 'resourceAliCloudExpressConnectVirtualBorderRouterDelete',
  },
  timeouts: { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE },
  schema: {
    bandwidth: { type: 'int', optional: true, computed: true },
    circuit_code: { type: 'string', optional: true },
    create_time: { type: 'string', computed: true },
    description: { type: 'string', optional: true },
    detect_multiplier: { type: 'int', optional: true, computed: true },
    enable_ipv6: { type: 'bool', optional: true },
    local_gateway_ip: { type: 'string', required: true },
    local_ipv6_gateway_ip: { type: 'string', optional: true },
    min_rx_interval: { type: 'int', optional: true, computed: true },
    min_tx_interval: { type: 'int', optional: true, computed: true },
    mtu: { type: 'int', optional: true, computed: true, validate: oneOf(0, 1500, 8500) },
    peer_gateway_ip: { type: 'string', required: true },
    peer_ipv6_gateway_ip: { type: 'string', optional: true },
    peering_ipv6_subnet_mask: { type: 'string', optional: true },
    peering_subnet_mask: { type: 'string', required: true },
    physical_connection_id: { type: 'string', required: true, forceNew: true },
    resource_group_id: { type: 'string', optional: true, computed: true },
    route_table_id: { type: 'string', computed: true },
    sitelink_enable: { type: 'bool', optional: true },
    status: { type: 'string', optional: true, computed: true },
    tags: { type: 'map', optional: true },
    vbr_owner_id: { type: 'string', optional: true },
    virtual_border_router_name: { type: 'string', optional: true },
    vlan_id: { type: 'int', required: true },
    associated_physical_connections: { type: 'string', optional: true },
    include_cross_account_vbr: { type: 'bool', optional: true, removed: true },
  },

  async create(d, c) {
    const action = 'CreateVirtualBorderRouter';
    const request: Request = { RegionId: c.regionId, ClientToken: buildClientToken(action) };
    const [owner, hasOwner] = d.getOk('vbr_owner_id');
    if (hasOwner) request.VbrOwnerId = owner as string;
    request.VlanId = d.get('vlan_id') as number;
    const [tags, hasTags] = d.getOk('tags');
    if (hasTags) {
      // ConvertTags + expandTagsToMap: Tag.N.Key / Tag.N.Value.
      Object.entries(tags as Record<string, string>).forEach(([k, v], i) => {
        request[`Tag.${i + 1}.Key`] = k;
        request[`Tag.${i + 1}.Value`] = v;
      });
    }
    const ifSet = (attr: string, wire: string) => {
      const [v, ok] = d.getOk(attr);
      if (ok) request[wire] = v as string;
    };
    ifSet('resource_group_id', 'ResourceGroupId');
    ifSet('circuit_code', 'CircuitCode');
    const [bw, hasBw] = d.getOkExists('bandwidth');
    if (hasBw) request.Bandwidth = bw as number;
    ifSet('description', 'Description');
    ifSet('peering_ipv6_subnet_mask', 'PeeringIpv6SubnetMask');
    ifSet('local_ipv6_gateway_ip', 'LocalIpv6GatewayIp');
    request.LocalGatewayIp = d.getString('local_gateway_ip');
    ifSet('virtual_border_router_name', 'Name');
    ifSet('peer_ipv6_gateway_ip', 'PeerIpv6GatewayIp');
    const [ipv6, hasIpv6] = d.getOkExists('enable_ipv6');
    if (hasIpv6) request.EnableIpv6 = ipv6 as boolean;
    request.PeeringSubnetMask = d.getString('peering_subnet_mask');
    request.PhysicalConnectionId = d.getString('physical_connection_id');
    request.PeerGatewayIp = d.getString('peer_gateway_ip');
    const response = await callWithRetry(
      timeout(this, 'create'),
      incrementalWait(5 * SECOND, 5 * SECOND),
      () => c.rpcPost(action, {}, request, true),
      {
        retryCodes: ['TaskConflict'],
      },
    );
    d.setId(goSprint(response.VbrId));
    await buildStateConf([], ['active', 'unconfirmed'], timeout(this, 'create'), 1 * SECOND, refresh(c, d.id(), 'Status')).wait();
    await this.update!(d, c);
  },

  async read(d, c) {
    const o = await describeOrGone(d, () => describeVirtualBorderRouter(c, d.id()));
    if (!o) return;
    d.set('bandwidth', formatInt(o.Bandwidth));
    d.set('circuit_code', o.CircuitCode);
    d.set('create_time', o.CreationTime);
    d.set('description', o.Description);
    if ('DetectMultiplier' in o && goSprint(o.DetectMultiplier) !== '0') d.set('detect_multiplier', formatInt(o.DetectMultiplier));
    d.set('enable_ipv6', o.EnableIpv6);
    d.set('local_gateway_ip', o.LocalGatewayIp);
    d.set('local_ipv6_gateway_ip', o.LocalIpv6GatewayIp);
    if ('MinRxInterval' in o && goSprint(o.MinRxInterval) !== '0') d.set('min_rx_interval', formatInt(o.MinRxInterval));
    if ('MinTxInterval' in o && goSprint(o.MinTxInterval) !== '0') d.set('min_tx_interval', formatInt(o.MinTxInterval));
    d.set('mtu', o.Mtu);
    d.set('peer_gateway_ip', o.PeerGatewayIp);
    d.set('peer_ipv6_gateway_ip', o.PeerIpv6GatewayIp);
    d.set('peering_ipv6_subnet_mask', o.PeeringIpv6SubnetMask);
    d.set('peering_subnet_mask', o.PeeringSubnetMask);
    d.set('physical_connection_id', o.PhysicalConnectionId);
    d.set('resource_group_id', o.ResourceGroupId);
    d.set('route_table_id', o.RouteTableId);
    d.set('sitelink_enable', o.SitelinkEnable);
    d.set('status', o.Status);
    d.set('virtual_border_router_name', o.Name);
    d.set('vlan_id', formatInt(o.VlanId));
    let tags: unknown;
    try {
      tags = jsonpathGet('$.Tags.Tags', o);
    } catch {
      tags = undefined;
    }
    d.set('tags', tagsToMap(tags));
  },

  async update(d, c) {
    const isNew = d.isNewResource();
    const updateTimeout = timeout(this, 'update');
    let current: JsonObject | undefined;
    try {
      current = await describeVirtualBorderRouter(c, d.id());
    } catch {
      current = undefined; // the provider ignores this error
    }
    if (d.hasChange('status')) {
      const target = d.getString('status');
      let status: unknown;
      try {
        status = jsonpathGet('Status', current ?? null);
      } catch (e) {
        throw new ProviderError(`[ERROR] Getting resource ${d.id()} attribute by path Status failed: ${(e as Error).message}`);
      }
      if (goSprint(status) !== target && (target === 'terminated' || target === 'active')) {
        const action = target === 'terminated' ? 'TerminateVirtualBorderRouter' : 'RecoverVirtualBorderRouter';
        const request: Request = { VbrId: d.id(), RegionId: c.regionId, ClientToken: buildClientToken(action) };
        await callWithRetry(updateTimeout, incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost(action, {}, request, true));
        await buildStateConf([], [target], updateTimeout, 5 * SECOND, refresh(c, d.id(), 'Status')).wait();
      }
    }

    const action = 'ModifyVirtualBorderRouterAttribute';
    let update = false;
    const request: Request = { VbrId: d.id(), RegionId: c.regionId, ClientToken: buildClientToken(action) };
    const changedOnUpdate = (attr: string) => !isNew && d.hasChange(attr);
    const setOrChanged = (attr: string, wire: string, exists = false) => {
      const [v, ok] = exists ? d.getOkExists(attr) : d.getOk(attr);
      if (ok || d.hasChange(attr)) request[wire] = v as GoValue;
    };
    if (changedOnUpdate('vlan_id')) update = true;
    request.VlanId = d.get('vlan_id') as number;
    if (changedOnUpdate('circuit_code')) update = true;
    setOrChanged('circuit_code', 'CircuitCode');
    if (changedOnUpdate('bandwidth')) {
      update = true;
      setOrChanged('bandwidth', 'Bandwidth', true);
    }
    if (changedOnUpdate('description')) update = true;
    setOrChanged('description', 'Description');
    if (changedOnUpdate('peering_ipv6_subnet_mask')) update = true;
    setOrChanged('peering_ipv6_subnet_mask', 'PeeringIpv6SubnetMask');
    if (changedOnUpdate('local_ipv6_gateway_ip')) update = true;
    setOrChanged('local_ipv6_gateway_ip', 'LocalIpv6GatewayIp');
    if (d.hasChange('min_rx_interval')) update = true;
    setOrChanged('min_rx_interval', 'MinRxInterval', true);
    if (changedOnUpdate('local_gateway_ip')) update = true;
    request.LocalGatewayIp = d.getString('local_gateway_ip');
    if (changedOnUpdate('virtual_border_router_name')) update = true;
    setOrChanged('virtual_border_router_name', 'Name');
    if (changedOnUpdate('enable_ipv6')) {
      update = true;
      const [v, ok] = d.getOkExists('enable_ipv6');
      if (ok) request.EnableIpv6 = v as boolean;
    }
    if (changedOnUpdate('peer_ipv6_gateway_ip')) update = true;
    setOrChanged('peer_ipv6_gateway_ip', 'PeerIpv6GatewayIp');
    if (changedOnUpdate('peering_subnet_mask')) update = true;
    request.PeeringSubnetMask = d.getString('peering_subnet_mask');
    if (d.hasChange('mtu')) update = true;
    setOrChanged('mtu', 'Mtu', true);
    if (d.hasChange('min_tx_interval')) update = true;
    setOrChanged('min_tx_interval', 'MinTxInterval', true);
    if (d.hasChange('detect_multiplier')) update = true;
    setOrChanged('detect_multiplier', 'DetectMultiplier', true);
    if (d.hasChange('sitelink_enable')) {
      update = true;
      setOrChanged('sitelink_enable', 'SitelinkEnable', true);
    }
    if (changedOnUpdate('peer_gateway_ip')) update = true;
    request.PeerGatewayIp = d.getString('peer_gateway_ip');
    if (update) {
      const [apc, hasApc] = d.getOk('associated_physical_connections');
      if (hasApc) request.AssociatedPhysicalConnections = apc as string;
      await callWithRetry(updateTimeout, incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost(action, {}, request, true));
      await buildStateConf([], ['active'], updateTimeout, 1 * SECOND, refresh(c, d.id(), 'Status')).wait();
    }

    const [, hasGroup] = d.getOk('resource_group_id');
    if (hasGroup && !isNew && d.hasChange('resource_group_id')) {
      const rg: Request = {
        ResourceId: d.id(),
        RegionId: c.regionId,
        NewResourceGroupId: d.getString('resource_group_id'),
        ResourceType: 'VIRTUALBORDERROUTER',
      };
      await callWithRetry(updateTimeout, incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost('ChangeResourceGroup', {}, rg, true));
    }

    if (d.hasChange('tags')) await setResourceTags(d, c, 'VIRTUALBORDERROUTER', updateTimeout);
    await this.read(d, c);
  },

  async delete(d, c) {
    const action = 'DeleteVirtualBorderRouter';
    const request: Request = { VbrId: d.id(), RegionId: c.regionId, ClientToken: buildClientToken(action) };
    try {
      await callWithRetry(timeout(this, 'delete'), incrementalWait(5 * SECOND, 5 * SECOND), () => c.rpcPost(action, {}, request, true), {
        retryCodes: ['DependencyViolation.BgpGroup'],
      });
    } catch (e) {
      if (notFoundError(e)) return;
      throw e;
    }
    await buildStateConf([], [''], timeout(this, 'delete'), 1 * SECOND, refresh(c, d.id(), '$.VbrId')).wait();
  },
};
