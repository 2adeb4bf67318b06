// The paging DescribeBgpGroups, DescribeBgpPeers and DescribeBgpNetworks share.
import { checkPaging } from '../../domain/paging.js';
import type { ResourceRecord } from '../../store/record.js';
import type { ReadContext } from '../action.js';

/**
 * One page of the caller's BGP groups, peers or networks in the request's region, optionally narrowed to a VBR, a
 * group (peers) and one id, with the paging fields of the answer. vbrd makes no default groups or peers:
 * asking for default ones only (IsDefault=true) finds none.
 */
export async function bgpPage<D>(
  ctx: ReadContext,
  kind: 'BgpGroup' | 'BgpPeer' | 'BgpNetwork',
  p: { PageNumber?: number; PageSize?: number; IsDefault?: boolean; RouterId?: string },
  narrow: { id?: string; groupId?: string },
): Promise<{ items: ResourceRecord<D>[]; page: { PageNumber: number; PageSize: number; TotalCount: number } }> {
  const paging = checkPaging(p.PageNumber, p.PageSize);
  const r =
    p.IsDefault === true
      ? { items: [], total: 0 }
      : await ctx.db.list<D>({
          kind,
          accountId: ctx.accountId,
          regionId: ctx.region!.regionId,
          vbrId: p.RouterId,
          parentId: narrow.groupId,
          ids: narrow.id === undefined ? undefined : [narrow.id],
          limit: paging.size,
          offset: (paging.page - 1) * paging.size,
        });
  return { items: r.items, page: { PageNumber: paging.page, PageSize: paging.size, TotalCount: r.total } };
}
