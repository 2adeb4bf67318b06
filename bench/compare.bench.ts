// `npm run bench:compare -- BEFORE AFTER`: the server's CPU time per request (and p99) under two builds, in
// alternating runs. This machine's speed drifts more within minutes than most changes move a request,
// so one run of each says little; pairs taken back to back, and their medians, say more. Keep a build
// before a change (`cp -r dist dist-before`: inside the project, so that it finds node_modules), change
// and `npm run build`, then `npm run bench:compare -- dist-before dist`. Each run starts a fresh server
// of one build (its own bench/server-child.js, with the fixtures of `npm run bench`); the load
// generator is this build's.
//   BENCH_PAIRS (default 3)   alternations
//   BENCH_CELLS (default D64,C64)   cells: D = DescribeBgpPeers by RouterId, G = by BgpGroupId,
//     A = account-wide, C = CreateBgpPeer; then the connections
//   BENCH_SECONDS (default 3), BENCH_WARMUP (default 1), BENCH_PEERS (default 100000) as elsewhere
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  cleanup, createdPeer, createPeerParams, describePeerParams, fmt, load, median, pageOf10, signedRequest, startChild, stopChild, table, tempDir,
  writeBenchSeed,
} from './load.js';

const WINDOW = { seconds: Number(process.env.BENCH_SECONDS ?? 3), warmup: Number(process.env.BENCH_WARMUP ?? 1) };
const PAIRS = Number(process.env.BENCH_PAIRS ?? 3);
const CELLS = (process.env.BENCH_CELLS ?? 'D64,C64').split(',');
const REGION = 'cn-hangzhou';
const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** CPU µs per request, rate and p99 of each cell, in CELLS order, on a fresh server of the build in `dist`. */
async function runOnce(dist: string): Promise<{ cpuUs: number; rps: number; p99: number }[]> {
  const dir = tempDir();
  const v = await startChild(['vbrd', join(dir, 'data'), writeBenchSeed(dir)], process.env, join(dist, 'bench', 'server-child.js'));
  try {
    const fx = v.fixtures!;
    const describe = describePeerParams(fx, REGION);
    const create = createPeerParams(fx, REGION);
    const out: { cpuUs: number; rps: number; p99: number }[] = [];
    for (const cell of CELLS) {
      const conns = Number(cell.slice(1));
      const [action, params, check] = cell[0] === 'C'
        ? ['CreateBgpPeer', create, createdPeer]
        : ['DescribeBgpPeers', { D: describe.RouterId, G: describe.BgpGroupId, A: describe['account-wide'] }[cell[0]]!, pageOf10];
      const c = await load(WINDOW, conns, () => signedRequest(v.port, action, params()), check, v.child.pid);
      if (c.errors) throw new Error(`${dist} ${cell}: ${c.errors} errors, first: ${c.firstError}`);
      out.push({ cpuUs: c.cpuUs ?? NaN, rps: c.rps, p99: c.p99 });
    }
    return out;
  } finally {
    await stopChild(v.child);
  }
}

async function main(): Promise<void> {
  const builds = process.argv.slice(2).map((d) => resolve(d));
  if (builds.length !== 2 || builds.some((d) => !existsSync(join(d, 'bench', 'server-child.js')))) {
    throw new Error('usage: npm run bench:compare -- BEFORE_DIST AFTER_DIST (two build directories, each with bench/server-child.js)');
  }
  if (CELLS.some((c) => !/^[DGAC]\d+$/.test(c))) throw new Error(`BENCH_CELLS: cells are D, G, A or C and connections, e.g. D64,C64; not ${CELLS.join(',')}`);
  const cpu = builds.map(() => CELLS.map((): number[] => []));
  const p99 = builds.map(() => CELLS.map((): number[] => []));
  // The rate too: a change can move the server's idle time (waiting in fsync, say) without its CPU per request.
  const rps = builds.map(() => CELLS.map((): number[] => []));
  for (let pair = 1; pair <= PAIRS; pair++) {
    for (const [b, dist] of builds.entries()) {
      say(`pair ${pair}/${PAIRS}: ${b === 0 ? 'before' : 'after'} (${dist})`);
      (await runOnce(dist)).forEach((c, i) => {
        cpu[b][i].push(c.cpuUs);
        rps[b][i].push(c.rps);
        p99[b][i].push(c.p99);
      });
    }
  }
  const lines = CELLS.map((cell, i) => {
    const [before, after] = [median(cpu[0][i]), median(cpu[1][i])];
    const better = cpu[1][i].filter((us, p) => us < cpu[0][i][p]).length;
    return [cell, cpu[0][i].map((x) => fmt(x)).join(' '), cpu[1][i].map((x) => fmt(x)).join(' '), fmt(before), fmt(after),
      `${after < before ? '' : '+'}${fmt((after / before - 1) * 100, 1)}%`, `${better} of ${PAIRS}`,
      `${fmt(median(rps[0][i]))} → ${fmt(median(rps[1][i]))}`, `${fmt(median(p99[0][i]), 1)} → ${fmt(median(p99[1][i]), 1)}`];
  });
  process.stdout.write([
    `server CPU µs per request, before = ${builds[0]}, after = ${builds[1]}; ${PAIRS} alternating pairs, ${WINDOW.warmup} s warm-up + ${WINDOW.seconds} s per cell`,
    '',
    ...table(['cell', 'before, each pair', 'after, each pair', 'median before', 'median after', 'change', 'pairs where after is cheaper', 'median req/s', 'median p99 ms'], lines),
  ].join('\n') + '\n');
}

main().then(() => { cleanup(); process.exit(0); }, (e) => { process.stderr.write(`bench failed: ${(e as Error).message}\n`); cleanup(); process.exit(1); });
