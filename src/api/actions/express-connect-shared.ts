// What the circuit and VBR actions share: Alibaba's wording for an unknown region, the service gate, time
// rendering, and the resource group a resource is created in and shown in.
import { apiError } from '../../errors/catalogue.js';
import { given } from '../../domain/express-connect-text.js';
import { isoSeconds } from '../../domain/ids.js';
import { defaultResourceGroupId, isResourceGroupOf, resourceGroupOf } from '../../domain/resource-groups.js';
import type { ResourceRecord } from '../../store/record.js';
import { isPhysicalConnectionServiceOpen } from '../../domain/physical-connection.js';
import type { ReadContext } from '../action.js';

/** InvalidRegionId.NotFound's message on most circuit and VBR actions (create/modify VBR word it differently). */
export const REGION_MESSAGE = 'The RegionId provided does not exist in our records.';

/** Circuits and VBRs need the account's physical connection service opened first. */
export async function requireServiceOpen(ctx: ReadContext): Promise<void> {
  if (!(await isPhysicalConnectionServiceOpen(ctx.db, ctx.services.seed, ctx.accountId)))
    throw apiError('OperationFailed.PconnTrafficNotEnable');
}

/** Accounts vbrd knows: the root account and the seed's accounts. */
export function isKnownAccount(ctx: ReadContext, accountId: string): boolean {
  return ctx.services.config.root.accountId === accountId || ctx.services.seed.accounts.some((a) => a.accountId === accountId);
}

/** A time field of a Describe answer: ISO seconds, or '' while the event has not happened. */
export function timeOrEmpty(ms: number | null | undefined): string {
  return ms ? isoSeconds(ms) : '';
}

/**
 * The resource group a new resource of `accountId` goes into: the requested one, which must be that
 * account's, or the account's default. `unknown` is the action's code for a group it does not have.
 */
export function resourceGroupFor(
  ctx: ReadContext,
  requested: string | undefined,
  accountId: string,
  unknown: 'InvalidResourceGroupId' | 'IllegalParam.ResourceGroupId',
): string {
  const seed = ctx.services.seed;
  if (!given(requested)) return defaultResourceGroupId(seed, accountId);
  if (!isResourceGroupOf(seed, accountId, requested)) throw apiError(unknown);
  return requested;
}

/** The record as the API shows it: in its resource group, also when it was stored without one. */
export function withResourceGroup<D extends { ResourceGroupId: string }>(
  ctx: ReadContext,
  rec: ResourceRecord<D>,
  groupAccountId = rec.accountId,
): ResourceRecord<D> {
  const shown = resourceGroupOf(ctx.services.seed, groupAccountId, rec.data.ResourceGroupId);
  return shown === rec.data.ResourceGroupId ? rec : { ...rec, data: { ...rec.data, ResourceGroupId: shown } };
}
