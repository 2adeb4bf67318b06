// Two nodes sharing one database, at the store level: two separate PostgresEngine/SqlStore instances
// (each with its own pool, as two vbrd processes would have) on one schema, driven at once.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LockKey, Store } from '../store.js';
import type { ResourceRecord } from '../record.js';
import { openStore } from '../open.js';
import { migrate } from '../sql/migrate.js';
import { migrations } from '../sql/migrations.js';
import { SqlStore } from '../sql/sql-store.js';
import { PostgresEngine } from './engine.js';
import { reportUnavailable, SchemaPool, unavailableReason } from '../../../test/support/postgres.js';
import { lockKeys } from '../../domain/lock-keys.js';
import { recordIndexing } from '../../domain/record-indexing.js';

const reason = await unavailableReason();
if (reason !== null) {
  reportUnavailable('postgres multi-node', reason);
} else {
  const schemas = new SchemaPool();
  after(() => schemas.dropAll());

  const twoNodes = async (fn: (a: Store, b: Store) => Promise<void>) => {
    const { url } = schemas.next();
    const [a, b] = await Promise.all([
      openStore({ indexing: recordIndexing, dataDir: '', databaseUrl: url }),
      openStore({ indexing: recordIndexing, dataDir: '', databaseUrl: url }),
    ]);
    try {
      await fn(a, b);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  };

  let seq = 0;
  const peer = (data: Record<string, unknown> = {}): ResourceRecord<Record<string, unknown>> => {
    seq += 1;
    return {
      id: `bgp-${String(seq).padStart(21, '0')}`,
      kind: 'BgpPeer',
      accountId: 'acct-1',
      regionId: 'cn-hangzhou',
      parentId: 'bgpg-1',
      vbrId: 'vbr-1',
      status: 'Available',
      dueAt: null,
      data,
    };
  };

  /**
   * What a create action does with a ClientToken: reuse the remembered answer, else create and
   * remember. Without a lock the token's primary key decides the race; the loser's transaction fails
   * whole (its resource is rolled back) and it answers with the winner's entry.
   */
  const createOnce = async (s: Store, token: string, locks: LockKey[]): Promise<{ id: string; won: boolean }> => {
    const remembered = async () => (await s.getIdempotency('acct-1', 'CreateBgpPeer', token))?.response.BgpPeerId as string | undefined;
    try {
      return await s.transaction(locks, async (tx) => {
        const seen = await tx.getIdempotency('acct-1', 'CreateBgpPeer', token);
        if (seen) return { id: seen.response.BgpPeerId as string, won: false };
        const r = peer({ token });
        await tx.insert(r);
        await tx.putIdempotency('acct-1', 'CreateBgpPeer', token, { paramsHash: 'h', response: { BgpPeerId: r.id } });
        return { id: r.id, won: true };
      });
    } catch (e) {
      const id = await remembered();
      if (id === undefined) throw e;
      return { id, won: false };
    }
  };

  for (const locked of [false, true]) {
    test(`two nodes: one ClientToken sent to both at once creates exactly one resource (${locked ? 'token lock' : 'primary key only'})`, () =>
      twoNodes(async (a, b) => {
        const tokens = Array.from({ length: 25 }, (_, i) => `tok-${locked}-${i}`);
        const outcomes = await Promise.all(
          tokens.map(async (t) => {
            const keys = locked ? [lockKeys.clientToken('acct-1', 'CreateBgpPeer', t)] : [];
            return Promise.all([createOnce(a, t, keys), createOnce(b, t, keys)]);
          }),
        );
        for (const [x, y] of outcomes) {
          assert.equal(Number(x.won) + Number(y.won), 1, 'exactly one node created it');
          assert.equal(x.id, y.id, 'both callers get the same ID');
        }
        const created = await a.list<{ token: string }>({ kind: 'BgpPeer', accountId: 'acct-1' });
        assert.equal(created.total, tokens.length, 'no loser left a resource behind');
        assert.deepEqual(created.items.map((r) => r.id).sort(), outcomes.map(([x]) => x.id).sort());
      }));
  }

  test('two nodes: a nonce claimed on one is refused on the other, also when both claim at once', () =>
    twoNodes(async (a, b) => {
      const exp = Date.now() + 60_000;
      assert.equal(await a.claimNonce('seq-1', exp), 'claimed');
      assert.equal(await b.claimNonce('seq-1', exp), 'used');
      const wins = await Promise.all(
        Array.from({ length: 60 }, (_, i) => Promise.all([a.claimNonce(`race-${i}`, exp), b.claimNonce(`race-${i}`, exp)])),
      );
      for (const pair of wins) assert.deepEqual(pair.sort(), ['claimed', 'used']);
    }));

  test('two nodes: read-modify-write under one lock key stays exact across nodes', () =>
    twoNodes(async (a, b) => {
      const counter = peer({ count: 0 });
      await a.transaction([], (tx) => tx.insert(counter));
      const bump = (s: Store) =>
        s.transaction([lockKeys.vbr('vbr-1')], async (tx) => {
          const cur = await tx.get<{ count: number }>('BgpPeer', counter.id);
          await tx.update({ ...cur!, data: { count: cur!.data.count + 1 } });
        });
      await Promise.all(Array.from({ length: 40 }, (_, i) => bump(i % 2 ? a : b)));
      assert.equal((await b.get<{ count: number }>('BgpPeer', counter.id))!.data.count, 40);
    }));

  test('two nodes: overlapping lock sets named in opposite orders do not deadlock', async () => {
    // Engine level, so a transaction can hold its locks for a moment (pg_sleep) and the two nodes
    // really overlap. Taking the locks in the order given would deadlock: PostgreSQL would abort one
    // transaction after deadlock_timeout and this test would fail.
    const { url } = schemas.next();
    const [a, b] = await Promise.all([PostgresEngine.connect(url), PostgresEngine.connect(url)]);
    try {
      const hold = (e: PostgresEngine, keys: string[]) => e.transaction(keys, (tx) => tx.run('SELECT pg_sleep(0.005)'));
      await Promise.all(
        Array.from({ length: 20 }, () => [
          hold(a, ['vbr:x', 'vbr:y']),
          hold(b, ['vbr:y', 'vbr:x']),
          hold(a, ['vbr:y', 'vbr:z', 'vbr:x', 'vbr:y']),
          hold(b, ['vbr:z', 'vbr:x']),
        ]).flat(),
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('two nodes: a node that dies mid-transaction loses its locks and its writes; the other proceeds', async () => {
    const { url } = schemas.next();
    const [a, b] = await Promise.all([PostgresEngine.connect(url), PostgresEngine.connect(url)]);
    await migrate(a, recordIndexing);
    try {
      let pid = 0;
      let stalled!: () => void;
      const stall = new Promise<void>((r) => {
        stalled = r;
      });
      let resume!: () => void;
      const resumed = new Promise<void>((r) => {
        resume = r;
      });
      // Node a takes the lock, writes, then hangs (as a crashed process would) without committing.
      const dying = a.transaction(['vbr:vbr-1'], async (tx) => {
        pid = (await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0].pid;
        await tx.run('INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)', ['from-a', 'a', 1]);
        stalled();
        await resumed;
        await tx.run('SELECT 1');
      });
      await stall;
      const waiting = b.transaction(['vbr:vbr-1'], (tx) =>
        tx.run('INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)', ['from-b', 'b', 1]),
      );
      await new Promise((r) => setTimeout(r, 100));
      // The server ends a's session, as when its node's connection drops.
      await b.read.query('SELECT pg_terminate_backend(?)', [pid]);
      assert.equal(await waiting, 1, 'b got the lock once a was gone');
      resume();
      await assert.rejects(dying);
      assert.deepEqual(
        await b.read.query('SELECT name FROM leases ORDER BY name'),
        [{ name: 'from-b' }],
        "nothing of a's transaction is kept",
      );
      assert.equal(await a.transaction(['vbr:vbr-1'], (tx) => tx.run('SELECT 1')), 1, "a's pool replaced the dead connection");
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  test('two nodes: a lease has one holder across nodes and passes on after expiry', () =>
    twoNodes(async (a, b) => {
      assert.equal(await a.acquireLease('speaker:sim', 'node-a', 300), true);
      assert.equal(await b.acquireLease('speaker:sim', 'node-b', 300), false);
      assert.equal(await a.acquireLease('speaker:sim', 'node-a', 300), true, 'the holder renews');
      await new Promise((r) => setTimeout(r, 350));
      assert.equal(await b.acquireLease('speaker:sim', 'node-b', 300), true, 'an expired lease passes on');
      assert.equal(await a.acquireLease('speaker:sim', 'node-a', 300), false);
      const races = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          Promise.all([a.acquireLease(`race-${i}`, 'node-a', 10_000), b.acquireLease(`race-${i}`, 'node-b', 10_000)]),
        ),
      );
      for (const [x, y] of races) assert.equal(Number(x) + Number(y), 1, 'exactly one node holds each lease');
    }));

  test('two nodes: leases follow the database clock, so a node whose clock is off neither steals nor waits', () =>
    twoNodes(async (a, b) => {
      const realNow = Date.now;
      const skewed = async <T>(offsetMs: number, fn: () => Promise<T>): Promise<T> => {
        Date.now = () => realNow() + offsetMs;
        try {
          return await fn();
        } finally {
          Date.now = realNow;
        }
      };
      assert.equal(await a.acquireLease('clock', 'node-a', 2000), true);
      assert.equal(
        await skewed(3_600_000, () => b.acquireLease('clock', 'node-b', 2000)),
        false,
        'an hour ahead, b still sees a live lease',
      );
      assert.equal(await skewed(-3_600_000, () => a.acquireLease('clock', 'node-a', 300)), true, 'an hour behind, the holder still renews');
      await new Promise((r) => setTimeout(r, 350));
      assert.equal(
        await skewed(-3_600_000, () => b.acquireLease('clock', 'node-b', 2000)),
        true,
        'an hour behind, b takes the lease once it expired',
      );
    }));

  test('two nodes: migrating the same empty schema at once succeeds on both, applying each version once', async () => {
    for (let round = 0; round < 5; round++) {
      const { url } = schemas.next(); // the schema does not exist yet: its creation races too
      const node = async () => {
        const e = await PostgresEngine.connect(url);
        try {
          return await migrate(e, recordIndexing);
        } finally {
          await e.close();
        }
      };
      const applied = await Promise.all([node(), node()]);
      assert.deepEqual(
        applied.map((v) => v.length).sort(),
        [0, migrations.length],
        'one node applied the migrations, the other found them done',
      );
      const e = await PostgresEngine.connect(url);
      try {
        assert.deepEqual(
          await e.read.query('SELECT version FROM schema_migrations ORDER BY version'),
          migrations.map((m) => ({ version: m.version })),
        );
        const s = new SqlStore(e, recordIndexing);
        await s.transaction([], (tx) => tx.insert(peer()));
        assert.equal((await s.list({ kind: 'BgpPeer' })).total, 1, 'the migrated schema is usable');
      } finally {
        await e.close();
      }
    }
  });
}
