// alicloud_express_connect_physical_connection: resource_alicloud_express_connect_physical_connection.go
// with VpcService's DescribeExpressConnectPhysicalConnection, ExpressConnectPhysicalConnectionStateRefreshFunc
// and ModifyExpressConnectPhysicalConnectionStatus (service_alicloud_vpc.go).
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
  ProviderError,
  ProviderNotFound,
  SECOND,
  notFoundError,
} from '../sdk.js';
import type { ResourceData } from '../resource-data.js';
import { timeout, type ResourceDef } from '../terraform.js';
import { describeOrGone, oneOf, refreshNilOnNotFound, type JsonObject } from './common.js';

/** VpcService.DescribeExpressConnectPhysicalConnection: filtered by id, 50 a page, the matching item or not found. */
export async function describePhysicalConnection(c: RpcClient, id: string): Promise<JsonObject> {
  const request: Record<string, string | number | { Key: string; Value: string[] }[]> = {
    RegionId: c.regionId,
    PageSize: 50,
    PageNumber: 1,
    Filter: [{ Key: 'PhysicalConnectionId', Value: [id] }],
  };
  for (;;) {
    const response = await callWithRetry(5 * MINUTE, incrementalWait(3 * SECOND, 3 * SECOND), () =>
      c.rpcPost('DescribePhysicalConnections', null, request, true),
    );
    const list = jsonpathGet('$.PhysicalConnectionSet.PhysicalConnectionType', response);
    if (!Array.isArray(list) || list.length < 1) throw new ProviderNotFound('ExpressConnect:PhysicalConnection', id);
    const hit = (list as JsonObject[]).find((v) => goSprint(v.PhysicalConnectionId) === id);
    if (hit) return hit;
    if (list.length < 50) break;
    request.PageNumber = (request.PageNumber as number) + 1;
  }
  throw new ProviderNotFound('ExpressConnect:PhysicalConnection', id);
}

function refresh(c: RpcClient, id: string, failStates: string[]) {
  return refreshNilOnNotFound(() => describePhysicalConnection(c, id), 'Status', failStates);
}

/** VpcService.ModifyExpressConnectPhysicalConnectionStatus: one lifecycle action, then a wait (delay 5 s) for the status. */
async function modifyStatus(d: ResourceData, c: RpcClient, status: 'Confirmed' | 'Enabled' | 'Canceled' | 'Terminated'): Promise<void> {
  const action = {
    Confirmed: 'ConfirmPhysicalConnection',
    Enabled: 'CreatePhysicalConnectionOccupancyOrder',
    Canceled: 'CancelPhysicalConnection',
    Terminated: 'TerminatePhysicalConnection',
  }[status];
  const request: Record<string, string | number | boolean> = {
    RegionId: c.regionId,
    ClientToken: buildClientToken(action),
    PhysicalConnectionId: d.id(),
  };
  if (status === 'Enabled') {
    request.InstanceChargeType = 'PrePaid';
    request.AutoPay = true;
    const [period, hasPeriod] = d.getOkExists('period');
    if (hasPeriod) request.Period = period as number;
    const [cycle, hasCycle] = d.getOk('pricing_cycle');
    if (hasCycle) request.PricingCycle = cycle as string;
  }
  const response = await callWithRetry(20 * MINUTE, incrementalWait(3 * SECOND, 3 * SECOND), () => c.rpcPost(action, null, request, true));
  if (status === 'Enabled') {
    let data: unknown;
    try {
      data = jsonpathGet('$.Data', response);
    } catch (e) {
      throw new ProviderError(`[ERROR] Getting resource ${d.id()} attribute by path $.Data failed: ${(e as Error).message}`);
    }
    if (data === null || data === undefined) throw new ProviderError(`[ERROR] Getting resource ${d.id()} attribute by path $.Data failed`);
    if (typeof data !== 'object' || Array.isArray(data))
      throw new ProviderError('provider panic: interface conversion: $.Data is not map[string]interface {}');
    d.set('order_id', (data as JsonObject).OrderId);
  }
  await buildStateConf([], [status], timeout(physicalConnection, 'update'), 5 * SECOND, refresh(c, d.id(), [])).wait();
}

export const physicalConnection: ResourceDef = {
  type: 'alicloud_express_connect_physical_connection',
  file: 'resource_alicloud_express_connect_physical_connection.go',
  functions: {
    create: 'resourceAliCloudExpressConnectPhysicalConnectionCreate',
    read: 'resourceAliCloudExpressConnectPhysicalConnectionRead',
    update: 'resourceAliCloudExpressConnectPhysicalConnectionUpdate',
    delete: 'resourceAliCloudExpressConnectPhysicalConnectionDelete',
  },
  timeouts: { create: 2 * MINUTE },
  schema: {
    access_point_id: { type: 'string', required: true, forceNew: true },
    line_operator: { type: 'string', required: true },
    type: { type: 'string', optional: true, computed: true, forceNew: true },
    port_type: {
      type: 'string',
      optional: true,
      forceNew: true,
      validate: oneOf('1000Base-LX', '1000Base-T', '100Base-T', '10GBase-LR', '10GBase-T', '40GBase-LR', '100GBase-LR'),
    },
    bandwidth: { type: 'string', optional: true, computed: true },
    circuit_code: { type: 'string', optional: true },
    peer_location: { type: 'string', optional: true, computed: true },
    redundant_physical_connection_id: { type: 'string', optional: true, forceNew: true },
    physical_connection_name: { type: 'string', optional: true },
    description: { type: 'string', optional: true },
    status: { type: 'string', optional: true, computed: true, validate: oneOf('Confirmed', 'Enabled', 'Canceled', 'Terminated') },
    period: { type: 'int', optional: true },
    pricing_cycle: { type: 'string', optional: true },
    order_id: { type: 'string', computed: true },
  },

  async create(d, c) {
    const request: Record<string, string | number | boolean> = {
      RegionId: c.regionId,
      ClientToken: buildClientToken('CreatePhysicalConnection'),
      AccessPointId: d.getString('access_point_id'),
      LineOperator: d.getString('line_operator'),
    };
    const optional: [string, string][] = [
      ['type', 'Type'],
      ['port_type', 'PortType'],
      ['bandwidth', 'bandwidth'],
      ['circuit_code', 'CircuitCode'],
      ['peer_location', 'PeerLocation'],
      ['redundant_physical_connection_id', 'RedundantPhysicalConnectionId'],
      ['physical_connection_name', 'Name'],
      ['description', 'Description'],
    ];
    for (const [attr, wire] of optional) {
      const [v, ok] = d.getOk(attr);
      if (ok) request[wire] = v as string;
    }
    const response = await callWithRetry(timeout(this, 'create'), incrementalWait(3 * SECOND, 3 * SECOND), () =>
      c.rpcPost('CreatePhysicalConnection', null, request, true),
    );
    d.setId(goSprint(response.PhysicalConnectionId));
    await buildStateConf([], ['Allocated'], timeout(this, 'create'), 1 * SECOND, refresh(c, d.id(), ['Allocation Failed'])).wait();
    await this.update!(d, c);
  },

  async read(d, c) {
    const object = await describeOrGone(d, () => describePhysicalConnection(c, d.id()));
    if (!object) return;
    d.set('access_point_id', object.AccessPointId);
    d.set('line_operator', object.LineOperator);
    d.set('type', object.Type);
    d.set('port_type', object.PortType);
    d.set('bandwidth', goSprint(formatInt(object.Bandwidth)));
    d.set('circuit_code', object.CircuitCode);
    d.set('peer_location', object.PeerLocation);
    d.set('redundant_physical_connection_id', object.RedundantPhysicalConnectionId);
    d.set('physical_connection_name', object.Name);
    d.set('description', object.Description);
    d.set('status', object.Status);
  },

  async update(d, c) {
    const isNew = d.isNewResource();
    let update = false;
    const request: Record<string, string | number | boolean> = {
      RegionId: c.regionId,
      ClientToken: buildClientToken('ModifyPhysicalConnectionAttribute'),
      PhysicalConnectionId: d.id(),
    };
    if (!isNew && d.hasChange('line_operator')) update = true;
    request.LineOperator = d.getString('line_operator');
    const changed: [string, string][] = [
      ['bandwidth', 'bandwidth'],
      ['circuit_code', 'CircuitCode'],
      ['peer_location', 'PeerLocation'],
      ['physical_connection_name', 'Name'],
      ['description', 'Description'],
    ];
    for (const [attr, wire] of changed) {
      if (!isNew && d.hasChange(attr)) {
        update = true;
        const [v, ok] = d.getOk(attr);
        if (ok) request[wire] = v as string;
      }
    }
    if (update) {
      await callWithRetry(timeout(this, 'update'), incrementalWait(3 * SECOND, 3 * SECOND), () =>
        c.rpcPost('ModifyPhysicalConnectionAttribute', null, request, true),
      );
    }
    if (d.hasChange('status')) {
      const object = await describePhysicalConnection(c, d.id());
      const target = d.getString('status');
      if (typeof object.Status !== 'string') throw new ProviderError('provider panic: interface conversion: Status is not a string');
      if (object.Status !== target) {
        if (target === 'Confirmed') await modifyStatus(d, c, 'Confirmed');
        if (target === 'Enabled') {
          if (object.Status !== 'Confirmed') await modifyStatus(d, c, 'Confirmed');
          await modifyStatus(d, c, 'Enabled');
        }
        if (target === 'Canceled') await modifyStatus(d, c, 'Canceled');
        if (target === 'Terminated') await modifyStatus(d, c, 'Terminated');
      }
    }
    await this.read(d, c);
  },

  async delete(d, c) {
    const request = { RegionId: c.regionId, ClientToken: buildClientToken('DeletePhysicalConnection'), PhysicalConnectionId: d.id() };
    try {
      await callWithRetry(timeout(this, 'delete'), incrementalWait(3 * SECOND, 3 * SECOND), () =>
        c.rpcPost('DeletePhysicalConnection', null, request, true),
      );
    } catch (e) {
      if (notFoundError(e)) return;
      throw e;
    }
  },
};
