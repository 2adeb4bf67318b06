// Virtual border routers: create, describe and modify. Delete/terminate/recover are in vbr-lifecycle.ts,
// further circuits in vbr-association.ts, shared lookups in vbr-shared.ts.
import { findOwnCircuit } from './circuit-lookups.js';
import { apiError } from '../../errors/catalogue.js';
import { checkPaging, pageOf } from '../../domain/paging.js';
import {
  checkText,
  given,
  isValidCircuitCode,
  isValidDescription,
  isValidName,
  matchesFilters,
  matchesTagsAndGroup,
  parseFilters,
} from '../../domain/express-connect-text.js';
import { checkTags } from '../../domain/tags.js';
import { newId } from '../../domain/ids.js';
import type { VbrAssociation, VbrData } from '../../domain/model.js';
import { PORT_SPEED_MBPS, type CircuitData, type CircuitRecord } from '../../domain/physical-connection.js';
import {
  checkBfd,
  checkDistinctGateways,
  checkIpv4Peering,
  checkIpv6Peering,
  DEFAULTS,
  isValidVlan,
  VBR_BANDWIDTHS,
} from '../../domain/vbr.js';
import type { StoreReader } from '../../store/store.js';
import { readAction, writeAction, type ActionDef, type Body, type WriteContext } from '../action.js';
import {
  isKnownAccount,
  REGION_MESSAGE,
  requireServiceOpen,
  resourceGroupFor,
  timeOrEmpty,
  withResourceGroup,
} from './express-connect-shared.js';
import {
  allCircuitIds,
  checkVlanFree,
  CIRCUIT_CODE_MESSAGE,
  CIRCUIT_NOT_FOUND,
  DESCRIPTION_MESSAGE,
  forbidPeeringByCaller,
  requireGiven,
  requireIpv6Region,
  vbrLocks,
  vbrResourceArn,
  vbrsUsing,
  visibleVbr,
  type VbrRecord,
  type Visible,
} from './vbr-shared.js';
import { lockKeys } from '../../domain/lock-keys.js';
import { filterParams, pagingParams, peeringParams, tagAndGroupParams, tagsParam } from './param-groups.js';

// ---------------------------------------------------------------- create

const createVirtualBorderRouter = writeAction({
  name: 'CreateVirtualBorderRouter',
  product: 'vpc',
  regionNotFoundMessage: 'The specified RegionId is not found.',
  params: {
    RegionId: { type: 'string', required: true },
    PhysicalConnectionId: { type: 'string', required: true },
    VlanId: { type: 'integer', required: true },
    VbrOwnerId: { type: 'long' },
    CircuitCode: { type: 'string' },
    ...peeringParams,
    Bandwidth: { type: 'long' },
    Name: { type: 'string' },
    Description: { type: 'string' },
    ...tagAndGroupParams(20),
    // Terraform sends the create's tags as Tag.N (Alibaba documents Tags.N): both are taken, with the same cap.
    Tag: tagsParam(20),
    ClientToken: { type: 'string' },
  },
  resource: (ctx) => vbrResourceArn(ctx),
  locks: (_ctx, p) => [lockKeys.circuit(p.PhysicalConnectionId)],
  async run(ctx, p) {
    const circuit = await findOwnCircuit(ctx, p.PhysicalConnectionId);
    if (!circuit) throw apiError('InvalidPhysicalConnectionId.NotFound', undefined, CIRCUIT_NOT_FOUND);
    await requireServiceOpen(ctx);
    if (circuit.status !== 'Enabled') throw apiError('InvalidPhysicalConnectionId.NotEnabled');
    const hosted = circuit.data.ProductType === 'VirtualPhysicalConnection';

    const owner = p.VbrOwnerId !== undefined ? String(p.VbrOwnerId) : ctx.accountId;
    const cross = owner !== ctx.accountId;
    if (cross && !isKnownAccount(ctx, owner)) throw apiError('InvalidVbrOwnerId.NotFound');
    if (cross && hosted)
      throw apiError('OperationDenied.VPconn', undefined, { message: 'Vpconn is forbidden to create vbr for another account.' });
    // A VBR built for another account is configured by its owner: the circuit owner only sets VLAN and circuit code.
    if (cross) {
      forbidPeeringByCaller(p);
      if (given(p.Name)) throw apiError('Forbidden.NameNotAllowedByCaller');
      if (given(p.Description)) throw apiError('Forbidden.DescriptionNotAllowedByCaller');
    }

    if (!isValidVlan(p.VlanId)) throw apiError('InvalidVlanId.Malformed');
    checkText(p.CircuitCode, isValidCircuitCode, 'InvalidCircuitCode.Malformed', CIRCUIT_CODE_MESSAGE);
    checkText(p.Name, isValidName, 'InvalidName.Malformed');
    checkText(p.Description, isValidDescription, 'InvalidDescription.Malformed', DESCRIPTION_MESSAGE);
    const tags = p.Tag && p.Tags ? checkTags([...p.Tags, ...p.Tag], 'Tag') : checkTags(p.Tags ?? p.Tag, p.Tags ? 'Tags' : 'Tag');
    const resourceGroupId = resourceGroupFor(ctx, p.ResourceGroupId, owner, 'InvalidResourceGroupId');

    let v4 = { LocalGatewayIp: '', PeerGatewayIp: '', PeeringSubnetMask: '' };
    if (!cross) {
      requireGiven(p, ['LocalGatewayIp', 'PeerGatewayIp', 'PeeringSubnetMask']);
      v4 = { LocalGatewayIp: p.LocalGatewayIp!, PeerGatewayIp: p.PeerGatewayIp!, PeeringSubnetMask: p.PeeringSubnetMask! };
      checkIpv4Peering(v4);
    }
    let v6 = { LocalIpv6GatewayIp: '', PeerIpv6GatewayIp: '', PeeringIpv6SubnetMask: '' };
    if (p.EnableIpv6) {
      requireIpv6Region(ctx);
      if (!cross) {
        requireGiven(p, ['LocalIpv6GatewayIp', 'PeerIpv6GatewayIp']);
        v6 = checkIpv6Peering({
          LocalIpv6GatewayIp: p.LocalIpv6GatewayIp!,
          PeerIpv6GatewayIp: p.PeerIpv6GatewayIp!,
          PeeringIpv6SubnetMask: p.PeeringIpv6SubnetMask ?? '',
        });
      }
    }

    const bandwidth = checkBandwidth(circuit, p.Bandwidth);
    if (hosted) {
      // A hosted connection is one VLAN sold to the tenant: one VBR, on exactly that VLAN.
      if (p.VlanId !== Number(circuit.data.VlanId)) throw apiError('InvalidVlanId.Malformed');
      if ((await vbrsUsing(ctx.db, circuit)).length > 0) throw apiError('OperationFailed.VirtualPhysicalConnectionExistVBR');
    } else {
      await checkVlanFree(ctx.db, circuit, p.VlanId);
      if ((await vbrsUsing(ctx.db, circuit)).length >= ctx.services.seed.quotas.vbrsPerPhysicalConnection)
        throw apiError('QuotaExceeded.vbrPerpConn');
    }

    const id = newId('vbr', ctx.now);
    const active = !cross;
    const data: VbrData = {
      Name: p.Name ?? '',
      Description: p.Description ?? '',
      PhysicalConnectionId: circuit.id,
      PhysicalConnectionOwnerUid: ctx.accountId,
      AccessPointId: circuit.data.AccessPointId,
      VlanId: p.VlanId,
      VlanInterfaceId: newId('ri', ctx.now),
      CircuitCode: p.CircuitCode ?? '',
      Bandwidth: bandwidth,
      ...v4,
      EnableIpv6: p.EnableIpv6 === true,
      ...v6,
      ...DEFAULTS,
      SitelinkEnable: false,
      RouteTableId: newId('vtb', ctx.now),
      ResourceGroupId: resourceGroupId,
      Tags: tags,
      CreationTime: ctx.now,
      ActivationTime: active ? ctx.now : null,
      TerminationTime: null,
      RecoveryTime: null,
      associations: [],
    };
    await ctx.db.insert({
      id,
      kind: 'VirtualBorderRouter',
      accountId: owner,
      regionId: circuit.regionId,
      parentId: circuit.id,
      vbrId: id,
      status: active ? 'active' : 'unconfirmed',
      dueAt: null,
      data,
    });
    return { VbrId: id };
  },
});

/** A dedicated circuit's VBR takes one of the sold bandwidths up to the port speed; a hosted one inherits the hosted bandwidth. */
function checkBandwidth(circuit: CircuitRecord, requested: number | undefined): number {
  if (circuit.data.ProductType === 'VirtualPhysicalConnection') {
    if (requested !== undefined && requested !== circuit.data.Bandwidth) throw apiError('OperationFailed.NotConsistentWithVpconn');
    return circuit.data.Bandwidth;
  }
  if (requested === undefined) return circuit.data.Bandwidth;
  if (!VBR_BANDWIDTHS.includes(requested)) throw apiError('IllegalParam.Bandwidth');
  if (requested > (PORT_SPEED_MBPS[circuit.data.PortType] ?? circuit.data.Bandwidth)) throw apiError('VbrBandwidthExceed');
  return requested;
}

// ---------------------------------------------------------------- describe

const FILTER_KEYS = ['PhysicalConnectionId', 'VbrId', 'Status', 'Name', 'AccessPointId', 'eccId', 'type'] as const;

async function circuitsById(db: StoreReader, ids: string[]): Promise<Map<string, CircuitRecord>> {
  const out = new Map<string, CircuitRecord>();
  for (const id of new Set(ids)) {
    const c = await db.get<CircuitData>('PhysicalConnection', id);
    if (c) out.set(id, c);
  }
  return out;
}

function circuitOwnerUid(c: CircuitRecord | undefined, fallback: string): string {
  return c?.accountId ?? fallback;
}

/**
 * One sub-interface row of AssociatedPhysicalConnections (the VBR's own circuit first). VlanId is a string
 * here. The own circuit's row shows the VBR's status, as the schema describes; a circuit attached with
 * AssociatePhysicalConnectionToVirtualBorderRouter shows `Associated`, which Terraform waits for.
 */
function renderSubInterface(v: VbrRecord, a: VbrAssociation, c: CircuitRecord | undefined): Body {
  return {
    PhysicalConnectionId: a.PhysicalConnectionId,
    PhysicalConnectionOwnerUid: circuitOwnerUid(c, v.data.PhysicalConnectionOwnerUid),
    PhysicalConnectionStatus: c?.status ?? '',
    PhysicalConnectionBusinessStatus: c?.data.BusinessStatus ?? '',
    Status: a.PhysicalConnectionId === v.data.PhysicalConnectionId ? v.status : 'Associated',
    VlanId: String(a.VlanId),
    VlanInterfaceId: a.VlanInterfaceId,
    CircuitCode: a.CircuitCode,
    LocalGatewayIp: a.LocalGatewayIp,
    PeerGatewayIp: a.PeerGatewayIp,
    PeeringSubnetMask: a.PeeringSubnetMask,
    EnableIpv6: a.EnableIpv6,
    LocalIpv6GatewayIp: a.LocalIpv6GatewayIp,
    PeerIpv6GatewayIp: a.PeerIpv6GatewayIp,
    PeeringIpv6SubnetMask: a.PeeringIpv6SubnetMask,
  };
}

function primaryAsAssociation(d: VbrData): VbrAssociation {
  return {
    PhysicalConnectionId: d.PhysicalConnectionId,
    VlanId: d.VlanId,
    VlanInterfaceId: d.VlanInterfaceId,
    CircuitCode: d.CircuitCode,
    LocalGatewayIp: d.LocalGatewayIp,
    PeerGatewayIp: d.PeerGatewayIp,
    PeeringSubnetMask: d.PeeringSubnetMask,
    EnableIpv6: d.EnableIpv6,
    LocalIpv6GatewayIp: d.LocalIpv6GatewayIp,
    PeerIpv6GatewayIp: d.PeerIpv6GatewayIp,
    PeeringIpv6SubnetMask: d.PeeringIpv6SubnetMask,
  };
}

/** One DescribeVirtualBorderRouters item: every field of the SDK model with its JSON type. */
export function renderVbr(v: VbrRecord, circuits: Map<string, CircuitRecord>): Body {
  const d = v.data;
  const primary = circuits.get(d.PhysicalConnectionId);
  return {
    VbrId: v.id,
    Name: d.Name,
    Description: d.Description,
    Status: v.status,
    Type: 'pconnVBR',
    CreationTime: timeOrEmpty(d.CreationTime),
    ActivationTime: timeOrEmpty(d.ActivationTime),
    TerminationTime: timeOrEmpty(d.TerminationTime),
    RecoveryTime: timeOrEmpty(d.RecoveryTime),
    PhysicalConnectionId: d.PhysicalConnectionId,
    PhysicalConnectionOwnerUid: d.PhysicalConnectionOwnerUid,
    PhysicalConnectionStatus: primary?.status ?? '',
    PhysicalConnectionBusinessStatus: primary?.data.BusinessStatus ?? '',
    AccessPointId: d.AccessPointId,
    VlanId: d.VlanId,
    VlanInterfaceId: d.VlanInterfaceId,
    CircuitCode: d.CircuitCode,
    Bandwidth: d.Bandwidth,
    LocalGatewayIp: d.LocalGatewayIp,
    PeerGatewayIp: d.PeerGatewayIp,
    PeeringSubnetMask: d.PeeringSubnetMask,
    EnableIpv6: d.EnableIpv6,
    LocalIpv6GatewayIp: d.LocalIpv6GatewayIp,
    PeerIpv6GatewayIp: d.PeerIpv6GatewayIp,
    PeeringIpv6SubnetMask: d.PeeringIpv6SubnetMask,
    MinTxInterval: d.MinTxInterval,
    MinRxInterval: d.MinRxInterval,
    DetectMultiplier: d.DetectMultiplier,
    Mtu: d.Mtu,
    RouteTableId: d.RouteTableId,
    EccId: '',
    CloudBoxInstanceId: '',
    EcrId: '',
    EcrOwnerId: '',
    EcrAttatchStatus: '',
    SitelinkEnable: d.SitelinkEnable,
    PConnVbrChargeType: 'PrePaid',
    PConnVbrExpireTime: '',
    ResourceGroupId: d.ResourceGroupId,
    AssociatedPhysicalConnections: {
      AssociatedPhysicalConnection: [primaryAsAssociation(d), ...d.associations].map((a) =>
        renderSubInterface(v, a, circuits.get(a.PhysicalConnectionId)),
      ),
    },
    AssociatedCens: { AssociatedCen: [] },
    Tags: { Tags: d.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) },
  };
}

const describeVirtualBorderRouters = readAction({
  name: 'DescribeVirtualBorderRouters',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    ...pagingParams,
    ...filterParams,
    IncludeCrossAccountVbr: { type: 'boolean' },
    ...tagAndGroupParams(20),
  },
  resource: (ctx) => vbrResourceArn(ctx),
  async run(ctx, p) {
    const paging = checkPaging(p.PageNumber, p.PageSize);
    const filters = parseFilters(p.Filter, FILTER_KEYS);
    const regionId = ctx.region!.regionId;
    // Clients that read one VBR (Terraform's refresh) filter by VbrId: read only those, not the account's all.
    const named = filters.get('VbrId');
    const vbrs = (
      await ctx.db.list<VbrData>({
        kind: 'VirtualBorderRouter',
        accountId: ctx.accountId,
        regionId,
        ids: named?.size ? [...named] : undefined,
      })
    ).items;
    if (p.IncludeCrossAccountVbr) {
      // VBRs this account built on its circuits for other accounts.
      const mine = (await ctx.db.list<CircuitData>({ kind: 'PhysicalConnection', accountId: ctx.accountId, regionId })).items;
      for (const c of mine) {
        for (const v of (await ctx.db.list<VbrData>({ kind: 'VirtualBorderRouter', parentId: c.id })).items) {
          if (v.accountId !== ctx.accountId) vbrs.push(v);
        }
      }
      vbrs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    }
    const matching = vbrs
      .map((v) => withResourceGroup(ctx, v))
      .filter(
        (v) =>
          matchesFilters(filters, (key) => {
            switch (key) {
              case 'PhysicalConnectionId':
                return allCircuitIds(v);
              case 'VbrId':
                return [v.id];
              case 'Status':
                return [v.status];
              case 'Name':
                return [v.data.Name];
              case 'AccessPointId':
                return [v.data.AccessPointId];
              case 'type':
                return ['pconnVBR'];
              default:
                return [];
            }
          }) && matchesTagsAndGroup(v.data, p),
      );
    const slice = pageOf(matching, paging);
    const circuits = await circuitsById(ctx.db, slice.flatMap(allCircuitIds));
    return {
      PageNumber: paging.page,
      PageSize: paging.size,
      TotalCount: matching.length,
      VirtualBorderRouterSet: { VirtualBorderRouterType: slice.map((v) => renderVbr(v, circuits)) },
    };
  },
});

const FOR_CIRCUIT_FILTER_KEYS = ['VbrId', 'Status', 'Name', 'VlanId', 'VbrOwnerUid', 'type', 'eccId'] as const;

const describeVirtualBorderRoutersForPhysicalConnection = readAction({
  name: 'DescribeVirtualBorderRoutersForPhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    PhysicalConnectionId: { type: 'string', required: true },
    ...pagingParams,
    ...filterParams,
  },
  resource: (ctx) => vbrResourceArn(ctx),
  async run(ctx, p) {
    const paging = checkPaging(p.PageNumber, p.PageSize);
    const filters = parseFilters(p.Filter, FOR_CIRCUIT_FILTER_KEYS);
    const circuit = await findOwnCircuit(ctx, p.PhysicalConnectionId);
    if (!circuit)
      throw apiError('InvalidPhysicalConnectionId.NotFound', undefined, {
        status: 400,
        message: 'The specified physicalConnection is not found.',
      });
    const vbrs = (await vbrsUsing(ctx.db, circuit)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rows = vbrs.map((v) => {
      const a =
        v.data.PhysicalConnectionId === circuit.id
          ? primaryAsAssociation(v.data)
          : v.data.associations.find((x) => x.PhysicalConnectionId === circuit.id)!;
      return { v, a };
    });
    const matching = rows.filter(({ v, a }) =>
      matchesFilters(filters, (key) => {
        switch (key) {
          case 'VbrId':
            return [v.id];
          case 'Status':
            return [v.status];
          case 'Name':
            return [v.data.Name];
          case 'VlanId':
            return [String(a.VlanId)];
          case 'VbrOwnerUid':
            return [v.accountId];
          case 'type':
            return ['pconnVBR'];
          default:
            return [];
        }
      }),
    );
    const slice = pageOf(matching, paging);
    const items = slice.map(({ v, a }) => ({
      VbrId: v.id,
      VbrName: v.data.Name,
      VbrOwnerUid: Number(v.accountId),
      Status: v.status,
      Type: 'pconnVBR',
      VlanId: a.VlanId,
      Bandwidth: String(v.data.Bandwidth),
      BandwidthStatus: 'Active',
      CircuitCode: a.CircuitCode,
      CreationTime: timeOrEmpty(v.data.CreationTime),
      ActivationTime: timeOrEmpty(v.data.ActivationTime),
      TerminationTime: timeOrEmpty(v.data.TerminationTime),
      RecoveryTime: timeOrEmpty(v.data.RecoveryTime),
      LocalGatewayIp: a.LocalGatewayIp,
      PeerGatewayIp: a.PeerGatewayIp,
      PeeringSubnetMask: a.PeeringSubnetMask,
      EnableIpv6: a.EnableIpv6,
      LocalIpv6GatewayIp: a.LocalIpv6GatewayIp,
      PeerIpv6GatewayIp: a.PeerIpv6GatewayIp,
      PeeringIpv6SubnetMask: a.PeeringIpv6SubnetMask,
      EccId: '',
      PConnVbrChargeType: 'PrePaid',
      PConnVbrExpireTime: '',
      PConnVbrBussinessStatus: 'Normal',
    }));
    return {
      PageNumber: paging.page,
      PageSize: paging.size,
      TotalCount: matching.length,
      VirtualBorderRouterForPhysicalConnectionSet: { VirtualBorderRouterForPhysicalConnectionType: items },
    };
  },
});

// ---------------------------------------------------------------- modify

interface SubInterfaceEdit {
  PhysicalConnectionId: string;
  VlanId?: number;
  CircuitCode?: string;
  LocalGatewayIp?: string;
  PeerGatewayIp?: string;
  PeeringSubnetMask?: string;
  EnableIpv6?: boolean;
  LocalIpv6GatewayIp?: string;
  PeerIpv6GatewayIp?: string;
  PeeringIpv6SubnetMask?: string;
}

/** The AssociatedPhysicalConnections JSON text; keys are trimmed (Alibaba's own example has stray spaces) and `ipv6Enable` is its IPv6 switch. */
function parseSubInterfaceEdits(text: string | undefined): SubInterfaceEdit[] {
  if (!given(text)) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw apiError('IllegalParam.AssociatedPhysicalConnections');
  }
  if (!Array.isArray(raw)) throw apiError('IllegalParam.AssociatedPhysicalConnections');
  return raw.map((item) => {
    if (!item || typeof item !== 'object') throw apiError('IllegalParam.AssociatedPhysicalConnections');
    const o = new Map(Object.entries(item as Record<string, unknown>).map(([k, v]) => [k.trim(), v]));
    const str = (k: string) => (o.get(k) === undefined || o.get(k) === null ? undefined : String(o.get(k)));
    const id = str('PhysicalConnectionId');
    if (!id) throw apiError('IllegalParam.AssociatedPhysicalConnections');
    const vlan = str('VlanId');
    const ipv6 = str('ipv6Enable') ?? str('EnableIpv6');
    if (vlan !== undefined && !/^\d+$/.test(vlan)) throw apiError('InvalidVlanId.Malformed');
    if (ipv6 !== undefined && ipv6 !== 'true' && ipv6 !== 'false') throw apiError('IllegalParam.AssociatedPhysicalConnections');
    return {
      PhysicalConnectionId: id,
      VlanId: vlan === undefined ? undefined : Number(vlan),
      CircuitCode: str('CircuitCode'),
      LocalGatewayIp: str('LocalGatewayIp'),
      PeerGatewayIp: str('PeerGatewayIp'),
      PeeringSubnetMask: str('PeeringSubnetMask'),
      EnableIpv6: ipv6 === undefined ? undefined : ipv6 === 'true',
      LocalIpv6GatewayIp: str('LocalIpv6GatewayIp'),
      PeerIpv6GatewayIp: str('PeerIpv6GatewayIp'),
      PeeringIpv6SubnetMask: str('PeeringIpv6SubnetMask'),
    };
  });
}

/** Apply one sub-interface edit with the caller's rights; only values that really change need those rights (Terraform resends everything). */
async function applySubInterfaceEdit(
  ctx: WriteContext,
  vis: Visible,
  cur: VbrAssociation,
  e: SubInterfaceEdit,
  opts: { forModify: boolean },
): Promise<VbrAssociation> {
  const next = { ...cur };
  const changed = <K extends keyof VbrAssociation>(k: K, v: VbrAssociation[K] | undefined) => v !== undefined && v !== '' && v !== cur[k];
  if (changed('VlanId', e.VlanId)) {
    if (!vis.circuitOwner) throw apiError('Forbidden.VlanIdNotAllowedByCaller');
    if (!isValidVlan(e.VlanId!)) throw apiError('InvalidVlanId.Malformed');
    const circuit = await ctx.db.get<CircuitData>('PhysicalConnection', cur.PhysicalConnectionId);
    if (circuit?.data.ProductType === 'VirtualPhysicalConnection') throw apiError('OperationDenied.VBRAssociateVPconn');
    if (circuit) await checkVlanFree(ctx.db, circuit, e.VlanId!, vis.vbr.id);
    next.VlanId = e.VlanId!;
  }
  if (changed('CircuitCode', e.CircuitCode)) {
    if (!vis.circuitOwner) throw apiError('Forbidden.CircuitCodeNotAllowedByCaller');
    checkText(e.CircuitCode, isValidCircuitCode, 'InvalidCircuitCode.Malformed', CIRCUIT_CODE_MESSAGE);
    next.CircuitCode = e.CircuitCode!;
  }
  const v4Fields = ['LocalGatewayIp', 'PeerGatewayIp', 'PeeringSubnetMask'] as const;
  if (v4Fields.some((k) => changed(k, e[k]))) {
    if (!vis.owner) {
      if (changed('LocalGatewayIp', e.LocalGatewayIp)) throw apiError('Forbidden.LocalGatewayIpNotAllowedByCaller');
      if (changed('PeerGatewayIp', e.PeerGatewayIp)) throw apiError('Forbidden.PeerGatewayIpNotAllowedByCaller');
      throw apiError('Forbidden.PeeringSubnetMaskNotAllowedByCaller');
    }
    for (const k of v4Fields) next[k] = given(e[k]) ? e[k]! : cur[k];
    if (v4Fields.some((k) => !next[k])) {
      throw apiError('MissingParameter', undefined, { message: 'LocalGatewayIp, peerGatewayIp and peeringSubnetMask must not be null.' });
    }
    checkIpv4Peering(next, opts.forModify ? 'InvalidIp.Malformed' : undefined);
  }
  const v6Fields = ['LocalIpv6GatewayIp', 'PeerIpv6GatewayIp', 'PeeringIpv6SubnetMask'] as const;
  const enable6 = e.EnableIpv6 ?? cur.EnableIpv6;
  if (enable6 !== cur.EnableIpv6 || (enable6 && v6Fields.some((k) => changed(k, e[k])))) {
    if (!vis.owner) throw apiError('Forbidden.OperationNotAllowed');
    if (enable6) {
      requireIpv6Region(ctx);
      const local = given(e.LocalIpv6GatewayIp) ? e.LocalIpv6GatewayIp : cur.LocalIpv6GatewayIp;
      const peer = given(e.PeerIpv6GatewayIp) ? e.PeerIpv6GatewayIp : cur.PeerIpv6GatewayIp;
      if (!local) throw apiError('MissingParameter', 'LocalIpv6GatewayIp');
      if (!peer) throw apiError('MissingParameter', 'PeerIpv6GatewayIp');
      const mask = given(e.PeeringIpv6SubnetMask) ? e.PeeringIpv6SubnetMask : given(e.LocalIpv6GatewayIp) ? '' : cur.PeeringIpv6SubnetMask;
      Object.assign(next, checkIpv6Peering({ LocalIpv6GatewayIp: local, PeerIpv6GatewayIp: peer, PeeringIpv6SubnetMask: mask }));
      next.EnableIpv6 = true;
    } else {
      Object.assign(next, { EnableIpv6: false, LocalIpv6GatewayIp: '', PeerIpv6GatewayIp: '', PeeringIpv6SubnetMask: '' });
    }
  }
  checkDistinctGateways(vis.vbr.data, next, cur.PhysicalConnectionId);
  return next;
}

/** The VBR's top-level fields hold its own circuit's sub-interface; write one back. */
function withPrimary(d: VbrData, a: VbrAssociation): VbrData {
  const { PhysicalConnectionId: _id, ...fields } = a;
  return { ...d, ...fields };
}

const MODIFIABLE = ['active', 'unconfirmed'];

const modifyVirtualBorderRouterAttribute = writeAction({
  name: 'ModifyVirtualBorderRouterAttribute',
  product: 'vpc',
  regionNotFoundMessage: 'The specified RegionId is not found.',
  params: {
    RegionId: { type: 'string', required: true },
    VbrId: { type: 'string', required: true },
    VlanId: { type: 'integer' },
    CircuitCode: { type: 'string' },
    ...peeringParams,
    Bandwidth: { type: 'integer' },
    Name: { type: 'string' },
    Description: { type: 'string' },
    DetectMultiplier: { type: 'long' },
    MinRxInterval: { type: 'long' },
    MinTxInterval: { type: 'long' },
    Mtu: { type: 'integer' },
    SitelinkEnable: { type: 'boolean' },
    AssociatedPhysicalConnections: { type: 'string' },
    ClientToken: { type: 'string' },
  },
  resource: (ctx, p) => vbrResourceArn(ctx, p.VbrId),
  locks: (ctx, p) => vbrLocks(ctx, p.VbrId),
  async run(ctx, p) {
    const vis = await visibleVbr(ctx, p.VbrId, { status: 400, message: 'The specified VirutalBorderRouter is not found.' });
    const v = vis.vbr;
    if (!MODIFIABLE.includes(v.status))
      throw apiError('IncorrectStatus.VirtualBorderRouter', `The status of VirtualBorderRouter [${v.id}] is ${v.status}.`);
    let d: VbrData = { ...v.data };

    if (given(p.Name) && p.Name !== d.Name) {
      if (!vis.owner) throw apiError('Forbidden.NameNotAllowedByCaller');
      checkText(p.Name, isValidName, 'InvalidName.Malformed');
      d.Name = p.Name;
    }
    if (given(p.Description) && p.Description !== d.Description) {
      if (!vis.owner) throw apiError('Forbidden.DescriptionNotAllowedByCaller');
      checkText(p.Description, isValidDescription, 'InvalidDescription.Malformed', DESCRIPTION_MESSAGE);
      d.Description = p.Description;
    }
    checkBfd(p);
    d = {
      ...d,
      MinTxInterval: p.MinTxInterval ?? d.MinTxInterval,
      MinRxInterval: p.MinRxInterval ?? d.MinRxInterval,
      DetectMultiplier: p.DetectMultiplier ?? d.DetectMultiplier,
    };
    if (p.Mtu !== undefined && p.Mtu !== 1500 && p.Mtu !== 8500) throw apiError('InvalidParameter', 'Mtu');
    d.Mtu = p.Mtu ?? d.Mtu;
    d.SitelinkEnable = p.SitelinkEnable ?? d.SitelinkEnable;
    if (p.Bandwidth !== undefined && p.Bandwidth !== d.Bandwidth) {
      const circuit = await ctx.db.get<CircuitData>('PhysicalConnection', d.PhysicalConnectionId);
      if (circuit) d.Bandwidth = checkBandwidth(circuit, p.Bandwidth);
    }

    // The top-level sub-interface fields edit the VBR's own circuit; AssociatedPhysicalConnections may edit any of its circuits.
    const own: SubInterfaceEdit = {
      PhysicalConnectionId: d.PhysicalConnectionId,
      VlanId: p.VlanId,
      CircuitCode: p.CircuitCode,
      LocalGatewayIp: p.LocalGatewayIp,
      PeerGatewayIp: p.PeerGatewayIp,
      PeeringSubnetMask: p.PeeringSubnetMask,
      EnableIpv6: p.EnableIpv6,
      LocalIpv6GatewayIp: p.LocalIpv6GatewayIp,
      PeerIpv6GatewayIp: p.PeerIpv6GatewayIp,
      PeeringIpv6SubnetMask: p.PeeringIpv6SubnetMask,
    };
    for (const edit of [own, ...parseSubInterfaceEdits(p.AssociatedPhysicalConnections)]) {
      const isPrimary = edit.PhysicalConnectionId === d.PhysicalConnectionId;
      const cur = isPrimary ? primaryAsAssociation(d) : d.associations.find((a) => a.PhysicalConnectionId === edit.PhysicalConnectionId);
      if (!cur) throw apiError('IllegalParam.AssociatedPhysicalConnections');
      const next = await applySubInterfaceEdit(ctx, { ...vis, vbr: { ...v, data: d } }, cur, edit, { forModify: true });
      d = isPrimary
        ? withPrimary(d, next)
        : { ...d, associations: d.associations.map((a) => (a.PhysicalConnectionId === next.PhysicalConnectionId ? next : a)) };
    }

    // A cross-account VBR becomes usable once its owner has configured its peering addresses.
    let status = v.status;
    if (status === 'unconfirmed' && d.LocalGatewayIp && d.PeerGatewayIp && d.PeeringSubnetMask) {
      status = 'active';
      d.ActivationTime = ctx.now;
    }
    await ctx.db.update({ ...v, status, data: d });
    return {};
  },
});

export const vbrActions: ActionDef[] = [
  createVirtualBorderRouter,
  describeVirtualBorderRouters,
  describeVirtualBorderRoutersForPhysicalConnection,
  modifyVirtualBorderRouterAttribute,
];
