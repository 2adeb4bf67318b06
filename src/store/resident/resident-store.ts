// The embedded engine's Store: SQLite keeps every change durably, and a copy of every resource is
// held in memory, so that reads of resources need no SQL, no row decoding and no JSON parsing.
// Only one process writes the SQLite file (see sqlite/engine.ts), so the copy cannot fall behind.
//
// When the copy changes: a transaction's writes reach it once the transaction has committed, before
// its caller hears so. Reads outside transactions see the copy: the committed state. Reads inside a
// transaction must also see what that transaction, and the transactions committing in the same batch
// before it, wrote; so every write marks its record, its kind and its kind under its VBR until its
// transaction settles, and a read inside a transaction that meets a mark asks SQLite instead.
import type { Store, StoreReader, StoreTx } from '../store.js';
import type { SqlStore, SqlTx } from '../sql/sql-store.js';
import type { AuditEntry, AuditQuery, IdempotencyEntry, ListQuery, ListResult, QuotaKeyQuery, ResourceKind, ResourceRecord } from '../record.js';
import { deepFreeze, RecordIndex, storedForm } from './record-index.js';

type Rec = ResourceRecord<unknown>;

/** What a write marks: the record, its kind and its kind under its VBR. */
function marksOf(r: Rec): string[] {
  return r.vbrId === null ? [r.id, `k|${r.kind}`] : [r.id, `k|${r.kind}`, `v|${r.kind}|${r.vbrId}`];
}

/** The mark that covers every record a list query may return: its kind under its VBR, or its kind. */
function markFor(q: ListQuery): string {
  return q.vbrId === undefined ? `k|${q.kind}` : `v|${q.kind}|${q.vbrId}`;
}

/** The reads the copy does not answer, passed to SQLite: a transaction's own, or the committed state. */
abstract class SqlReads<S extends StoreReader> {
  constructor(protected readonly sql: S) {}

  vbrIdsWith(kinds: ResourceKind[], statuses: string[]): Promise<string[]> {
    return this.sql.vbrIdsWith(kinds, statuses);
  }

  countQuotaKey(q: QuotaKeyQuery): Promise<number> {
    return this.sql.countQuotaKey(q);
  }

  getIdempotency(accountId: string, action: string, token: string): Promise<IdempotencyEntry | undefined> {
    return this.sql.getIdempotency(accountId, action, token);
  }
}

class ResidentTx extends SqlReads<SqlTx> implements StoreTx {
  /** This transaction's writes, by id (null: deleted), for the copy once it commits. */
  readonly changes = new Map<string, Rec | null>();
  /** The marks this transaction set, to clear when it settles. */
  readonly marks: string[] = [];

  constructor(sql: SqlTx, private readonly store: ResidentStore) {
    super(sql);
  }

  get<D>(kind: ResourceKind, id: string): Promise<ResourceRecord<D> | undefined> {
    return this.store.marked(id) ? this.sql.get<D>(kind, id) : Promise.resolve(this.store.copy.get<D>(kind, id));
  }

  list<D>(q: ListQuery): Promise<ListResult<D>> {
    const found = this.store.marked(markFor(q)) ? undefined : this.store.copy.list<D>(q);
    return found ? Promise.resolve(found) : this.sql.list<D>(q);
  }

  private wrote(id: string, r: Rec | null, was: Rec | undefined): void {
    this.changes.set(id, r);
    this.store.mark(this.marks, was ? marksOf(was) : [id]);
  }

  async insert(r: Rec): Promise<void> {
    const data = JSON.stringify(r.data);
    await this.sql.insert(r, data);
    const stored = storedForm(r, data);
    this.wrote(r.id, stored, stored);
  }

  async update(r: Rec): Promise<void> {
    const data = JSON.stringify(r.data);
    await this.sql.update(r, data);
    const stored = storedForm(r, data);
    this.wrote(r.id, stored, stored);
  }

  async delete(id: string): Promise<void> {
    // What it was: this transaction's own write, or the copy. A record written by an earlier
    // transaction of the batch is in neither, but that transaction still holds the same marks.
    const was = this.changes.get(id) ?? this.store.copy.byAnyKind(id);
    await this.sql.delete(id);
    this.wrote(id, null, was);
  }

  putIdempotency(accountId: string, action: string, token: string, entry: IdempotencyEntry): Promise<void> {
    return this.sql.putIdempotency(accountId, action, token, entry);
  }

  audit(e: AuditEntry): Promise<void> {
    return this.sql.audit(e);
  }
}

export class ResidentStore extends SqlReads<SqlStore> implements Store {
  readonly engine = 'sqlite' as const;
  /** The marks (marksOf) of transactions that have not settled, with how many hold each. */
  private readonly marks = new Map<string, number>();

  private constructor(sql: SqlStore, readonly copy: RecordIndex) {
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

  marked(key: string): boolean {
    return this.marks.has(key);
  }

  mark(held: string[], keys: string[]): void {
    for (const k of keys) {
      this.marks.set(k, (this.marks.get(k) ?? 0) + 1);
      held.push(k);
    }
  }

  private unmark(held: string[]): void {
    for (const k of held) {
      const n = this.marks.get(k)! - 1;
      if (n === 0) this.marks.delete(k);
      else this.marks.set(k, n);
    }
  }

  async transaction<T>(lockKeys: string[], fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    let tx: ResidentTx | undefined;
    try {
      const result = await this.sql.transaction(lockKeys, (sqlTx) => fn(tx = new ResidentTx(sqlTx, this)));
      for (const [id, r] of tx!.changes) {
        if (r) this.copy.put(r);
        else this.copy.remove(id);
      }
      return result;
    } finally {
      if (tx) this.unmark(tx.marks);
    }
  }

  claimNonce(nonce: string, expiresAt: number): Promise<boolean> {
    return this.sql.claimNonce(nonce, expiresAt);
  }

  due(now: number, limit: number): Promise<Rec[]> {
    return this.sql.due(now, limit);
  }

  listAudit(q: AuditQuery): Promise<AuditEntry[]> {
    return this.sql.listAudit(q);
  }

  acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return this.sql.acquireLease(name, holder, ttlMs);
  }

  releaseLease(name: string, holder: string): Promise<void> {
    return this.sql.releaseLease(name, holder);
  }

  prune(now: number): Promise<void> {
    return this.sql.prune(now);
  }

  close(): Promise<void> {
    return this.sql.close();
  }
}
