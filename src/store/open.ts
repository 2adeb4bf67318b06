// Opens the Store the configuration asks for: embedded SQLite by default, PostgreSQL for a URL.
import type { Store } from './store.js';
import { SqlStore } from './sql/sql-store.js';
import { migrate } from './sql/migrate.js';
import { SqliteEngine } from './sqlite/engine.js';
import { ResidentStore } from './resident/resident-store.js';

export interface StoreOptions {
  /** Embedded database directory (SQLite). */
  dataDir: string;
  /** postgres://… selects PostgreSQL. */
  databaseUrl?: string;
  /**
   * Open only to read the audit trail (vbrd audit): on SQLite, resources are not loaded into memory
   * and the data directory is not claimed, so it works beside the server that owns it.
   */
  auditOnly?: boolean;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.databaseUrl) {
    const { PostgresEngine } = await import('./postgres/engine.js');
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    const engine = await PostgresEngine.connect(opts.databaseUrl);
    await migrate(engine);
    return new PostgresStore(engine);
  }
  const engine = new SqliteEngine({ dir: opts.dataDir, claim: !opts.auditOnly });
  await migrate(engine);
  engine.loadNonces(Date.now());
  const store = new SqlStore(engine);
  return opts.auditOnly ? store : ResidentStore.open(store);
}
