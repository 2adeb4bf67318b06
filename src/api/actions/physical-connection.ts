// Express Connect circuits (dedicated and hosted): the per-account physical connection service, and
// creating, describing and modifying circuits. Their lifecycle is in physical-connection-lifecycle.ts,
// hosted connections in hosted-connection.ts.
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
import type { PhysicalConnectionServiceData } from '../../domain/model.js';
import {
  allocatePort,
  isCircuitBandwidth,
  DEFAULT_PORT_TYPE,
  DEVICE_CAPACITIES,
  findAccessPoint,
  isPhysicalConnectionServiceOpen,
  isReleased,
  LINE_OPERATORS,
  PORT_SPEED_MBPS,
  portKey,
  serviceRecordId,
  specOf,
  type CircuitData,
  type CircuitRecord,
} from '../../domain/physical-connection.js';
import { readAction, writeAction, type ActionDef, type Body, type ReadContext } from '../action.js';
import { circuitArn, circuitOrNotFound, circuitsOfAccount, hostedOn, liveHosted, findOwnCircuit } from './circuit-lookups.js';
import { REGION_MESSAGE, requireServiceOpen, resourceGroupFor, timeOrEmpty, withResourceGroup } from './express-connect-shared.js';
import { scheduleTransition } from '../../domain/scheduled-transition.js';
import { lockKeys } from '../../domain/lock-keys.js';
import { filterParams, pagingParams, tagAndGroupParams, tagsParam } from './param-groups.js';

// ---------------------------------------------------------------- service

const openPhysicalConnectionService = writeAction({
  name: 'OpenPhysicalConnectionService',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: { RegionId: { type: 'string', required: true } },
  resource: () => '*',
  locks: (ctx) => [lockKeys.account(ctx.accountId)],
  async run(ctx) {
    if (await isPhysicalConnectionServiceOpen(ctx.db, ctx.services.seed, ctx.accountId)) throw apiError('InvalidOperation.OrderOpened');
    const data: PhysicalConnectionServiceData = { opened: true, openedAt: ctx.now };
    const id = serviceRecordId(ctx.accountId);
    const rec = {
      id,
      kind: 'PhysicalConnectionService' as const,
      accountId: ctx.accountId,
      regionId: ctx.region!.regionId,
      parentId: null,
      vbrId: null,
      status: 'Opened',
      dueAt: null,
      data,
    };
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
    return { Enabled: await isPhysicalConnectionServiceOpen(ctx.db, ctx.services.seed, ctx.accountId) };
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
  const r = await findOwnCircuit(ctx, id);
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
    Tag: tagsParam(20),
    DeviceAdvancedCapacity: { type: 'strings', maxItems: 100 },
    ClientToken: { type: 'string' },
  },
  resource: (ctx) => circuitArn(ctx),
  // The account lock serialises the quota checks; the access point lock the port inventory shared by all accounts.
  locks: (ctx, p) => [lockKeys.account(ctx.accountId), lockKeys.accessPoint(p.RegionId, p.AccessPointId)],
  async run(ctx, p) {
    await requireServiceOpen(ctx);
    if (given(p.Type) && p.Type !== 'VPC') throw apiError('InvalidType.Malformd');
    checkLineOperator(p.LineOperator);
    checkPortType(p.PortType);
    if (p.bandwidth !== undefined && !isCircuitBandwidth(p.bandwidth)) throw apiError('InvalidBandwidth');
    checkPeerLocation(p.PeerLocation);
    checkText(p.CircuitCode, isValidCircuitCode, 'InvalidCircuitCode.Malformed');
    checkText(p.Name, isValidName, 'InvalidName.Malformed');
    checkText(p.Description, isValidDescription, 'InvalidDescription.Malformed');
    const tags = checkTags(p.Tag, 'Tag');
    const resourceGroupId = resourceGroupFor(ctx, p.ResourceGroupId, ctx.accountId, 'InvalidResourceGroupId');
    for (const c of p.DeviceAdvancedCapacity ?? [])
      if (!DEVICE_CAPACITIES.includes(c)) throw apiError('InvalidParameter', 'DeviceAdvancedCapacity');

    const region = ctx.region!;
    const ap = findAccessPoint(region, p.AccessPointId);
    if (!ap) throw apiError('ResourceNotFound.AccessPointId');
    if (ap.status === 'disabled' || ap.status === 'full') throw apiError('InvalidAccessPointId.NotEnabled');
    const redundant = await checkRedundant(ctx, p.RedundantPhysicalConnectionId);

    const quotas = ctx.services.seed.quotas;
    const mine = (await circuitsOfAccount(ctx.db, ctx.accountId)).filter(
      (c) => c.data.ProductType === 'PhysicalConnection' && !isReleased(c.status),
    );
    if (
      mine.filter((c) => c.regionId === region.regionId && c.data.AccessPointId === ap.accessPointId).length >=
      quotas.physicalConnectionsPerAccessPoint
    ) {
      throw apiError('QuotaExceeded.pConnPerAP');
    }
    if (mine.filter((c) => c.status !== 'Enabled').length >= quotas.unfinishedPhysicalConnections)
      throw apiError('QuotaExceeded.freePconnPerAP');

    const inRegion = (await ctx.db.list<CircuitData>({ kind: 'PhysicalConnection', regionId: region.regionId })).items;
    const used = new Set(
      inRegion.filter((c) => c.data.ProductType === 'PhysicalConnection' && !isReleased(c.status)).map((c) => portKey(c.data)),
    );
    const port = allocatePort(ap, used, redundant?.data.accessDeviceId);
    if (!port) throw apiError('InvalidPortType.NotFound');

    const portType = given(p.PortType) ? p.PortType : DEFAULT_PORT_TYPE;
    const id = newId('pc', ctx.now);
    const data: CircuitData = {
      AccessPointId: ap.accessPointId,
      Type: 'VPC',
      ProductType: 'PhysicalConnection',
      LineOperator: p.LineOperator,
      PortType: portType,
      OpticalModuleModel: p.OpticalModuleModel ?? '',
      Bandwidth: p.bandwidth ?? PORT_SPEED_MBPS[portType],
      CircuitCode: p.CircuitCode ?? '',
      PeerLocation: p.PeerLocation ?? '',
      RedundantPhysicalConnectionId: redundant?.id ?? '',
      Name: p.Name ?? '',
      Description: p.Description ?? '',
      ResourceGroupId: resourceGroupId,
      Tags: tags,
      CreationTime: ctx.now,
      EnabledTime: null,
      BusinessStatus: 'Normal',
      accessDeviceId: port.deviceId,
      portNumber: port.portNumber,
      DeviceAdvancedCapacity: p.DeviceAdvancedCapacity ?? [],
    };
    const rec: CircuitRecord = {
      id,
      kind: 'PhysicalConnection',
      accountId: ctx.accountId,
      regionId: region.regionId,
      parentId: null,
      vbrId: null,
      status: 'Initial',
      dueAt: null,
      data,
    };
    await ctx.db.insert(
      scheduleTransition(
        rec,
        { status: 'Initial', next: 'Allocated', delayMs: ctx.services.seed.timings.physicalConnectionAllocateMs },
        ctx.now,
      ),
    );
    return { PhysicalConnectionId: id };
  },
});

// ---------------------------------------------------------------- describe

const FILTER_KEYS = ['PhysicalConnectionId', 'AccessPointId', 'Type', 'LineOperator', 'Spec', 'Status', 'Name', 'ProductType'] as const;

/** One DescribePhysicalConnections item, every field the SDK model declares, with its JSON type. */
export function renderCircuit(c: CircuitRecord, hostedCount: number, vpconnParentUid: string | undefined): Body {
  const d = c.data;
  const hosted = d.ProductType === 'VirtualPhysicalConnection';
  return {
    PhysicalConnectionId: c.id,
    AccessPointId: d.AccessPointId,
    AccessPointType: 'VPC',
    Type: d.Type,
    ProductType: d.ProductType,
    Status: c.status,
    BusinessStatus: d.BusinessStatus,
    LineOperator: d.LineOperator,
    Spec: specOf(d),
    Bandwidth: d.Bandwidth,
    PortType: d.PortType,
    PortNumber: d.portNumber,
    OpticalModuleModel: d.OpticalModuleModel,
    CircuitCode: d.CircuitCode,
    Name: d.Name,
    Description: d.Description,
    PeerLocation: d.PeerLocation,
    AdLocation: d.AccessPointId,
    AdDetailLocation: d.AccessPointId,
    RedundantPhysicalConnectionId: d.RedundantPhysicalConnectionId,
    CreationTime: timeOrEmpty(d.CreationTime),
    EnabledTime: c.status === 'Enabled' || c.status === 'Terminating' || c.status === 'Terminated' ? timeOrEmpty(d.EnabledTime) : '',
    EndTime: '',
    ChargeType: 'Prepaid',
    LoaStatus: c.status === 'Initial' ? 'Applying' : 'Available',
    ExpectSpec: hosted ? (d.ExpectSpec ?? '') : '',
    HasReservationData: 'false',
    ReservationActiveTime: '',
    ReservationInternetChargeType: '',
    ReservationOrderType: '',
    OrderMode: d.OrderMode ?? '',
    ParentPhysicalConnectionId: d.ParentPhysicalConnectionId ?? '',
    ParentPhysicalConnectionAliUid: vpconnParentUid ? Number(vpconnParentUid) : 0,
    VirtualPhysicalConnectionCount: hostedCount,
    VlanId: d.VlanId ?? '',
    VpconnStatus: d.VpconnStatus ?? '',
    QosId: '',
    ResourceGroupId: d.ResourceGroupId,
    DeviceFeaturesSelected: (d.DeviceAdvancedCapacity ?? []).join(','),
    DownDelayTime: d.DownDelayTime ?? 0,
    MacsecKeys: { MacsecKey: [] },
    Tags: { tags: d.Tags.map((t) => ({ Key: t.Key, Value: t.Value })) },
  };
}

const describePhysicalConnections = readAction({
  name: 'DescribePhysicalConnections',
  product: 'vpc',
  regionNotFoundMessage: REGION_MESSAGE,
  params: {
    RegionId: { type: 'string', required: true },
    ...pagingParams,
    ...filterParams,
    IncludeReservationData: { type: 'boolean' },
    ...tagAndGroupParams(5),
    ClientToken: { type: 'string' },
  },
  resource: (ctx) => circuitArn(ctx),
  async run(ctx, p) {
    const paging = checkPaging(p.PageNumber, p.PageSize);
    const filters = parseFilters(p.Filter, FILTER_KEYS);
    const all = (await circuitsOfAccount(ctx.db, ctx.accountId, ctx.region!.regionId)).map((c) =>
      withResourceGroup(ctx, c, c.data.parentAccountId),
    );
    const matching = all.filter(
      (c) =>
        matchesFilters(filters, (key) => {
          switch (key) {
            case 'PhysicalConnectionId':
              return [c.id];
            case 'Spec':
              return [specOf(c.data)];
            case 'Status':
              return [c.status];
            default:
              return [String((c.data as unknown as Record<string, unknown>)[key] ?? '')];
          }
        }) && matchesTagsAndGroup(c.data, p),
    );
    const slice = pageOf(matching, paging);
    const items: Body[] = [];
    for (const c of slice) {
      const hosted = c.data.ProductType === 'PhysicalConnection' ? liveHosted(await hostedOn(ctx.db, c.id)).length : 0;
      items.push(renderCircuit(c, hosted, c.data.parentAccountId));
    }
    return {
      PageNumber: paging.page,
      PageSize: paging.size,
      TotalCount: matching.length,
      PhysicalConnectionSet: { PhysicalConnectionType: items },
    };
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
  locks: (_ctx, p) => [lockKeys.circuit(p.PhysicalConnectionId)],
  async run(ctx, p) {
    const c = await circuitOrNotFound(ctx, p.PhysicalConnectionId);
    const d = c.data;
    checkLineOperator(p.LineOperator);
    checkPortType(p.PortType);
    if (p.bandwidth !== undefined && !isCircuitBandwidth(p.bandwidth)) throw apiError('InvalidBandwidth');
    checkPeerLocation(p.PeerLocation);
    checkText(p.CircuitCode, isValidCircuitCode, 'InvalidCircuitCode.Malformed');
    checkText(p.Name, isValidName, 'InvalidName.Malformed');
    checkText(p.Description, isValidDescription, 'InvalidDescription.Malformed');
    if (p.DownDelayTime !== undefined && (p.DownDelayTime < 0 || p.DownDelayTime > 60000))
      throw apiError('InvalidParameter', 'DownDelayTime');
    const lineChanges: [string | number | undefined, string | number][] = [
      [p.LineOperator, d.LineOperator],
      [p.PortType, d.PortType],
      [p.bandwidth, d.Bandwidth],
      [p.PeerLocation, d.PeerLocation],
      [p.CircuitCode, d.CircuitCode],
      [p.RedundantPhysicalConnectionId, d.RedundantPhysicalConnectionId],
    ];
    const changesLine = lineChanges.some(([want, have]) => want !== undefined && want !== '' && want !== have);
    if (changesLine && d.ProductType === 'VirtualPhysicalConnection') throw apiError('OperationDenied.VPconn');
    if (changesLine && !LINE_EDITABLE.includes(c.status)) throw apiError('InvalidStatus');
    if (isReleased(c.status) && (given(p.Name) || given(p.Description))) throw apiError('InvalidStatus');
    const redundant =
      p.RedundantPhysicalConnectionId !== d.RedundantPhysicalConnectionId
        ? await checkRedundant(ctx, p.RedundantPhysicalConnectionId, c.id)
        : undefined;
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

export const physicalConnectionActions: ActionDef[] = [
  openPhysicalConnectionService,
  getPhysicalConnectionServiceStatus,
  createPhysicalConnection,
  describePhysicalConnections,
  modifyPhysicalConnectionAttribute,
];
