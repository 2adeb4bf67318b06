// Placeholder until the PostgreSQL engine lands (issue 5): selecting a database URL fails clearly.
import type { SqlConn, SqlEngine } from '../sql/engine.js';

export class PostgresEngine implements SqlEngine {
  readonly dialect = 'postgres' as const;
  readonly read: SqlConn = { query: () => Promise.reject(new Error('PostgreSQL engine not available')), run: () => Promise.reject(new Error('PostgreSQL engine not available')) };
  static connect(_url: string): Promise<PostgresEngine> {
    return Promise.reject(new Error('the PostgreSQL engine is not implemented yet'));
  }
  transaction<T>(): Promise<T> { return Promise.reject(new Error('PostgreSQL engine not available')); }
  claimNonce(): Promise<boolean> { return Promise.reject(new Error('PostgreSQL engine not available')); }
  close(): Promise<void> { return Promise.resolve(); }
}
