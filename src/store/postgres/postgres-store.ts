// The portable SqlStore, with leases timed by the database's clock instead of each node's.
//
// A lease is the only place where nodes compare instants written by one node with instants read by
// another: SqlStore stamps expires_at with the writer's Date.now(), so a node whose clock ran ahead
// would take a live lease (two reconcilers at once) and one lagging behind would wait past expiry.
// Here expires_at and the expiry test both use clock_timestamp() of the one PostgreSQL server, so
// offsets between the nodes' clocks do not matter. (What still matters is that a holder's ttl
// elapses on its own clock no faster than on the server's; LeaseLoop renews at ttl/3, well inside.)
import type { RecordIndexing } from '../record.js';
import type { SqlEngine } from '../sql/engine.js';
import { SqlStore } from '../sql/sql-store.js';

/** The server's clock in ms since the epoch, as BIGINT (which the engine returns as a number). */
const DB_NOW_MS = '(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT';

export class PostgresStore extends SqlStore {
  constructor(
    private readonly pg: SqlEngine,
    indexing: RecordIndexing,
  ) {
    super(pg, indexing);
  }

  override async acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const n = await this.pg.transaction([], (c) =>
      c.run(
        `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ${DB_NOW_MS} + ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at < ${DB_NOW_MS}`,
        [name, holder, Math.round(ttlMs)],
      ),
    );
    return n === 1;
  }

  override async leaseHolders(names: readonly string[]): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const rows = await this.pg.read.query<{ name: string; holder: string }>(
      `SELECT name, holder FROM leases WHERE name IN (${names.map(() => '?').join(', ')}) AND expires_at >= ${DB_NOW_MS}`,
      [...names],
    );
    return new Map(rows.map((r) => [String(r.name), String(r.holder)]));
  }
}
