// What the route-table actions share: finding a VBR by its route table, the table's ARN, and the
// entries a VBR route table holds (its system routes, its custom routes, the routes its BGP peers learned).
import { routeTableArn } from '../../auth/policy/index.js';
import { apiError } from '../../errors/catalogue.js';
import { isoSeconds } from '../../domain/ids.js';
import type { BgpPeerData, VbrAssociation, VbrData, VbrRouteEntryData } from '../../domain/model.js';
import { interfaceHolding, interfacesOf, systemRoutes, VBR_NEXT_HOP_TYPE, type RouteEntryType } from '../../domain/route-table.js';
import type { IpVersion } from '../../speaker/speaker.js';
import type { ResourceRecord } from '../../store/record.js';
import type { Body, ReadContext } from '../action.js';

export type VbrRecord = ResourceRecord<VbrData>;
export type RouteEntryRecord = ResourceRecord<VbrRouteEntryData>;

/** The route table's RAM resource; the wildcard form when the request names none. */
export function routeTableResourceArn(ctx: ReadContext, id?: string | null): string {
  return routeTableArn(ctx.region?.regionId ?? '*', ctx.accountId, id || '*');
}

const tables = new WeakMap<ReadContext, Map<string, Promise<VbrRecord | undefined>>>();

/**
 * The caller's VBR (in the request's region) whose route table this is, or undefined. A VBR's table is
 * not a record of its own: the account's VBRs are few, and a table lives and dies with its VBR. Read once
 * per request for resource() and locks(); run() reads again inside its transaction.
 */
export function vbrOfTable(ctx: ReadContext, routeTableId: string | undefined, fresh = false): Promise<VbrRecord | undefined> {
  if (!routeTableId) return Promise.resolve(undefined);
  let reads = tables.get(ctx);
  if (!reads) tables.set(ctx, (reads = new Map<string, Promise<VbrRecord | undefined>>()));
  let read = fresh ? undefined : reads.get(routeTableId);
  if (!read) {
    read = ctx.db
      .list<VbrData>({ kind: 'VirtualBorderRouter', accountId: ctx.accountId, regionId: ctx.region?.regionId })
      .then((r) => r.items.find((v) => v.data.RouteTableId === routeTableId));
    reads.set(routeTableId, read);
  }
  return read;
}

/** The caller's VBR whose route table this is, read in the transaction, or the action's not-found error. */
export async function requireTable(
  ctx: ReadContext,
  routeTableId: string,
  notFound: 'InvalidRouteTable.NotFound' | 'InvalidRouteTableId.NotFound',
): Promise<VbrRecord> {
  const vbr = await vbrOfTable(ctx, routeTableId, true);
  if (!vbr) throw apiError(notFound);
  return vbr;
}

/** One entry of a VBR route table, whatever made it. */
export interface TableEntry {
  type: Extract<RouteEntryType, 'System' | 'Custom' | 'BGP'>;
  id: string;
  cidr: string;
  /** The destination as the caller wrote it (custom routes), else the prefix. */
  shown: string;
  version: IpVersion;
  name: string;
  description: string;
  status: string;
  /** The VBR's router interface the route leaves by. */
  via: VbrAssociation;
  origin: 'SystemCreate' | 'CustomCreate' | 'RoutePropagation';
  modified: number;
}

/**
 * Every entry of the VBR's table, in a stable order: system routes (the peering subnets), custom routes in
 * creation order, then BGP routes per peer as the speaker reported them. Learned routes are shown only while
 * the store's session state is vouched for, as DescribeBgpPeers shows sessions.
 */
export async function tableEntries(ctx: ReadContext, vbr: VbrRecord): Promise<TableEntry[]> {
  const out: TableEntry[] = systemRoutes(vbr.data).map((r) => ({
    type: 'System',
    id: '',
    cidr: r.cidr,
    shown: r.cidr,
    version: r.version,
    name: '',
    description: '',
    status: 'Available',
    via: r.via,
    origin: 'SystemCreate',
    modified: vbr.data.CreationTime,
  }));
  const custom = await ctx.db.list<VbrRouteEntryData>({ kind: 'VbrRouteEntry', vbrId: vbr.id });
  const interfaces = interfacesOf(vbr.data);
  for (const e of custom.items) {
    out.push({
      type: 'Custom',
      id: e.id,
      cidr: e.data.DestinationCidrBlock,
      shown: e.data.DestinationCidrBlockAsGiven,
      version: e.data.IpVersion,
      name: e.data.RouteEntryName,
      description: e.data.Description,
      status: e.status,
      via: interfaces.find((a) => a.VlanInterfaceId === e.data.NextHopId) ?? vbr.data,
      origin: 'CustomCreate',
      modified: e.data.GmtModified,
    });
  }
  if (!(await ctx.services.sessionsVerified())) return out;
  const peers = await ctx.db.list<BgpPeerData>({ kind: 'BgpPeer', vbrId: vbr.id });
  for (const p of peers.items) {
    if (p.data.BgpStatus !== 'Established') continue;
    for (const r of p.data.learnedRoutes ?? []) {
      out.push({
        type: 'BGP',
        id: '',
        cidr: r.prefix,
        shown: r.prefix,
        version: r.prefix.includes(':') ? 'IPv6' : 'IPv4',
        name: '',
        description: '',
        status: 'Available',
        via: interfaceHolding(vbr.data, r.nextHop),
        origin: 'RoutePropagation',
        modified: p.data.GmtModified,
      });
    }
  }
  return out;
}

/** The next hop of an entry as DescribeRouteEntryList writes it: the VBR's router interface on a circuit. */
export function renderNextHop(ctx: ReadContext, e: TableEntry): Body {
  const region = ctx.region?.regionId ?? '';
  return {
    NextHopType: VBR_NEXT_HOP_TYPE,
    NextHopId: e.via.VlanInterfaceId,
    NextHopRegionId: region,
    Weight: 0,
    Enabled: 1,
    NextHopRelatedInfo: { InstanceId: e.via.PhysicalConnectionId, InstanceType: 'PCONN', RegionId: region },
  };
}

/** One RouteEntry of DescribeRouteEntryList. */
export function renderEntry(ctx: ReadContext, vbr: VbrRecord, e: TableEntry): Body {
  return {
    RouteEntryId: e.id,
    RouteTableId: vbr.data.RouteTableId,
    RouteEntryName: e.name,
    Description: e.description,
    Type: e.type,
    Status: e.status,
    IpVersion: e.version === 'IPv6' ? 'ipv6' : 'ipv4',
    DestinationCidrBlock: e.shown,
    GmtModified: isoSeconds(e.modified),
    ServiceType: '',
    Origin: e.origin,
    NextHops: { NextHop: [renderNextHop(ctx, e)] },
  };
}
