// `npm run bench -- engines`: CreateBgpPeer and DescribeBgpPeers on each store engine, side by side in
// one run — SQLite, PostgreSQL behind one node, PostgreSQL behind two nodes sharing one schema with
// the connections split evenly over both. Same load generator and server child as `npm run bench -- api`
// (bench/load.ts, bench/server-child.ts); each PostgreSQL configuration gets a fresh schema of the
// local test server (VBRD_TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test),
// dropped at the end.
//   BENCH_SECONDS (default 3) measured seconds per cell, after BENCH_WARMUP (default 1) seconds
//   BENCH_CONNS (default 16) concurrent connections, a comma list for several
//   BENCH_ENGINES_PEERS (default 10000) peers already in the store for DescribeBgpPeers
//   BENCH_PG_POOL pool size of each PostgreSQL node (`?pool=N`; default the engine's, 10)
// On a 2-core machine the servers share core 1 (both nodes too, so two nodes show coordination
// cost, not extra capacity) and PostgreSQL's backends float; the load generator has core 0.
import { cpus } from 'node:os';
import { SchemaPool, TEST_DATABASE_URL, unavailableReason } from '../test/support/postgres-schemas.js';
import {
  canPin,
  createdPeer,
  createPeerParams,
  describePeerParams,
  fmt,
  load,
  pageOf10,
  signedRequest,
  startChild,
  stopChild,
  table,
  tempDir,
  writeBenchSeed,
  type Cell,
} from './load.js';
import type { BenchFixtures } from './server-child.js';

const WINDOW = { seconds: Number(process.env.BENCH_SECONDS ?? 3), warmup: Number(process.env.BENCH_WARMUP ?? 1) };
const CONNS = (process.env.BENCH_CONNS ?? '16').split(',').map(Number);
const PEERS = Number(process.env.BENCH_ENGINES_PEERS ?? 10_000);
const POOL = process.env.BENCH_PG_POOL;
const REGION = 'cn-hangzhou';

interface Setup {
  engine: string;
  nodes: number;
}
const SETUPS: Setup[] = [
  { engine: 'sqlite', nodes: 1 },
  { engine: 'postgres', nodes: 1 },
  { engine: 'postgres', nodes: 2 },
];

interface Row {
  setup: Setup;
  scenario: string;
  conns: number;
  cell: Cell;
}

const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** Start the setup's nodes (fixtures from the first) and return their ports; stop() ends them all. */
async function startSetup(
  s: Setup,
  seedFile: string,
  schemas: SchemaPool,
): Promise<{ ports: number[]; fx: BenchFixtures; stop(): Promise<void> }> {
  const env = { ...process.env, BENCH_PEERS: String(PEERS) };
  let db: string[] = [];
  if (s.engine === 'postgres') {
    const u = new URL(schemas.next().url);
    if (POOL) u.searchParams.set('pool', POOL);
    db = ['--database', u.toString()];
  }
  const first = await startChild(['vbrd', tempDir(), seedFile, ...db, '--node-name', 'bench-1'], env);
  const nodes = [first];
  for (let i = 2; i <= s.nodes; i++)
    nodes.push(await startChild(['vbrd', tempDir(), seedFile, ...db, '--node-name', `bench-${i}`, '--no-fixtures'], env));
  return {
    ports: nodes.map((n) => n.port),
    fx: first.fixtures!,
    stop: async () => {
      await Promise.all(nodes.map((n) => stopChild(n.child)));
    },
  };
}

async function main(): Promise<void> {
  const began = performance.now();
  const unreachable = await unavailableReason();
  if (unreachable) throw new Error(unreachable);
  const schemas = new SchemaPool();
  const seedFile = writeBenchSeed(tempDir());
  const rows: Row[] = [];
  const inserted: string[] = [];
  try {
    for (const s of SETUPS) {
      const label = `${s.engine}, ${s.nodes} node${s.nodes > 1 ? 's' : ''}`;
      say(`${label}: starting and inserting ${PEERS} peers`);
      const t0 = performance.now();
      const run = await startSetup(s, seedFile, schemas);
      inserted.push(`${label} ${fmt((performance.now() - t0) / 1000, 1)} s`);
      try {
        // The connections are split evenly over the nodes.
        const byRouter = describePeerParams(run.fx, REGION).RouterId;
        for (const c of CONNS) {
          say(`${label}: DescribeBgpPeers, ${c} conns`);
          rows.push({
            setup: s,
            scenario: 'DescribeBgpPeers RouterId',
            conns: c,
            cell: await load(WINDOW, c, run.ports, (port) => signedRequest(port, 'DescribeBgpPeers', byRouter()), pageOf10),
          });
        }
        const createParams = createPeerParams(run.fx, REGION);
        for (const c of CONNS) {
          say(`${label}: CreateBgpPeer, ${c} conns`);
          rows.push({
            setup: s,
            scenario: 'CreateBgpPeer',
            conns: c,
            cell: await load(WINDOW, c, run.ports, (port) => signedRequest(port, 'CreateBgpPeer', createParams()), createdPeer),
          });
        }
      } finally {
        await run.stop();
      }
    }
  } finally {
    await schemas.dropAll();
  }

  const sqlite = new Map(rows.filter((r) => r.setup.engine === 'sqlite').map((r) => [`${r.scenario}@${r.conns}`, r.cell.rps]));
  const header = ['scenario', 'engine', 'nodes', 'conns', 'req/s', 'p50 ms', 'p99 ms', '× sqlite', 'errors'];
  const order = ['DescribeBgpPeers RouterId', 'CreateBgpPeer'];
  const lines = [...rows]
    .sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario) || a.conns - b.conns)
    .map(({ setup, scenario, conns, cell }) => [
      scenario,
      setup.engine,
      String(setup.nodes),
      String(conns),
      fmt(cell.rps),
      fmt(cell.p50, 2),
      fmt(cell.p99, 2),
      fmt(cell.rps / sqlite.get(`${scenario}@${conns}`)!, 2),
      String(cell.errors),
    ]);
  const out = [
    `vbrd engines bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ` +
      `${canPin ? 'load generator on core 0, vbrd node(s) on core 1, PostgreSQL unpinned' : 'not pinned'}, ${WINDOW.warmup} s warm-up + ${WINDOW.seconds} s per cell`,
    `PostgreSQL ${new URL(TEST_DATABASE_URL).host}, pool ${POOL ?? 'default (10)'} per node; DescribeBgpPeers: page 1 of 10 among ${PEERS} peers; ` +
      'CreateBgpPeer: V3-signed, fresh nonce, round-robin over the fixture VBRs (per-VBR lock, quota check, durable commit)',
    `set-up incl. fixtures: ${inserted.join('; ')}`,
    '',
    ...table(header, lines),
    '',
    `total bench time ${fmt((performance.now() - began) / 1000, 1)} s`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  for (const r of rows)
    if (r.cell.firstError)
      process.stderr.write(`bench: first error in ${r.scenario} on ${r.setup.engine}×${r.setup.nodes} @${r.conns}: ${r.cell.firstError}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
