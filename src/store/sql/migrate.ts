// Applies pending migrations in order inside one transaction, recording each version.
import type { RecordIndexing } from '../record.js';
import type { MigrationSecrets, SqlEngine } from './engine.js';
import { migrations } from './migrations.js';

export const SCHEMA_TABLE =
  'CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)';

/** `lockKey` lets engines shared by several nodes serialise concurrent start-ups. */
export async function migrate(db: SqlEngine, indexing: RecordIndexing, secrets: MigrationSecrets = {}): Promise<number[]> {
  return db.transaction(['vbrd:migrations'], async (tx) => {
    await tx.run(SCHEMA_TABLE);
    const done = new Set(
      (await tx.query<{ version: number | string }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      if (!m.dialects || m.dialects.includes(db.dialect)) {
        for (const s of m.statements) await tx.run(s);
        await m.backfill?.(tx, indexing, { ...secrets, dialect: db.dialect });
      }
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, Date.now()]);
      applied.push(m.version);
    }
    return applied;
  });
}
