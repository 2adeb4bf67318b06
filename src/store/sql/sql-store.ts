// The Store written once in portable SQL over any SqlEngine.
import type { NonceClaim, Store, StoreReader, StoreTx, LockKey } from '../store.js';
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
  RecordIndexing,
} from '../record.js';
import type { SqlConn, SqlEngine, SqlValue } from './engine.js';

const COLUMN_NAMES = ['id', 'kind', 'account_id', 'region_id', 'parent_id', 'vbr_id', 'status', 'due_at', 'data'] as const;
const COLUMNS = COLUMN_NAMES.join(', ');
type Column = (typeof COLUMN_NAMES)[number];

const FIXABLE = ['kind', 'account_id', 'region_id', 'parent_id', 'vbr_id'] as const;

/** Identity columns a query may fix by equality, so that its rows need not carry them. */
type Fixed = Partial<Record<(typeof FIXABLE)[number], string>>;

/**
 * The select list of a resource query and how to read its rows into records. It names only the
 * columns the query leaves open (materialising strings is most of a page's cost), and rows come back
 * as arrays (cheaper to build than objects).
 */
class RowShape {
  readonly select: string;
  /** Each column's position in a row; -1 when fixed. */
  private readonly at: Record<Column, number>;

  private constructor(open: Column[]) {
    this.select = open.join(', ');
    this.at = Object.fromEntries(COLUMN_NAMES.map((c) => [c, open.indexOf(c)])) as Record<Column, number>;
  }

  private static readonly shapes = new Map<number, RowShape>();

  /** The shape for the columns `fixed` leaves open; one per combination, made once. */
  static of(fixed: Fixed): RowShape {
    let mask = 0;
    for (let i = 0; i < FIXABLE.length; i++) if (fixed[FIXABLE[i]] !== undefined) mask |= 1 << i;
    let shape = RowShape.shapes.get(mask);
    if (!shape) {
      shape = new RowShape(COLUMN_NAMES.filter((c) => fixed[c as keyof Fixed] === undefined));
      RowShape.shapes.set(mask, shape);
    }
    return shape;
  }

  record<D>(row: SqlValue[], fixed: Fixed): ResourceRecord<D> {
    const at = this.at;
    const due = row[at.due_at];
    return {
      id: row[at.id] as string,
      kind: (at.kind < 0 ? fixed.kind : row[at.kind]) as ResourceKind,
      accountId: (at.account_id < 0 ? fixed.account_id : row[at.account_id]) as string,
      regionId: (at.region_id < 0 ? fixed.region_id : row[at.region_id]) as string,
      parentId: (at.parent_id < 0 ? fixed.parent_id : row[at.parent_id]) as string | null,
      vbrId: (at.vbr_id < 0 ? fixed.vbr_id : row[at.vbr_id]) as string | null,
      status: row[at.status] as string,
      dueAt: due === null ? null : Number(due),
      data: JSON.parse(row[at.data] as string) as D,
    };
  }
}

/** Reads of whole records fix nothing. */
const ALL = RowShape.of({});
/** Point reads fix only the kind (a shape depends on which columns are fixed, not on their values). */
const BY_ID = RowShape.of({ kind: 'BgpPeer' });
const GET_SQL = `SELECT ${BY_ID.select} FROM resources WHERE id = ? AND kind = ?`;

function toParams(r: ResourceRecord<unknown>, data: string): SqlValue[] {
  return [r.id, r.kind, r.accountId, r.regionId, r.parentId, r.vbrId, r.status, r.dueAt, data];
}

/**
 * Scopes whose sizes are kept in resource_counts, so that a page reports TotalCount without counting
 * rows: all of a kind in an account's region, and those under one VBR or one parent in it. Only on
 * PostgreSQL: on SQLite the resident copy knows every total (resident/), and migration 7 dropped the
 * table there; a bare SqlStore over SQLite (tests, `vbrd audit`) counts rows.
 */
function scopesOf(r: Pick<ResourceRecord<unknown>, 'kind' | 'accountId' | 'regionId' | 'parentId' | 'vbrId'>): string[] {
  const base = `${r.kind}|${r.accountId}|${r.regionId}`;
  const scopes = [`a|${base}`];
  if (r.vbrId !== null) scopes.push(`v|${base}|${r.vbrId}`);
  if (r.parentId !== null) scopes.push(`p|${base}|${r.parentId}`);
  return scopes;
}

/** The kept count that is exactly this query's number of matches, when there is one. */
function countedScope(q: ListQuery): string | undefined {
  if (q.accountId === undefined || q.regionId === undefined || q.ids !== undefined || q.statuses !== undefined || q.linkedTo !== undefined)
    return undefined;
  if (q.vbrId !== undefined && q.parentId !== undefined) return undefined;
  const base = `${q.kind}|${q.accountId}|${q.regionId}`;
  if (q.vbrId !== undefined) return `v|${base}|${q.vbrId}`;
  if (q.parentId !== undefined) return `p|${base}|${q.parentId}`;
  return `a|${base}`;
}

/** One `?` per value, for an IN list. */
function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

function where(q: ListQuery): { sql: string; params: SqlValue[] } {
  const clauses = ['kind = ?'];
  const params: SqlValue[] = [q.kind];
  const eq = (col: string, v: string | undefined) => {
    if (v !== undefined) {
      clauses.push(`${col} = ?`);
      params.push(v);
    }
  };
  eq('account_id', q.accountId);
  eq('region_id', q.regionId);
  eq('parent_id', q.parentId);
  eq('vbr_id', q.vbrId);
  const anyOf = (col: string, vs: string[] | undefined) => {
    if (vs === undefined) return;
    if (vs.length === 0) {
      clauses.push('1 = 0');
      return;
    }
    clauses.push(`${col} IN (${placeholders(vs)})`);
    params.push(...vs);
  };
  anyOf('id', q.ids);
  anyOf('status', q.statuses);
  if (q.linkedTo !== undefined) {
    clauses.push('id IN (SELECT resource_id FROM resource_links WHERE target_id = ?)');
    params.push(q.linkedTo);
  }
  return { sql: clauses.join(' AND '), params };
}

class SqlReader implements StoreReader {
  constructor(
    protected readonly conn: SqlConn,
    protected readonly keepsCounts: boolean,
  ) {}

  async get<D>(kind: ResourceKind, id: string): Promise<ResourceRecord<D> | undefined> {
    const rows = await this.conn.queryRows(GET_SQL, [id, kind]);
    return rows.length ? BY_ID.record<D>(rows[0], { kind }) : undefined;
  }

  async list<D>(q: ListQuery): Promise<ListResult<D>> {
    const w = where(q);
    const fixed: Fixed = { kind: q.kind, account_id: q.accountId, region_id: q.regionId, parent_id: q.parentId, vbr_id: q.vbrId };
    const shape = RowShape.of(fixed);
    let sql = `SELECT ${shape.select} FROM resources WHERE ${w.sql} ORDER BY id`;
    const params = [...w.params];
    if (q.limit !== undefined) {
      // The limit as a literal: SQLite plans for the LIMIT, so a bound one re-prepares the statement
      // on every run (+6 µs). Page sizes are few, so the statement cache stays small.
      if (!Number.isSafeInteger(q.limit) || q.limit < 0) throw new Error(`list limit must be a whole number, not ${q.limit}`);
      sql += ` LIMIT ${q.limit} OFFSET ?`;
      params.push(q.offset ?? 0);
    }
    const rows = await this.conn.queryRows(sql, params);
    const items = rows.map((r) => shape.record<D>(r, fixed));
    // Count only when the page may not hold every match.
    const total =
      q.limit === undefined || (items.length < q.limit && (items.length > 0 || (q.offset ?? 0) === 0))
        ? (q.offset ?? 0) + items.length
        : await this.count(q, w);
    return { items, total };
  }

  private async count(q: ListQuery, w: { sql: string; params: SqlValue[] }): Promise<number> {
    const scope = this.keepsCounts ? countedScope(q) : undefined;
    if (scope !== undefined) return this.keptCount(scope);
    return Number((await this.conn.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM resources WHERE ${w.sql}`, w.params))[0].n);
  }

  async vbrIdsWith(kinds: readonly ResourceKind[], statuses: readonly string[]): Promise<string[]> {
    if (kinds.length === 0 || statuses.length === 0) return [];
    // On SQLite only the audit-only store (open.ts) gets here, and reads the table: the server's resident
    // copy answers this from memory, and migration 9 dropped the index it needed.
    const rows = await this.conn.queryRows(
      `SELECT DISTINCT vbr_id FROM resources WHERE kind IN (${placeholders(kinds)}) AND status IN (${placeholders(statuses)}) AND vbr_id IS NOT NULL`,
      [...kinds, ...statuses],
    );
    return rows.map((r) => r[0] as string);
  }

  async countQuotaKey(q: QuotaKeyQuery): Promise<number> {
    const rows =
      'key' in q
        ? await this.conn.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM resources WHERE quota_key = ?', [q.key])
        : // Compared by substr, not as a range of keys: PostgreSQL orders text by the database's collation,
          // under which a range need not hold exactly the keys with the prefix.
          await this.conn.query<{ n: number | string }>(
            'SELECT COUNT(*) AS n FROM resources WHERE account_id = ? AND quota_key IS NOT NULL AND substr(quota_key, 1, ?) = ?',
            [q.accountId, q.keyPrefix.length, q.keyPrefix],
          );
    return Number(rows[0].n);
  }

  protected async keptCount(scope: string): Promise<number> {
    const rows = await this.conn.query<{ n: number | string | null }>('SELECT SUM(n) AS n FROM resource_counts WHERE scope = ?', [scope]);
    return Number(rows[0]?.n ?? 0);
  }

  async getIdempotency(accountId: string, action: string, token: string): Promise<IdempotencyEntry | undefined> {
    const rows = await this.conn.query<{ params_hash: string; response: string }>(
      'SELECT params_hash, response FROM client_tokens WHERE account_id = ? AND action = ? AND token = ?',
      [accountId, action, token],
    );
    return rows.length ? { paramsHash: rows[0].params_hash, response: JSON.parse(rows[0].response) as Record<string, unknown> } : undefined;
  }
}

export class SqlTx extends SqlReader implements StoreTx {
  /** Count changes of this transaction, written at its end (see writeCounts). */
  private readonly deltas = new Map<string, number>();

  constructor(
    conn: SqlConn,
    keepsCounts: boolean,
    private readonly shard: number,
    private readonly indexing: RecordIndexing,
  ) {
    super(conn, keepsCounts);
  }

  /** `data` is r.data's JSON, when the caller has it already. */
  async insert(r: ResourceRecord<unknown>, data = JSON.stringify(r.data)): Promise<void> {
    await this.conn.run(`INSERT INTO resources (${COLUMNS}, quota_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      ...toParams(r, data),
      this.indexing.quotaKeyOf(r),
    ]);
    await this.writeLinks(r, false);
    this.bump(r, 1);
  }

  /** The record's references, replacing those it had (see RecordIndexing). */
  private async writeLinks(r: Pick<ResourceRecord<unknown>, 'id' | 'kind' | 'data'>, replace: boolean): Promise<void> {
    if (!this.indexing.linkingKinds.has(r.kind)) return;
    if (replace) await this.conn.run('DELETE FROM resource_links WHERE resource_id = ?', [r.id]);
    for (const target of this.indexing.linksOf(r)) {
      await this.conn.run('INSERT INTO resource_links (resource_id, target_id) VALUES (?, ?)', [r.id, target]);
    }
  }

  /** Status, due time and data change; what a resource is and where it hangs never does (counts rely on it). */
  async update(r: ResourceRecord<unknown>, data = JSON.stringify(r.data)): Promise<void> {
    const n = await this.conn.run(
      `UPDATE resources SET status = ?, due_at = ?, data = ?, quota_key = ? WHERE id = ? AND kind = ? AND account_id = ? AND region_id = ?
       AND parent_id IS NOT DISTINCT FROM ? AND vbr_id IS NOT DISTINCT FROM ?`,
      [r.status, r.dueAt, data, this.indexing.quotaKeyOf(r), r.id, r.kind, r.accountId, r.regionId, r.parentId, r.vbrId],
    );
    if (n !== 1) throw new Error(`update of resource ${r.id}: missing, or its kind, account, region, parent or VBR changed`);
    await this.writeLinks(r, true);
  }

  async delete({ id }: Pick<ResourceRecord<unknown>, 'id'>): Promise<void> {
    const gone = await this.conn.query<{
      kind: string;
      account_id: string;
      region_id: string;
      parent_id: string | null;
      vbr_id: string | null;
    }>('DELETE FROM resources WHERE id = ? RETURNING kind, account_id, region_id, parent_id, vbr_id', [id]);
    for (const g of gone) {
      this.bump(
        { kind: g.kind as ResourceKind, accountId: g.account_id, regionId: g.region_id, parentId: g.parent_id, vbrId: g.vbr_id },
        -1,
      );
      if (this.indexing.linkingKinds.has(g.kind as ResourceKind))
        await this.conn.run('DELETE FROM resource_links WHERE resource_id = ?', [id]);
    }
  }

  protected override async keptCount(scope: string): Promise<number> {
    return (await super.keptCount(scope)) + (this.deltas.get(scope) ?? 0);
  }

  private bump(r: Parameters<typeof scopesOf>[0], by: number): void {
    if (!this.keepsCounts) return;
    for (const s of scopesOf(r)) this.deltas.set(s, (this.deltas.get(s) ?? 0) + by);
  }

  /** In scope order, so that concurrent transactions lock count rows in one order and cannot deadlock. */
  async writeCounts(): Promise<void> {
    for (const [scope, by] of [...this.deltas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (by === 0) continue;
      await this.conn.run(
        `INSERT INTO resource_counts (scope, shard, n) VALUES (?, ?, ?)
         ON CONFLICT (scope, shard) DO UPDATE SET n = resource_counts.n + excluded.n`,
        [scope, this.shard, by],
      );
    }
    this.deltas.clear();
  }

  async putIdempotency(accountId: string, action: string, token: string, e: IdempotencyEntry): Promise<void> {
    await this.conn.run(
      'INSERT INTO client_tokens (account_id, action, token, params_hash, response, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [accountId, action, token, e.paramsHash, JSON.stringify(e.response), Date.now()],
    );
  }

  async audit(e: AuditEntry): Promise<void> {
    await this.conn.run(
      'INSERT INTO audit_log (time, account_id, principal, action, resource, decision, code, request_id, source_ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [e.time, e.accountId, e.principal, e.action, e.resource, e.decision, e.code, e.requestId, e.sourceIp],
    );
  }

  async recordBgpStatus(e: BgpStatusChange): Promise<void> {
    await this.conn.run('INSERT INTO bgp_status_history (time, account_id, peer_id, from_status, to_status) VALUES (?, ?, ?, ?, ?)', [
      e.time,
      e.accountId,
      e.peerId,
      e.from,
      e.to,
    ]);
  }
}

/** How long a peer's BgpStatus transitions are kept (the console's timeline shows the last hours). */
export const BGP_HISTORY_TTL_MS = 24 * 3600 * 1000;

/** How long a ClientToken is remembered (Alibaba keeps them at least a day). */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export class SqlStore extends SqlReader implements Store {
  readonly engine: 'sqlite' | 'postgres';
  /** Rows per counted scope: one suffices for SQLite's single writer; on PostgreSQL, concurrent writers of a scope would queue on a single row. */
  private readonly countShards: number;

  constructor(
    private readonly db: SqlEngine,
    private readonly indexing: RecordIndexing,
  ) {
    super(db.read, db.dialect === 'postgres');
    this.engine = db.dialect;
    this.countShards = db.dialect === 'postgres' ? 8 : 1;
  }

  transaction<T>(lockKeys: readonly LockKey[], fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.db.transaction(lockKeys, async (conn) => {
      const tx = new SqlTx(conn, this.keepsCounts, Math.floor(Math.random() * this.countShards), this.indexing);
      const result = await fn(tx);
      await tx.writeCounts();
      return result;
    });
  }

  claimNonce(nonce: string, expiresAt: number): Promise<NonceClaim> {
    return this.db.claimNonce(nonce, expiresAt, Date.now());
  }

  /** Whole committed records: `SELECT <every column> FROM resources` followed by `rest`. */
  private async records(rest: string, params: SqlValue[] = []): Promise<ResourceRecord<unknown>[]> {
    const rows = await this.db.read.queryRows(`SELECT ${ALL.select} FROM resources ${rest}`, params);
    return rows.map((r) => ALL.record(r, {}));
  }

  due(now: number, limit: number): Promise<ResourceRecord<unknown>[]> {
    return this.records('WHERE due_at IS NOT NULL AND due_at <= ? ORDER BY due_at LIMIT ?', [now, limit]);
  }

  /** Every resource, for a store that holds them in memory (see resident/). */
  everyResource(): Promise<ResourceRecord<unknown>[]> {
    return this.records('');
  }

  async listAudit(q: AuditQuery): Promise<AuditEntry[]> {
    const clauses: string[] = [];
    const params: SqlValue[] = [];
    const add = (sql: string, v: SqlValue | undefined) => {
      if (v !== undefined) {
        clauses.push(sql);
        params.push(v);
      }
    };
    add('account_id = ?', q.accountId);
    add('principal = ?', q.principal);
    add('action = ?', q.action);
    add('decision = ?', q.decision);
    add('time >= ?', q.since);
    add('time <= ?', q.until);
    const sql = `SELECT time, account_id, principal, action, resource, decision, code, request_id, source_ip FROM audit_log
      ${clauses.length ? 'WHERE ' + clauses.join(' AND ') : ''} ORDER BY time ${q.latest ? 'DESC' : ''}, request_id ${q.latest ? 'DESC' : ''} LIMIT ?`;
    params.push(q.limit ?? 1000);
    const rows = await this.db.read.query<Record<string, string | number>>(sql, params);
    if (q.latest) rows.reverse();
    return rows.map((r) => ({
      time: Number(r.time),
      accountId: String(r.account_id),
      principal: String(r.principal),
      action: String(r.action),
      resource: String(r.resource),
      decision: r.decision as AuditEntry['decision'],
      code: String(r.code),
      requestId: String(r.request_id),
      sourceIp: String(r.source_ip),
    }));
  }

  async listBgpStatusHistory(q: BgpStatusHistoryQuery): Promise<BgpStatusChange[]> {
    const rows = await this.db.read.query<Record<string, string | number>>(
      `SELECT time, account_id, peer_id, from_status, to_status FROM bgp_status_history
       WHERE peer_id = ? AND time >= ? ORDER BY time DESC LIMIT ?`,
      [q.peerId, q.since ?? 0, q.limit ?? 1000],
    );
    // The latest `limit`, oldest first.
    return rows.reverse().map((r) => ({
      time: Number(r.time),
      accountId: String(r.account_id),
      peerId: String(r.peer_id),
      from: String(r.from_status),
      to: String(r.to_status),
    }));
  }

  async clearBgpStatusHistory(accountId?: string): Promise<void> {
    await this.db.transaction([], (c) =>
      accountId === undefined
        ? c.run('DELETE FROM bgp_status_history')
        : c.run('DELETE FROM bgp_status_history WHERE account_id = ?', [accountId]),
    );
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const n = await this.db.transaction([], (c) =>
      c.run(
        `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at < ?`,
        [name, holder, now + ttlMs, now],
      ),
    );
    return n === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.db.transaction([], (c) => c.run('DELETE FROM leases WHERE name = ? AND holder = ?', [name, holder]));
  }

  async leaseHolders(names: readonly string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const rows = await this.db.read.query<{ name: string; holder: string }>(
      `SELECT name, holder FROM leases WHERE name IN (${names.map(() => '?').join(', ')}) AND expires_at >= ?`,
      [...names, Date.now()],
    );
    return new Map(rows.map((r) => [String(r.name), String(r.holder)]));
  }

  async prune(now: number): Promise<void> {
    await this.db.transaction([], async (c) => {
      await c.run('DELETE FROM nonces WHERE expires_at < ?', [now]);
      await c.run('DELETE FROM nonce_batches WHERE expires_at < ?', [now]);
      await c.run('DELETE FROM client_tokens WHERE created_at < ?', [now - IDEMPOTENCY_TTL_MS]);
      await c.run('DELETE FROM bgp_status_history WHERE time < ?', [now - BGP_HISTORY_TTL_MS]);
    });
  }

  async listClientTokens(accountId?: string): Promise<ClientTokenEntry[]> {
    const rows = await this.db.read.query<Record<string, string | number>>(
      `SELECT account_id, action, token, params_hash, response, created_at FROM client_tokens
       ${accountId === undefined ? '' : 'WHERE account_id = ?'} ORDER BY created_at, account_id, action, token`,
      accountId === undefined ? [] : [accountId],
    );
    return rows.map((r) => ({
      accountId: String(r.account_id),
      action: String(r.action),
      token: String(r.token),
      paramsHash: String(r.params_hash),
      response: JSON.parse(String(r.response)) as Record<string, unknown>,
      createdAt: Number(r.created_at),
    }));
  }

  async replaceClientTokens(accountId: string | undefined, entries: readonly ClientTokenEntry[]): Promise<void> {
    await this.db.transaction([], async (c) => {
      if (accountId === undefined) await c.run('DELETE FROM client_tokens');
      else await c.run('DELETE FROM client_tokens WHERE account_id = ?', [accountId]);
      for (const e of entries) {
        await c.run('INSERT INTO client_tokens (account_id, action, token, params_hash, response, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
          e.accountId,
          e.action,
          e.token,
          e.paramsHash,
          JSON.stringify(e.response),
          e.createdAt,
        ]);
      }
    });
  }

  clearNonces(): Promise<void> {
    return this.db.clearNonces();
  }

  async tableSizes(): Promise<{ nonces: number; clientTokens: number }> {
    const [tokens] = await this.db.read.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM client_tokens');
    return { nonces: await this.db.nonceCount(), clientTokens: Number(tokens.n) };
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
