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
   * SQLite: hold every resource in memory to serve reads (default true). A command that reads only
   * the audit trail need not load them.
   */
  holdResources?: boolean;
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.databaseUrl) {
    const { PostgresEngine } = await import('./postgres/engine.js');
    const { PostgresStore } = await import('./postgres/postgres-store.js');
    const engine = await PostgresEngine.connect(opts.databaseUrl);
    await migrate(engine);
    return new PostgresStore(engine);
  }
  const engine = new SqliteEngine({ dir: opts.dataDir });
  await migrate(engine);
  engine.loadNonces(Date.now());
  const store = new SqlStore(engine);
  return opts.holdResources === false ? store : ResidentStore.open(store);
}
