// Express Connect circuits (dedicated and hosted) and the per-account physical connection service.
import { apiError } from '../../errors/catalogue.js';
import { checkPaging } from '../../domain/bgp-rules.js';
import {
  checkTags, checkText, given, isValidCircuitCode, isValidDescription, isValidName, matchesFilters, matchesTags, parseFilters,
} from '../../domain/express-connect-text.js';
import { isoSeconds, newId } from '../../domain/ids.js';
import type { PhysicalConnectionServiceData, VbrData } from '../../domain/model.js';
import {
  allocatePort, CIRCUIT_BANDWIDTHS, DEFAULT_PORT_TYPE, DEVICE_CAPACITIES, findAccessPoint, isKnownAccount, isPhysicalConnectionServiceOpen,
  isReleased, LINE_OPERATORS, MAX_VPCONNS_PER_CIRCUIT, ownCircuit, PORT_SPEED_MBPS, portKey, serviceRecordId, specOf,
  VPCONN_SPEC_MBPS, type CircuitData, type CircuitRecord,
} from '../../domain/physical-connection.js';
import type { ResourceRecord } from '../../store/record.js';
import type { StoreReader } from '../../store/store.js';
import { readAction, writeAction, type ActionDef, type Body, type ReadContext, type WriteContext } from '../action.js';
import { onceForToken, tokenLock } from './legacy-token.js';

const REGION_MESSAGE = 'The RegionId provided does not exist in our records.';

export function circuitArn(ctx: ReadContext, id?: string): string {
  return `acs:vpc:${ctx.region?.regionId ?? '*'}:${ctx.accountId}:physicalconnection/${id || '*'}`;
}

/** The caller's circuit or InvalidPhysicalConnectionId.NotFound (another account's id looks the same as a missing one). */
async function circuitOrNotFound(ctx: ReadContext, id: string, opts: { status?: number; message?: string } = {}): Promise<CircuitRecord> {
  const c = await ownCircuit(ctx.db, ctx.accountId, ctx.region?.regionId, id);
  if (!c) throw apiError('InvalidPhysicalConnectionId.NotFound', undefined, opts);
  return c;
}

async function requireServiceOpen(ctx: ReadContext): Promise<void> {
  if (!await isPhysicalConnectionServiceOpen(ctx.db, ctx.services, ctx.accountId)) throw apiError('OperationFailed.PconnTrafficNotEnable');
}

/** Schedule a timed status change; the lifecycle loop applies it when due. */
function schedule(ctx: WriteContext, rec: CircuitRecord, status: string, next: CircuitData['nextStatus'], delayMs: number): CircuitRecord {
  const dueAt = ctx.now + delayMs;
  ctx.afterCommit(() => ctx.services.notify({ dueAt }));
  return { ...rec, status, dueAt, data: { ...rec.data, nextStatus: next } };
}

function circuitsOfAccount(db: StoreReader, accountId: string, regionId?: string) {
  return db.list<CircuitData>({ kind: 'PhysicalConnection', accountId, regionId }).then((r) => r.items);
}

/** VBRs built on a circuit, of any account (cross-account VBRs included). */
async function vbrsOnCircuit(db: StoreReader, circuitId: string): Promise<ResourceRecord<VbrData>[]> {
  return (await db.list<VbrData>({ kind: 'VirtualBorderRouter', parentId: circuitId })).items;
}

/** Hosted connections carried by a dedicated circuit. */
async function hostedOn(db: StoreReader, circuitId: string): Promise<CircuitRecord[]> {
  return (await db.list<CircuitData>({ kind: 'PhysicalConnection', parentId: circuitId })).items;
}

/** VBRs of the region that reach this circuit through AssociatePhysicalConnectionToVirtualBorderRouter. */
async function associatedVbrs(db: StoreReader, regionId: string, circuitId: string): Promise<ResourceRecord<VbrData>[]> {
  const all = (await db.list<VbrData>({ kind: 'VirtualBorderRouter', regionId })).items;
  return all.filter((v) => v.data.associations?.some((a) => a.PhysicalConnectionId === circuitId));
}

// ---------------------------------------------------------------- service

const openPhysicalConnectionService = writeAction({
  name: 'OpenPhysicalConnectionService',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: { RegionId: { type: 'string', required: true } },
  resource: () => '*',
  locks: (ctx) => [`account:${ctx.accountId}`],
  async run(ctx) {
    if (await isPhysicalConnectionServiceOpen(ctx.db, ctx.services, ctx.accountId)) throw apiError('InvalidOperation.OrderOpened');
    const data: PhysicalConnectionServiceData = { opened: true, openedAt: ctx.now };
    const id = serviceRecordId(ctx.accountId);
    const rec = { id, kind: 'PhysicalConnectionService' as const, accountId: ctx.accountId, regionId: ctx.region!.regionId, parentId: null, vbrId: null, status: 'Opened', dueAt: null, data };
    if (await ctx.db.get('PhysicalConnectionService', id)) await ctx.db.update(rec);
    else await ctx.db.insert(rec);
    return {};
  },
});

const getPhysicalConnectionServiceStatus = readAction({
  name: 'GetPhysicalConnectionServiceStatus',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: { RegionId: { type: 'string', required: true } },
  resource: () => '*',
  async run(ctx) {
    return { Enabled: await isPhysicalConnectionServiceOpen(ctx.db, ctx.services, ctx.accountId) };
  },
});

// ---------------------------------------------------------------- create

function checkLineOperator(v: string | undefined): void {
  if (given(v) && !(LINE_OPERATORS as readonly string[]).includes(v)) throw apiError('InvalidLineOperator.Malformd');
}

function checkPortType(v: string | undefined): void {
  if (given(v) && !(v in PORT_SPEED_MBPS)) throw apiError('InvalidPortType.Malformd');
}

function checkPeerLocation(v: string | undefined): void {
  if (given(v) && (v.length > 256 || /^https?:\/\//i.test(v))) throw apiError('InvalidPeerLocation.Malformd');
}

/** The redundant circuit must be the caller's and Allocated, Confirmed or Enabled. */
async function checkRedundant(ctx: ReadContext, id: string | undefined, self?: string): Promise<CircuitRecord | undefined> {
  if (!given(id)) return undefined;
  const r = await ownCircuit(ctx.db, ctx.accountId, ctx.region?.regionId, id);
  if (!r || r.id === self || r.data.ProductType !== 'PhysicalConnection') throw apiError('InvalidRedundantPhysicalConnectionId.NotFound');
  if (!['Allocated', 'Confirmed', 'Enabled'].includes(r.status)) throw apiError('InvalidRedundantPhysicalConnectionStatus');
  return r;
}

const createPhysicalConnection = writeAction({
  name: 'CreatePhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    AccessPointId: { type: 'string', required: true },
    LineOperator: { type: 'string', required: true },
    Type: { type: 'string' },
    PortType: { type: 'string' },
    OpticalModuleModel: { type: 'string' },
    bandwidth: { type: 'integer' },
    CircuitCode: { type: 'string' },
    PeerLocation: { type: 'string' },
    RedundantPhysicalConnectionId: { type: 'string' },
    Name: { type: 'string' },
    Description: { type: 'string' },
    ResourceGroupId: { type: 'string' },
    Tag: { type: 'objects', fields: { Key: 'string', Value: 'string' } },
    DeviceAdvancedCapacity: { type: 'strings' },
    ClientToken: { type: 'string' },
  },
  resource: (ctx) => circuitArn(ctx),
  // The account lock serialises the quota checks; the access point lock the port inventory shared by all accounts.
  locks: (ctx, p) => [`account:${ctx.accountId}`, `ap:${p.RegionId}:${p.AccessPointId}`],
  async run(ctx, p) {
    await requireServiceOpen(ctx);
    if (given(p.Type) && p.Type !== 'VPC') throw apiError('InvalidType.Malformd');
    checkLineOperator(p.LineOperator);
    checkPortType(p.PortType);
    if (p.bandwidth !== undefined && !CIRCUIT_BANDWIDTHS.includes(p.bandwidth)) throw apiError('InvalidBandwidth');
    checkPeerLocation(p.PeerLocation);
    checkText(p.CircuitCode, isValidCircuitCode, 'InvalidCircuitCode.Malformed');
    checkText(p.Name, isValidName, 'InvalidName.Malformed');
    checkText(p.Description, isValidDescription, 'InvalidDescription.Malformed');
    const tags = checkTags(p.Tag, 'Tag');
    for (const c of p.DeviceAdvancedCapacity ?? []) if (!DEVICE_CAPACITIES.includes(c)) throw apiError('InvalidParameter', 'DeviceAdvancedCapacity');

    const region = ctx.region!;
    const ap = findAccessPoint(region, p.AccessPointId);
    if (!ap) throw apiError('ResourceNotFound.AccessPointId');
    if (ap.status === 'disabled' || ap.status === 'full') throw apiError('InvalidAccessPointId.NotEnabled');
    const redundant = await checkRedundant(ctx, p.RedundantPhysicalConnectionId);

    const quotas = ctx.services.seed.quotas;
    const mine = (await circuitsOfAccount(ctx.db, ctx.accountId)).filter((c) => c.data.ProductType === 'PhysicalConnection' && !isReleased(c.status));
    if (mine.filter((c) => c.regionId === region.regionId && c.data.AccessPointId === ap.accessPointId).length >= quotas.physicalConnectionsPerAccessPoint) {
      throw apiError('QuotaExceeded.pConnPerAP');
    }
    if (mine.filter((c) => c.status !== 'Enabled').length >= quotas.unfinishedPhysicalConnections) throw apiError('QuotaExceeded.freePconnPerAP');

    const inRegion = (await ctx.db.list<CircuitData>({ kind: 'PhysicalConnection', regionId: region.regionId })).items;
    const used = new Set(inRegion.filter((c) => c.data.ProductType === 'PhysicalConnection' && !isReleased(c.status)).map((c) => portKey(c.data)));
    const port = allocatePort(ap, used, redundant?.data.accessDeviceId);
    if (!port) throw apiError('InvalidPortType.NotFound');

    const portType = given(p.PortType) ? p.PortType : DEFAULT_PORT_TYPE;
    const id = newId('pc', ctx.now);
    const data: CircuitData = {
      AccessPointId: ap.accessPointId, Type: 'VPC', ProductType: 'PhysicalConnection', LineOperator: p.LineOperator, PortType: portType,
      OpticalModuleModel: p.OpticalModuleModel ?? '', Bandwidth: p.bandwidth ?? PORT_SPEED_MBPS[portType], CircuitCode: p.CircuitCode ?? '',
      PeerLocation: p.PeerLocation ?? '', RedundantPhysicalConnectionId: redundant?.id ?? '', Name: p.Name ?? '', Description: p.Description ?? '',
      ResourceGroupId: p.ResourceGroupId ?? '', Tags: tags, CreationTime: ctx.now, EnabledTime: null, BusinessStatus: 'Normal',
      accessDeviceId: port.deviceId, portNumber: port.portNumber, DeviceAdvancedCapacity: p.DeviceAdvancedCapacity ?? [],
    };
    const rec: CircuitRecord = { id, kind: 'PhysicalConnection', accountId: ctx.accountId, regionId: region.regionId, parentId: null, vbrId: null, status: 'Initial', dueAt: null, data };
    await ctx.db.insert(schedule(ctx, rec, 'Initial', 'Allocated', ctx.services.seed.timings.physicalConnectionAllocateMs));
    return { PhysicalConnectionId: id };
  },
});

// ---------------------------------------------------------------- describe

const FILTER_KEYS = ['PhysicalConnectionId', 'AccessPointId', 'Type', 'LineOperator', 'Spec', 'Status', 'Name', 'ProductType'] as const;

function time(ms: number | null | undefined): string {
  return ms ? isoSeconds(ms) : '';
}

/** One DescribePhysicalConnections item, every field the SDK model declares, with its JSON type. */
export function renderCircuit(c: CircuitRecord, hostedCount: number, vpconnParentUid: string | undefined): Body {
  const d = c.data;
  const hosted = d.ProductType === 'VirtualPhysicalConnection';
  return {
    PhysicalConnectionId: c.id, AccessPointId: d.AccessPointId, AccessPointType: 'VPC', Type: d.Type, ProductType: d.ProductType,
    Status: c.status, BusinessStatus: d.BusinessStatus, LineOperator: d.LineOperator, Spec: specOf(d), Bandwidth: d.Bandwidth,
    PortType: d.PortType, PortNumber: d.portNumber, OpticalModuleModel: d.OpticalModuleModel, CircuitCode: d.CircuitCode,
    Name: d.Name, Description: d.Description, PeerLocation: d.PeerLocation, AdLocation: d.AccessPointId, AdDetailLocation: d.AccessPointId,
    RedundantPhysicalConnectionId: d.RedundantPhysicalConnectionId, CreationTime: time(d.CreationTime),
    EnabledTime: c.status === 'Enabled' || c.status === 'Terminating' || c.status === 'Terminated' ? time(d.EnabledTime) : '',
    EndTime: '', ChargeType: 'Prepaid', LoaStatus: c.status === 'Initial' ? 'Applying' : 'Available', ExpectSpec: hosted ? (d.Spec ?? '') : '',
    HasReservationData: 'false', ReservationActiveTime: '', ReservationInternetChargeType: '', ReservationOrderType: '',
    OrderMode: d.OrderMode ?? '', ParentPhysicalConnectionId: d.ParentPhysicalConnectionId ?? '',
    ParentPhysicalConnectionAliUid: vpconnParentUid ? Number(vpconnParentUid) : 0, VirtualPhysicalConnectionCount: hostedCount,
    VlanId: d.VlanId ?? '', VpconnStatus: d.VpconnStatus ?? '', QosId: '', ResourceGroupId: d.ResourceGroupId,
    DeviceFeaturesSelected: (d.DeviceAdvancedCapacity ?? []).join(','), DownDelayTime: d.DownDelayTime ?? 0,
    MacsecKeys: { MacsecKey: [] }, Tags: { tags: d.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) },
  };
}

function liveHosted(children: CircuitRecord[]): CircuitRecord[] {
  return children.filter((h) => !isReleased(h.status));
}

const describePhysicalConnections = readAction({
  name: 'DescribePhysicalConnections',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    PageNumber: { type: 'integer' },
    PageSize: { type: 'integer' },
    Filter: { type: 'objects', fields: { Key: 'string', Value: 'strings' } },
    IncludeReservationData: { type: 'boolean' },
    ResourceGroupId: { type: 'string' },
    Tags: { type: 'objects', fields: { Key: 'string', Value: 'string' } },
    ClientToken: { type: 'string' },
  },
  resource: (ctx) => circuitArn(ctx),
  async run(ctx, p) {
    const paging = checkPaging(p.PageNumber, p.PageSize);
    const filters = parseFilters(p.Filter, FILTER_KEYS);
    const all = await circuitsOfAccount(ctx.db, ctx.accountId, ctx.region!.regionId);
    const matching = all.filter((c) => matchesFilters(filters, (key) => {
      switch (key) {
        case 'PhysicalConnectionId': return [c.id];
        case 'Spec': return [specOf(c.data)];
        case 'Status': return [c.status];
        default: return [String((c.data as unknown as Record<string, unknown>)[key] ?? '')];
      }
    }) && matchesTags(c.data.Tags, p.Tags) && (!given(p.ResourceGroupId) || c.data.ResourceGroupId === p.ResourceGroupId));
    const slice = matching.slice((paging.page - 1) * paging.size, paging.page * paging.size);
    const items: Body[] = [];
    for (const c of slice) {
      const hosted = c.data.ProductType === 'PhysicalConnection' ? liveHosted(await hostedOn(ctx.db, c.id)).length : 0;
      items.push(renderCircuit(c, hosted, c.data.parentAccountId));
    }
    return { PageNumber: paging.page, PageSize: paging.size, TotalCount: matching.length, PhysicalConnectionSet: { PhysicalConnectionType: items } };
  },
});

// ---------------------------------------------------------------- modify

/** Statuses in which the ordered line (carrier, port, bandwidth, location) can still be changed. */
const LINE_EDITABLE = ['Initial', 'Approved', 'Allocating', 'Allocated', 'Rejected'];

const modifyPhysicalConnectionAttribute = writeAction({
  name: 'ModifyPhysicalConnectionAttribute',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    PhysicalConnectionId: { type: 'string', required: true },
    LineOperator: { type: 'string' },
    bandwidth: { type: 'integer' },
    PeerLocation: { type: 'string' },
    PortType: { type: 'string' },
    RedundantPhysicalConnectionId: { type: 'string' },
    Description: { type: 'string' },
    Name: { type: 'string' },
    CircuitCode: { type: 'string' },
    DownDelayTime: { type: 'integer' },
    ClientToken: { type: 'string' },
  },
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  locks: (_ctx, p) => [`pconn:${p.PhysicalConnectionId}`],
  async run(ctx, p) {
    const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
    const d = c.data;
    checkLineOperator(p.LineOperator);
    checkPortType(p.PortType);
    if (p.bandwidth !== undefined && (p.bandwidth < 2 || p.bandwidth > 10240)) throw apiError('InvalidBandwidth');
    checkPeerLocation(p.PeerLocation);
    checkText(p.CircuitCode, isValidCircuitCode, 'InvalidCircuitCode.Malformed');
    checkText(p.Name, isValidName, 'InvalidName.Malformed');
    checkText(p.Description, isValidDescription, 'InvalidDescription.Malformed');
    if (p.DownDelayTime !== undefined && (p.DownDelayTime < 0 || p.DownDelayTime > 60000)) throw apiError('InvalidParameter', 'DownDelayTime');
    const lineChanges: [string | number | undefined, string | number][] = [
      [p.LineOperator, d.LineOperator], [p.PortType, d.PortType], [p.bandwidth, d.Bandwidth], [p.PeerLocation, d.PeerLocation],
      [p.CircuitCode, d.CircuitCode], [p.RedundantPhysicalConnectionId, d.RedundantPhysicalConnectionId],
    ];
    const changesLine = lineChanges.some(([want, have]) => want !== undefined && want !== '' && want !== have);
    if (changesLine && d.ProductType === 'VirtualPhysicalConnection') throw apiError('OperationDenied.VPconn');
    if (changesLine && !LINE_EDITABLE.includes(c.status)) throw apiError('InvalidStatus');
    if (isReleased(c.status) && (given(p.Name) || given(p.Description))) throw apiError('InvalidStatus');
    const redundant = p.RedundantPhysicalConnectionId !== d.RedundantPhysicalConnectionId
      ? await checkRedundant(ctx, p.RedundantPhysicalConnectionId, c.id) : undefined;
    const next: CircuitData = {
      ...d,
      LineOperator: given(p.LineOperator) ? p.LineOperator : d.LineOperator,
      PortType: given(p.PortType) ? p.PortType : d.PortType,
      Bandwidth: p.bandwidth ?? d.Bandwidth,
      PeerLocation: given(p.PeerLocation) ? p.PeerLocation : d.PeerLocation,
      CircuitCode: given(p.CircuitCode) ? p.CircuitCode : d.CircuitCode,
      RedundantPhysicalConnectionId: redundant?.id ?? d.RedundantPhysicalConnectionId,
      Name: given(p.Name) ? p.Name : d.Name,
      Description: given(p.Description) ? p.Description : d.Description,
      DownDelayTime: p.DownDelayTime ?? d.DownDelayTime,
    };
    await ctx.db.update({ ...c, data: next });
    return {};
  },
});

// ---------------------------------------------------------------- lifecycle

const lifecycleParams = {
  RegionId: { type: 'string', required: true },
  PhysicalConnectionId: { type: 'string', required: true },
  ClientToken: { type: 'string' },
} as const;

const confirmPhysicalConnection = writeAction({
  name: 'ConfirmPhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: lifecycleParams,
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  locks: (_ctx, p) => [`pconn:${p.PhysicalConnectionId}`],
  async run(ctx, p) {
    const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId, { status: 400, message: 'The specified physicalConnection is not found' });
    await requireServiceOpen(ctx);
    if (c.status !== 'Allocated' || c.data.ProductType !== 'PhysicalConnection') {
      throw apiError('IncorrectStatus.PhysicalConnection', undefined, { message: 'The specified PhysicalConnectionId is not in Allocated state.' });
    }
    await ctx.db.update({ ...c, status: 'Confirmed' });
    return {};
  },
});

const enablePhysicalConnection = writeAction({
  name: 'EnablePhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: { ...lifecycleParams, ByPassSp: { type: 'boolean' } },
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  locks: (_ctx, p) => [`pconn:${p.PhysicalConnectionId}`],
  async run(ctx, p) {
    const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
    if (c.status === 'Enabled') return {};
    // A second call while the first enable is still under way is refused, as Alibaba documents.
    if (c.status !== 'Confirmed' || c.data.nextStatus === 'Enabled') throw apiError('Forbidden.NotAllowedInState');
    if (c.data.ProductType === 'VirtualPhysicalConnection') {
      const parent = await ctx.db.get<CircuitData>('PhysicalConnection', c.data.ParentPhysicalConnectionId ?? '');
      if (!parent || parent.status !== 'Enabled') throw apiError('INSTANCE.STATUS.NOT.ALLOW');
    }
    const delay = ctx.services.seed.timings.physicalConnectionTransitionMs;
    // Enabling a hosted connection is also the tenant's acceptance of it.
    const accepted: CircuitData = { ...c.data, EnabledTime: ctx.now + delay, ...(c.data.ProductType === 'VirtualPhysicalConnection' ? { VpconnStatus: 'Confirmed' as const } : {}) };
    await ctx.db.update(schedule(ctx, { ...c, data: accepted }, 'Confirmed', 'Enabled', delay));
    return {};
  },
});

const terminatePhysicalConnection = writeAction({
  name: 'TerminatePhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: lifecycleParams,
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  locks: (_ctx, p) => [`pconn:${p.PhysicalConnectionId}`],
  async run(ctx, p) {
    const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
    if (c.status !== 'Enabled') throw apiError('Forbidden.NotAllowedInState');
    const vbrs = [...await vbrsOnCircuit(ctx.db, c.id), ...await associatedVbrs(ctx.db, c.regionId, c.id)];
    if (vbrs.length > 0) throw apiError('Forbidden.VbrAttached');
    if (liveHosted(await hostedOn(ctx.db, c.id)).length > 0) throw apiError('OperationFailed.VpconnAttached');
    await ctx.db.update(schedule(ctx, c, 'Terminating', 'Terminated', ctx.services.seed.timings.physicalConnectionTransitionMs));
    return {};
  },
});

const cancelPhysicalConnection = writeAction({
  name: 'CancelPhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: lifecycleParams,
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  locks: (_ctx, p) => [`pconn:${p.PhysicalConnectionId}`],
  async run(ctx, p) {
    const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
    // Cancelling withdraws an application: possible until the circuit is enabled (billing starts).
    if (!['Initial', 'Approved', 'Allocating', 'Allocated', 'Confirmed'].includes(c.status) || c.data.nextStatus === 'Enabled') {
      throw apiError('Forbidden.NotAllowedInState');
    }
    const data = { ...c.data };
    delete data.nextStatus;
    await ctx.db.update({ ...c, status: 'Canceled', dueAt: null, data });
    return {};
  },
});

const DELETABLE = ['Canceled', 'Rejected', 'Terminated', 'Allocated', 'Allocation Failed'];

const deletePhysicalConnection = writeAction({
  name: 'DeletePhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: lifecycleParams,
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  locks: (_ctx, p) => [`pconn:${p.PhysicalConnectionId}`],
  async run(ctx, p) {
    const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
    if ((await vbrsOnCircuit(ctx.db, c.id)).length > 0) throw apiError('Forbidden.VBRExists');
    if ((await associatedVbrs(ctx.db, c.regionId, c.id)).length > 0) throw apiError('Forbidden.AssociateToVBR');
    if (!DELETABLE.includes(c.status) || c.data.nextStatus !== undefined) throw apiError('Forbidden.NotInAllowDeleteStatus');
    if ((await hostedOn(ctx.db, c.id)).length > 0) throw apiError('OperationFailed.VpconnAttached');
    await ctx.db.delete(c.id);
    return {};
  },
});

const recoverPhysicalConnection = writeAction({
  name: 'RecoverPhysicalConnection',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    InstanceId: { type: 'string', required: true },
    Token: { type: 'string' },
    DryRun: { type: 'boolean' },
  },
  resource: (ctx, p) => circuitArn(ctx, p.InstanceId),
  locks: (ctx, p) => [`pconn:${p.InstanceId}`, ...tokenLock(ctx, 'RecoverPhysicalConnection', p.Token)],
  run: (ctx, p) => onceForToken(ctx, 'RecoverPhysicalConnection', p, async () => {
    const c = await ownCircuit(ctx.db, ctx.accountId, ctx.region!.regionId, p.InstanceId);
    if (!c) throw apiError('ResourceNotFound', p.InstanceId);
    if (c.data.ProductType !== 'VirtualPhysicalConnection') throw apiError('OperationDenied.PconnNotAllowRecover');
    if (c.status !== 'Terminated') throw apiError('IncorrectStatus.PhysicalConnection', c.id);
    const parent = await ctx.db.get<CircuitData>('PhysicalConnection', c.data.ParentPhysicalConnectionId ?? '');
    if (!parent || parent.status !== 'Enabled') throw apiError('IncorrectStatus.PhysicalConnection', parent?.id ?? c.id);
    if (p.DryRun) return {};
    await ctx.db.update({ ...c, status: 'Enabled', dueAt: null });
    return {};
  }),
});

// ---------------------------------------------------------------- hosted connections

const ORDER_MODES = ['PayByVirtualPhysicalConnectionOwner', 'PayByPhysicalConnectionOwner'];

/** VLANs of the live hosted connections a dedicated circuit carries. */
export async function hostedVlans(db: StoreReader, circuitId: string): Promise<number[]> {
  return liveHosted(await hostedOn(db, circuitId)).map((h) => Number(h.data.VlanId));
}

/** VLANs a dedicated circuit already carries: its VBRs (terminated ones keep theirs), associations and hosted connections. */
export async function vlansInUse(db: StoreReader, circuit: CircuitRecord): Promise<Set<number>> {
  const vlans = new Set<number>();
  for (const v of await vbrsOnCircuit(db, circuit.id)) vlans.add(v.data.VlanId);
  for (const v of await associatedVbrs(db, circuit.regionId, circuit.id)) {
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
    Tag: { type: 'objects', fields: { Key: 'string', Value: 'string' } },
    Token: { type: 'string' },
    DryRun: { type: 'boolean' },
  },
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  locks: (ctx, p) => [`pconn:${p.PhysicalConnectionId}`, ...tokenLock(ctx, 'CreateVirtualPhysicalConnection', p.Token)],
  run: (ctx, p) => onceForToken(ctx, 'CreateVirtualPhysicalConnection', p, async () => {
    if (!ORDER_MODES.includes(p.OrderMode)) throw apiError('IllegalParam.OrderMode');
    if (!(p.Spec in VPCONN_SPEC_MBPS)) throw apiError('IllegalParam.Spec');
    if (p.VlanId < 0 || p.VlanId > 2999) throw apiError('IllegalParam.VlanId');
    const tenant = String(p.VpconnAliUid);
    if (!isKnownAccount(ctx.services, tenant)) throw apiError('IllegalParam.VpconnAliUid');
    checkText(p.Name, isValidName, 'InvalidName.Malformed');
    checkText(p.Description, isValidDescription, 'InvalidDescription.Malformed');
    const tags = checkTags(p.Tag, 'Tag');
    const parent = await ownCircuit(ctx.db, ctx.accountId, ctx.region!.regionId, p.PhysicalConnectionId);
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
      AccessPointId: pd.AccessPointId, Type: 'VPC', ProductType: 'VirtualPhysicalConnection', LineOperator: pd.LineOperator, PortType: pd.PortType,
      OpticalModuleModel: '', Bandwidth: mbps, CircuitCode: pd.CircuitCode, PeerLocation: pd.PeerLocation, RedundantPhysicalConnectionId: '',
      Name: p.Name ?? '', Description: p.Description ?? '', ResourceGroupId: p.ResourceGroupId ?? '', Tags: tags, CreationTime: ctx.now,
      EnabledTime: null, BusinessStatus: 'Normal', accessDeviceId: pd.accessDeviceId, portNumber: pd.portNumber,
      ParentPhysicalConnectionId: parent.id, VlanId: String(p.VlanId), VpconnStatus: 'UnConfirmed', OrderMode: p.OrderMode, Spec: p.Spec,
      parentAccountId: ctx.accountId,
    };
    // The hosted connection belongs to the tenant; the partner sees it through its circuit (parentId).
    await ctx.db.insert({ id, kind: 'PhysicalConnection', accountId: tenant, regionId: parent.regionId, parentId: parent.id, vbrId: null, status: 'Confirmed', dueAt: null, data });
    return { VirtualPhysicalConnection: id };
  }),
});

function renderHosted(h: CircuitRecord): Body {
  const d = h.data;
  return {
    PhysicalConnectionId: h.id, AccessPointId: d.AccessPointId, Type: d.Type, ProductType: d.ProductType, Status: h.status,
    BusinessStatus: d.BusinessStatus, LineOperator: d.LineOperator, Spec: d.Spec ?? '', ExpectSpec: d.Spec ?? '', Bandwidth: d.Bandwidth,
    PortType: d.PortType, PortNumber: d.portNumber, CircuitCode: d.CircuitCode, Name: d.Name, Description: d.Description,
    PeerLocation: d.PeerLocation, AdLocation: d.AccessPointId, RedundantPhysicalConnectionId: d.RedundantPhysicalConnectionId,
    CreationTime: time(d.CreationTime), EnabledTime: h.status === 'Enabled' ? time(d.EnabledTime) : '', EndTime: '', ChargeType: 'Prepaid',
    LoaStatus: 'Available', ParentPhysicalConnectionId: d.ParentPhysicalConnectionId ?? '', ParentPhysicalConnectionAliUid: d.parentAccountId ?? '',
    VirtualPhysicalConnectionStatus: d.VpconnStatus ?? '', OrderMode: d.OrderMode ?? '', AliUid: h.accountId, VlanId: d.VlanId ?? '',
    ResourceGroupId: d.ResourceGroupId, Tags: d.Tags.map((t) => ({ Key: t.Key, Value: t.Value })),
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
    VirtualPhysicalConnectionIds: { type: 'strings' },
    IsConfirmed: { type: 'boolean' },
    VirtualPhysicalConnectionStatuses: { type: 'strings' },
    VirtualPhysicalConnectionAliUids: { type: 'strings' },
    VlanIds: { type: 'strings' },
    MaxResults: { type: 'integer' },
    NextToken: { type: 'string' },
    ResourceGroupId: { type: 'string' },
    Tags: { type: 'objects', fields: { Key: 'string', Value: 'string' } },
  },
  resource: (ctx, p) => circuitArn(ctx, p.PhysicalConnectionId),
  async run(ctx, p) {
    const max = p.MaxResults ?? 20;
    if (max < 1 || max > 100) throw apiError('InvalidParameter', 'MaxResults');
    const offset = given(p.NextToken) ? Number(p.NextToken) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw apiError('InvalidParameter', 'NextToken');
    let parents: CircuitRecord[];
    if (given(p.PhysicalConnectionId)) {
      const c = await ownCircuit(ctx.db, ctx.accountId, ctx.region!.regionId, p.PhysicalConnectionId);
      if (!c) throw apiError('ResourceNotFound.PhysicalConnectionId', p.PhysicalConnectionId);
      parents = [c];
    } else {
      parents = (await circuitsOfAccount(ctx.db, ctx.accountId, ctx.region!.regionId)).filter((c) => c.data.ProductType === 'PhysicalConnection');
    }
    const hosted: CircuitRecord[] = [];
    for (const parent of parents) hosted.push(...await hostedOn(ctx.db, parent.id));
    hosted.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const has = (list: string[] | undefined, v: string) => !list || list.length === 0 || list.includes(v);
    const matching = hosted.filter((h) => has(p.VirtualPhysicalConnectionIds, h.id)
      && has(p.VirtualPhysicalConnectionStatuses, h.status)
      && has(p.VirtualPhysicalConnectionAliUids, h.accountId)
      && has(p.VlanIds, h.data.VlanId ?? '')
      && (p.IsConfirmed === undefined || (h.data.VpconnStatus === 'Confirmed') === p.IsConfirmed)
      && (!given(p.VirtualPhysicalConnectionBusinessStatus) || h.data.BusinessStatus === p.VirtualPhysicalConnectionBusinessStatus)
      && (!given(p.ResourceGroupId) || h.data.ResourceGroupId === p.ResourceGroupId)
      && matchesTags(h.data.Tags, p.Tags));
    const pageItems = matching.slice(offset, offset + max);
    const end = offset + pageItems.length;
    return {
      VirtualPhysicalConnections: pageItems.map(renderHosted), NextToken: end < matching.length ? String(end) : '',
      TotalCount: matching.length, Count: pageItems.length,
    };
  },
});

export const physicalConnectionActions: ActionDef[] = [
  openPhysicalConnectionService, getPhysicalConnectionServiceStatus, createPhysicalConnection, describePhysicalConnections,
  modifyPhysicalConnectionAttribute, confirmPhysicalConnection, enablePhysicalConnection, terminatePhysicalConnection,
  recoverPhysicalConnection, cancelPhysicalConnection, deletePhysicalConnection, createVirtualPhysicalConnection, listVirtualPhysicalConnections,
];

export { advancePhysicalConnection } from '../../domain/physical-connection.js';
