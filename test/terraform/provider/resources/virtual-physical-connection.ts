// alicloud_express_connect_virtual_physical_connection (a hosted connection, applied by the partner
// that owns the dedicated circuit): resource_alicloud_express_connect_virtual_physical_connection.go with
// ExpressConnectService.DescribeExpressConnectVirtualPhysicalConnection (service_alicloud_express_connect.go).
import type { GoValue } from '../go-wire.js';
import type { RpcClient } from '../rpc-client.js';
import {
  buildClientToken,
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
import { timeout, type ResourceDef } from '../terraform.js';
import { between, describeOrGone, oneOf, type JsonObject } from './common.js';
import type { AttrSchema } from '../resource-data.js';

type Request = Record<string, GoValue>;

/** ListVirtualPhysicalConnections by VirtualPhysicalConnectionIds.1; the list must be a JSON array; the first item is taken. */
export async function describeVirtualPhysicalConnection(c: RpcClient, id: string): Promise<JsonObject> {
  const request: Request = { 'VirtualPhysicalConnectionIds.1': id, RegionId: c.regionId };
  const response = await callWithRetry(5 * MINUTE, incrementalWait(3 * SECOND, 3 * SECOND), () =>
    c.rpcPost('ListVirtualPhysicalConnections', null, request, true),
  );
  const list = jsonpathGet('$.VirtualPhysicalConnections', response);
  if (!Array.isArray(list))
    throw new ProviderError('provider panic: interface conversion: $.VirtualPhysicalConnections is not []interface {}');
  if (list.length < 1) throw new ProviderNotFound('VirtualPhysicalConnections', id);
  return list[0] as JsonObject;
}

const computedString: AttrSchema = { type: 'string', computed: true };

export const virtualPhysicalConnection: ResourceDef = {
  type: 'alicloud_express_connect_virtual_physical_connection',
  file: 'resource_alicloud_express_connect_virtual_physical_connection.go',
  functions: {
    create: 'resourceAlicloudExpressConnectVirtualPhysicalConnectionCreate',
    read: 'resourceAlicloudExpressConnectVirtualPhysicalConnectionRead',
    update: 'resourceAlicloudExpressConnectVirtualPhysicalConnectionUpdate',
    delete: 'resourceAlicloudExpressConnectVirtualPhysicalConnectionDelete',
  },
  timeouts: { create: 5 * MINUTE, update: 300 * MINUTE, delete: 300 * MINUTE },
  schema: {
    access_point_id: computedString,
    ad_location: computedString,
    bandwidth: computedString,
    business_status: computedString,
    circuit_code: computedString,
    create_time: computedString,
    description: { type: 'string', optional: true, forceNew: true },
    dry_run: { type: 'bool', optional: true },
    enabled_time: computedString,
    end_time: computedString,
    expect_spec: { type: 'string', optional: true },
    line_operator: computedString,
    loa_status: computedString,
    order_mode: { type: 'string', required: true, forceNew: true },
    parent_physical_connection_ali_uid: computedString,
    parent_physical_connection_id: { type: 'string', required: true, forceNew: true },
    peer_location: computedString,
    port_number: computedString,
    port_type: computedString,
    redundant_physical_connection_id: computedString,
    resource_group_id: { type: 'string', optional: true, computed: true, forceNew: true },
    spec: {
      type: 'string',
      required: true,
      forceNew: true,
      validate: oneOf('50M', '100M', '200M', '300M', '400M', '500M', '1G', '2G', '5G', '8G', '10G'),
    },
    status: computedString,
    virtual_physical_connection_name: { type: 'string', optional: true, forceNew: true },
    virtual_physical_connection_status: computedString,
    vlan_id: { type: 'int', required: true, validate: between(0, 2999) },
    vpconn_ali_uid: { type: 'string', required: true, forceNew: true },
  },

  async create(d, c) {
    const request: Request = { RegionId: c.regionId };
    const ifSet = (attr: string, wire: string) => {
      const [v, ok] = d.getOk(attr);
      if (ok) request[wire] = v as GoValue;
    };
    ifSet('description', 'Description');
    ifSet('dry_run', 'DryRun');
    ifSet('order_mode', 'OrderMode');
    ifSet('resource_group_id', 'ResourceGroupId');
    ifSet('parent_physical_connection_id', 'PhysicalConnectionId');
    ifSet('spec', 'Spec');
    ifSet('virtual_physical_connection_name', 'Name');
    ifSet('vlan_id', 'VlanId');
    ifSet('vpconn_ali_uid', 'VpconnAliUid');
    // No ClientToken and no Token; the SDK's own retry is off for this action.
    const response = await callWithRetry(timeout(this, 'create'), incrementalWait(3 * SECOND, 3 * SECOND), () =>
      c.rpcPost('CreateVirtualPhysicalConnection', null, request, false),
    );
    let id: unknown;
    try {
      id = jsonpathGet('$.VirtualPhysicalConnection', response);
    } catch (e) {
      throw new ProviderError(
        `[ERROR] the resource alicloud_express_connect_virtual_physical_connection got no id: ${(e as Error).message}`,
      );
    }
    if (id === null || id === undefined)
      throw new ProviderError('[ERROR] the resource alicloud_express_connect_virtual_physical_connection got no id');
    d.setId(goSprint(id));
    await this.update!(d, c);
  },

  async read(d, c) {
    // Not found clears the id even right after a create.
    const o = await describeOrGone(d, () => describeVirtualPhysicalConnection(c, d.id()), { always: true });
    if (!o) return;
    const fields: [string, string][] = [
      ['access_point_id', 'AccessPointId'],
      ['ad_location', 'AdLocation'],
      ['bandwidth', 'Bandwidth'],
      ['business_status', 'BusinessStatus'],
      ['circuit_code', 'CircuitCode'],
      ['create_time', 'CreationTime'],
      ['description', 'Description'],
      ['enabled_time', 'EnabledTime'],
      ['end_time', 'EndTime'],
      ['expect_spec', 'ExpectSpec'],
      ['line_operator', 'LineOperator'],
      ['loa_status', 'LoaStatus'],
      ['order_mode', 'OrderMode'],
      ['parent_physical_connection_ali_uid', 'ParentPhysicalConnectionAliUid'],
      ['parent_physical_connection_id', 'ParentPhysicalConnectionId'],
      ['peer_location', 'PeerLocation'],
      ['port_number', 'PortNumber'],
      ['port_type', 'PortType'],
      ['redundant_physical_connection_id', 'RedundantPhysicalConnectionId'],
      ['resource_group_id', 'ResourceGroupId'],
      ['spec', 'Spec'],
      ['status', 'Status'],
      ['virtual_physical_connection_name', 'Name'],
      ['virtual_physical_connection_status', 'VirtualPhysicalConnectionStatus'],
    ];
    for (const [attr, field] of fields) d.set(attr, o[field]);
    d.set('vlan_id', formatInt(o.VlanId));
    d.set('vpconn_ali_uid', o.AliUid);
  },

  async update(d, c) {
    let update = false;
    const request: Request = { InstanceId: d.id(), RegionId: c.regionId };
    const [dryRun, hasDryRun] = d.getOk('dry_run');
    if (hasDryRun) request.DryRun = dryRun as boolean;
    if (d.hasChange('expect_spec')) {
      update = true;
      const [v, ok] = d.getOk('expect_spec');
      if (ok) request.ExpectSpec = v as string;
    }
    if (!d.isNewResource() && d.hasChange('vlan_id')) update = true;
    request.VlanId = d.get('vlan_id') as number;
    if (update) {
      await callWithRetry(timeout(this, 'update'), incrementalWait(3 * SECOND, 3 * SECOND), () =>
        c.rpcPost('UpdateVirtualPhysicalConnection', null, request, false),
      );
    }
    await this.read(d, c);
  },

  async delete(d, c) {
    const request: Request = { PhysicalConnectionId: d.id(), RegionId: c.regionId };
    try {
      await callWithRetry(timeout(this, 'delete'), incrementalWait(3 * SECOND, 3 * SECOND), () => {
        request.ClientToken = buildClientToken('DeletePhysicalConnection');
        return c.rpcPost('DeletePhysicalConnection', null, request, true);
      });
    } catch (e) {
      if (notFoundError(e)) return;
      throw e;
    }
  },
};
