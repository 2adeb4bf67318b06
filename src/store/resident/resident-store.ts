// The embedded engine's Store: SQLite keeps every change durably, and a copy of every resource is
// held in memory, so that reads of resources need no SQL, no row decoding and no JSON parsing, and
// SQLite needs no indexes to answer them (migration 7). Only one process writes the SQLite file (see
// sqlite/engine.ts), so the copy cannot fall behind.
//
// When the copy changes: a transaction's writes reach it once the transaction has committed, before
// its caller hears so. Reads outside transactions see the copy: the committed state. Reads inside a
// transaction must also see what that transaction, and the transactions committing in the same batch
// before it, wrote: they see the copy overlaid with those writes (writes.ts).
import type { NonceClaim, Store, StoreReader, StoreTx, LockKey } from '../store.js';
import type { SqlStore, SqlTx } from '../sql/sql-store.js';
import type {
  AuditEntry,
  BgpStatusChange,
  BgpStatusHistoryQuery,
  ClientTokenEntry,
  AuditQuery,
  IdempotencyEntry,
  ListQuery,
  ListResult,
  QuotaKeyQuery,
  ResourceKind,
  ResourceRecord,
} from '../record.js';
import { deepFreeze, inQuery, listFor, listsOf, page, RecordIndex, storedForm } from './record-index.js';
import { Writes } from './writes.js';

type Rec = ResourceRecord<unknown>;

const byId = (a: Rec, b: Rec) => (a.id < b.id ? -1 : 1);

/** Two lists in id order, as one. */
function merged(a: Rec[], b: Rec[]): Rec[] {
  if (b.length === 0) return a;
  const out: Rec[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) out.push(j === b.length || (i < a.length && a[i].id < b[j].id) ? a[i++] : b[j++]);
  return out;
}

/** The reads the copy does not answer, passed to SQLite: a transaction's own, or the committed state. */
abstract class SqlReads<S extends StoreReader> {
  constructor(protected readonly sql: S) {}

  countQuotaKey(q: QuotaKeyQuery): Promise<number> {
    return this.sql.countQuotaKey(q);
  }

  getIdempotency(accountId: string, action: string, token: string): Promise<IdempotencyEntry | undefined> {
    return this.sql.getIdempotency(accountId, action, token);
  }
}

class ResidentTx extends SqlReads<SqlTx> implements StoreTx {
  /** This transaction's writes: for the later transactions of its batch, then for the copy once it commits. */
  readonly own = new Writes();

  constructor(
    sql: SqlTx,
    private readonly store: ResidentStore,
  ) {
    super(sql);
  }

  /** The record as this transaction sees it: written by it, by an earlier one of the batch, or in the copy. */
  private current(id: string): Rec | undefined {
    let w = this.own.latest(id);
    if (w === undefined) w = this.store.pending.latest(id);
    return w === undefined ? this.store.copy.byAnyKind(id) : (w ?? undefined);
  }

  get<D>(kind: ResourceKind, id: string): Promise<ResourceRecord<D> | undefined> {
    const r = this.current(id);
    return Promise.resolve(r?.kind === kind ? (r as ResourceRecord<D>) : undefined);
  }

  list<D>(q: ListQuery): Promise<ListResult<D>> {
    const key = listFor(q);
    if (key === undefined) return this.sql.list<D>(q);
    const own = this.own.idsOn(key);
    const theirs = this.store.pending.idsOn(key);
    if (!own && !theirs) return Promise.resolve(this.store.copy.list<D>(q)!);
    const written = new Set([...(own ?? []), ...(theirs ?? [])]);
    const { offset: _offset, limit: _limit, ...everyMatch } = q;
    const kept = this.store.copy.list(everyMatch)!.items.filter((r) => !written.has(r.id));
    const added: Rec[] = [];
    for (const id of written) {
      const r = this.current(id);
      if (r && inQuery(r, q)) added.push(r);
    }
    return Promise.resolve(page<D>(merged(kept, added.sort(byId)), q));
  }

  async insert(r: Rec): Promise<void> {
    const data = JSON.stringify(r.data);
    await this.sql.insert(r, data);
    const stored = storedForm(r, data);
    this.own.set(r.id, stored, listsOf(stored));
  }

  async update(r: Rec): Promise<void> {
    const data = JSON.stringify(r.data);
    await this.sql.update(r, data);
    const stored = storedForm(r, data);
    this.own.set(r.id, stored, listsOf(stored));
  }

  async delete(r: Pick<Rec, 'id' | 'vbrId'>): Promise<void> {
    const id = r.id;
    const was = this.current(id);
    await this.sql.delete(r);
    this.own.set(id, null, was ? listsOf(was) : []);
  }

  putIdempotency(accountId: string, action: string, token: string, entry: IdempotencyEntry): Promise<void> {
    return this.sql.putIdempotency(accountId, action, token, entry);
  }

  audit(e: AuditEntry): Promise<void> {
    return this.sql.audit(e);
  }

  recordBgpStatus(e: BgpStatusChange): Promise<void> {
    return this.sql.recordBgpStatus(e);
  }
}

export class ResidentStore extends SqlReads<SqlStore> implements Store {
  readonly engine = 'sqlite' as const;
  /** The writes of the transactions of the open batch that finished; the batch has not committed yet. */
  readonly pending = new Writes();

  private constructor(
    sql: SqlStore,
    readonly copy: RecordIndex,
  ) {
    super(sql);
  }

  /** Loads every resource of the store into memory. */
  static async open(sql: SqlStore): Promise<ResidentStore> {
    const index = new RecordIndex();
    for (const r of await sql.everyResource()) index.put(deepFreeze(r));
    return new ResidentStore(sql, index);
  }

  get<D>(kind: ResourceKind, id: string): Promise<ResourceRecord<D> | undefined> {
    return Promise.resolve(this.copy.get<D>(kind, id));
  }

  list<D>(q: ListQuery): Promise<ListResult<D>> {
    const found = this.copy.list<D>(q);
    return found ? Promise.resolve(found) : this.sql.list<D>(q);
  }

  vbrIdsWith(kinds: readonly ResourceKind[], statuses: readonly string[]): Promise<string[]> {
    return Promise.resolve(this.copy.vbrIdsWith(kinds, statuses));
  }

  async transaction<T>(lockKeys: readonly LockKey[], fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    let tx: ResidentTx | undefined;
    try {
      const result = await this.sql.transaction(lockKeys, async (sqlTx) => {
        tx = new ResidentTx(sqlTx, this);
        const value = await fn(tx);
        // Nothing follows in this job on SQLite (it keeps no counts: sql-store.ts), so from here
        // it commits with its batch or not at all, and the batch's later transactions see its writes.
        this.pending.adopt(tx.own);
        return value;
      });
      for (const [id, w] of tx!.own.entries()) {
        if (w.rec) this.copy.put(w.rec, w.lists);
        else this.copy.remove(id);
      }
      return result;
    } finally {
      if (tx) this.pending.drop(tx.own);
    }
  }

  claimNonce(nonce: string, expiresAt: number): Promise<NonceClaim> {
    return this.sql.claimNonce(nonce, expiresAt);
  }

  due(now: number, limit: number): Promise<Rec[]> {
    return this.sql.due(now, limit);
  }

  listAudit(q: AuditQuery): Promise<AuditEntry[]> {
    return this.sql.listAudit(q);
  }

  listBgpStatusHistory(q: BgpStatusHistoryQuery): Promise<BgpStatusChange[]> {
    return this.sql.listBgpStatusHistory(q);
  }

  acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.sql.acquireLease(name, holder, ttlMs);
  }

  releaseLease(name: string, holder: string): Promise<void> {
    return this.sql.releaseLease(name, holder);
  }

  leaseHolders(names: readonly string[]): Promise<Map<string, string>> {
    return this.sql.leaseHolders(names);
  }

  prune(now: number): Promise<void> {
    return this.sql.prune(now);
  }

  listClientTokens(accountId?: string): Promise<ClientTokenEntry[]> {
    return this.sql.listClientTokens(accountId);
  }

  replaceClientTokens(accountId: string | undefined, entries: readonly ClientTokenEntry[]): Promise<void> {
    return this.sql.replaceClientTokens(accountId, entries);
  }

  clearBgpStatusHistory(accountId?: string): Promise<void> {
    return this.sql.clearBgpStatusHistory(accountId);
  }

  clearNonces(): Promise<void> {
    return this.sql.clearNonces();
  }

  tableSizes(): Promise<{ nonces: number; clientTokens: number }> {
    return this.sql.tableSizes();
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}
