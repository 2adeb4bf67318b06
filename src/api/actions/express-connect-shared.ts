// What the circuit and VBR actions share: Alibaba's wording for an unknown region, the service gate, and time rendering.
import { apiError } from '../../errors/catalogue.js';
import { isoSeconds } from '../../domain/ids.js';
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
