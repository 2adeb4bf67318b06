// The Store contract against the real local PostgreSQL, each store in its own fresh schema, plus
// what is specific to this engine.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { runStoreContract } from '../../../test/support/store-contract.js';
import { openStore } from '../open.js';
import { migrate } from '../sql/migrate.js';
import { PostgresEngine } from './engine.js';
import { reportUnavailable, SchemaPool, unavailableReason } from '../../../test/support/postgres.js';
import { recordIndexing } from '../../domain/record-indexing.js';

const reason = await unavailableReason();
if (reason !== null) {
  reportUnavailable('postgres store contract', reason);
} else {
  const schemas = new SchemaPool();
  after(() => schemas.dropAll());

  runStoreContract('postgres', {
    async fresh() {
      const { url } = schemas.next();
      return {
        store: await openStore({ indexing: recordIndexing, dataDir: '', databaseUrl: url }),
        reopen: () => openStore({ indexing: recordIndexing, dataDir: '', databaseUrl: url }),
      };
    },
  });

  const withEngine = async (fn: (e: PostgresEngine, schema: string) => Promise<void>) => {
    const { url, schema } = schemas.next();
    const e = await PostgresEngine.connect(url);
    try {
      await migrate(e, recordIndexing);
      await fn(e, schema);
    } finally {
      await e.close();
    }
  };

  test('postgres: every connection commits synchronously and lives in its own schema', () =>
    withEngine(async (e, schema) => {
      const rows = await Promise.all(
        Array.from({ length: 12 }, () =>
          e.transaction([], (tx) =>
            tx.query<{ sc: string; s: string }>("SELECT current_setting('synchronous_commit') AS sc, current_schema() AS s"),
          ),
        ),
      );
      for (const [r] of rows) assert.deepEqual(r, { sc: 'on', s: schema });
    }));

  test('postgres: BIGINT and COUNT come back as numbers; ? inside literals is not a placeholder', () =>
    withEngine(async (e) => {
      await e.transaction([], (tx) => tx.run('INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)', ['a?b', 1_700_000_000_123]));
      const [r] = await e.read.query<{ expires_at: unknown; n: unknown; q: string }>(
        "SELECT expires_at, (SELECT COUNT(*) FROM nonces) AS n, 'why?' AS q FROM nonces WHERE nonce = ?",
        ['a?b'],
      );
      assert.deepEqual(r, { expires_at: 1_700_000_000_123, n: 1, q: 'why?' });
      await assert.rejects(e.read.query('SELECT ? AS a', []), /1 placeholder\(s\) but 0 parameter/);
    }));

  test('postgres: a statement failure caught inside fn still fails the transaction (PostgreSQL aborted it)', () =>
    withEngine(async (e) => {
      await e.transaction([], (tx) => tx.run('INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)', ['dup', 1]));
      await assert.rejects(
        e.transaction([], async (tx) => {
          await tx.run('INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)', ['l', 'h', 1]);
          await tx.run('INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)', ['dup', 2]).catch(() => undefined);
          return 'swallowed';
        }),
        /duplicate key/,
      );
      assert.deepEqual(await e.read.query('SELECT name FROM leases'), [], 'nothing of the failed transaction is kept');
      // The connection went back to the pool clean: the next transactions work.
      const n = await Promise.all(Array.from({ length: 12 }, () => e.transaction([], (tx) => tx.run('SELECT 1'))));
      assert.deepEqual(n, Array(12).fill(1));
    }));

  test('postgres: a tx handle is dead once its transaction ended', () =>
    withEngine(async (e) => {
      let leaked: { run(sql: string): Promise<number> } | undefined;
      await e.transaction([], async (tx) => {
        leaked = tx;
      });
      await assert.rejects(leaked!.run('SELECT 1'), /already finished/);
    }));

  test('postgres: ?pool=N caps the connections a node opens', async () => {
    const { url } = schemas.next();
    const backends = async (poolUrl: string) => {
      const e = await PostgresEngine.connect(poolUrl);
      try {
        // Eight transactions at once, each holding its connection a moment: the pool opens as many as it may.
        const pids = await Promise.all(
          Array.from({ length: 8 }, () =>
            e.transaction([], async (tx) => (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)'))[0].pid),
          ),
        );
        return new Set(pids).size;
      } finally {
        await e.close();
      }
    };
    const u = new URL(url);
    u.searchParams.set('pool', '2');
    assert.equal(await backends(u.toString()), 2);
    assert.equal(await backends(url), 8, 'the default (10) is not a cap at 8');
  });

  test('postgres: a bad URL or schema name is refused before anything runs', async () => {
    await assert.rejects(PostgresEngine.connect('mysql://x/y'), /unsupported database URL scheme/);
    await assert.rejects(PostgresEngine.connect('postgres://127.0.0.1/test?schema=Bad-Name'), /invalid schema/);
    await assert.rejects(PostgresEngine.connect('postgres://127.0.0.1/test?pool=0'), /invalid pool/);
  });
}
