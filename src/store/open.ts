// Opens the Store the configuration asks for: embedded SQLite by default, PostgreSQL for a URL.
import type { RecordIndexing } from './record.js';
import type { Store } from './store.js';
import { SqlStore } from './sql/sql-store.js';
import { migrate } from './sql/migrate.js';
import { SqliteEngine } from './sqlite/engine.js';
import { ResidentStore } from './resident/resident-store.js';

export interface StoreOptions {
  /** What the store indexes beyond its columns (domain/record-indexing.ts). */
  indexing: RecordIndexing;
  /** Embedded database directory (SQLite). */
  dataDir: string;
  /** postgres://… selects PostgreSQL. */
  databaseUrl?: string;
  /**
   * Open only to read the audit trail (vbrd audit): on SQLite, resources are not loaded into memory
   * and the data directory is not claimed, so it works beside the server that owns it.
   */
  auditOnly?: boolean;
  /**
   * Seals a BGP group's AuthKey (auth/auth-key-box.ts): migration 12 seals those an older version stored in
   * clear. Needed only to open a database that still holds such keys.
   */
  sealAuthKey?: (authKey: string, groupId: string) => string;
  /** Told after each commit how long it took and how many transactions it held (metrics). */
  onCommit?: (ms: number, transactions: number) => void;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.databaseUrl) {
    const { PostgresEngine } = await import('./postgres/engine.js');
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    const engine = await PostgresEngine.connect(opts.databaseUrl);
    await migrate(engine, opts.indexing, { sealAuthKey: opts.sealAuthKey });
    engine.onCommit = opts.onCommit;
    return new PostgresStore(engine, opts.indexing);
  }
  const engine = new SqliteEngine({ dir: opts.dataDir, claim: !opts.auditOnly });
  await migrate(engine, opts.indexing, { sealAuthKey: opts.sealAuthKey });
  engine.loadNonces(Date.now());
  engine.onCommit = opts.onCommit;
  // This process has claimed the data directory, so every lease found in it belonged to a process that is
  // gone: a restarted node drives its data plane at once instead of waiting for its own old lease to expire.
  if (!opts.auditOnly) await engine.transaction([], (tx) => tx.run('DELETE FROM leases'));
  const store = new SqlStore(engine, opts.indexing);
  return opts.auditOnly ? store : ResidentStore.open(store);
}
