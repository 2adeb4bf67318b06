// alicloud_vpc_vbr_ha: resource_alicloud_vpc_vbr_ha.go with ExpressConnectServiceV2.DescribeExpressConnectVbrHa
// and its refresh function.
import type { GoValue } from '../go-wire.js';
import type { RpcClient } from '../rpc-client.js';
import {
  buildClientToken,
  buildStateConf,
  callWithRetry,
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
import { describeOrGone, refreshNilOnNotFound, type JsonObject } from './common.js';

type Request = Record<string, GoValue>;

/** DescribeVbrHa by VbrHaId, with a ClientToken made anew after every try; the whole answer is the object, and no VbrHaId means not found. */
export async function describeVbrHa(c: RpcClient, id: string): Promise<JsonObject> {
  const action = 'DescribeVbrHa';
  const request: Request = { VbrHaId: id, RegionId: c.regionId, ClientToken: buildClientToken(action) };
  const response = await callWithRetry(1 * MINUTE, incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost(action, {}, request, true), {
    after: () => (request.ClientToken = buildClientToken(action)),
  });
  const object = jsonpathGet('$', response);
  if (object === null || typeof object !== 'object') throw new ProviderError('provider panic: interface conversion: $ is not a map');
  const o = object as JsonObject;
  if (!('VbrHaId' in o) || goSprint(o.VbrHaId) === '') throw new ProviderNotFound('VbrHa', id);
  return o;
}

export const vbrHa: ResourceDef = {
  type: 'alicloud_vpc_vbr_ha',
  file: 'resource_alicloud_vpc_vbr_ha.go',
  functions: {
    create: 'resourceAliCloudExpressConnectVbrHaCreate',
    read: 'resourceAliCloudExpressConnectVbrHaRead',
    update: 'resourceAliCloudExpressConnectVbrHaUpdate',
    delete: 'resourceAliCloudExpressConnectVbrHaDelete',
  },
  timeouts: { create: 8 * MINUTE, update: 5 * MINUTE, delete: 8 * MINUTE },
  schema: {
    create_time: { type: 'string', computed: true },
    description: { type: 'string', optional: true, forceNew: true },
    dry_run: { type: 'bool', optional: true },
    vbr_ha_name: { type: 'string', optional: true, forceNew: true },
    peer_vbr_id: { type: 'string', required: true, forceNew: true },
    region_id: { type: 'string', computed: true },
    status: { type: 'string', computed: true },
    vbr_id: { type: 'string', required: true, forceNew: true },
  },

  async create(d, c) {
    const action = 'CreateVbrHa';
    const request: Request = { RegionId: c.regionId, ClientToken: buildClientToken(action) };
    const [desc, hasDesc] = d.getOk('description');
    if (hasDesc) request.Description = desc as string;
    request.PeerVbrId = d.getString('peer_vbr_id');
    const [dryRun, hasDryRun] = d.getOkExists('dry_run');
    if (hasDryRun) request.DryRun = dryRun as boolean;
    request.VbrId = d.getString('vbr_id');
    const [name, hasName] = d.getOk('vbr_ha_name');
    if (hasName) request.Name = name as string;
    const response = await callWithRetry(timeout(this, 'create'), incrementalWait(3 * SECOND, 5 * SECOND), () =>
      c.rpcPost(action, {}, request, true),
    );
    d.setId(goSprint(response.VbrHaId));
    await buildStateConf(
      [],
      ['Active'],
      timeout(this, 'create'),
      5 * SECOND,
      refreshNilOnNotFound(() => describeVbrHa(c, d.id()), 'Status'),
    ).wait();
    await this.read(d, c);
  },

  async read(d, c) {
    const o = await describeOrGone(d, () => describeVbrHa(c, d.id()));
    if (!o) return;
    d.set('create_time', o.CreationTime);
    d.set('description', o.Description);
    d.set('vbr_ha_name', o.Name);
    d.set('peer_vbr_id', o.PeerVbrId);
    d.set('vbr_id', o.VbrId);
    d.set('region_id', o.RegionId);
    d.set('status', o.Status);
  },

  async update() {
    // The provider's Update only logs: dry_run is the one argument that is not ForceNew.
  },

  async delete(d, c) {
    const action = 'DeleteVbrHa';
    const request: Request = { InstanceId: d.id(), RegionId: c.regionId, ClientToken: buildClientToken(action) };
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
      refreshNilOnNotFound(() => describeVbrHa(c, d.id()), 'Status'),
    ).wait();
  },
};
