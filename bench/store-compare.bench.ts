// `npm run bench -- store BEFORE AFTER`: the embedded store of two builds in one process, each over its
// own data directory, the CPU time of the same transactions alternating between them every fraction
// of a second. This machine's speed swings within minutes, which whole-server pairs (the compare bench)
// often cannot see through; short alternations in one process can, for changes below the HTTP layer.
// Each round is 32 transactions in one group commit, shaped as CreateBgpPeer's (read the VBR's
// peers, insert one) and the reconciler's settle of the previous round's peers (read, update).
//   BENCH_ROUNDS (default 16) alternations; BENCH_PEERS (default 50000) peers in each store first
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Store } from '../src/store/store.js';
import type { ResourceRecord } from '../src/store/record.js';
import { fmt, median, table } from './load.js';
import { lockKeys } from '../src/domain/lock-keys.js';
import { recordIndexing } from '../src/domain/record-indexing.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 16);
const PEERS = Number(process.env.BENCH_PEERS ?? 50_000);
const VBRS = 4096;
const BATCH = 32;
const BATCHES_PER_ROUND = 60;
const ACCOUNT = '1000000000000001';
const REGION = 'cn-hangzhou';

type Rec = ResourceRecord<Record<string, unknown>> & { vbrId: string };

interface Subject {
  dir: string;
  store: Store;
  newId: typeof import('../src/domain/ids.js').newId;
  vbrs: { vbrId: string; groupId: string }[];
  made: number;
  unsettled: Rec[];
}

async function open(dist: string): Promise<Subject> {
  const { openStore } = (await import(join(dist, 'src/store/open.js'))) as typeof import('../src/store/open.js');
  const { newId } = (await import(join(dist, 'src/domain/ids.js'))) as typeof import('../src/domain/ids.js');
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-store-bench-'));
  const now = Date.now();
  const vbrs = Array.from({ length: VBRS }, () => ({ vbrId: newId('vbr', now), groupId: newId('bgpg', now) }));
  return { dir, store: await openStore({ indexing: recordIndexing, dataDir: dir }), newId, vbrs, made: 0, unsettled: [] };
}

function peer(s: Subject): Rec {
  const n = s.made++;
  const { vbrId, groupId } = s.vbrs[n % VBRS];
  return {
    id: s.newId('bgp', Date.now()),
    kind: 'BgpPeer',
    accountId: ACCOUNT,
    regionId: REGION,
    parentId: groupId,
    vbrId,
    status: 'Pending',
    dueAt: null,
    data: {
      BgpGroupId: groupId,
      PeerIpAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      IpVersion: 'IPv4',
      EnableBfd: false,
      BfdMultiHop: 255,
      accessDeviceId: 'dev-1',
      BgpStatus: 'Idle',
      bfdStatus: null,
      AdvertisedRouteCount: 0,
      ReceivedRouteCount: 0,
      generation: 1,
      lastError: '',
      GmtModified: Date.now(),
    },
  };
}

/** One group commit: BATCH creates, and the settles of the previous batch's peers. */
function batch(s: Subject): Promise<unknown> {
  const settles = s.unsettled.splice(0).map((p) =>
    s.store.transaction([lockKeys.vbr(p.vbrId)], async (tx) => {
      const cur = await tx.get<Record<string, unknown>>('BgpPeer', p.id);
      if (cur) await tx.update({ ...cur, status: 'Available', data: { ...cur.data, BgpStatus: 'Established' } });
    }),
  );
  const creates = Array.from({ length: BATCH }, () => {
    const p = peer(s);
    return s.store.transaction([lockKeys.vbr(p.vbrId)], async (tx) => {
      await tx.list({ kind: 'BgpPeer', vbrId: p.vbrId, accountId: ACCOUNT, regionId: REGION });
      await tx.insert(p);
      s.unsettled.push(p);
    });
  });
  return Promise.all([...settles, ...creates]);
}

/** CPU µs per create (with its settle) over one round. */
async function round(s: Subject): Promise<number> {
  const t = process.cpuUsage();
  for (let b = 0; b < BATCHES_PER_ROUND; b++) await batch(s);
  const u = process.cpuUsage(t);
  return (u.user + u.system) / (BATCHES_PER_ROUND * BATCH);
}

async function main(): Promise<void> {
  const builds = process.argv.slice(2).map((d) => resolve(d));
  if (builds.length !== 2 || builds.some((d) => !existsSync(join(d, 'src/store/open.js')))) {
    throw new Error('usage: npm run bench -- store BEFORE_DIST AFTER_DIST (two build directories)');
  }
  const subjects: Subject[] = [];
  try {
    for (const dist of builds) {
      const s = await open(dist);
      subjects.push(s);
      process.stderr.write(`bench: filling ${dist} with ${PEERS} peers\n`);
      for (let i = 0; i < PEERS; i += 2000) {
        await Promise.all(Array.from({ length: Math.min(2000, PEERS - i) }, () => s.store.transaction([], (tx) => tx.insert(peer(s)))));
      }
      await round(s); // warm-up
    }
    const cpu: number[][] = [[], []];
    for (let r = 0; r < ROUNDS; r++) {
      for (const b of r % 2 ? [1, 0] : [0, 1]) cpu[b].push(await round(subjects[b]));
    }
    const [before, after] = cpu.map(median);
    const cheaper = cpu[1].filter((us, i) => us < cpu[0][i]).length;
    process.stdout.write(
      [
        `store CPU µs per CreateBgpPeer-shaped transaction and its settle, before = ${builds[0]}, after = ${builds[1]}; ` +
          `${ROUNDS} alternating rounds of ${BATCHES_PER_ROUND} group commits of ${BATCH}, over ${PEERS} peers`,
        '',
        ...table(
          ['build', 'each round', 'median'],
          [
            ['before', cpu[0].map((x) => fmt(x)).join(' '), fmt(before)],
            ['after', cpu[1].map((x) => fmt(x)).join(' '), fmt(after)],
          ],
        ),
        '',
        `after/before ${fmt((after / before - 1) * 100, 1)}%, after cheaper in ${cheaper} of ${ROUNDS} rounds`,
      ].join('\n') + '\n',
    );
  } finally {
    for (const s of subjects) {
      await s.store.close();
      rmSync(s.dir, { recursive: true, force: true });
    }
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
