// The timed status changes of the emulated cloud (a circuit being allocated, enabled or terminated; a VBR
// being terminated, recovered or deleted): the record shows an in-between status now, and the lifecycle
// loop (reconcile/timed.ts) moves it to data.nextStatus once dueAt has passed.
import type { ResourceRecord } from '../../store/record.js';
import type { WriteContext } from '../action.js';

export interface Transition<D extends { nextStatus?: string }> {
  /** The status shown until the change is due. */
  status: string;
  /** The status it ends in ('gone' deletes the record). */
  next: D['nextStatus'];
  delayMs: number;
  /** Fields that record when the change lands (TerminationTime, EnabledTime…). */
  stamp?: (dueAt: number) => Partial<D>;
}

/**
 * The record with the transition scheduled; the caller stores it. Once committed the lifecycle loop is told
 * the due time, so the change lands on time instead of at the loop's next poll.
 */
export function scheduleTransition<D extends { nextStatus?: string }>(
  ctx: WriteContext,
  rec: ResourceRecord<D>,
  t: Transition<D>,
): ResourceRecord<D> {
  const dueAt = ctx.now + t.delayMs;
  ctx.afterCommit(() => ctx.services.notify({ dueAt }));
  return { ...rec, status: t.status, dueAt, data: { ...rec.data, ...t.stamp?.(dueAt), nextStatus: t.next } };
}
