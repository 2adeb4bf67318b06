// Timed transitions of the emulated cloud (circuits, VBRs): a resource whose dueAt has passed completes
// its scheduled change (domain/scheduled-transition.ts). BGP resources never carry a dueAt: the speaker
// reconciler settles them.
import { lockOfRecord } from '../domain/lock-keys.js';
import { completeTransition, type Schedulable } from '../domain/scheduled-transition.js';
import type { Store } from '../store/store.js';

export interface TimedDeps {
  store: Store;
  /** Called after a VBR changed status or vanished: the speaker must follow. */
  vbrChanged(vbrId: string): void;
}

/** One pass: advance everything due by `now`. */
export async function runTimedTransitions(deps: TimedDeps, now: number): Promise<void> {
  for (;;) {
    const due = await deps.store.due(now, 200);
    for (const rec of due) {
      await deps.store.transaction([lockOfRecord(rec)], async (tx) => {
        const cur = await tx.get<Schedulable>(rec.kind, rec.id);
        if (!cur || cur.dueAt === null || cur.dueAt > now) return; // changed meanwhile
        const next = completeTransition(cur);
        if (next) await tx.update(next);
        else await tx.delete(cur);
      });
      if (rec.kind === 'VirtualBorderRouter') deps.vbrChanged(rec.id);
    }
    if (due.length < 200) return;
  }
}
