// What the RAM actions share: the account-wide lock, ARNs, paging by Marker, and the wire renderings.
import { apiError } from '../../../errors/catalogue.js';
import { isoSeconds } from '../../../domain/ids.js';
import type { ReadContext } from '../../action.js';
import { ramPolicyArn, ramPolicyWildcardArn, ramUserArn, ramUserWildcardArn, type PolicyType } from '../../../auth/policy/index.js';
import type { UserRecord } from '../../../auth/ram/lookup.js';
import { lockKeys } from '../../../domain/lock-keys.js';
import type { LockKey } from '../../../store/store.js';

/** RAM writes of one account serialize on one lock: names must stay unique and counts within limits. */
export const accountLock = (ctx: ReadContext): LockKey[] => [lockKeys.ram(ctx.accountId)];

export const userArn = (ctx: ReadContext, userName: string | undefined): string =>
  userName ? ramUserArn(ctx.accountId, userName) : ramUserWildcardArn(ctx.accountId);

export const policyArn = (ctx: ReadContext, name: string | undefined, type: string | undefined): string =>
  name ? ramPolicyArn(ctx.accountId, name, type === 'System' ? 'System' : ('Custom' as PolicyType)) : ramPolicyWildcardArn(ctx.accountId);

/** The user an AccessKey action is about: the named one, or the calling RAM user itself. */
export function targetUserName(ctx: ReadContext, userName: string | undefined): string {
  const name = userName || ctx.principal.userName;
  if (!name) throw apiError('MissingParameter', 'UserName');
  return name;
}

export function checkMaxItems(n: number | undefined): number {
  if (n === undefined) return 100;
  if (n < 1 || n > 1000) throw apiError('InvalidParameter', 'MaxItems');
  return n;
}

/** Marker paging over items in creation order: the marker is the id of the first item not yet returned. */
export function pageByMarker<T>(items: T[], idOf: (t: T) => string, marker: string | undefined, max: number): { page: T[]; next?: string } {
  const start = marker ? items.findIndex((t) => idOf(t) === marker) : 0;
  if (start < 0) throw apiError('InvalidParameter', 'Marker');
  const page = items.slice(start, start + max);
  const rest = items[start + max];
  return { page, next: rest ? idOf(rest) : undefined };
}

export function renderUser(u: UserRecord, withUpdate = true): Record<string, string> {
  const d = u.data;
  return {
    UserId: u.id,
    UserName: d.UserName,
    DisplayName: d.DisplayName,
    Comments: d.Comments,
    Email: d.Email,
    MobilePhone: d.MobilePhone,
    CreateDate: isoSeconds(d.CreateDate),
    ...(withUpdate ? { UpdateDate: isoSeconds(d.UpdateDate) } : {}),
  };
}
