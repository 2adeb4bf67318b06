// The resource a request names, if it is the caller's: of its account and in the request's region. An id
// of another account, or of another region, looks exactly like a missing one: Alibaba never tells a
// caller that someone else's resource exists.
import { apiError, type ErrorCode } from '../../errors/catalogue.js';
import type { ResourceKind, ResourceRecord } from '../../store/record.js';
import type { ReadContext } from '../action.js';

export async function findOwn<D>(ctx: ReadContext, kind: ResourceKind, id: string | undefined): Promise<ResourceRecord<D> | undefined> {
  if (!id) return undefined;
  const r = await ctx.db.get<D>(kind, id);
  return r && r.accountId === ctx.accountId && r.regionId === ctx.region?.regionId ? r : undefined;
}

/** The caller's resource, or the action's not-found error. */
export async function requireOwn<D>(
  ctx: ReadContext,
  kind: ResourceKind,
  id: string,
  notFound: ErrorCode,
  opts: { status?: number; message?: string } = {},
): Promise<ResourceRecord<D>> {
  const r = await findOwn<D>(ctx, kind, id);
  if (!r) throw apiError(notFound, undefined, opts);
  return r;
}
