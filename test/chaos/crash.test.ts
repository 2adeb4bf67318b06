// The crash suite: a real `vbrd serve` child under concurrent writes (clients creating and deleting VBRs
// and BGP groups with ClientTokens) is killed with SIGKILL at a random moment, round after round, and
// started again on the same store, SQLite and PostgreSQL. After each restart: every acknowledged write is
// there (a deletion acknowledged: gone or going), every acknowledged ClientToken sent again answers the
// same id, and nothing is there that no client was told of (a call the kill cut off was sent again with
// its token until answered: it is absent or completed once, never twice). `npm test` runs 3 rounds per
// engine with seed 25; `npm run chaos -- crash [ROUNDS] [SEED] [ENGINE]` more (VBRD_CRASH_ROUNDS,
// VBRD_CRASH_SEED, VBRD_CRASH_ENGINE, VBRD_CRASH_CLIENTS). Each run prints its figures.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEV_ROOT } from '../../src/config/server-config.js';
import { call } from '../../src/library/rpc.js';
import { enabledCircuit } from '../support/express-connect.js';
import { vpcClient } from '../support/harness.js';
import { reportUnavailable, SchemaPool, unavailableReason } from '../support/postgres.js';
import { killHard, spawnVbrd, type VbrdProcess } from '../support/vbrd-process.js';
import { answered, Endpoint, Ledger, mulberry32, REGION, Worker, type Created } from './crash-load.js';

const ROUNDS = Math.max(1, Number(process.env.VBRD_CRASH_ROUNDS ?? 3));
const SEED = Number(process.env.VBRD_CRASH_SEED ?? 25);
const CLIENTS = Math.max(1, Number(process.env.VBRD_CRASH_CLIENTS ?? 16));
const ENGINES = (process.env.VBRD_CRASH_ENGINE ?? 'sqlite,postgres').split(',').filter((e) => e === 'sqlite' || e === 'postgres');
const CIRCUITS = 4;
/** Acknowledged creations whose tokens are sent again after each restart, at most (a sample, past that). */
const REPLAYS_PER_ROUND = 400;
const KEY = { accessKeyId: DEV_ROOT.accessKeyId, accessKeySecret: DEV_ROOT.accessKeySecret };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A seed file: fast lifecycles, room for many VBRs, the root's physical-connection service open. */
function writeSeed(dir: string): string {
  const file = join(dir, 'seed.json');
  writeFileSync(
    file,
    JSON.stringify({
      accounts: [{ accountId: DEV_ROOT.accountId, physicalConnectionServiceOpen: true, accessKeys: [] }],
      timings: {
        physicalConnectionAllocateMs: 30,
        physicalConnectionTransitionMs: 30,
        vbrTransitionMs: 30,
        bgpApplyMs: 30,
        simSessionUpMs: 50,
      },
      quotas: {
        vbrsPerPhysicalConnection: 100_000,
        physicalConnectionsPerAccessPoint: CIRCUITS * 2,
        unfinishedPhysicalConnections: CIRCUITS * 2,
      },
    }),
  );
  return file;
}

type Listed = Map<string, string>;

/** Every item of a Describe action, by id with its status, page by page. */
async function everything(endpoint: string, action: string, [outer, inner]: [string, string], idKey: string): Promise<Listed> {
  const out: Listed = new Map();
  for (let page = 1; ; page++) {
    const body = await call(`http://${endpoint}`, KEY, action, { RegionId: REGION, PageSize: '50', PageNumber: String(page) });
    const items = (body[outer] as Record<string, Record<string, string>[]>)[inner];
    for (const x of items) out.set(x[idKey], x.Status);
    if (items.length < 50) return out;
  }
}

const ID_KEY = { vbr: 'VbrId', group: 'BgpGroupId' } as const;

/**
 * Every VBR and group, listed until two listings agree: a deletion that completes while the pages are
 * read shifts the later pages by one, and the item at the boundary would be missed.
 */
async function stableListing(endpoint: string): Promise<{ vbr: Listed; group: Listed }> {
  const list = async () => ({
    vbr: await everything(endpoint, 'DescribeVirtualBorderRouters', ['VirtualBorderRouterSet', 'VirtualBorderRouterType'], 'VbrId'),
    group: await everything(endpoint, 'DescribeBgpGroups', ['BgpGroups', 'BgpGroup'], 'BgpGroupId'),
  });
  const same = (a: Listed, b: Listed) => a.size === b.size && [...a].every(([id, status]) => b.get(id) === status);
  let last = await list();
  for (;;) {
    const now = await list();
    if (same(now.vbr, last.vbr) && same(now.group, last.group)) return now;
    last = now;
  }
}

/**
 * What must hold after a restart, with no call under way: returns how many acknowledged writes it checked
 * and how many tokens it sent again.
 */
async function verify(
  endpoint: Endpoint,
  ledger: Ledger,
  random: () => number,
  what: string,
): Promise<{ checked: number; replayed: number }> {
  const listed = await stableListing(endpoint.get());
  let checked = 0;
  const live: Created[] = [];
  for (const c of ledger.created.values()) {
    const status = listed[c.kind].get(c.id);
    if (c.deleted)
      assert.ok(
        status === undefined || /^deleting$/i.test(status),
        `${what}: ${c.kind} ${c.id}'s deletion was acknowledged, yet it is ${status}`,
      );
    else {
      assert.ok(
        status !== undefined,
        `${what}: ${c.kind} ${c.id} was acknowledged (${JSON.stringify(c.call)}) ${c.acknowledged} and is lost; since: ${c.history.join('; ') || 'nothing'}`,
      );
      assert.ok(!/^deleting$/i.test(status), `${what}: ${c.kind} ${c.id} is ${status}, though no deletion was acknowledged`);
      live.push(c);
    }
    checked++;
  }
  for (const [kind, found] of Object.entries(listed)) {
    for (const id of found.keys()) {
      assert.ok(ledger.created.has(id), `${what}: ${kind} ${id} is there, but no client was told of it (a retried call made it twice?)`);
    }
  }
  // The same ClientToken answers the same id, across the restart.
  const sample = live.length <= REPLAYS_PER_ROUND ? live : live.sort(() => random() - 0.5).slice(0, REPLAYS_PER_ROUND);
  await Promise.all(
    sample.map(async (c) => {
      const a = await answered(endpoint, KEY, c.call);
      assert.equal(a.status, 200, `${what}: ${c.call.action} sent again with its ClientToken: ${a.text}`);
      assert.equal(a.body[ID_KEY[c.kind]], c.id, `${what}: ${c.call.action} sent again with its ClientToken answered another id`);
    }),
  );
  return { checked, replayed: sample.length };
}

async function crashRounds(engine: 'sqlite' | 'postgres', databaseUrl?: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-crash-'));
  const args = ['--data', dir, '--seed', writeSeed(dir), '--node-name', 'crash', '--log-level', 'warn'];
  if (databaseUrl) args.push('--database', databaseUrl);
  const random = mulberry32(SEED);
  const endpoint = new Endpoint();
  let proc: VbrdProcess | undefined;
  try {
    proc = await spawnVbrd(args);
    endpoint.set(proc.endpoint);
    const vpc = vpcClient(proc.endpoint, KEY.accessKeyId, KEY.accessKeySecret);
    const circuits: string[] = [];
    for (let i = 0; i < CIRCUITS; i++) circuits.push(await enabledCircuit(vpc));

    const ledger = new Ledger();
    const perCircuit = Math.ceil(CLIENTS / CIRCUITS);
    const span = Math.floor(4000 / perCircuit);
    const workers = Array.from(
      { length: CLIENTS },
      (_, index) =>
        new Worker({
          index,
          circuit: circuits[index % CIRCUITS],
          firstVlan: 1 + Math.floor(index / CIRCUITS) * span,
          span,
          random: mulberry32(SEED * 1000 + index),
          endpoint,
          key: KEY,
          ledger,
        }),
    );
    let worstRecovery = 0;
    let checked = 0;
    let replayed = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const what = `${engine}, round ${round} of ${ROUNDS} (seed ${SEED})`;
      ledger.round = round;
      let running = true;
      const load = workers.map((w) => w.run(() => running));
      // Kill at a random moment of the load.
      await sleep(200 + random() * 1300);
      endpoint.down();
      const killedAt = performance.now();
      await killHard(proc);
      proc = await spawnVbrd(args);
      const health = await fetch(`http://${proc.endpoint}/_vbrd/health`);
      assert.equal(health.status, 200, `${what}: health after the restart`);
      worstRecovery = Math.max(worstRecovery, performance.now() - killedAt);
      endpoint.set(proc.endpoint);
      // The calls the kill cut off are sent again until answered; then the clients stop for the check.
      await sleep(random() * 500);
      running = false;
      await Promise.all(load);
      const r = await verify(endpoint, ledger, random, what);
      checked += r.checked;
      replayed += r.replayed;
    }
    const f = ledger.figures;
    console.log(
      `# crash ${engine}: ${ROUNDS} kill -9 round(s) under ${CLIENTS} clients (seed ${SEED}): ${f.acknowledged} writes acknowledged, ` +
        `${f.refused} refused, ${f.retried} calls sent again with their token after a kill; ${checked} acknowledged writes checked, ${replayed} ClientTokens replayed; ` +
        `worst recovery ${Math.round(worstRecovery)} ms (kill to health)`,
    );
    assert.ok(f.acknowledged > ROUNDS * CLIENTS, `only ${f.acknowledged} writes acknowledged: the load did not run`);
  } finally {
    if (proc) await killHard(proc);
    rmSync(dir, { recursive: true, force: true });
  }
}

const TIMEOUT = 120_000 + ROUNDS * 60_000;

if (ENGINES.includes('sqlite')) {
  test(`crash on SQLite: ${ROUNDS} kill -9 round(s) under ${CLIENTS} clients lose nothing acknowledged`, { timeout: TIMEOUT }, () =>
    crashRounds('sqlite'),
  );
}

if (ENGINES.includes('postgres')) {
  const reason = await unavailableReason();
  if (reason) reportUnavailable('crash on PostgreSQL', reason);
  else {
    test(
      `crash on PostgreSQL: ${ROUNDS} kill -9 round(s) under ${CLIENTS} clients lose nothing acknowledged`,
      { timeout: TIMEOUT },
      async () => {
        const schemas = new SchemaPool();
        try {
          await crashRounds('postgres', schemas.next().url);
        } finally {
          await schemas.dropAll();
        }
      },
    );
  }
}
