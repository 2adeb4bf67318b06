// Opens the Store the configuration asks for: embedded SQLite by default, PostgreSQL for a URL.
import type { Store } from './store.js';
import { SqlStore } from './sql/sql-store.js';
import { migrate } from './sql/migrate.js';
import { SqliteEngine } from './sqlite/engine.js';

export interface StoreOptions {
  /** Embedded database directory (SQLite). */
  dataDir: string;
  /** postgres://… selects PostgreSQL. */
  databaseUrl?: string;
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
  return new SqlStore(engine);
}
