// BGP AuthKeys are sealed at rest, on SQLite and PostgreSQL: the database row holds no key in clear,
// DescribeBgpGroups and DescribeBgpPeers still return it as Alibaba does, a restart still reads it, and a
// database an older vbrd wrote (keys in clear) is sealed by migration 12 on start.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { $Vpc, startHarness, waitFor, type Harness } from '../support/harness.js';
import { availableGroup, insertVbr } from '../support/fixtures.js';
import { reportUnavailable, SchemaPool, TEST_DATABASE_URL, unavailableReason } from '../support/postgres.js';

const R = 'cn-hangzhou';
const FIRST = 'Md5-Secret+First#2026';
const SECOND = 'Md5-Secret+Second#2026';
const seed = { accounts: [{ accountId: '1000000000000001', accessKeys: [], physicalConnectionServiceOpen: true }] };

/** How a test reaches one engine's raw rows. */
interface Engine {
  /** serve arguments (beside --data). */
  args: string[];
  /** The raw `data` column of a resource. */
  rawData(id: string): Promise<string>;
  /** Rewrites a resource's raw `data` column and forgets that migration 12 ran, as on a database an older vbrd wrote. */
  makeOld(id: string, data: string): Promise<void>;
}

function sqliteEngine(dataDir: string): Engine {
  const withDb = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(join(dataDir, 'vbrd.db'));
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    args: [],
    rawData: async (id) => withDb((db) => db.prepare('SELECT data FROM resources WHERE id = ?').pluck().get(id) as string),
    makeOld: async (id, data) =>
      withDb((db) => {
        db.prepare('UPDATE resources SET data = ? WHERE id = ?').run(data, id);
        db.prepare('DELETE FROM schema_migrations WHERE version = 12').run();
      }),
  };
}

function postgresEngine(url: string, schema: string): Engine {
  const withClient = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    args: ['--database', url],
    rawData: (id) =>
      withClient(async (c) => (await c.query(`SELECT data FROM ${schema}.resources WHERE id = $1`, [id])).rows[0].data as string),
    makeOld: (id, data) =>
      withClient(async (c) => {
        await c.query(`UPDATE ${schema}.resources SET data = $1 WHERE id = $2`, [data, id]);
        await c.query(`DELETE FROM ${schema}.schema_migrations WHERE version = 12`);
      }),
  };
}

async function describedKey(h: Harness, groupId: string): Promise<string | undefined> {
  const r = await h.vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, bgpGroupId: groupId }));
  return r.body!.bgpGroups!.bgpGroup![0].authKey;
}

function assertSealed(raw: string, ...keys: string[]): void {
  for (const k of keys) assert.ok(!raw.includes(k), `the row holds ${k} in clear: ${raw}`);
  const data = JSON.parse(raw) as Record<string, unknown>;
  assert.equal(data.AuthKey, undefined, 'no AuthKey field');
  assert.match(String(data.SealedAuthKey), /^v1:[A-Za-z0-9+/]+=*$/);
}

/** Runs the whole story on one engine; returns the data directory. */
async function sealedAtRest(engine: (dataDir: string) => Engine): Promise<string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vbrd-authkey-'));
  const e = engine(dataDir);
  let h = await startHarness({ dataDir, args: e.args, seed });
  let groupId: string;
  try {
    const vbr = await insertVbr(h);
    groupId = await availableGroup(h.vpc, vbr, { authKey: FIRST });
    assert.equal(await describedKey(h, groupId), FIRST, 'DescribeBgpGroups returns the AuthKey');
    assertSealed(await e.rawData(groupId), FIRST);

    const peer = (
      await h.vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: groupId, peerIpAddress: '192.0.2.2' }))
    ).body!.bgpPeerId!;
    const peers = await h.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: R, bgpPeerId: peer }));
    assert.equal(peers.body!.bgpPeers!.bgpPeer![0].authKey, FIRST, "DescribeBgpPeers repeats its group's AuthKey");

    await h.vpc.modifyBgpGroupAttribute(new $Vpc.ModifyBgpGroupAttributeRequest({ regionId: R, bgpGroupId: groupId, authKey: SECOND }));
    await waitFor(async () => (await describedKey(h, groupId)) === SECOND, 5000, 'the new AuthKey');
    assertSealed(await e.rawData(groupId), FIRST, SECOND);
  } finally {
    await h.close();
  }
  h = await startHarness({ dataDir, args: e.args, seed });
  try {
    assert.equal(await describedKey(h, groupId), SECOND, 'a restart reads it');
  } finally {
    await h.close();
  }

  // A database an older vbrd wrote: the key in clear, migration 12 not yet run.
  const { SealedAuthKey: _, ...rest } = JSON.parse(await e.rawData(groupId)) as Record<string, unknown>;
  await e.makeOld(groupId, JSON.stringify({ ...rest, AuthKey: FIRST }));
  assert.ok((await e.rawData(groupId)).includes(FIRST));
  h = await startHarness({ dataDir, args: e.args, seed });
  try {
    assertSealed(await e.rawData(groupId), FIRST);
    assert.equal(await describedKey(h, groupId), FIRST, 'the migrated key reads back');
  } finally {
    await h.close();
  }
  return dataDir;
}

/** Asserts no file of the data directory holds any of the keys, anywhere in its bytes. */
function assertNoFileHolds(dataDir: string, ...keys: string[]): void {
  for (const f of readdirSync(dataDir)) {
    const bytes = readFileSync(join(dataDir, f));
    for (const k of keys) assert.equal(bytes.includes(k), false, `${f} holds ${k}`);
  }
}

test('SQLite: AuthKeys are sealed in the row, read back through the SDK, after a restart, and migrated from clear text', async () => {
  const dataDir = await sealedAtRest(sqliteEngine);
  // Not even freed space in a page keeps the old text (the migration rewrites the rows with secure_delete on).
  assertNoFileHolds(dataDir, FIRST, SECOND);
});

test('SQLite: no database file holds a new AuthKey in clear', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vbrd-authkey-'));
  const h = await startHarness({ dataDir });
  try {
    const vbr = await insertVbr(h);
    const g = await availableGroup(h.vpc, vbr, { authKey: FIRST });
    await h.vpc.modifyBgpGroupAttribute(new $Vpc.ModifyBgpGroupAttributeRequest({ regionId: R, bgpGroupId: g, authKey: SECOND }));
    await waitFor(async () => (await describedKey(h, g)) === SECOND, 5000, 'the new AuthKey');
  } finally {
    await h.close();
  }
  assertNoFileHolds(dataDir, FIRST, SECOND);
});

const reason = await unavailableReason();
if (reason) reportUnavailable('AuthKeys sealed on PostgreSQL', reason);
else
  describe('PostgreSQL', () => {
    const pool = new SchemaPool();
    after(() => pool.dropAll());
    test('AuthKeys are sealed in the row, read back through the SDK, after a restart, and migrated from clear text', async () => {
      const { url, schema } = pool.next();
      await sealedAtRest(() => postgresEngine(url, schema));
    });
  });
