// What a mutation changed that the control loops must hear of once it commits: the VBRs whose desired
// state it wrote (the data plane follows them) and the earliest scheduled change it wrote (the lifecycle
// loop wakes for it). Noted from the writes themselves, so no action has to remember to tell.
import type { ResourceRecord } from '../store/record.js';
import type { StoreTx } from '../store/store.js';

export interface Changes {
  vbrIds: Set<string>;
  /** The earliest dueAt written, if any. */
  dueAt?: number;
}

/** `tx`, noting into `changes` what each write touches. */
export function noteChanges(tx: StoreTx, changes: Changes): StoreTx {
  const note = (r: Pick<ResourceRecord<unknown>, 'vbrId'> & { dueAt?: number | null }) => {
    if (r.vbrId !== null) changes.vbrIds.add(r.vbrId);
    if (r.dueAt != null && (changes.dueAt === undefined || r.dueAt < changes.dueAt)) changes.dueAt = r.dueAt;
  };
  return {
    get: (kind, id) => tx.get(kind, id),
    list: (q) => tx.list(q),
    countQuotaKey: (q) => tx.countQuotaKey(q),
    getIdempotency: (accountId, action, token) => tx.getIdempotency(accountId, action, token),
    putIdempotency: (accountId, action, token, entry) => tx.putIdempotency(accountId, action, token, entry),
    audit: (e) => tx.audit(e),
    recordBgpStatus: (e) => tx.recordBgpStatus(e),
    insert: (r) => {
      note(r);
      return tx.insert(r);
    },
    update: (r) => {
      note(r);
      return tx.update(r);
    },
    delete: (r) => {
      note(r);
      return tx.delete(r);
    },
  };
}
