// Hosted connections (VirtualPhysicalConnection): a partner sells one VLAN of its dedicated circuit to a tenant account.
import { apiError } from '../../errors/catalogue.js';
import { checkText, given, isValidDescription, isValidName, matchesTagsAndGroup } from '../../domain/express-connect-text.js';
import { checkTags } from '../../domain/tags.js';
import { newId } from '../../domain/ids.js';
import {
  MAX_VPCONNS_PER_CIRCUIT,
  PORT_SPEED_MBPS,
  VPCONN_SPEC_MBPS,
  type CircuitData,
  type CircuitRecord,
} from '../../domain/physical-connection.js';
import type { StoreReader } from '../../store/store.js';
import { readAction, writeAction, type ActionDef, type Body } from '../action.js';
import {
  associatedVbrs,
  circuitArn,
  circuitsOfAccount,
  findOwnCircuit,
  findSoldHosted,
  hostedOn,
  liveHosted,
  vbrsOnCircuit,
} from './circuit-lookups.js';
import { MAX_VLAN } from '../../domain/vbr.js';
import { isKnownAccount, REGION_MESSAGE, resourceGroupFor, timeOrEmpty, withResourceGroup } from './express-connect-shared.js';
import { lockKeys } from '../../domain/lock-keys.js';
import { tagAndGroupParams, tagsParam } from './param-groups.js';

const ORDER_MODES = ['PayByVirtualPhysicalConnectionOwner', 'PayByPhysicalConnectionOwner'];

/** VLANs of the live hosted connections a dedicated circuit carries. */
export async function hostedVlans(db: StoreReader, circuitId: string): Promise<number[]> {
  return liveHosted(await hostedOn(db, circuitId)).map((h) => Number(h.data.VlanId));
}

/** VLANs a dedicated circuit already carries: its VBRs (terminated ones keep theirs), associations and hosted connections. */
export async function vlansInUse(db: StoreReader, circuit: CircuitRecord): Promise<Set<number>> {
  const vlans = new Set<number>();
  for (const v of await vbrsOnCircuit(db, circuit.id)) vlans.add(v.data.VlanId);
  for (const v of await associatedVbrs(db, circuit.id)) {
    for (const a of v.data.associations) if (a.PhysicalConnectionId === circuit.id) vlans.add(a.VlanId);
  }
  for (const h of liveHosted(await hostedOn(db, circuit.id))) vlans.add(Number(h.data.VlanId));
  return vlans;
}

const createVirtualPhysicalConnection = writeAction({
  name: 'CreateVirtualPhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    PhysicalConnectionId: { type: 'string', required: true },
    OrderMode: { type: 'string', required: true },
    VlanId: { type: 'long', required: true },
    Spec: { type: 'string', required: true },
    VpconnAliUid: { type: 'long', required: true },
    Name: { type: 'string' },
    Description: { type: 'string' },
    ResourceGroupId: { type: 'string' },
    Tag: tagsParam(20),
    Token: { type: 'string' },
    DryRun: { type: 'boolean' },
  },
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  locks: (_ctx, p) => [lockKeys.circuit(p.PhysicalConnectionId)],
  run: async (ctx, p) => {
    if (!ORDER_MODES.includes(p.OrderMode)) throw apiError('IllegalParam.OrderMode');
    if (!(p.Spec in VPCONN_SPEC_MBPS)) throw apiError('IllegalParam.Spec');
    if (p.VlanId < 0 || p.VlanId > 2999) throw apiError('IllegalParam.VlanId');
    const tenant = String(p.VpconnAliUid);
    if (!isKnownAccount(ctx, tenant)) throw apiError('IllegalParam.VpconnAliUid');
    checkText(p.Name, isValidName, 'InvalidName.Malformed');
    checkText(p.Description, isValidDescription, 'InvalidDescription.Malformed');
    const tags = checkTags(p.Tag, 'Tag');
    // The partner files the hosted connection in one of its own groups (the one it lists it in).
    const resourceGroupId = resourceGroupFor(ctx, p.ResourceGroupId, ctx.accountId, 'IllegalParam.ResourceGroupId');
    const parent = await findOwnCircuit(ctx, p.PhysicalConnectionId);
    if (!parent) throw apiError('ResourceNotFound.PhysicalConnectionId', p.PhysicalConnectionId);
    if (parent.data.ProductType !== 'PhysicalConnection') throw apiError('OperationDenied.CreateVpconn');
    if (parent.status !== 'Enabled') throw apiError('InvalidPhysicalConnectionId.NotEnabled');
    const hosted = liveHosted(await hostedOn(ctx.db, parent.id));
    if (hosted.length >= MAX_VPCONNS_PER_CIRCUIT) throw apiError('QuotaExceeded.VPCONN');
    if ((await vlansInUse(ctx.db, parent)).has(p.VlanId)) throw apiError('VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION');
    const mbps = VPCONN_SPEC_MBPS[p.Spec];
    const sold = hosted.reduce((sum, h) => sum + h.data.Bandwidth, 0);
    if (sold + mbps > (PORT_SPEED_MBPS[parent.data.PortType] ?? parent.data.Bandwidth)) throw apiError('ResourceNotEnough.Bandwidth');
    if (p.DryRun) return {};
    const id = newId('pc', ctx.now);
    const pd = parent.data;
    const data: CircuitData = {
      AccessPointId: pd.AccessPointId,
      Type: 'VPC',
      ProductType: 'VirtualPhysicalConnection',
      LineOperator: pd.LineOperator,
      PortType: pd.PortType,
      OpticalModuleModel: '',
      Bandwidth: mbps,
      CircuitCode: pd.CircuitCode,
      PeerLocation: pd.PeerLocation,
      RedundantPhysicalConnectionId: '',
      Name: p.Name ?? '',
      Description: p.Description ?? '',
      ResourceGroupId: resourceGroupId,
      Tags: tags,
      CreationTime: ctx.now,
      EnabledTime: null,
      BusinessStatus: 'Normal',
      accessDeviceId: pd.accessDeviceId,
      portNumber: pd.portNumber,
      ParentPhysicalConnectionId: parent.id,
      VlanId: String(p.VlanId),
      VpconnStatus: 'UnConfirmed',
      OrderMode: p.OrderMode,
      Spec: p.Spec,
      parentAccountId: ctx.accountId,
    };
    // The hosted connection belongs to the tenant; the partner sees it through its circuit (parentId).
    await ctx.db.insert({
      id,
      kind: 'PhysicalConnection',
      accountId: tenant,
      regionId: parent.regionId,
      parentId: parent.id,
      vbrId: null,
      status: 'Confirmed',
      dueAt: null,
      data,
    });
    return { VirtualPhysicalConnection: id };
  },
});

function renderHosted(h: CircuitRecord): Body {
  const d = h.data;
  return {
    PhysicalConnectionId: h.id,
    AccessPointId: d.AccessPointId,
    Type: d.Type,
    ProductType: d.ProductType,
    Status: h.status,
    BusinessStatus: d.BusinessStatus,
    LineOperator: d.LineOperator,
    Spec: d.Spec ?? '',
    ExpectSpec: d.ExpectSpec ?? '',
    Bandwidth: d.Bandwidth,
    PortType: d.PortType,
    PortNumber: d.portNumber,
    CircuitCode: d.CircuitCode,
    Name: d.Name,
    Description: d.Description,
    PeerLocation: d.PeerLocation,
    AdLocation: d.AccessPointId,
    RedundantPhysicalConnectionId: d.RedundantPhysicalConnectionId,
    CreationTime: timeOrEmpty(d.CreationTime),
    EnabledTime: h.status === 'Enabled' ? timeOrEmpty(d.EnabledTime) : '',
    EndTime: '',
    ChargeType: 'Prepaid',
    LoaStatus: 'Available',
    ParentPhysicalConnectionId: d.ParentPhysicalConnectionId ?? '',
    ParentPhysicalConnectionAliUid: d.parentAccountId ?? '',
    VirtualPhysicalConnectionStatus: d.VpconnStatus ?? '',
    OrderMode: d.OrderMode ?? '',
    AliUid: h.accountId,
    VlanId: d.VlanId ?? '',
    ResourceGroupId: d.ResourceGroupId,
    Tags: d.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
  };
}

const listVirtualPhysicalConnections = readAction({
  name: 'ListVirtualPhysicalConnections',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    PhysicalConnectionId: { type: 'string' },
    VirtualPhysicalConnectionBusinessStatus: { type: 'string' },
    VirtualPhysicalConnectionIds: { type: 'strings', maxItems: 20 },
    IsConfirmed: { type: 'boolean' },
    VirtualPhysicalConnectionStatuses: { type: 'strings', maxItems: 20 },
    VirtualPhysicalConnectionAliUids: { type: 'strings', maxItems: 20 },
    VlanIds: { type: 'strings', maxItems: 20 },
    MaxResults: { type: 'integer' },
    NextToken: { type: 'string' },
    ...tagAndGroupParams(5),
  },
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  async run(ctx, p) {
    const max = p.MaxResults ?? 20;
    if (max < 1 || max > 100) throw apiError('InvalidParameter', 'MaxResults');
    const offset = given(p.NextToken) ? Number(p.NextToken) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw apiError('InvalidParameter', 'NextToken');
    let parents: CircuitRecord[];
    if (given(p.PhysicalConnectionId)) {
      const c = await findOwnCircuit(ctx, p.PhysicalConnectionId);
      if (!c) throw apiError('ResourceNotFound.PhysicalConnectionId', p.PhysicalConnectionId);
      parents = [c];
    } else {
      parents = (await circuitsOfAccount(ctx.db, ctx.accountId, ctx.region!.regionId)).filter(
        (c) => c.data.ProductType === 'PhysicalConnection',
      );
    }
    const hosted: CircuitRecord[] = [];
    for (const parent of parents)
      hosted.push(...(await hostedOn(ctx.db, parent.id)).map((h) => withResourceGroup(ctx, h, h.data.parentAccountId)));
    hosted.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const has = (list: string[] | undefined, v: string) => !list || list.length === 0 || list.includes(v);
    const matching = hosted.filter(
      (h) =>
        has(p.VirtualPhysicalConnectionIds, h.id) &&
        has(p.VirtualPhysicalConnectionStatuses, h.status) &&
        has(p.VirtualPhysicalConnectionAliUids, h.accountId) &&
        has(p.VlanIds, h.data.VlanId ?? '') &&
        (p.IsConfirmed === undefined || (h.data.VpconnStatus === 'Confirmed') === p.IsConfirmed) &&
        (!given(p.VirtualPhysicalConnectionBusinessStatus) || h.data.BusinessStatus === p.VirtualPhysicalConnectionBusinessStatus) &&
        matchesTagsAndGroup(h.data, p),
    );
    const pageItems = matching.slice(offset, offset + max);
    const end = offset + pageItems.length;
    return {
      VirtualPhysicalConnections: pageItems.map(renderHosted),
      NextToken: end < matching.length ? String(end) : '',
      TotalCount: matching.length,
      Count: pageItems.length,
    };
  },
});

/** VBR statuses in which a VBR is on its way somewhere: its VLAN cannot move under it. */
const VBR_IN_TRANSITION = ['terminating', 'recovering', 'deleting'];

const updateVirtualPhysicalConnection = writeAction({
  name: 'UpdateVirtualPhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    InstanceId: { type: 'string', required: true },
    VlanId: { type: 'long', required: true },
    ExpectSpec: { type: 'string' },
    Token: { type: 'string' },
    DryRun: { type: 'boolean' },
  },
  resource: (ctx, p) => circuitArn(ctx, p.InstanceId),
  // The hosted connection, the parent circuit whose VLANs it shares, and the tenant's VBR on it (its VLAN follows).
  locks: async (ctx, p) => {
    const h = await ctx.db.get<CircuitData>('PhysicalConnection', p.InstanceId);
    const keys = [lockKeys.circuit(p.InstanceId)];
    if (h?.parentId) keys.push(lockKeys.circuit(h.parentId));
    for (const v of h ? await vbrsOnCircuit(ctx.db, h.id) : []) keys.push(lockKeys.vbr(v.id));
    return keys;
  },
  run: async (ctx, p) => {
    if (p.VlanId < 0 || p.VlanId > MAX_VLAN) throw apiError('IllegalParam.VlanId');
    if (given(p.ExpectSpec) && !(p.ExpectSpec in VPCONN_SPEC_MBPS)) throw apiError('IllegalParam.Bandwidth');
    const h = await findSoldHosted(ctx, p.InstanceId);
    if (!h) {
      // The tenant knows its hosted connection exists; only the partner may change it.
      if (await findOwnCircuit(ctx, p.InstanceId).then((c) => c?.data.ProductType === 'VirtualPhysicalConnection'))
        throw apiError('Forbidden.PhysicalConnection');
      throw apiError('ResourceNotFound.PhysicalConnectionId', p.InstanceId);
    }
    const parent = await ctx.db.get<CircuitData>('PhysicalConnection', h.parentId ?? '');
    if (!parent) throw apiError('ResourceNotFound.PhysicalConnectionId', p.InstanceId);
    if ([h, parent].some((c) => c.status === 'Terminating' || c.status === 'Terminated'))
      throw apiError('OperationFailed.PhysicalConnectionTerminated');
    if ([h, parent].some((c) => c.data.BusinessStatus === 'FinancialLocked'))
      throw apiError('OperationFailed.PhysicalConnectionFinancialLocked');

    const vbrs = await vbrsOnCircuit(ctx.db, h.id);
    const vlanMoves = p.VlanId !== Number(h.data.VlanId);
    if (vlanMoves) {
      const taken = await vlansInUse(ctx.db, parent);
      taken.delete(Number(h.data.VlanId));
      if (taken.has(p.VlanId)) throw apiError('VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION');
      if (vbrs.some((v) => VBR_IN_TRANSITION.includes(v.status))) throw apiError('IncorrectStatus.VBR');
    }
    if (given(p.ExpectSpec) && p.ExpectSpec !== h.data.Spec) {
      const others = liveHosted(await hostedOn(ctx.db, parent.id)).filter((o) => o.id !== h.id);
      const sold = others.reduce((sum, o) => sum + o.data.Bandwidth, 0);
      if (sold + VPCONN_SPEC_MBPS[p.ExpectSpec] > (PORT_SPEED_MBPS[parent.data.PortType] ?? parent.data.Bandwidth))
        throw apiError('ResourceNotEnough.Bandwidth');
    }
    if (p.DryRun) return { Success: 'true' };

    await ctx.db.update({
      ...h,
      data: { ...h.data, VlanId: String(p.VlanId), ...(given(p.ExpectSpec) ? { ExpectSpec: p.ExpectSpec } : {}) },
    });
    if (vlanMoves) for (const v of vbrs) await ctx.db.update({ ...v, data: { ...v.data, VlanId: p.VlanId } });
    return { Success: 'true' };
  },
});

export const hostedConnectionActions: ActionDef[] = [
  createVirtualPhysicalConnection,
  listVirtualPhysicalConnections,
  updateVirtualPhysicalConnection,
];
