// PostgreSQL engine: the shared database behind several vbrd nodes. Everything a single SQLite
// process gets from owning its file is asked of the database instead:
// - lock keys become transaction-scoped advisory locks (pg_advisory_xact_lock), taken in one global
//   order before fn runs, so transactions naming a key never interleave on any node;
// - nonces are claimed by one atomic upsert, so a nonce seen by another node is refused;
// - synchronous_commit is forced on, so a resolved transaction is on disk.
// Transactions run at READ COMMITTED: each statement sees everything committed before it started,
// which includes the work of whoever held the lock before us (the lock is released only after that
// commit is visible).
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { SqlConn, SqlEngine, SqlValue } from '../sql/engine.js';
import type { NonceClaim } from '../store.js';
import { parseDatabaseUrl } from './connection.js';
import { advisoryLockIds } from './lock-ids.js';
import { toPositional } from './placeholders.js';

const INT8_OID = 20;
const DEFAULT_POOL_SIZE = 10;

/** BIGINT and COUNT(*) come back as numbers, as in SQLite. vbrd's integers (ms timestamps, counts) stay far below 2^53. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): ((v: string) => unknown) =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : (pg.types.getTypeParser(oid, format) as (v: string) => unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

type Queryable = pg.Pool | pg.PoolClient;

/**
 * Parameterised statements are prepared once per connection and reused by name: it skips a parse and
 * plan per statement (measured +40% on a create-like transaction, 2x on point reads). Names are
 * bounded, since every prepared statement lives on in each server session; past the bound,
 * statements go unnamed. Statements without parameters (DDL, BEGIN) are never named. Column lists
 * are explicit in the portable SQL, so a later migration cannot change a prepared result's shape.
 */
class StatementNames {
  private readonly names = new Map<string, string>();
  constructor(private readonly limit = 500) {}

  nameOf(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < this.limit) {
      // pg refuses a name reused for a different text, so a hash collision fails loudly, never silently.
      name = `vbrd_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      this.names.set(text, name);
    }
    return name;
  }
}

async function exec(on: Queryable, names: StatementNames, sql: string, params: SqlValue[], arrays = false): Promise<pg.QueryResult> {
  const p = toPositional(sql);
  if (p.count !== params.length) {
    throw new Error(`statement has ${p.count} placeholder(s) but ${params.length} parameter(s) were given: ${sql}`);
  }
  return on.query({
    name: params.length > 0 ? names.nameOf(p.text) : undefined,
    text: p.text,
    values: params,
    ...(arrays ? { rowMode: 'array' } : {}),
  });
}

/** Autocommit statements on any pooled connection. */
class PoolConn implements SqlConn {
  constructor(
    private readonly pool: pg.Pool,
    private readonly names: StatementNames,
  ) {}

  async query<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return (await exec(this.pool, this.names, sql, params)).rows as T[];
  }

  async queryRows(sql: string, params: SqlValue[] = []): Promise<SqlValue[][]> {
    return (await exec(this.pool, this.names, sql, params, true)).rows as SqlValue[][];
  }

  async run(sql: string, params: SqlValue[] = []): Promise<number> {
    return (await exec(this.pool, this.names, sql, params)).rowCount ?? 0;
  }
}

/** The one connection of a transaction; unusable once the transaction has ended. */
class TxConn implements SqlConn {
  private ended = false;
  /** PostgreSQL aborts the whole transaction on any failed statement, even one fn catches. */
  failure: unknown = undefined;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly names: StatementNames,
  ) {}

  end(): void {
    this.ended = true;
  }

  private async exec(sql: string, params: SqlValue[], arrays = false): Promise<pg.QueryResult> {
    if (this.ended) throw new Error('transaction already finished: fn must only await its own tx calls');
    try {
      return await exec(this.client, this.names, sql, params, arrays);
    } catch (e) {
      this.failure ??= e;
      throw e;
    }
  }

  async query<T>(sql: string, params: SqlValue[] = []): Promise<T[]> {
    return (await this.exec(sql, params)).rows as T[];
  }

  async queryRows(sql: string, params: SqlValue[] = []): Promise<SqlValue[][]> {
    return (await this.exec(sql, params, true)).rows as SqlValue[][];
  }

  async run(sql: string, params: SqlValue[] = []): Promise<number> {
    return (await this.exec(sql, params)).rowCount ?? 0;
  }
}

export interface PostgresOptions {
  /** Connections in this node's pool; overrides the URL's `?pool=N` (default 10). */
  poolSize?: number;
}

export class PostgresEngine implements SqlEngine {
  readonly dialect = 'postgres' as const;
  readonly read: SqlConn;
  private closed = false;
  private readonly names = new StatementNames();
  onCommit?: (ms: number, transactions: number) => void;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly lockNamespace: string,
  ) {
    this.read = new PoolConn(pool, this.names);
  }

  /** Connects (see connection.ts for the URL's `?schema=` and `?pool=` conventions) and creates the schema if missing. */
  static async connect(url: string, opts: PostgresOptions = {}): Promise<PostgresEngine> {
    const s = parseDatabaseUrl(url);
    const pool = new pg.Pool({
      connectionString: s.connectionString,
      options: s.options,
      max: opts.poolSize ?? s.poolSize ?? DEFAULT_POOL_SIZE,
      types: TYPES,
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection that dies (server restart, network) is dropped by the pool and replaced on
    // the next checkout; without a listener the 'error' event would crash the process.
    pool.on('error', () => undefined);
    const engine = new PostgresEngine(pool, s.schema ?? '');
    try {
      if (s.schema !== null) await engine.ensureSchema(s.schema);
      else await pool.query('SELECT 1'); // fail at start-up, not on the first request
    } catch (e) {
      await pool.end();
      throw e;
    }
    return engine;
  }

  /**
   * Two nodes starting together would race CREATE SCHEMA IF NOT EXISTS (it can fail with a unique
   * violation), so creation happens under an advisory lock. The existence check comes first because
   * CREATE SCHEMA demands database CREATE privilege even when the schema is already there.
   * (The migrations' CREATE TABLE IF NOT EXISTS is safe for the same reason: migrate runs inside
   * transaction(['vbrd:migrations']), and the lock is held before any statement of fn.)
   */
  private async ensureSchema(schema: string): Promise<void> {
    await this.transaction(['vbrd:create-schema'], async (tx) => {
      const found = await tx.query('SELECT 1 FROM pg_namespace WHERE nspname = ?', [schema]);
      // The name was validated as a plain lower-case identifier, so it is safe to splice.
      if (found.length === 0) await tx.run(`CREATE SCHEMA ${schema}`);
    });
  }

  async transaction<T>(lockKeys: readonly string[], fn: (tx: SqlConn) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('store is closed');
    const ids = advisoryLockIds(this.lockNamespace, lockKeys);
    const client = await this.pool.connect();
    // Set when the session's state is unknown, so the pool destroys the connection instead of reusing it.
    let broken: Error | undefined;
    // The pool listens for errors only on idle connections; a connection lost between statements
    // of fn must not become an unhandled 'error' event.
    const onError = (e: Error) => {
      broken = e;
    };
    client.on('error', onError);
    const tx = new TxConn(client, this.names);
    const started = performance.now();
    let open = false;
    try {
      open = true;
      // BEGIN and the locks in one round trip (simple protocol; the ids are numbers we computed).
      await client.query(['BEGIN', ...ids.map((id) => `SELECT pg_advisory_xact_lock(${id})`)].join('; '));
      const value = await fn(tx);
      if (tx.failure !== undefined) throw tx.failure;
      tx.end();
      const done = await client.query('COMMIT');
      open = false;
      // COMMIT of an aborted transaction reports ROLLBACK instead of failing; never call that success.
      if (done.command !== 'COMMIT') throw new Error(`transaction was rolled back by the server (${done.command})`);
      this.onCommit?.(performance.now() - started, 1);
      return value;
    } catch (e) {
      tx.end();
      if (open && broken === undefined)
        await client.query('ROLLBACK').catch((re: Error) => {
          broken = re;
        });
      throw e;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  /**
   * One statement, so atomic across nodes: a concurrent claim of the same nonce waits on the row and
   * then sees it unexpired. Autocommit with synchronous_commit on: a true answer is durable.
   */
  async claimNonce(nonce: string, expiresAt: number, now: number): Promise<NonceClaim> {
    const n = await this.read.run(
      `INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)
       ON CONFLICT (nonce) DO UPDATE SET expires_at = excluded.expires_at WHERE nonces.expires_at < ?`,
      [nonce, expiresAt, now],
    );
    return n === 1 ? 'claimed' : 'used';
  }

  async clearNonces(): Promise<void> {
    await this.read.run('DELETE FROM nonces');
  }

  async nonceCount(): Promise<number> {
    const [r] = await this.read.query<{ n: number }>('SELECT COUNT(*) AS n FROM nonces');
    return Number(r.n);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
