// The seven data sources: data_source_alicloud_express_connect_access_points.go, …_physical_connections.go,
// …_physical_connection_service.go, …_virtual_border_routers.go, data_source_alicloud_vpc_bgp_groups.go,
// …_bgp_peers.go, …_bgp_networks.go. Each pages through one Describe action, filters client-side (ids,
// name_regex, status) and sets its list with error checking: one field of the wrong JSON type fails the read.
import type { GoValue } from '../go-wire.js';
import type { RpcClient } from '../rpc-client.js';
import {
  callWithRetry,
  formatInt,
  goSprint,
  incrementalWait,
  isExpectedErrors,
  jsonpathGet,
  MINUTE,
  ProviderError,
  ProviderPanic,
  SECOND,
} from '../sdk.js';
import type { AttrSchema, ResourceData, Schema } from '../resource-data.js';
import type { DataSourceDef } from '../terraform.js';
import { oneOf, type JsonObject } from './common.js';

type Request = Record<string, GoValue>;

/** hashcode.String (crc32, non-negative) over "id-" for each id: dataResourceIdHash. */
export function dataResourceIdHash(ids: string[]): string {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(ids.map((id) => `${id}-`).join(''))) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  const v = (crc ^ 0xffffffff) | 0;
  return String(v >= 0 ? v : -v);
}

/** Page through a Describe action: the next page is asked for while a page holds `fullPage` items. */
async function pages(c: RpcClient, action: string, request: Request, path: string, fullPage: number): Promise<JsonObject[]> {
  const items: JsonObject[] = [];
  for (;;) {
    const response = await callWithRetry(5 * MINUTE, incrementalWait(3 * SECOND, 3 * SECOND), () => c.rpcPost(action, null, request, true));
    let list: unknown;
    try {
      list = jsonpathGet(path, response);
    } catch (e) {
      throw new ProviderError(`[ERROR] Getting resource ${action} attribute by path ${path} failed: ${(e as Error).message}`);
    }
    const result = Array.isArray(list) ? (list as JsonObject[]) : [];
    items.push(...result);
    if (result.length < fullPage) return items;
    request.PageNumber = (request.PageNumber as number) + 1;
  }
}

/** The client-side filters: ids (by an item's id field), name_regex (Go regexp over fmt.Sprint(Name)), status (item.Status asserted as a string). */
function filtered(
  d: ResourceData,
  items: JsonObject[],
  idOf: (item: JsonObject) => string,
  opts: { nameRegex?: boolean } = {},
): JsonObject[] {
  const ids = new Set((d.getOk('ids')[1] ? (d.get('ids') as string[]) : []).filter((x) => x !== ''));
  const [regexText, hasRegex] = opts.nameRegex ? d.getOk('name_regex') : ['', false];
  const regex = hasRegex ? new RegExp(regexText as string, 'u') : undefined;
  const [status, hasStatus] = d.getOk('status');
  return items.filter((item) => {
    if (regex && !regex.test(goSprint(item.Name))) return false;
    if (ids.size > 0 && !ids.has(idOf(item))) return false;
    if (hasStatus && status !== '') {
      if (typeof item.Status !== 'string') throw new ProviderPanic('interface conversion: interface {} is not string (Status)');
      if (status !== item.Status) return false;
    }
    return true;
  });
}

/** The end of every read: id hash, then ids, names and the list, each d.Set checked. */
function setResults(d: ResourceData, ids: string[], lists: Record<string, unknown>): void {
  d.setId(dataResourceIdHash(ids));
  const idsErr = d.set('ids', ids);
  if (idsErr) throw idsErr;
  for (const [k, v] of Object.entries(lists)) {
    const err = d.set(k, v);
    if (err) throw err;
  }
}

const s: AttrSchema = { type: 'string', computed: true };
const i: AttrSchema = { type: 'int', computed: true };
const b: AttrSchema = { type: 'bool', computed: true };
const objects = (schema: Schema): AttrSchema => ({ type: { objects: schema }, computed: true });
const IDS: AttrSchema = { type: 'strings', optional: true, computed: true };
const NAMES: AttrSchema = { type: 'strings', computed: true };
const OUTPUT_FILE: AttrSchema = { type: 'string', optional: true };
const NAME_REGEX: AttrSchema = {
  type: 'string',
  optional: true,
  validate: (v) => {
    try {
      new RegExp(v as string, 'u');
      return undefined;
    } catch {
      return 'to be a valid regular expression';
    }
  },
};

export const accessPoints: DataSourceDef = {
  type: 'alicloud_express_connect_access_points',
  file: 'data_source_alicloud_express_connect_access_points.go',
  functions: { read: 'dataSourceAlicloudExpressConnectAccessPointsRead' },
  schema: {
    ids: IDS,
    name_regex: NAME_REGEX,
    names: NAMES,
    status: { type: 'string', optional: true, validate: oneOf('disabled', 'full', 'hot', 'recommended') },
    output_file: OUTPUT_FILE,
    points: objects({
      access_point_feature_models: objects({ feature_key: s, feature_value: s }),
      access_point_id: s,
      access_point_name: s,
      attached_region_no: s,
      description: s,
      host_operator: s,
      id: s,
      location: s,
      status: s,
      type: s,
    }),
  },
  async read(d, c) {
    const request: Request = { RegionId: c.regionId, PageSize: 50, PageNumber: 1 };
    // The next page is asked for only after a page of 100: only the first 50 are ever read.
    const items = filtered(
      d,
      await pages(c, 'DescribeAccessPoints', request, '$.AccessPointSet.AccessPointType', 100),
      (x) => goSprint(x.AccessPointId),
      {
        nameRegex: true,
      },
    );
    const points = items.map((o) => {
      const models = o.AccessPointFeatureModels;
      if (models === null || typeof models !== 'object' || Array.isArray(models))
        throw new ProviderPanic('interface conversion: AccessPointFeatureModels is not map[string]interface {}');
      const list = (models as JsonObject).AccessPointFeatureModel;
      return {
        id: goSprint(o.AccessPointId),
        access_point_id: goSprint(o.AccessPointId),
        access_point_name: o.Name,
        attached_region_no: o.AttachedRegionNo,
        description: o.Description,
        host_operator: o.HostOperator,
        location: o.Location,
        status: o.Status,
        type: o.Type,
        access_point_feature_models: Array.isArray(list)
          ? (list as unknown[])
              .filter((m) => m !== null && typeof m === 'object')
              .map((m) => ({ feature_key: (m as JsonObject).FeatureKey, feature_value: (m as JsonObject).FeatureValue }))
          : [],
      };
    });
    setResults(
      d,
      points.map((p) => p.id),
      { names: items.map((o) => o.Name), points },
    );
  },
};

export const physicalConnections: DataSourceDef = {
  type: 'alicloud_express_connect_physical_connections',
  file: 'data_source_alicloud_express_connect_physical_connections.go',
  functions: { read: 'dataSourceAlicloudExpressConnectPhysicalConnectionsRead' },
  schema: {
    include_reservation_data: { type: 'bool', optional: true },
    ids: IDS,
    name_regex: NAME_REGEX,
    names: NAMES,
    status: {
      type: 'string',
      optional: true,
      validate: oneOf(
        'Allocated',
        'Allocating',
        'Allocation Failed',
        'Approved',
        'Canceled',
        'Confirmed',
        'Enabled',
        'Initial',
        'Rejected',
        'Terminated',
      ),
    },
    output_file: OUTPUT_FILE,
    connections: objects(
      Object.fromEntries(
        [
          'access_point_id',
          'ad_location',
          'bandwidth',
          'business_status',
          'circuit_code',
          'create_time',
          'description',
          'enabled_time',
          'end_time',
          'has_reservation_data',
          'line_operator',
          'loa_status',
          'payment_type',
          'peer_location',
          'id',
          'physical_connection_id',
          'physical_connection_name',
          'port_number',
          'port_type',
          'redundant_physical_connection_id',
          'reservation_active_time',
          'reservation_internet_charge_type',
          'reservation_order_type',
          'spec',
          'status',
          'type',
        ].map((k) => [k, s]),
      ),
    ),
  },
  async read(d, c) {
    const request: Request = {};
    const [ird, hasIrd] = d.getOkExists('include_reservation_data');
    if (hasIrd) request.IncludeReservationData = ird as boolean;
    request.RegionId = c.regionId;
    request.PageSize = 50;
    request.PageNumber = 1;
    const items = filtered(
      d,
      await pages(c, 'DescribePhysicalConnections', request, '$.PhysicalConnectionSet.PhysicalConnectionType', 50),
      (x) => goSprint(x.PhysicalConnectionId),
      {
        nameRegex: true,
      },
    );
    const connections = items.map((o) => ({
      access_point_id: o.AccessPointId,
      ad_location: o.AdLocation,
      bandwidth: goSprint(o.Bandwidth),
      business_status: o.BusinessStatus,
      circuit_code: o.CircuitCode,
      create_time: o.CreationTime,
      description: o.Description,
      enabled_time: o.EnabledTime,
      end_time: o.EndTime,
      has_reservation_data: goSprint(o.HasReservationData),
      line_operator: o.LineOperator,
      loa_status: o.LoaStatus,
      payment_type: o.ChargeType,
      peer_location: o.PeerLocation,
      id: goSprint(o.PhysicalConnectionId),
      physical_connection_id: goSprint(o.PhysicalConnectionId),
      physical_connection_name: o.Name,
      port_number: o.PortNumber,
      port_type: o.PortType,
      redundant_physical_connection_id: o.RedundantPhysicalConnectionId,
      reservation_active_time: o.ReservationActiveTime,
      reservation_internet_charge_type: o.ReservationInternetChargeType,
      reservation_order_type: o.ReservationOrderType,
      spec: o.Spec,
      status: o.Status,
      type: o.Type,
    }));
    setResults(
      d,
      connections.map((x) => x.id),
      { names: items.map((o) => o.Name), connections },
    );
  },
};

export const physicalConnectionService: DataSourceDef = {
  type: 'alicloud_express_connect_physical_connection_service',
  file: 'data_source_alicloud_express_connect_physical_connection_service.go',
  functions: { read: 'dataSourceAlicloudPhysicalConnectionServiceRead' },
  schema: {
    enable: { type: 'string', optional: true, default: 'Off', validate: oneOf('On', 'Off') },
    status: s,
  },
  async read(d, c) {
    if (d.getString('enable') !== 'On') {
      d.setId('PhysicalConnectionServiceHasNotBeenOpened');
      d.set('status', '');
      return;
    }
    const request: Request = { RegionId: c.regionId };
    try {
      await callWithRetry(
        5 * MINUTE,
        async () => {},
        () => c.rpcPost('OpenPhysicalConnectionService', null, request, true),
      );
    } catch (e) {
      if (!isExpectedErrors(e, ['PURCHASE_QUANTITY_LIMIT', 'InvalidOperation.OrderOpened'])) throw e;
    }
    d.setId('PhysicalConnectionServiceHasBeenOpened');
    d.set('status', 'Opened');
  },
};

export const virtualBorderRouters: DataSourceDef = {
  type: 'alicloud_express_connect_virtual_border_routers',
  file: 'data_source_alicloud_express_connect_virtual_border_routers.go',
  functions: { read: 'dataSourceAlicloudExpressConnectVirtualBorderRoutersRead' },
  schema: {
    filter: { type: { objects: { key: { type: 'string', optional: true }, values: { type: 'strings', optional: true } } }, optional: true },
    status: {
      type: 'string',
      optional: true,
      validate: oneOf('active', 'deleting', 'recovering', 'terminated', 'terminating', 'unconfirmed'),
    },
    ids: IDS,
    name_regex: NAME_REGEX,
    names: NAMES,
    output_file: OUTPUT_FILE,
    routers: objects({
      access_point_id: s,
      activation_time: s,
      circuit_code: s,
      cloud_box_instance_id: s,
      create_time: s,
      description: s,
      detect_multiplier: i,
      ecc_id: s,
      enable_ipv6: b,
      local_gateway_ip: s,
      local_ipv6_gateway_ip: s,
      min_rx_interval: i,
      min_tx_interval: i,
      payment_vbr_expire_time: s,
      peer_gateway_ip: s,
      peer_ipv6_gateway_ip: s,
      peering_ipv6_subnet_mask: s,
      peering_subnet_mask: s,
      physical_connection_business_status: s,
      physical_connection_id: s,
      physical_connection_owner_uid: s,
      physical_connection_status: s,
      recovery_time: s,
      route_table_id: s,
      status: s,
      termination_time: s,
      type: s,
      id: s,
      virtual_border_router_id: s,
      virtual_border_router_name: s,
      vlan_id: i,
      vlan_interface_id: s,
    }),
  },
  async read(d, c) {
    const request: Request = {};
    const [filters, hasFilters] = d.getOk('filter');
    if (hasFilters) {
      (filters as { key?: string; values?: string[] }[]).forEach((f, fi) => {
        request[`Filter.${fi + 1}.Key`] = f.key ?? '';
        (f.values ?? []).forEach((v, vi) => (request[`Filter.${fi + 1}.Value.${vi + 1}`] = v));
      });
    }
    request.RegionId = c.regionId;
    request.PageSize = 50;
    request.PageNumber = 1;
    const items = filtered(
      d,
      await pages(c, 'DescribeVirtualBorderRouters', request, '$.VirtualBorderRouterSet.VirtualBorderRouterType', 50),
      (x) => goSprint(x.VbrId),
      {
        nameRegex: true,
      },
    );
    const routers = items.map((o) => ({
      access_point_id: o.AccessPointId,
      activation_time: o.ActivationTime,
      circuit_code: o.CircuitCode,
      cloud_box_instance_id: o.CloudBoxInstanceId,
      create_time: o.CreationTime,
      description: o.Description,
      detect_multiplier: formatInt(o.DetectMultiplier),
      ecc_id: o.EccId,
      enable_ipv6: o.EnableIpv6,
      local_gateway_ip: o.LocalGatewayIp,
      local_ipv6_gateway_ip: o.LocalIpv6GatewayIp,
      min_rx_interval: formatInt(o.MinRxInterval),
      min_tx_interval: formatInt(o.MinTxInterval),
      payment_vbr_expire_time: o.PConnVbrExpireTime,
      peer_gateway_ip: o.PeerGatewayIp,
      peer_ipv6_gateway_ip: o.PeerIpv6GatewayIp,
      peering_ipv6_subnet_mask: o.PeeringIpv6SubnetMask,
      peering_subnet_mask: o.PeeringSubnetMask,
      physical_connection_business_status: o.PhysicalConnectionBusinessStatus,
      physical_connection_id: o.PhysicalConnectionId,
      physical_connection_owner_uid: o.PhysicalConnectionOwnerUid,
      physical_connection_status: o.PhysicalConnectionStatus,
      recovery_time: o.RecoveryTime,
      route_table_id: o.RouteTableId,
      status: o.Status,
      termination_time: o.TerminationTime,
      type: o.Type,
      id: goSprint(o.VbrId),
      virtual_border_router_id: goSprint(o.VbrId),
      virtual_border_router_name: o.Name,
      vlan_id: formatInt(o.VlanId),
      vlan_interface_id: o.VlanInterfaceId,
    }));
    setResults(
      d,
      routers.map((r) => r.id),
      { names: items.map((o) => o.Name), routers },
    );
  },
};

export const bgpGroups: DataSourceDef = {
  type: 'alicloud_vpc_bgp_groups',
  file: 'data_source_alicloud_vpc_bgp_groups.go',
  functions: { read: 'dataSourceAlicloudVpcBgpGroupsRead' },
  schema: {
    ids: IDS,
    name_regex: NAME_REGEX,
    names: NAMES,
    router_id: { type: 'string', optional: true },
    status: { type: 'string', optional: true, validate: oneOf('Available', 'Deleting', 'Pending') },
    output_file: OUTPUT_FILE,
    groups: objects({
      auth_key: s,
      id: s,
      bgp_group_name: s,
      description: s,
      hold: s,
      ip_version: s,
      is_fake_asn: b,
      keepalive: s,
      local_asn: i,
      peer_asn: i,
      route_limit: s,
      router_id: s,
      status: s,
    }),
  },
  async read(d, c) {
    const request: Request = { RegionId: c.regionId };
    const [router, hasRouter] = d.getOk('router_id');
    if (hasRouter) request.RouterId = router as string;
    request.PageSize = 50;
    request.PageNumber = 1;
    const items = filtered(d, await pages(c, 'DescribeBgpGroups', request, '$.BgpGroups.BgpGroup', 50), (x) => goSprint(x.BgpGroupId), {
      nameRegex: true,
    });
    const groups = items.map((o) => ({
      auth_key: o.AuthKey,
      id: goSprint(o.BgpGroupId),
      bgp_group_name: o.Name,
      description: o.Description,
      hold: o.Hold,
      ip_version: o.IpVersion,
      is_fake_asn: o.IsFake,
      keepalive: o.Keepalive,
      local_asn: formatInt(o.LocalAsn),
      peer_asn: formatInt(o.PeerAsn),
      route_limit: o.RouteLimit,
      router_id: o.RouterId,
      status: o.Status,
    }));
    setResults(
      d,
      groups.map((g) => g.id),
      { names: items.map((o) => o.Name), groups },
    );
  },
};

export const bgpPeers: DataSourceDef = {
  type: 'alicloud_vpc_bgp_peers',
  file: 'data_source_alicloud_vpc_bgp_peers.go',
  functions: { read: 'dataSourceAlicloudVpcBgpPeersRead' },
  schema: {
    bgp_group_id: { type: 'string', optional: true },
    ids: IDS,
    router_id: { type: 'string', optional: true },
    status: { type: 'string', optional: true, validate: oneOf('Available', 'Deleted', 'Deleting', 'Modifying', 'Pending') },
    output_file: OUTPUT_FILE,
    peers: objects({
      auth_key: s,
      bfd_multi_hop: i,
      bgp_group_id: s,
      id: s,
      bgp_peer_id: s,
      bgp_peer_name: s,
      bgp_status: s,
      description: s,
      enable_bfd: b,
      hold: s,
      ip_version: s,
      is_fake: b,
      keepalive: s,
      local_asn: s,
      peer_asn: s,
      peer_ip_address: s,
      route_limit: s,
      router_id: s,
      status: s,
    }),
  },
  async read(d, c) {
    const request: Request = {};
    const [group, hasGroup] = d.getOk('bgp_group_id');
    if (hasGroup) request.BgpGroupId = group as string;
    request.RegionId = c.regionId;
    const [router, hasRouter] = d.getOk('router_id');
    if (hasRouter) request.RouterId = router as string;
    // PageSizeMedium (20) asked for, but the next page only after a page of 50: only the first 20 peers are read.
    request.PageSize = 20;
    request.PageNumber = 1;
    const items = filtered(d, await pages(c, 'DescribeBgpPeers', request, '$.BgpPeers.BgpPeer', 50), (x) => goSprint(x.BgpPeerId));
    const peers = items.map((o) => ({
      auth_key: o.AuthKey,
      bfd_multi_hop: formatInt(o.BfdMultiHop),
      bgp_group_id: o.BgpGroupId,
      id: goSprint(o.BgpPeerId),
      bgp_peer_id: goSprint(o.BgpPeerId),
      bgp_peer_name: o.Name,
      bgp_status: o.BgpStatus,
      description: o.Description,
      enable_bfd: o.EnableBfd,
      hold: o.Hold,
      ip_version: o.IpVersion,
      is_fake: o.IsFake,
      keepalive: o.Keepalive,
      local_asn: o.LocalAsn,
      peer_asn: o.PeerAsn,
      peer_ip_address: o.PeerIpAddress,
      route_limit: o.RouteLimit,
      router_id: o.RouterId,
      status: o.Status,
    }));
    setResults(
      d,
      peers.map((p) => p.id),
      { peers },
    );
  },
};

export const bgpNetworks: DataSourceDef = {
  type: 'alicloud_vpc_bgp_networks',
  file: 'data_source_alicloud_vpc_bgp_networks.go',
  functions: { read: 'dataSourceAlicloudVpcBgpNetworksRead' },
  schema: {
    ids: IDS,
    router_id: { type: 'string', optional: true },
    status: { type: 'string', optional: true, validate: oneOf('Available', 'Pending', 'Deleting') },
    output_file: OUTPUT_FILE,
    networks: objects({ id: s, dst_cidr_block: s, router_id: s, status: s }),
  },
  async read(d, c) {
    const request: Request = { RegionId: c.regionId };
    const [router, hasRouter] = d.getOk('router_id');
    if (hasRouter) request.RouterId = router as string;
    request.PageSize = 50;
    request.PageNumber = 1;
    const idOf = (o: JsonObject) => `${goSprint(o.RouterId)}:${goSprint(o.DstCidrBlock)}`;
    const items = filtered(d, await pages(c, 'DescribeBgpNetworks', request, '$.BgpNetworks.BgpNetwork', 50), idOf);
    const networks = items.map((o) => ({ id: idOf(o), dst_cidr_block: goSprint(o.DstCidrBlock), router_id: o.RouterId, status: o.Status }));
    setResults(
      d,
      networks.map((n) => n.id),
      { networks },
    );
  },
};

export const DATA_SOURCES: DataSourceDef[] = [
  accessPoints,
  physicalConnections,
  physicalConnectionService,
  virtualBorderRouters,
  bgpGroups,
  bgpPeers,
  bgpNetworks,
];
