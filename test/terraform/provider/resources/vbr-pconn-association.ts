// alicloud_express_connect_vbr_pconn_association: resource_alicloud_express_connect_vbr_pconn_association.go
// with ExpressConnectServiceV2.DescribeExpressConnectVbrPconnAssociation and its refresh function.
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
import { timeout, type ResourceDef } from '../terraform.js';
import { describeOrGone, refreshNilOnNotFound, type JsonObject } from './common.js';

type Request = Record<string, GoValue>;

/** Every association row of the VBR (its own circuit's included), the one of the id's circuit, or not found. */
export async function describeVbrPconnAssociation(c: RpcClient, id: string): Promise<JsonObject> {
  const parts = id.split(':');
  if (parts.length !== 2) throw new ProviderError(`invalid Resource Id ${id}. Expected parts' length 2, got ${parts.length}`);
  const request: Request = { Filter: [{ Value: [parts[0]], Key: 'VbrId' }], RegionId: c.regionId, IncludeCrossAccountVbr: true };
  const response = await callWithRetry(1 * MINUTE, incrementalWait(3 * SECOND, 5 * SECOND), () =>
    c.rpcPost('DescribeVirtualBorderRouters', {}, request, true),
  );
  const rows = jsonpathGet(
    '$.VirtualBorderRouterSet.VirtualBorderRouterType[*].AssociatedPhysicalConnections.AssociatedPhysicalConnection[*]',
    response,
  ) as JsonObject[];
  if (rows.length === 0) throw new ProviderNotFound('VbrPconnAssociation', id);
  const row = rows.find((r) => goSprint(r.PhysicalConnectionId) === parts[1]);
  if (!row) throw new ProviderNotFound('VbrPconnAssociation', id);
  return row;
}

export const vbrPconnAssociation: ResourceDef = {
  type: 'alicloud_express_connect_vbr_pconn_association',
  file: 'resource_alicloud_express_connect_vbr_pconn_association.go',
  functions: {
    create: 'resourceAliCloudExpressConnectVbrPconnAssociationCreate',
    read: 'resourceAliCloudExpressConnectVbrPconnAssociationRead',
    delete: 'resourceAliCloudExpressConnectVbrPconnAssociationDelete',
  },
  timeouts: { create: 5 * MINUTE, delete: 5 * MINUTE },
  schema: {
    circuit_code: { type: 'string', computed: true },
    enable_ipv6: { type: 'bool', optional: true, computed: true, forceNew: true },
    local_gateway_ip: { type: 'string', optional: true, forceNew: true },
    local_ipv6_gateway_ip: { type: 'string', optional: true, forceNew: true },
    peer_gateway_ip: { type: 'string', optional: true, forceNew: true },
    peer_ipv6_gateway_ip: { type: 'string', optional: true, forceNew: true },
    peering_ipv6_subnet_mask: { type: 'string', optional: true, forceNew: true },
    peering_subnet_mask: { type: 'string', optional: true, forceNew: true },
    physical_connection_id: { type: 'string', required: true, forceNew: true },
    status: { type: 'string', computed: true },
    vbr_id: { type: 'string', required: true, forceNew: true },
    vlan_id: { type: 'int', required: true, forceNew: true },
  },

  async create(d, c) {
    const action = 'AssociatePhysicalConnectionToVirtualBorderRouter';
    const request: Request = {};
    const ifSet = (attr: string, wire: string) => {
      const [v, ok] = d.getOk(attr);
      if (ok) request[wire] = v as string;
    };
    ifSet('physical_connection_id', 'PhysicalConnectionId');
    ifSet('vbr_id', 'VbrId');
    request.RegionId = c.regionId;
    request.ClientToken = buildClientToken(action);
    request.VlanId = d.get('vlan_id') as number;
    ifSet('peering_ipv6_subnet_mask', 'PeeringIpv6SubnetMask');
    ifSet('local_ipv6_gateway_ip', 'LocalIpv6GatewayIp');
    ifSet('local_gateway_ip', 'LocalGatewayIp');
    const [ipv6, hasIpv6] = d.getOkExists('enable_ipv6');
    if (hasIpv6) request.EnableIpv6 = ipv6 as boolean;
    ifSet('peer_ipv6_gateway_ip', 'PeerIpv6GatewayIp');
    ifSet('peering_subnet_mask', 'PeeringSubnetMask');
    ifSet('peer_gateway_ip', 'PeerGatewayIp');
    await callWithRetry(timeout(this, 'create'), incrementalWait(3 * SECOND, 5 * SECOND), () => c.rpcPost(action, {}, request, true));
    d.setId(`${goSprint(request.VbrId)}:${goSprint(request.PhysicalConnectionId)}`);
    await buildStateConf(
      [],
      ['Associated'],
      timeout(this, 'create'),
      5 * SECOND,
      refreshNilOnNotFound(() => describeVbrPconnAssociation(c, d.id()), 'Status'),
    ).wait();
    await this.read(d, c);
  },

  async read(d, c) {
    const o = await describeOrGone(d, () => describeVbrPconnAssociation(c, d.id()));
    if (!o) return;
    d.set('circuit_code', o.CircuitCode);
    d.set('enable_ipv6', o.EnableIpv6);
    d.set('local_gateway_ip', o.LocalGatewayIp);
    d.set('local_ipv6_gateway_ip', o.LocalIpv6GatewayIp);
    d.set('peer_gateway_ip', o.PeerGatewayIp);
    d.set('peer_ipv6_gateway_ip', o.PeerIpv6GatewayIp);
    d.set('peering_ipv6_subnet_mask', o.PeeringIpv6SubnetMask);
    d.set('peering_subnet_mask', o.PeeringSubnetMask);
    d.set('status', o.Status);
    d.set('vlan_id', formatInt(o.VlanId));
    d.set('physical_connection_id', o.PhysicalConnectionId);
    d.set('vbr_id', d.id().split(':')[0]);
  },

  async delete(d, c) {
    const [vbrId, pcId] = d.id().split(':');
    const action = 'UnassociatePhysicalConnectionFromVirtualBorderRouter';
    const request: Request = { PhysicalConnectionId: pcId, VbrId: vbrId, RegionId: c.regionId, ClientToken: buildClientToken(action) };
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
      refreshNilOnNotFound(() => describeVbrPconnAssociation(c, d.id()), 'Status'),
    ).wait();
  },
};
