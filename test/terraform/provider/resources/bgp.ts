// alicloud_vpc_bgp_group, alicloud_vpc_bgp_peer and alicloud_vpc_bgp_network: resource_alicloud_vpc_bgp_group.go,
// resource_alicloud_vpc_bgp_peer.go, resource_alicloud_vpc_bgp_network.go with ExpressConnectServiceV2's
// DescribeExpressConnectBgpGroup / BgpPeer / BgpNetwork and their refresh functions.
import type { GoValue } from '../go-wire.js';
import type { RpcClient } from '../rpc-client.js';
import {
  buildClientToken,
  buildStateConf,
  callWithRetry,
  formatBool,
  formatInt,
  goSprint,
  incrementalWait,
  isExpectedErrors,
  jsonpathGet,
  MINUTE,
  notFoundError,
  ProviderError,
  ProviderNotFound,
  SECOND,
} from '../sdk.js';
import { timeout, type ResourceDef } from '../terraform.js';
import { between, describeOrGone, refreshEmptyOnNotFound, refreshNilOnNotFound, type JsonObject } from './common.js';

type Request = Record<string, GoValue>;
const FIVE_MINUTES = { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE };

/** DescribeBgpGroups by BgpGroupId; the first item is taken as it is. */
export async function describeBgpGroup(c: RpcClient, id: string): Promise<JsonObject> {
  const request: Request = { BgpGroupId: id, RegionId: c.regionId };
  const response = await callWithRetry(1 * MINUTE, incrementalWait(3 * SECOND, 5 * SECOND), () =>
    c.rpcPost('DescribeBgpGroups', {}, request, true),
  );
  const list = jsonpathGet('$.BgpGroups.BgpGroup[*]', response) as JsonObject[];
  if (list.length === 0) throw new ProviderNotFound('BgpGroup', id);
  return list[0];
}

export const bgpGroup: ResourceDef = {
  type: 'alicloud_vpc_bgp_group',
  file: 'resource_alicloud_vpc_bgp_group.go',
  functions: {
    create: 'resourceAliCloudExpressConnectBgpGroupCreate',
    read: 'resourceAliCloudExpressConnectBgpGroupRead',
    update: 'resourceAliCloudExpressConnectBgpGroupUpdate',
    delete: 'resourceAliCloudExpressConnectBgpGroupDelete',
  },
  timeouts: FIVE_MINUTES,
  schema: {
    auth_key: { type: 'string', optional: true },
    bgp_group_name: { type: 'string', optional: true },
    clear_auth_key: { type: 'bool', optional: true },
    description: { type: 'string', optional: true },
    ip_version: { type: 'string', optional: true, computed: true, forceNew: true },
    is_fake_asn: { type: 'bool', optional: true, computed: true },
    local_asn: { type: 'int', optional: true, computed: true },
    peer_asn: { type: 'int', required: true },
    region_id: { type: 'string', computed: true },
    route_limit: { type: 'int', optional: true, computed: true },
    router_id: { type: 'string', required: true, forceNew: true },
    status: { type: 'string', computed: true },
  },

  async create(d, c) {
    const action = 'CreateBgpGroup';
    const request: Request = { RegionId: c.regionId, ClientToken: buildClientToken(action) };
    const [fake, hasFake] = d.getOkExists('is_fake_asn');
    if (hasFake) request.IsFakeAsn = fake as boolean;
    const [name, hasName] = d.getOk('bgp_group_name');
    if (hasName) request.Name = name as string;
    request.RouterId = d.getString('router_id');
    request.PeerAsn = d.get('peer_asn') as number;
    const [desc, hasDesc] = d.getOk('description');
    if (hasDesc) request.Description = desc as string;
    const [limit, hasLimit] = d.getOkExists('route_limit');
    if (hasLimit) request.RouteQuota = limit as number;
    const [ipVersion, hasIpVersion] = d.getOk('ip_version');
    if (hasIpVersion) request.IpVersion = ipVersion as string;
    const [key, hasKey] = d.getOk('auth_key');
    if (hasKey) request.AuthKey = key as string;
    const [localAsn, hasLocalAsn] = d.getOk('local_asn');
    if (hasLocalAsn) request.LocalAsn = localAsn as number;
    const response = await callWithRetry(
      timeout(this, 'create'),
      incrementalWait(3 * SECOND, 5 * SECOND),
      () => c.rpcPost(action, {}, request, true),
      {
        retryCodes: ['OperationConflict'],
      },
    );
    d.setId(goSprint(response.BgpGroupId));
    await buildStateConf(
      [],
      ['Available'],
      timeout(this, 'create'),
      5 * SECOND,
      refreshEmptyOnNotFound(() => describeBgpGroup(c, d.id()), 'Status'),
    ).wait();
    await this.update!(d, c);
  },

  async read(d, c) {
    const o = await describeOrGone(d, () => describeBgpGroup(c, d.id()));
    if (!o) return;
    d.set('auth_key', o.AuthKey);
    d.set('bgp_group_name', o.Name);
    d.set('description', o.Description);
    d.set('ip_version', o.IpVersion);
    d.set('is_fake_asn', formatBool(o.IsFake));
    d.set('local_asn', o.LocalAsn);
    d.set('peer_asn', o.PeerAsn);
    d.set('region_id', o.RegionId);
    d.set('route_limit', formatInt(o.RouteLimit));
    d.set('router_id', o.RouterId);
    d.set('status', o.Status);
  },

  async update(d, c) {
    const isNew = d.isNewResource();
    const action = 'ModifyBgpGroupAttribute';
    let update = false;
    const request: Request = { BgpGroupId: d.id(), RegionId: c.regionId, ClientToken: buildClientToken(action) };
    const changed = (attr: string, wire: string) => {
      if (!isNew && d.hasChange(attr)) {
        update = true;
        request[wire] = d.get(attr) as GoValue;
      }
    };
    changed('is_fake_asn', 'IsFakeAsn');
    changed('bgp_group_name', 'Name');
    if (!isNew && d.hasChange('peer_asn')) update = true;
    request.PeerAsn = d.get('peer_asn') as number;
    changed('description', 'Description');
    const [clear, hasClear] = d.getOk('clear_auth_key');
    if (hasClear) request.ClearAuthKey = clear as boolean;
    changed('route_limit', 'RouteQuota');
    changed('auth_key', 'AuthKey');
    changed('local_asn', 'LocalAsn');
    if (update) {
      await callWithRetry(timeout(this, 'update'), incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost(action, {}, request, true));
      await buildStateConf(
        [],
        ['Available'],
        timeout(this, 'update'),
        5 * SECOND,
        refreshEmptyOnNotFound(() => describeBgpGroup(c, d.id()), 'Status'),
      ).wait();
    }
    await this.read(d, c);
  },

  async delete(d, c) {
    const action = 'DeleteBgpGroup';
    const request: Request = { BgpGroupId: d.id(), RegionId: c.regionId, ClientToken: buildClientToken(action) };
    try {
      await callWithRetry(timeout(this, 'delete'), incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost(action, {}, request, true), {
        retryCodes: ['DependencyViolation.BgpPeer'],
        // A new token after every try, whatever its outcome.
        after: () => (request.ClientToken = buildClientToken(action)),
      });
    } catch (e) {
      if (notFoundError(e)) return;
      throw e;
    }
    await buildStateConf(
      [],
      [''],
      timeout(this, 'delete'),
      5 * SECOND,
      refreshEmptyOnNotFound(() => describeBgpGroup(c, d.id()), 'Status'),
    ).wait();
  },
};

/** DescribeBgpPeers with BgpPeerId and RegionId in the query and an empty form body; the first item is taken. */
export async function describeBgpPeer(c: RpcClient, id: string): Promise<JsonObject> {
  const query: Request = { BgpPeerId: id, RegionId: c.regionId };
  const response = await callWithRetry(1 * MINUTE, incrementalWait(3 * SECOND, 5 * SECOND), () =>
    c.rpcPost('DescribeBgpPeers', query, {}, true),
  );
  const list = jsonpathGet('$.BgpPeers.BgpPeer[*]', response) as JsonObject[];
  if (list.length === 0) throw new ProviderNotFound('BgpPeer', id);
  return list[0];
}

export const bgpPeer: ResourceDef = {
  type: 'alicloud_vpc_bgp_peer',
  file: 'resource_alicloud_vpc_bgp_peer.go',
  functions: {
    create: 'resourceAliCloudExpressConnectBgpPeerCreate',
    read: 'resourceAliCloudExpressConnectBgpPeerRead',
    update: 'resourceAliCloudExpressConnectBgpPeerUpdate',
    delete: 'resourceAliCloudExpressConnectBgpPeerDelete',
  },
  timeouts: FIVE_MINUTES,
  schema: {
    bfd_multi_hop: { type: 'int', optional: true, validate: between(1, 255), diffSuppress: (planned) => planned.enable_bfd !== true },
    bgp_group_id: { type: 'string', required: true, forceNew: true },
    bgp_peer_name: { type: 'string', computed: true },
    enable_bfd: { type: 'bool', optional: true },
    ip_version: { type: 'string', optional: true, computed: true, forceNew: true },
    peer_ip_address: { type: 'string', optional: true, computed: true },
    status: { type: 'string', computed: true },
  },

  async create(d, c) {
    const action = 'CreateBgpPeer';
    const request: Request = { RegionId: c.regionId, ClientToken: buildClientToken(action), BgpGroupId: d.getString('bgp_group_id') };
    const [ip, hasIp] = d.getOk('peer_ip_address');
    if (hasIp) request.PeerIpAddress = ip as string;
    const [bfd, hasBfd] = d.getOkExists('enable_bfd');
    if (hasBfd) request.EnableBfd = bfd as boolean;
    const [ipVersion, hasIpVersion] = d.getOk('ip_version');
    if (hasIpVersion) request.IpVersion = ipVersion as string;
    const [hops, hasHops] = d.getOk('bfd_multi_hop');
    if (hasHops) request.BfdMultiHop = hops as number;
    const response = await callWithRetry(timeout(this, 'create'), incrementalWait(3 * SECOND, 5 * SECOND), () =>
      c.rpcPost(action, {}, request, true),
    );
    d.setId(goSprint(response.BgpPeerId));
    await buildStateConf(
      [],
      ['Available'],
      timeout(this, 'create'),
      5 * SECOND,
      refreshNilOnNotFound(() => describeBgpPeer(c, d.id()), 'Status'),
    ).wait();
    await this.read(d, c);
  },

  async read(d, c) {
    const o = await describeOrGone(d, () => describeBgpPeer(c, d.id()));
    if (!o) return;
    if ('BfdMultiHop' in o && goSprint(o.BfdMultiHop) !== '0') d.set('bfd_multi_hop', formatInt(o.BfdMultiHop));
    d.set('bgp_group_id', o.BgpGroupId);
    d.set('bgp_peer_name', o.Name);
    d.set('enable_bfd', o.EnableBfd);
    d.set('ip_version', o.IpVersion);
    d.set('peer_ip_address', o.PeerIpAddress);
    d.set('status', o.Status);
  },

  async update(d, c) {
    const action = 'ModifyBgpPeerAttribute';
    let update = false;
    const query: Request = { BgpPeerId: d.id() };
    const request: Request = { RegionId: c.regionId, ClientToken: buildClientToken(action) };
    if (d.hasChange('bgp_group_id')) update = true;
    request.BgpGroupId = d.getString('bgp_group_id');
    for (const [attr, wire] of [
      ['peer_ip_address', 'PeerIpAddress'],
      ['enable_bfd', 'EnableBfd'],
      ['bfd_multi_hop', 'BfdMultiHop'],
    ]) {
      if (d.hasChange(attr)) {
        update = true;
        request[wire] = d.get(attr) as GoValue;
      }
    }
    if (update) {
      await callWithRetry(timeout(this, 'update'), incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost(action, query, request, true));
      await buildStateConf(
        [],
        ['Available'],
        timeout(this, 'update'),
        5 * SECOND,
        refreshNilOnNotFound(() => describeBgpPeer(c, d.id()), 'Status'),
      ).wait();
    }
    await this.read(d, c);
  },

  async delete(d, c) {
    const action = 'DeleteBgpPeer';
    const query: Request = { BgpPeerId: d.id() };
    const request: Request = { RegionId: c.regionId, ClientToken: buildClientToken(action) };
    // DependencyViolation.BgpPeer appears in the provider's condition, but only NeedRetry decides; not found is not tolerated.
    await callWithRetry(timeout(this, 'delete'), incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost(action, query, request, true), {
      after: () => (request.ClientToken = buildClientToken(action)),
    });
    await buildStateConf(
      [],
      [],
      timeout(this, 'delete'),
      5 * SECOND,
      refreshNilOnNotFound(() => describeBgpPeer(c, d.id()), 'Status'),
    ).wait();
  },
};

/** DescribeBgpNetworks of the router, 50 a page; the item whose DstCidrBlock is the id's second part, as a string. */
export async function describeBgpNetwork(c: RpcClient, id: string): Promise<JsonObject> {
  const parts = id.split(':');
  if (parts.length !== 2) throw new ProviderError(`invalid Resource Id ${id}. Expected parts' length 2, got ${parts.length}`);
  const request: Request = { RouterId: parts[0], RegionId: c.regionId, PageNumber: 1, PageSize: 50 };
  for (;;) {
    let response: JsonObject;
    try {
      response = await callWithRetry(1 * MINUTE, incrementalWait(3 * SECOND, 5 * SECOND), () =>
        c.rpcPost('DescribeBgpNetworks', {}, request, true),
      );
    } catch (e) {
      if (isExpectedErrors(e, ['InvalidResource.NotFound'])) throw new ProviderNotFound('BgpNetwork', id);
      throw e;
    }
    const list = jsonpathGet('$.BgpNetworks.BgpNetwork', response);
    if (!Array.isArray(list) || list.length < 1) throw new ProviderNotFound('BgpNetwork', id);
    const hit = (list as JsonObject[]).find((n) => goSprint(n.DstCidrBlock) === parts[1]);
    if (hit) return hit;
    if (list.length < 50) break;
    request.PageNumber = (request.PageNumber as number) + 1;
  }
  throw new ProviderNotFound('BgpNetwork', id);
}

export const bgpNetwork: ResourceDef = {
  type: 'alicloud_vpc_bgp_network',
  file: 'resource_alicloud_vpc_bgp_network.go',
  functions: {
    create: 'resourceAliCloudExpressConnectBgpNetworkCreate',
    read: 'resourceAliCloudExpressConnectBgpNetworkRead',
    delete: 'resourceAliCloudExpressConnectBgpNetworkDelete',
  },
  timeouts: { create: 5 * MINUTE, delete: 5 * MINUTE },
  schema: {
    dst_cidr_block: { type: 'string', required: true, forceNew: true },
    router_id: { type: 'string', required: true, forceNew: true },
    status: { type: 'string', computed: true },
    vpc_id: { type: 'string', optional: true, forceNew: true },
  },

  async create(d, c) {
    const action = 'AddBgpNetwork';
    const request: Request = {
      DstCidrBlock: d.getString('dst_cidr_block'),
      RouterId: d.getString('router_id'),
      RegionId: c.regionId,
      ClientToken: buildClientToken(action),
    };
    const [vpc, hasVpc] = d.getOk('vpc_id');
    if (hasVpc) request.VpcId = vpc as string;
    await callWithRetry(timeout(this, 'create'), incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost(action, {}, request, true));
    d.setId(`${goSprint(request.RouterId)}:${goSprint(request.DstCidrBlock)}`);
    await buildStateConf(
      [],
      ['Available'],
      timeout(this, 'create'),
      5 * SECOND,
      refreshNilOnNotFound(() => describeBgpNetwork(c, d.id()), 'Status'),
    ).wait();
    await this.read(d, c);
  },

  async read(d, c) {
    const o = await describeOrGone(d, () => describeBgpNetwork(c, d.id()));
    if (!o) return;
    d.set('status', o.Status);
    d.set('vpc_id', o.VpcId);
    d.set('dst_cidr_block', o.DstCidrBlock);
    d.set('router_id', o.RouterId);
  },

  async delete(d, c) {
    const [routerId, cidr] = d.id().split(':');
    const action = 'DeleteBgpNetwork';
    const request: Request = { DstCidrBlock: cidr, RouterId: routerId, RegionId: c.regionId, ClientToken: buildClientToken(action) };
    try {
      await callWithRetry(timeout(this, 'delete'), incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost(action, {}, request, true));
    } catch (e) {
      if (notFoundError(e)) return;
      throw e;
    }
    await buildStateConf(
      [],
      [],
      timeout(this, 'delete'),
      5 * SECOND,
      refreshNilOnNotFound(() => describeBgpNetwork(c, d.id()), 'Status'),
    ).wait();
  },
};
