// What a SQL engine gives the portable store: parameterised statements (`?` placeholders, which the
// PostgreSQL engine rewrites to $n) and locked, durable transactions. Integer columns come back as
// JS numbers in both engines.
import type { RecordIndexing } from '../record.js';
import type { NonceClaim } from '../store.js';

export type SqlValue = string | number | null;

export interface SqlConn {
  query<T = Record<string, unknown>>(sql: string, params?: SqlValue[]): Promise<T[]>;
  /** Rows as arrays of values in the select list's order: cheaper to build than objects, for hot reads. */
  queryRows(sql: string, params?: SqlValue[]): Promise<SqlValue[][]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
}

export interface SqlEngine {
  readonly dialect: 'sqlite' | 'postgres';
  /** Reads outside any transaction; they see only committed data. */
  readonly read: SqlConn;
  transaction<T>(lockKeys: readonly string[], fn: (tx: SqlConn) => Promise<T>): Promise<T>;
  /**
   * Record a nonce unless present and unexpired. Engines differ on purpose: SQLite (one process owns
   * the file) answers from memory, up to a limit, and persists with the next group commit; PostgreSQL
   * must ask the database, since another node may have seen the nonce.
   */
  claimNonce(nonce: string, expiresAt: number, now: number): Promise<NonceClaim>;
  clearNonces(): Promise<void>;
  /** Unexpired nonces remembered (SQLite: in memory; PostgreSQL: rows, expired ones until pruned). */
  nonceCount(): Promise<number>;
  /** Told after each commit how long it took and how many transactions it held (metrics). */
  onCommit?: (ms: number, transactions: number) => void;
  close(): Promise<void>;
}

export interface Migration {
  version: number;
  name: string;
  /** Only on these engines (every one when absent); the version is recorded on all, so there is one sequence. */
  dialects?: SqlEngine['dialect'][];
  /** Statements in the portable subset both engines accept (unless dialects names one). */
  statements: string[];
  /** Then, what portable SQL cannot express (such as reading the JSON documents), done in JS. */
  backfill?: (tx: SqlConn, indexing: RecordIndexing, context: MigrationSecrets & { dialect: SqlEngine['dialect'] }) => Promise<void>;
}

/** What a migration that seals secrets at rest is handed by whoever opens the store: the store holds no key. */
export interface MigrationSecrets {
  /** A BGP group's AuthKey, sealed; absent where the store is opened without the sealing key. */
  sealAuthKey?: (authKey: string, groupId: string) => string;
}
