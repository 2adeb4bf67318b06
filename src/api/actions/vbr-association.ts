// Further circuits of a VBR: associate and unassociate (each with its own VLAN sub-interface).
import { findOwnCircuit } from './circuit-lookups.js';
import { apiError } from '../../errors/catalogue.js';
import { checkText, given, isValidCircuitCode } from '../../domain/express-connect-text.js';
import { newId } from '../../domain/ids.js';
import type { VbrAssociation, VbrRouteEntryData } from '../../domain/model.js';
import type { CircuitData } from '../../domain/physical-connection.js';
import { checkDistinctGateways, checkIpv4Peering, checkIpv6Peering, isValidVlan, MAX_CIRCUITS_PER_VBR } from '../../domain/vbr.js';
import { writeAction, type ActionDef } from '../action.js';
import { REGION_MESSAGE, requireServiceOpen } from './express-connect-shared.js';
import {
  allCircuitIds,
  checkVlanFree,
  CIRCUIT_CODE_MESSAGE,
  CIRCUIT_NOT_FOUND,
  forbidPeeringByCaller,
  requireGiven,
  requireIpv6Region,
  vbrLocks,
  vbrResourceArn,
  vbrsUsing,
  visibleVbr,
} from './vbr-shared.js';
import { lockKeys } from '../../domain/lock-keys.js';
import { peeringParams } from './param-groups.js';

const associatePhysicalConnectionToVirtualBorderRouter = writeAction({
  name: 'AssociatePhysicalConnectionToVirtualBorderRouter',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    VbrId: { type: 'string', required: true },
    PhysicalConnectionId: { type: 'string', required: true },
    VlanId: { type: 'string', required: true },
    CircuitCode: { type: 'string' },
    ...peeringParams,
    EnableIpv6: { type: 'string' },
    ClientToken: { type: 'string' },
  },
  resource: (ctx, p) => vbrResourceArn(ctx, p.VbrId),
  locks: async (ctx, p) => [...(await vbrLocks(ctx, p.VbrId)), lockKeys.circuit(p.PhysicalConnectionId)],
  async run(ctx, p) {
    const vis = await visibleVbr(ctx, p.VbrId);
    const v = vis.vbr;
    const circuit = await findOwnCircuit(ctx, p.PhysicalConnectionId);
    if (!circuit) throw apiError('InvalidPhysicalConnectionId.NotFound', undefined, CIRCUIT_NOT_FOUND);
    await requireServiceOpen(ctx);
    if (v.status !== 'active') throw apiError('InvalidStatus.NotAllowed');
    if (circuit.status !== 'Enabled') throw apiError('InvalidPhysicalConnectionId.NotEnabled');
    if (circuit.data.ProductType !== 'PhysicalConnection') throw apiError('PHYSICAL_NOT_ALLOW_ASSOCIATE_VBR');
    if (allCircuitIds(v).includes(circuit.id))
      throw apiError('InvalidParams.AlreadyExists', undefined, { message: 'physical connection has already associated with vbr.' });
    if (allCircuitIds(v).length >= MAX_CIRCUITS_PER_VBR) throw apiError('EXCEED_ASSOCIATE_MAX_NUM');
    const primary = await ctx.db.get<CircuitData>('PhysicalConnection', v.data.PhysicalConnectionId);
    if (primary && primary.data.accessDeviceId !== circuit.data.accessDeviceId) throw apiError('Forbidden.NotSameAccessDevice');

    if (!/^\d+$/.test(p.VlanId) || !isValidVlan(Number(p.VlanId))) throw apiError('InvalidVlanId.Malformed');
    const vlan = Number(p.VlanId);
    if (given(p.EnableIpv6) && p.EnableIpv6 !== 'true' && p.EnableIpv6 !== 'false') throw apiError('InvalidParameter', 'EnableIpv6');
    checkText(p.CircuitCode, isValidCircuitCode, 'InvalidCircuitCode.Malformed', CIRCUIT_CODE_MESSAGE);
    if (!vis.owner) forbidPeeringByCaller(p);
    await checkVlanFree(ctx.db, circuit, vlan);
    if ((await vbrsUsing(ctx.db, circuit)).length >= ctx.services.seed.quotas.vbrsPerPhysicalConnection)
      throw apiError('QuotaExceeded.vbrPerpConn');

    let a: VbrAssociation = {
      PhysicalConnectionId: circuit.id,
      VlanId: vlan,
      VlanInterfaceId: newId('ri', ctx.now),
      CircuitCode: p.CircuitCode ?? '',
      LocalGatewayIp: '',
      PeerGatewayIp: '',
      PeeringSubnetMask: '',
      EnableIpv6: false,
      LocalIpv6GatewayIp: '',
      PeerIpv6GatewayIp: '',
      PeeringIpv6SubnetMask: '',
    };
    if (vis.owner) {
      requireGiven(p, ['LocalGatewayIp', 'PeerGatewayIp', 'PeeringSubnetMask']);
      a = { ...a, LocalGatewayIp: p.LocalGatewayIp!, PeerGatewayIp: p.PeerGatewayIp!, PeeringSubnetMask: p.PeeringSubnetMask! };
      checkIpv4Peering(a);
      if (p.EnableIpv6 === 'true') {
        requireIpv6Region(ctx);
        requireGiven(p, ['LocalIpv6GatewayIp', 'PeerIpv6GatewayIp']);
        a = {
          ...a,
          EnableIpv6: true,
          ...checkIpv6Peering({
            LocalIpv6GatewayIp: p.LocalIpv6GatewayIp!,
            PeerIpv6GatewayIp: p.PeerIpv6GatewayIp!,
            PeeringIpv6SubnetMask: p.PeeringIpv6SubnetMask ?? '',
          }),
        };
      }
      checkDistinctGateways(v.data, a, circuit.id);
    }
    await ctx.db.update({ ...v, data: { ...v.data, associations: [...v.data.associations, a] } });
    return {};
  },
});

const unassociatePhysicalConnectionFromVirtualBorderRouter = writeAction({
  name: 'UnassociatePhysicalConnectionFromVirtualBorderRouter',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    VbrId: { type: 'string', required: true },
    PhysicalConnectionId: { type: 'string', required: true },
    ClientToken: { type: 'string' },
  },
  resource: (ctx, p) => vbrResourceArn(ctx, p.VbrId),
  locks: async (ctx, p) => [...(await vbrLocks(ctx, p.VbrId)), lockKeys.circuit(p.PhysicalConnectionId)],
  async run(ctx, p) {
    const { vbr: v } = await visibleVbr(ctx, p.VbrId);
    if (p.PhysicalConnectionId === v.data.PhysicalConnectionId) throw apiError('PHYSICAL_NOT_ALLOW_ASSOCIATE_VBR');
    if (!v.data.associations.some((a) => a.PhysicalConnectionId === p.PhysicalConnectionId))
      throw apiError('PHYSICAL_NOT_ASSOCIATE_TO_VBR');
    if (v.status !== 'active') throw apiError('InvalidStatus.NotAllowed');
    // A custom route of the VBR's table leaving by this circuit's interface holds it.
    const leaving = v.data.associations.find((a) => a.PhysicalConnectionId === p.PhysicalConnectionId)!.VlanInterfaceId;
    const routes = await ctx.db.list<VbrRouteEntryData>({ kind: 'VbrRouteEntry', vbrId: v.id });
    if (routes.items.some((r) => r.data.NextHopId === leaving)) throw apiError('ROUTER_INTERFACE_REFERED_BY_ROUTEENTRY');
    const associations = v.data.associations.filter((a) => a.PhysicalConnectionId !== p.PhysicalConnectionId);
    await ctx.db.update({ ...v, data: { ...v.data, associations } });
    return {};
  },
});

export const vbrAssociationActions: ActionDef[] = [
  associatePhysicalConnectionToVirtualBorderRouter,
  unassociatePhysicalConnectionFromVirtualBorderRouter,
];
