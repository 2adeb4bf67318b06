// DescribeRouteTables, DescribeRouteTableList, DescribeRouteEntryList for VBR route tables. vbrd models
// no VPCs: a request for VRouter tables finds none. Each VBR has exactly one table (VbrData.RouteTableId).
import { apiError } from '../../errors/catalogue.js';
import { checkPaging, pageOf } from '../../domain/paging.js';
import { normalisedRouteCidr, ROUTE_ENTRY_TYPES, VBR_NEXT_HOP_TYPE } from '../../domain/route-table.js';
import { given } from '../../domain/express-connect-text.js';
import type { VbrData } from '../../domain/model.js';
import { readAction, type ActionDef, type Body, type ReadContext } from '../action.js';
import { pagingParams } from './param-groups.js';
import { timeOrEmpty } from './express-connect-shared.js';
import { renderEntry, requireTable, routeTableResourceArn, tableEntries, type TableEntry, type VbrRecord } from './route-table-shared.js';

const ROUTER_TYPES = ['VRouter', 'VBR'];

/** Whether the request asks for VBR tables: RouterType VBR, or none given (vbrd has no other kind). */
function asksForVbrTables(routerType: string | undefined, vpcId?: string): boolean {
  if (given(routerType) && !ROUTER_TYPES.includes(routerType)) throw apiError('InvalidParameter', 'RouterType');
  if (given(vpcId)) return false; // a VpcId makes it a VRouter question
  return routerType !== 'VRouter';
}

interface TableQuery {
  routerId?: string;
  routeTableId?: string;
  routeTableName?: string;
  resourceGroupId?: string;
  routeTableType?: string;
  tagged?: boolean;
}

/** The caller's VBRs in the region whose tables match; a VBR table has no name and no tags of its own. */
async function matchingTables(ctx: ReadContext, q: TableQuery): Promise<VbrRecord[]> {
  if (given(q.routeTableName) || q.tagged || (given(q.routeTableType) && q.routeTableType !== 'System')) return [];
  const vbrs = await ctx.db.list<VbrData>({
    kind: 'VirtualBorderRouter',
    accountId: ctx.accountId,
    regionId: ctx.region!.regionId,
    ids: given(q.routerId) ? [q.routerId] : undefined,
  });
  return vbrs.items.filter(
    (v) =>
      (!given(q.routeTableId) || v.data.RouteTableId === q.routeTableId) &&
      (!given(q.resourceGroupId) || v.data.ResourceGroupId === q.resourceGroupId),
  );
}

const describeRouteTableList = readAction({
  name: 'DescribeRouteTableList',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    RouterType: { type: 'string' },
    RouterId: { type: 'string' },
    VpcId: { type: 'string' },
    RouteTableId: { type: 'string' },
    RouteTableName: { type: 'string' },
    RouteTableType: { type: 'string' },
    ResourceGroupId: { type: 'string' },
    Tag: { type: 'objects', fields: { Key: 'string', Value: 'string' }, maxItems: 21 },
    ...pagingParams,
  },
  resource: (ctx, p) => routeTableResourceArn(ctx, p.RouteTableId),
  async run(ctx, p) {
    const paging = checkPaging(p.PageNumber, p.PageSize);
    const all = asksForVbrTables(p.RouterType, p.VpcId)
      ? await matchingTables(ctx, {
          routerId: p.RouterId,
          routeTableId: p.RouteTableId,
          routeTableName: p.RouteTableName,
          resourceGroupId: p.ResourceGroupId,
          routeTableType: p.RouteTableType,
          tagged: (p.Tag ?? []).length > 0,
        })
      : [];
    return {
      PageNumber: paging.page,
      PageSize: paging.size,
      TotalCount: all.length,
      RouterTableList: {
        RouterTableListType: pageOf(all, paging).map((v) => ({
          RouteTableId: v.data.RouteTableId,
          RouteTableName: '',
          RouteTableType: 'System',
          RouterType: 'VBR',
          RouterId: v.id,
          VpcId: '',
          Description: '',
          Status: 'Available',
          CreationTime: timeOrEmpty(v.data.CreationTime),
          OwnerId: Number(v.accountId),
          ResourceGroupId: v.data.ResourceGroupId,
          AssociateType: '',
          RoutePropagationEnable: true,
          Tags: { Tag: [] },
          VSwitchIds: { VSwitchId: [] },
          GatewayIds: { GatewayIds: [] },
        })),
      },
    };
  },
});

const describeRouteTables = readAction({
  name: 'DescribeRouteTables',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    VRouterId: { type: 'string' },
    RouteTableId: { type: 'string' },
    RouterType: { type: 'string' },
    RouterId: { type: 'string' },
    Type: { type: 'string' },
    RouteTableName: { type: 'string' },
    ResourceGroupId: { type: 'string' },
    ...pagingParams,
  },
  resource: (ctx, p) => routeTableResourceArn(ctx, p.RouteTableId),
  async run(ctx, p) {
    const paging = checkPaging(p.PageNumber, p.PageSize);
    if (given(p.Type) && !(ROUTE_ENTRY_TYPES as readonly string[]).includes(p.Type)) throw apiError('InvalidParameter', 'Type');
    // A VBR is the router of its table: VRouterId names it as well as RouterId does.
    const routerId = given(p.RouterId) ? p.RouterId : p.VRouterId;
    const all = asksForVbrTables(p.RouterType)
      ? await matchingTables(ctx, {
          routerId,
          routeTableId: p.RouteTableId,
          routeTableName: p.RouteTableName,
          resourceGroupId: p.ResourceGroupId,
        })
      : [];
    const tables: Body[] = [];
    for (const v of pageOf(all, paging)) {
      const entries = (await tableEntries(ctx, v)).filter((e) => !given(p.Type) || e.type === p.Type);
      tables.push({
        RouteTableId: v.data.RouteTableId,
        RouteTableType: 'System',
        VRouterId: v.id,
        Status: 'Available',
        CreationTime: timeOrEmpty(v.data.CreationTime),
        ResourceGroupId: v.data.ResourceGroupId,
        RouteEntrys: {
          RouteEntry: entries.map((e) => ({
            RouteEntryId: e.id,
            RouteTableId: v.data.RouteTableId,
            RouteEntryName: e.name,
            Description: e.description,
            Type: e.type,
            Status: e.status,
            DestinationCidrBlock: e.shown,
            NextHopType: VBR_NEXT_HOP_TYPE,
            InstanceId: e.via.VlanInterfaceId,
            NextHops: { NextHop: [{ NextHopType: VBR_NEXT_HOP_TYPE, NextHopId: e.via.VlanInterfaceId, Weight: 0, Enabled: 1 }] },
          })),
        },
        VSwitchIds: { VSwitchId: [] },
      });
    }
    return { PageNumber: paging.page, PageSize: paging.size, TotalCount: all.length, RouteTables: { RouteTable: tables } };
  },
});

/** DescribeRouteEntryList's MaxResult: 1–100, 10 when absent. */
const MAX_RESULT = { default: 10, max: 100 };

const describeRouteEntryList = readAction({
  name: 'DescribeRouteEntryList',
  product: 'vpc',
  params: {
    RegionId: { type: 'string', required: true },
    RouteTableId: { type: 'string', required: true },
    RouteEntryId: { type: 'string' },
    DestinationCidrBlock: { type: 'string' },
    DestCidrBlockList: { type: 'strings', maxItems: 50 },
    RouteEntryName: { type: 'string' },
    IpVersion: { type: 'string' },
    RouteEntryType: { type: 'string' },
    NextHopId: { type: 'string' },
    NextHopType: { type: 'string' },
    ServiceType: { type: 'string' },
    MaxResult: { type: 'integer' },
    NextToken: { type: 'string' },
  },
  resource: (ctx, p) => routeTableResourceArn(ctx, p.RouteTableId),
  async run(ctx, p) {
    if (given(p.RouteEntryType) && !(ROUTE_ENTRY_TYPES as readonly string[]).includes(p.RouteEntryType))
      throw apiError('IllegalParam.RouteEntryType');
    const version = given(p.IpVersion) ? p.IpVersion.toLowerCase() : undefined;
    if (version !== undefined && version !== 'ipv4' && version !== 'ipv6') throw apiError('IllegalParam.IpVersion');
    const max = p.MaxResult ?? MAX_RESULT.default;
    if (max < 1 || max > MAX_RESULT.max) throw apiError('InvalidParameter', 'MaxResult');
    const offset = given(p.NextToken) ? Number(p.NextToken) : 0;
    if (!/^\d+$/.test(p.NextToken ?? '0') || !Number.isSafeInteger(offset)) throw apiError('IllegalParam.NextToken');
    const vbr = await requireTable(ctx, p.RouteTableId, 'InvalidRouteTable.NotFound');
    const cidrs = [...(given(p.DestinationCidrBlock) ? [p.DestinationCidrBlock] : []), ...(p.DestCidrBlockList ?? [])].map(
      normalisedRouteCidr,
    );
    const matches = (e: TableEntry) =>
      (!given(p.RouteEntryId) || e.id === p.RouteEntryId) &&
      (cidrs.length === 0 || cidrs.includes(e.cidr)) &&
      (!given(p.RouteEntryName) || e.name === p.RouteEntryName) &&
      (version === undefined || e.version.toLowerCase() === version) &&
      (!given(p.RouteEntryType) || e.type === p.RouteEntryType) &&
      (!given(p.NextHopId) || e.via.VlanInterfaceId === p.NextHopId) &&
      (!given(p.NextHopType) || p.NextHopType === VBR_NEXT_HOP_TYPE) &&
      // No VBR route is managed by a transit router.
      !given(p.ServiceType);
    const all = (await tableEntries(ctx, vbr)).filter(matches);
    if (offset > all.length) throw apiError('IllegalParam.NextToken');
    const end = offset + max;
    return {
      NextToken: end < all.length ? String(end) : '',
      TotalCount: all.length,
      RouteEntrys: { RouteEntry: all.slice(offset, end).map((e) => renderEntry(ctx, vbr, e)) },
    };
  },
});

export const routeTableReadActions: ActionDef[] = [describeRouteTables, describeRouteTableList, describeRouteEntryList];
