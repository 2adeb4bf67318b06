// Timed transitions of the emulated cloud (circuits, VBRs): a resource whose dueAt has passed moves
// to data.nextStatus (or is deleted for 'gone'); kinds with multi-step chains supply their own
// advance. BGP resources never carry a dueAt: the speaker reconciler settles them.
import type { ResourceKind, ResourceRecord } from '../store/record.js';
import type { Store } from '../store/store.js';

/** Returns the record's next state, or null to delete it. */
export type Advance = (rec: ResourceRecord<Record<string, unknown>>, now: number) => ResourceRecord<Record<string, unknown>> | null;

export function defaultAdvance(rec: ResourceRecord<Record<string, unknown>>): ResourceRecord<Record<string, unknown>> | null {
  const next = rec.data.nextStatus as string | undefined;
  if (next === 'gone') return null;
  const data = { ...rec.data };
  delete data.nextStatus;
  return { ...rec, status: next ?? rec.status, dueAt: null, data };
}

export interface TimedDeps {
  store: Store;
  advances: Partial<Record<ResourceKind, Advance>>;
  /** Called after a VBR changed status or vanished: the speaker must follow. */
  vbrChanged(vbrId: string): void;
}

/** The same lock key the actions take for this resource, so a timed step never interleaves with one. */
function lockOf(rec: ResourceRecord<unknown>): string {
  if (rec.kind === 'PhysicalConnection') return `pconn:${rec.id}`;
  return rec.vbrId ? `vbr:${rec.vbrId}` : `res:${rec.id}`;
}

/** One pass: advance everything due by `now`. */
export async function runTimedTransitions(deps: TimedDeps, now: number): Promise<void> {
  for (;;) {
    const due = await deps.store.due(now, 200);
    for (const rec of due) {
      const advance = deps.advances[rec.kind] ?? defaultAdvance;
      await deps.store.transaction([lockOf(rec)], async (tx) => {
        const cur = await tx.get<Record<string, unknown>>(rec.kind, rec.id);
        if (!cur || cur.dueAt === null || cur.dueAt > now) return; // changed meanwhile
        const next = advance(cur, now);
        if (next) await tx.update(next);
        else await tx.delete(cur.id);
      });
      if (rec.kind === 'VirtualBorderRouter') deps.vbrChanged(rec.id);
    }
    if (due.length < 200) return;
  }
}
