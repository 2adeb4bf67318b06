// `npm run bench -- compare BEFORE AFTER`: the server's CPU time per request (and p99) under two builds, in
// alternating runs. This machine's speed drifts more within minutes than most changes move a request,
// so one run of each says little; pairs taken back to back, and their medians, say more. Keep a build
// before a change (`cp -r dist dist-before`: inside the project, so that it finds node_modules), change
// and `npm run build`, then `npm run bench -- compare dist-before dist`. Each run starts a fresh server
// of one build (its own bench/server-child.js, with the fixtures of `npm run bench -- api`); the load
// generator is this build's.
//   BENCH_PAIRS (default 3)   alternations
//   BENCH_CELLS (default D64,C64)   cells: D = DescribeBgpPeers by RouterId, G = by BgpGroupId,
//     A = account-wide, C = CreateBgpPeer, R = DescribeRegions (the frame around a signed request,
//     with almost no action in it); then the connections
//   BENCH_SLICES (default 0)   instead of pairs of whole runs: one server of each build, both kept
//     running, and each cell measured in this many short slices (BENCH_SECONDS each, after 0.2 s to
//     connect) that alternate between them; swings of the machine that last longer than a slice hit
//     both builds alike. The servers share the server core, the idle one waiting. Half the slices
//     run on a second pair of servers, started in the other order (see runSlices).
//   BENCH_SECONDS (default 3), BENCH_WARMUP (default 1), BENCH_PEERS (default 100000) as elsewhere
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  cleanup,
  createdPeer,
  createPeerParams,
  describePeerParams,
  fmt,
  load,
  median,
  pageOf10,
  signedRequest,
  startChild,
  stopChild,
  table,
  tempDir,
  writeBenchSeed,
  type Window,
} from './load.js';
import type { BenchFixtures } from './server-child.js';

const WINDOW = { seconds: Number(process.env.BENCH_SECONDS ?? 3), warmup: Number(process.env.BENCH_WARMUP ?? 1) };
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
const SLICES = Number(process.env.BENCH_SLICES ?? 0);
const CELLS = (process.env.BENCH_CELLS ?? 'D64,C64').split(',');
const REGION = 'cn-hangzhou';
const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

type Measure = { cpuUs: number; rps: number; p99: number };

interface Server {
  dist: string;
  child: ChildProcess;
  port: number;
  describe: ReturnType<typeof describePeerParams>;
  create: ReturnType<typeof createPeerParams>;
}

/** A fresh server of the build in `dist`, with the bench's fixtures in its store. */
async function startServer(dist: string): Promise<Server> {
  const dir = tempDir();
  const v = await startChild(['vbrd', join(dir, 'data'), writeBenchSeed(dir)], process.env, join(dist, 'bench', 'server-child.js'));
  const fx: BenchFixtures = v.fixtures!;
  return { dist, child: v.child, port: v.port, describe: describePeerParams(fx, REGION), create: createPeerParams(fx, REGION) };
}

async function measure(s: Server, cell: string, w: Window): Promise<Measure> {
  const conns = Number(cell.slice(1));
  const [action, params, check]: [string, () => Record<string, string>, (body: string) => boolean] =
    cell[0] === 'C'
      ? ['CreateBgpPeer', s.create, createdPeer]
      : cell[0] === 'R'
        ? ['DescribeRegions', () => ({}), (body) => body.includes('"RegionId"')]
        : ['DescribeBgpPeers', { D: s.describe.RouterId, G: s.describe.BgpGroupId, A: s.describe['account-wide'] }[cell[0]]!, pageOf10];
  const c = await load(w, conns, [s.port], (port) => signedRequest(port, action, params()), check, s.child.pid);
  if (c.errors) throw new Error(`${s.dist} ${cell}: ${c.errors} errors, first: ${c.firstError}`);
  return { cpuUs: c.cpuUs ?? NaN, rps: c.rps, p99: c.p99 };
}

/** Every cell, in CELLS order, on a fresh server of each build in turn; even pairs start with the build named second. */
async function runPair(builds: string[], record: (b: number, cell: number, m: Measure) => void, pair: number): Promise<void> {
  for (const b of pair % 2 ? [0, 1] : [1, 0]) {
    const dist = builds[b];
    say(`pair ${pair}/${PAIRS}: ${b === 0 ? 'before' : 'after'} (${dist})`);
    const s = await startServer(dist);
    try {
      for (const [i, cell] of CELLS.entries()) record(b, i, await measure(s, cell, WINDOW));
    } finally {
      await stopChild(s.child);
    }
  }
}

/**
 * Both builds' servers at once, each cell in slices alternating between them (the first of each pair
 * alternates too). Half the slices run on a pair of servers started in the builds' order, half on a
 * fresh pair started the other way round: on the EPYC VM the server started second ran 7–10% cheaper
 * in A/A runs of one build, for as long as it lived.
 */
async function runSlices(builds: string[], record: (b: number, cell: number, m: Measure) => void): Promise<void> {
  for (const [half, order] of [
    [0, 1],
    [1, 0],
  ].entries()) {
    const slices = half === 0 ? Math.ceil(SLICES / 2) : Math.floor(SLICES / 2);
    const servers: Server[] = [];
    try {
      for (const b of order) {
        say(`starting ${builds[b]}`);
        servers[b] = await startServer(builds[b]);
      }
      for (const [i, cell] of CELLS.entries()) {
        say(`${cell}: warm-up, then ${slices} slices of each build`);
        for (const b of order) await measure(servers[b], cell, { warmup: 0, seconds: WINDOW.warmup });
        for (let k = 0; k < slices; k++) {
          for (const b of k % 2 ? [1, 0] : [0, 1]) record(b, i, await measure(servers[b], cell, { warmup: 0.2, seconds: WINDOW.seconds }));
        }
      }
    } finally {
      for (const s of servers) if (s) await stopChild(s.child);
    }
  }
}

async function main(): Promise<void> {
  const builds = process.argv.slice(2).map((d) => resolve(d));
  if (builds.length !== 2 || builds.some((d) => !existsSync(join(d, 'bench', 'server-child.js')))) {
    throw new Error('usage: npm run bench -- compare BEFORE_DIST AFTER_DIST (two build directories, each with bench/server-child.js)');
  }
  if (CELLS.some((c) => !/^[DGACR]\d+$/.test(c)))
    throw new Error(`BENCH_CELLS: cells are D, G, A, C or R and connections, e.g. D64,C64; not ${CELLS.join(',')}`);
  const cpu = builds.map(() => CELLS.map((): number[] => []));
  const p99 = builds.map(() => CELLS.map((): number[] => []));
  // The rate too: a change can move the server's idle time (waiting in fsync, say) without its CPU per request.
  const rps = builds.map(() => CELLS.map((): number[] => []));
  const record = (b: number, i: number, m: Measure) => {
    cpu[b][i].push(m.cpuUs);
    rps[b][i].push(m.rps);
    p99[b][i].push(m.p99);
  };
  if (SLICES > 0) await runSlices(builds, record);
  else for (let pair = 1; pair <= PAIRS; pair++) await runPair(builds, record, pair);
  const rounds = SLICES > 0 ? SLICES : PAIRS;
  const lines = CELLS.map((cell, i) => {
    const [before, after] = [median(cpu[0][i]), median(cpu[1][i])];
    const better = cpu[1][i].filter((us, p) => us < cpu[0][i][p]).length;
    return [
      cell,
      cpu[0][i].map((x) => fmt(x)).join(' '),
      cpu[1][i].map((x) => fmt(x)).join(' '),
      fmt(before),
      fmt(after),
      `${after < before ? '' : '+'}${fmt((after / before - 1) * 100, 1)}%`,
      `${better} of ${rounds}`,
      `${fmt(median(rps[0][i]))} → ${fmt(median(rps[1][i]))}`,
      `${fmt(median(p99[0][i]), 1)} → ${fmt(median(p99[1][i]), 1)}`,
    ];
  });
  process.stdout.write(
    [
      SLICES > 0
        ? `server CPU µs per request, before = ${builds[0]}, after = ${builds[1]}; both servers running, ${SLICES} alternating slices of ${WINDOW.seconds} s per cell`
        : `server CPU µs per request, before = ${builds[0]}, after = ${builds[1]}; ${PAIRS} alternating pairs, ${WINDOW.warmup} s warm-up + ${WINDOW.seconds} s per cell`,
      '',
      ...table(
        [
          'cell',
          `before, each ${SLICES > 0 ? 'slice' : 'pair'}`,
          `after, each ${SLICES > 0 ? 'slice' : 'pair'}`,
          'median before',
          'median after',
          'change',
          `${SLICES > 0 ? 'slices' : 'pairs'} where after is cheaper`,
          'median req/s',
          'median p99 ms',
        ],
        lines,
      ),
    ].join('\n') + '\n',
  );
}

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error).message}\n`);
    cleanup();
    process.exit(1);
  },
);
