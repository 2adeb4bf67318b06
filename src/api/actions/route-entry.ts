// CreateRouteEntry, DeleteRouteEntry, ModifyRouteEntry on a VBR's route table: static (custom) routes whose
// next hop is one of the VBR's router interfaces, the one next-hop type Alibaba allows there. The data
// plane carries them like BGP resources: saved as desired state, applied by the reconciler.
import { apiError } from '../../errors/catalogue.js';
import { newId } from '../../domain/ids.js';
import { given } from '../../domain/express-connect-text.js';
import { isDeletable, isDeleting, type VbrRouteEntryData } from '../../domain/model.js';
import type { CircuitData } from '../../domain/physical-connection.js';
import {
  gatewayFor,
  isValidEntryText,
  MAX_CUSTOM_ROUTES,
  nextHopInterface,
  normalisedRouteCidr,
  parseRouteCidr,
  systemRoutes,
  VBR_NEXT_HOP_TYPE,
} from '../../domain/route-table.js';
import { lockKeys } from '../../domain/lock-keys.js';
import type { LockKey } from '../../store/store.js';
import { writeAction, type ActionDef, type ReadContext, type WriteContext } from '../action.js';
import { namedResource, saveDesired } from './bgp-shared.js';
import { requireTable, routeTableResourceArn, vbrOfTable, type RouteEntryRecord, type VbrRecord } from './route-table-shared.js';

const NAME_MAX = 128;
const DESCRIPTION_MAX = 256;

function checkEntryTexts(name: string | undefined, description: string | undefined): void {
  if (name !== undefined && !isValidEntryText(name, NAME_MAX)) throw apiError('InvalidRouteEntryName.Malformed');
  if (description !== undefined && !isValidEntryText(description, DESCRIPTION_MAX)) throw apiError('InvalidParameter', 'Description');
}

/** The VBR may take a new route only while active, its circuits enabled and not locked. */
async function requireVbrRoutable(ctx: WriteContext, vbr: VbrRecord, circuitId: string): Promise<void> {
  if (vbr.status !== 'active') throw apiError('InvalidVBRStatus');
  const circuit = await ctx.db.get<CircuitData>('PhysicalConnection', circuitId);
  if (!circuit || circuit.status !== 'Enabled' || circuit.data.BusinessStatus !== 'Normal')
    throw apiError('InvalidPhysicalConnectionBusinessStatus');
}

/** A route entry the request names by id, if it is the caller's. */
async function ownEntry(ctx: ReadContext, id: string | undefined): Promise<RouteEntryRecord | undefined> {
  if (!given(id)) return undefined;
  const r = (await namedResource(ctx, 'VbrRouteEntry', id)) as RouteEntryRecord | undefined;
  return r && r.accountId === ctx.accountId && r.regionId === ctx.region?.regionId ? r : undefined;
}

/** The table a request names, directly or through its entry. */
async function tableIdOf(ctx: ReadContext, p: { RouteTableId?: string; RouteEntryId?: string }): Promise<string | undefined> {
  if (given(p.RouteTableId)) return p.RouteTableId;
  return (await ownEntry(ctx, p.RouteEntryId))?.data.RouteTableId;
}

async function tableLock(ctx: ReadContext, p: { RouteTableId?: string; RouteEntryId?: string }): Promise<LockKey[]> {
  const vbr = await vbrOfTable(ctx, await tableIdOf(ctx, p));
  return vbr ? [lockKeys.vbr(vbr.id)] : [];
}

const createRouteEntry = writeAction({
  name: 'CreateRouteEntry',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    RouteTableId: { type: 'string', required: true },
    DestinationCidrBlock: { type: 'string', required: true },
    NextHopType: { type: 'string' },
    NextHopId: { type: 'string' },
    NextHopList: { type: 'objects', fields: { NextHopId: 'string', NextHopType: 'string', Weight: 'string' }, maxItems: 16 },
    RouteEntryName: { type: 'string' },
    Description: { type: 'string' },
    DryRun: { type: 'boolean' },
    ClientToken: { type: 'string' },
  },
  resource: (ctx, p) => routeTableResourceArn(ctx, p.RouteTableId),
  locks: (ctx, p) => tableLock(ctx, p),
  async run(ctx, p) {
    const vbr = await requireTable(ctx, p.RouteTableId, 'InvalidRouteTableId.NotFound');
    // ECMP next-hop lists are for VPC tables only.
    if ((p.NextHopList ?? []).length > 0) throw apiError('InvalidRouterType');
    // Instance is the documented default, and no instance can be a VBR's next hop.
    if ((p.NextHopType ?? 'Instance') !== VBR_NEXT_HOP_TYPE) throw apiError('InvalidNextHopType');
    if (!given(p.NextHopId)) throw apiError('MissingParameter', 'NextHopId');
    const { cidr, version } = parseRouteCidr(p.DestinationCidrBlock);
    checkEntryTexts(p.RouteEntryName, p.Description);
    const via = nextHopInterface(vbr.data, p.NextHopId);
    if (!gatewayFor(via, version)) throw apiError('OperationUnsupported.Ipv6ForVBR');
    await requireVbrRoutable(ctx, vbr, via.PhysicalConnectionId);
    const existing = await ctx.db.list<VbrRouteEntryData>({ kind: 'VbrRouteEntry', vbrId: vbr.id });
    if (existing.items.some((e) => e.data.DestinationCidrBlock === cidr)) throw apiError('InvalidCIDRBlock.Duplicate');
    if (existing.items.filter((e) => !isDeleting(e)).length >= MAX_CUSTOM_ROUTES) throw apiError('QuotaExceeded');
    if (p.DryRun) return {};
    const rec: RouteEntryRecord = {
      id: newId('rte', ctx.now),
      kind: 'VbrRouteEntry',
      accountId: ctx.accountId,
      regionId: vbr.regionId,
      parentId: vbr.id,
      vbrId: vbr.id,
      status: 'Pending',
      dueAt: null,
      data: {
        RouteTableId: vbr.data.RouteTableId,
        DestinationCidrBlock: cidr,
        DestinationCidrBlockAsGiven: p.DestinationCidrBlock,
        IpVersion: version,
        NextHopType: VBR_NEXT_HOP_TYPE,
        NextHopId: p.NextHopId,
        RouteEntryName: p.RouteEntryName ?? '',
        Description: p.Description ?? '',
        CreationTime: ctx.now,
        generation: 0,
        lastError: '',
        GmtModified: ctx.now,
      },
    };
    await saveDesired(ctx, rec, 'Pending', rec.data, true);
    return { RouteEntryId: rec.id };
  },
});

/** The entry DeleteRouteEntry names: by id, or by its table and destination (and next hop, when given). */
async function entryToDelete(
  ctx: WriteContext,
  p: { RouteTableId?: string; RouteEntryId?: string; DestinationCidrBlock?: string; NextHopId?: string },
): Promise<RouteEntryRecord> {
  if (given(p.RouteEntryId)) {
    const e = await ownEntry(ctx, p.RouteEntryId);
    if (!e || (given(p.RouteTableId) && e.data.RouteTableId !== p.RouteTableId)) throw apiError('InvalidRouteEntryId.NotFound');
    const current = await ctx.db.get<VbrRouteEntryData>('VbrRouteEntry', e.id);
    if (!current) throw apiError('InvalidRouteEntryId.NotFound');
    return current;
  }
  if (!given(p.RouteTableId)) throw apiError('MissingParameter', 'RouteTableId');
  const vbr = await requireTable(ctx, p.RouteTableId, 'InvalidRouteTableId.NotFound');
  const cidr = normalisedRouteCidr(p.DestinationCidrBlock!);
  const custom = await ctx.db.list<VbrRouteEntryData>({ kind: 'VbrRouteEntry', vbrId: vbr.id });
  const found = custom.items.find((e) => e.data.DestinationCidrBlock === cidr && (!given(p.NextHopId) || e.data.NextHopId === p.NextHopId));
  if (found) return found;
  // A system route (a peering subnet) cannot be deleted.
  if (systemRoutes(vbr.data).some((r) => r.cidr === cidr)) throw apiError('OperationDenied');
  throw apiError('InvalidRouteEntry.NotFound');
}

const deleteRouteEntry = writeAction({
  name: 'DeleteRouteEntry',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    RouteTableId: { type: 'string' },
    RouteEntryId: { type: 'string' },
    DestinationCidrBlock: { type: 'string' },
    NextHopId: { type: 'string' },
    NextHopList: { type: 'objects', fields: { NextHopId: 'string', NextHopType: 'string' }, maxItems: 8 },
    DryRun: { type: 'boolean' },
  },
  resource: async (ctx, p) => routeTableResourceArn(ctx, await tableIdOf(ctx, p)),
  locks: (ctx, p) => tableLock(ctx, p),
  async run(ctx, p) {
    if (given(p.RouteEntryId) && given(p.DestinationCidrBlock)) throw apiError('ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock');
    if (!given(p.RouteEntryId) && !given(p.DestinationCidrBlock)) throw apiError('MissingParameter', 'RouteEntryId');
    if ((p.NextHopList ?? []).length > 0) throw apiError('InvalidRouterType');
    const entry = await entryToDelete(ctx, p);
    if (isDeleting(entry)) return {};
    if (!isDeletable(entry)) throw apiError('IncorrectRouteEntryStatus');
    if (p.DryRun) return {};
    await saveDesired(ctx, entry, 'Deleting', entry.data);
    return {};
  },
});

const modifyRouteEntry = writeAction({
  name: 'ModifyRouteEntry',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    RouteEntryId: { type: 'string', required: true },
    RouteTableId: { type: 'string' },
    DestinationCidrBlock: { type: 'string' },
    RouteEntryName: { type: 'string' },
    Description: { type: 'string' },
    NewNextHopType: { type: 'string' },
    NewNextHopId: { type: 'string' },
    DryRun: { type: 'boolean' },
  },
  resource: async (ctx, p) => routeTableResourceArn(ctx, await tableIdOf(ctx, p)),
  locks: (ctx, p) => tableLock(ctx, p),
  async run(ctx, p) {
    const named = await ownEntry(ctx, p.RouteEntryId);
    const entry = named && (await ctx.db.get<VbrRouteEntryData>('VbrRouteEntry', named.id));
    if (!entry || (given(p.RouteTableId) && entry.data.RouteTableId !== p.RouteTableId)) throw apiError('InvalidRouteEntryId.NotFound');
    // A new next hop is for NetworkInterface and NatGateway routes of VPC tables; a VBR route keeps its interface.
    if (given(p.NewNextHopType) || given(p.NewNextHopId)) {
      if (given(p.NewNextHopType) && !['NetworkInterface', 'NatGateway'].includes(p.NewNextHopType))
        throw apiError('IllegealParam.NextHopType');
      throw apiError('UnsupportedFeature.NextHopType');
    }
    checkEntryTexts(p.RouteEntryName, p.Description);
    if (entry.status !== 'Available') throw apiError('IncorrectRouteEntryStatus');
    if (p.DryRun) return {};
    // Name and description are the API's alone: the data plane has nothing to change.
    await ctx.db.update({
      ...entry,
      data: {
        ...entry.data,
        RouteEntryName: p.RouteEntryName ?? entry.data.RouteEntryName,
        Description: p.Description ?? entry.data.Description,
        GmtModified: ctx.now,
      },
    });
    return {};
  },
});

export const routeEntryActions: ActionDef[] = [createRouteEntry, deleteRouteEntry, modifyRouteEntry];
