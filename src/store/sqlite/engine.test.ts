import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreContract } from '../../../test/support/store-contract.js';
import { openStore } from '../open.js';
import { migrations } from '../sql/migrations.js';
import { migrate, SCHEMA_TABLE } from '../sql/migrate.js';
import { SqliteEngine, type SqliteOptions } from './engine.js';
import { recordIndexing } from '../../domain/record-indexing.js';

runStoreContract('sqlite', {
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), 'vbrd-store-'));
    return {
      store: await openStore({ indexing: recordIndexing, dataDir: dir }),
      reopen: () => openStore({ indexing: recordIndexing, dataDir: dir }),
    };
  },
});

/** A fresh engine in a directory of its own, its migrations run (options such as group hold times or the nonce limit). */
async function freshEngine(opts: Omit<SqliteOptions, 'dir'> = {}): Promise<SqliteEngine> {
  const engine = new SqliteEngine({ dir: mkdtempSync(join(tmpdir(), 'vbrd-store-')), ...opts });
  await migrate(engine, recordIndexing);
  return engine;
}

test('sqlite: a nonce used again after it expired is refused for its new window, however the older ones are swept', async () => {
  const engine = await freshEngine();
  try {
    const claim = (nonce: string, now: number) => engine.claimNonce(nonce, now + 2_000, now);
    assert.equal(await claim('a', 0), 'claimed');
    assert.equal(await claim('b', 1_000), 'claimed');
    assert.equal(await claim('a', 1_000), 'used', 'a is in its window');
    assert.equal(await claim('a', 2_500), 'claimed', 'a expired at 2 s (its second, 2, not swept yet)');
    assert.equal(await claim('c', 3_100), 'claimed', 'second 2 is swept, but not the a claimed again within it');
    assert.equal(await claim('a', 3_200), 'used', 'a is in its new window, up to 4.5 s');
    assert.equal(await claim('b', 4_000), 'claimed', 'b expired at 3 s and was swept');
    assert.equal(await claim('a', 4_600), 'claimed');
    assert.equal(await claim('c', 5_000), 'used');
  } finally {
    await engine.close();
  }
});

test('sqlite: past its limit of unexpired nonces it claims none, and claims again once some expire', async () => {
  const engine = await freshEngine({ maxNonces: 2 });
  try {
    assert.equal(await engine.claimNonce('a', 1_000, 0), 'claimed');
    assert.equal(await engine.claimNonce('b', 5_000, 10), 'claimed');
    assert.equal(await engine.claimNonce('c', 5_000, 20), 'full');
    assert.equal(await engine.claimNonce('a', 5_000, 20), 'used', 'a used nonce is refused as used, not for the limit');
    assert.equal(await engine.claimNonce('c', 5_000, 2_000), 'claimed', 'a expired at 1 s');
    assert.equal(await engine.claimNonce('d', 5_000, 2_000), 'full');
  } finally {
    await engine.close();
  }
});

test('sqlite: a nonce that expires after those claimed later does not hold them in memory', async () => {
  const engine = await freshEngine({ maxNonces: 2 });
  try {
    // A request stamped 15 minutes ahead of the clock, then an ordinary one.
    assert.equal(await engine.claimNonce('ahead', 1_860_000, 0), 'claimed');
    assert.equal(await engine.claimNonce('now', 1_500, 100), 'claimed');
    assert.equal(await engine.claimNonce('next', 3_000, 1_200), 'full', 'both unexpired at 1.2 s');
    assert.equal(await engine.claimNonce('next', 4_000, 2_100), 'claimed', 'the second in which now expired has passed');
    assert.equal(await engine.claimNonce('ahead', 1_860_000, 2_100), 'used');
  } finally {
    await engine.close();
  }
});

test('sqlite: the reads of a turn share a read transaction, which a batch in the next turn ends first', async () => {
  const engine = await freshEngine();
  try {
    const leases = async () => (await engine.read.query<{ name: string }>('SELECT name FROM leases ORDER BY name')).map((r) => r.name);
    // The batch is scheduled before the read opens the turn's shared transaction, so it runs before
    // the end of turn would have closed it: it must close it itself.
    const write = engine.transaction([], (tx) => tx.run("INSERT INTO leases (name, holder, expires_at) VALUES ('a', 'h', 1)"));
    assert.deepEqual(await leases(), [], 'not committed yet');
    assert.equal(await write, 1);
    assert.deepEqual(await leases(), ['a'], 'a read after the commit sees it');
    const second = engine.transaction([], (tx) => tx.run("INSERT INTO leases (name, holder, expires_at) VALUES ('b', 'h', 1)"));
    await new Promise((r) => setImmediate(r));
    await second;
    assert.deepEqual(await leases(), ['a', 'b']);
  } finally {
    await engine.close();
  }
});

const nextPass = () => new Promise((r) => setImmediate(r));
const insertLease = (engine: SqliteEngine, name: string) =>
  engine.transaction([], (tx) => tx.run('INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, 1)', [name, 'h']));

test("sqlite: a lone writer's transaction commits at the end of its pass, without waiting for company", async () => {
  const engine = await freshEngine({ groupJoinGapMs: 1000, groupMaxAgeMs: 5000 });
  try {
    const events: string[] = [];
    const first = insertLease(engine, 'a').then(() => events.push('a committed'));
    for (let i = 0; i < 3; i++) await nextPass();
    events.push('b joins');
    await Promise.all([first, insertLease(engine, 'b')]);
    assert.deepEqual(events, ['a committed', 'b joins']);
  } finally {
    await engine.close();
  }
});

test('sqlite: with several writers at once, a group commit stays open while transactions keep joining it, up to a size and an age', async () => {
  const engine = await freshEngine({ groupJoinGapMs: 1000, groupMaxAgeMs: 300 });
  try {
    const events: string[] = [];
    let n = 0;
    const lease = () => {
      const name = `l-${n++}`;
      return insertLease(engine, name).then(() => {
        events.push(`${name} committed`);
      });
    };
    // Two in one pass: a group of two, so the engine knows several writers are at work.
    await Promise.all([lease(), lease()]);
    events.length = 0;
    // The next group: one transaction, then another in each of the next passes. All join it.
    let held = [lease()];
    for (let i = 0; i < 3; i++) {
      await nextPass();
      events.push(`joined ${i}`);
      held.push(lease());
    }
    await Promise.all(held);
    assert.deepEqual(events.slice(0, 3), ['joined 0', 'joined 1', 'joined 2'], 'the first waited for the others');
    // One joining in every pass: the group closes once it holds 16, long before its age.
    events.length = 0;
    held = [lease()];
    for (let i = 1; i < 24; i++) {
      await nextPass();
      events.push(`joined ${i}`);
      held.push(lease());
    }
    await Promise.all(held);
    const first = events.indexOf(`l-${n - 24} committed`);
    assert.ok(
      first > events.indexOf('joined 14') && first < events.indexOf('joined 20'),
      `a group of about 16: ${events.slice(0, 24).join(', ')}`,
    );
    // One joining every 100 ms, 3 or 4 in its age: the group closes when 300 ms old, not at 16 (1.6 s).
    const t0 = performance.now();
    let stop = false;
    const stream = (async () => {
      while (!stop) {
        void lease();
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        lease(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('the group was still open after 3 s')), 3000);
        }),
      ]);
    } finally {
      stop = true;
      clearTimeout(timer);
      await stream;
    }
    const waited = performance.now() - t0;
    assert.ok(waited >= 300 && waited < 1200, `committed after ${waited.toFixed(0)} ms, with the group open for 300`);
  } finally {
    await engine.close();
  }
});

test('sqlite: the nonces claimed before a commit are written with it as one row, which prune removes once all expired', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-store-'));
  const store = await openStore({ indexing: recordIndexing, dataDir: dir });
  const rows = () => {
    const db = new Database(join(dir, 'vbrd.db'), { readonly: true });
    try {
      return db.prepare('SELECT expires_at, nonces FROM nonce_batches').all() as { expires_at: number; nonces: string }[];
    } finally {
      db.close();
    }
  };
  try {
    const now = Date.now();
    for (const [n, ttl] of [
      ['n-1', 1000],
      ['n-2', 5000],
      ['n-3', 2000],
    ] as const)
      assert.equal(await store.claimNonce(n, now + ttl), 'claimed');
    await store.transaction([], async () => undefined);
    assert.deepEqual(rows(), [
      {
        expires_at: now + 5000,
        nonces: JSON.stringify([
          ['n-1', now + 1000],
          ['n-2', now + 5000],
          ['n-3', now + 2000],
        ]),
      },
    ]);
    await store.prune(now + 3000);
    assert.equal(rows().length, 1, 'n-2 is still live');
    await store.prune(now + 6000);
    assert.deepEqual(rows(), []);
  } finally {
    await store.close();
  }
});

/** SQLite's query plans over a fresh, fully migrated store. */
async function withPlans(fn: (plan: (sql: string) => string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-store-'));
  await (await openStore({ indexing: recordIndexing, dataDir: dir })).close();
  const db = new Database(join(dir, 'vbrd.db'));
  try {
    fn((sql) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array.from(sql.matchAll(/\?/g), () => 'x')) as { detail: string }[])
        .map((r) => r.detail)
        .join('; '),
    );
  } finally {
    db.close();
  }
}

test('sqlite: pruning nonces and ClientTokens reads their expiry indexes', () =>
  withPlans((plan) => {
    assert.match(plan('DELETE FROM nonces WHERE expires_at < 5'), /USING (COVERING )?INDEX nonces_expiry/);
    assert.match(plan('DELETE FROM nonce_batches WHERE expires_at < 5'), /USING (COVERING )?INDEX nonce_batches_expiry/);
    assert.match(plan('DELETE FROM client_tokens WHERE created_at < 5'), /USING (COVERING )?INDEX client_tokens_age/);
  }));

test('sqlite: quota-key counts read the partial indexes, not the table', () =>
  withPlans((plan) => {
    assert.match(plan("SELECT COUNT(*) FROM resources WHERE quota_key = 'k'"), /COVERING INDEX resources_quota_key/);
    assert.match(
      plan("SELECT COUNT(*) FROM resources WHERE account_id = 'x' AND quota_key IS NOT NULL AND substr(quota_key, 1, 4) = 'bfd|'"),
      /COVERING INDEX resources_account_quota_key/,
    );
  }));

test('sqlite: resources keep only the indexes SQL still reads, and no kept counts: lists and totals come from the resident copy', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-store-'));
  await (await openStore({ indexing: recordIndexing, dataDir: dir })).close();
  const db = new Database(join(dir, 'vbrd.db'), { readonly: true });
  try {
    const names = (type: string) =>
      (
        db.prepare("SELECT name FROM sqlite_master WHERE type = ? AND name NOT LIKE 'sqlite_%' ORDER BY name").all(type) as {
          name: string;
        }[]
      ).map((r) => r.name);
    assert.deepEqual(
      names('index').filter((n) => n.startsWith('resources_')),
      ['resources_account_quota_key', 'resources_due', 'resources_quota_key'],
    );
    assert.ok(!names('table').includes('resource_counts'));
  } finally {
    db.close();
  }
});

test('sqlite: records referring to an id are found through the links, then by id', () =>
  withPlans((plan) => {
    assert.match(
      plan(
        "SELECT id FROM resources WHERE kind = 'VirtualBorderRouter' AND id IN (SELECT resource_id FROM resource_links WHERE target_id = 'pc-1') ORDER BY id",
      ),
      /SEARCH resources USING INDEX \S+ \(id=\?\).*resource_links USING COVERING INDEX \S+ \(target_id=\?\)/,
    );
  }));

test('sqlite: upgrading a store made before quota keys, links and nonce batches keeps BFD peers, associated VBRs and used nonces', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-store-'));
  const db = new Database(join(dir, 'vbrd.db'));
  db.exec(SCHEMA_TABLE);
  for (const m of migrations.filter((x) => x.version <= 2)) {
    for (const s of m.statements) db.exec(s);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, 0);
  }
  const insert = db.prepare(`INSERT INTO resources (id, kind, account_id, region_id, parent_id, vbr_id, status, due_at, data)
    VALUES (?, ?, 'acct-1', 'cn-hangzhou', ?, 'vbr-1', ?, NULL, ?)`);
  insert.run('bgp-1', 'BgpPeer', 'bgpg-1', 'Available', JSON.stringify({ EnableBfd: true, accessDeviceId: 'dev-a' }));
  insert.run('bgp-2', 'BgpPeer', 'bgpg-1', 'Pending', JSON.stringify({ EnableBfd: true, accessDeviceId: 'dev-a' }));
  insert.run('bgp-3', 'BgpPeer', 'bgpg-1', 'Deleting', JSON.stringify({ EnableBfd: true, accessDeviceId: 'dev-a' }));
  insert.run('bgp-4', 'BgpPeer', 'bgpg-1', 'Available', JSON.stringify({ EnableBfd: false, accessDeviceId: 'dev-a' }));
  insert.run('vbr-1', 'VirtualBorderRouter', 'pc-1', 'active', JSON.stringify({ associations: [{ PhysicalConnectionId: 'pc-2' }] }));
  db.prepare('INSERT INTO nonces (nonce, expires_at) VALUES (?, ?)').run('used-before', Date.now() + 60_000);
  db.close();
  const store = await openStore({ indexing: recordIndexing, dataDir: dir });
  try {
    assert.equal(await store.countQuotaKey({ key: 'bfd|dev-a' }), 2);
    assert.equal(await store.countQuotaKey({ keyPrefix: 'bfd|', accountId: 'acct-1' }), 2);
    assert.deepEqual(
      (await store.list({ kind: 'VirtualBorderRouter', linkedTo: 'pc-2' })).items.map((v) => v.id),
      ['vbr-1'],
    );
    const page = await store.list({ kind: 'BgpPeer', accountId: 'acct-1', regionId: 'cn-hangzhou', vbrId: 'vbr-1', limit: 1 });
    assert.deepEqual([page.items.map((p) => p.id), page.total], [['bgp-1'], 4], 'the totals the dropped counts kept');
    assert.equal(await store.claimNonce('used-before', Date.now() + 60_000), 'used');
  } finally {
    await store.close();
  }
});
