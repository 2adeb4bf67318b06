// The timed status changes of the emulated cloud (a circuit being allocated, enabled or terminated; a
// VBR being terminated, recovered or deleted): a record shows an in-between status until its dueAt,
// then the lifecycle loop completes the change. Both ends of that convention are here.
import type { ResourceRecord } from '../store/record.js';

/** The next status of a change that removes the record when it lands. */
export const REMOVED = 'gone';

/** Data of a kind whose records can carry a scheduled change. */
export interface Schedulable {
  /** Status to move to when dueAt passes. */
  nextStatus?: string;
}

export interface Transition<D extends Schedulable> {
  /** The status shown until the change is due. */
  status: string;
  /** The status it ends in (REMOVED deletes the record). */
  next: NonNullable<D['nextStatus']>;
  delayMs: number;
  /** Fields that record when the change lands (TerminationTime, EnabledTime…), written now. */
  stamp?: (dueAt: number) => Partial<D>;
}

/** The record with the change scheduled; the caller stores it. */
export function scheduleTransition<D extends Schedulable>(rec: ResourceRecord<D>, t: Transition<D>, now: number): ResourceRecord<D> {
  const dueAt = now + t.delayMs;
  return { ...rec, status: t.status, dueAt, data: { ...rec.data, ...t.stamp?.(dueAt), nextStatus: t.next } };
}

/** The record once its due change has landed, or null when the change removes it. */
export function completeTransition<D extends Schedulable>(rec: ResourceRecord<D>): ResourceRecord<D> | null {
  const next = rec.data.nextStatus;
  if (next === REMOVED) return null;
  const data = { ...rec.data };
  delete data.nextStatus;
  return { ...rec, status: next ?? rec.status, dueAt: null, data };
}
