// `npm run bench -- api`: request rate and latency of a real vbrd against a bare node:http
// server measured in the same run (and the same server checking a V3 signature first, for what the
// protocol alone costs), plus start-up time. The servers run in a child process
// (bench/server-child.ts) and this process is the load generator: on a 2-core machine each gets one
// core (pinned with taskset when available). Everything is on loopback; temp dirs and children are
// removed at the end, also on failure or Ctrl-C.
//   BENCH_SECONDS (default 5) measured seconds per cell, after BENCH_WARMUP (default 1) seconds.
// First, 3 s of bench/host-probe.ts on the server's core: how steady the machine is during the run.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  canPin,
  children,
  cleanup,
  createdPeer,
  createPeerParams,
  describePeerParams,
  drainReconciler,
  fmt,
  health,
  load,
  median,
  pageOf10,
  probeHost,
  signedRequest,
  startChild,
  stopChild,
  table,
  tempDir,
  writeBenchSeed,
  type Cell,
  type Req,
} from './load.js';
import { describeSteadiness } from './host-probe.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '..', 'src', 'cli', 'vbrd.js');
const WINDOW = { seconds: Number(process.env.BENCH_SECONDS ?? 5), warmup: Number(process.env.BENCH_WARMUP ?? 1) };
const { seconds: SECONDS, warmup: WARMUP } = WINDOW;
const CONNS = [16, 64];
const STARTS = 5;
const FILLED_STARTS = 3;
const REGION = 'cn-hangzhou';

/** Spawn `vbrd serve --port 0` on a data dir (a fresh one by default); ms from spawn to the first 200 from /_vbrd/health. */
async function startupOnce(dir = tempDir()): Promise<number> {
  const t0 = performance.now();
  // Free to use both cores, as when a user starts it (this process only waits meanwhile); without
  // taskset it would inherit this process's pinning to core 0.
  const argv = [process.execPath, CLI, 'serve', '--port', '0', '--data', dir, '--log-level', 'silent'];
  const [cmd, ...args] = canPin ? ['taskset', '-c', `0-${cpus().length - 1}`, ...argv] : argv;
  const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (c: Buffer) => {
        err += c.toString();
        const m = /serving the VPC API on http:\/\/[^\s]*:(\d+)\//.exec(err);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`vbrd serve exited (${code}): ${err}`)));
    });
    const agent = new http.Agent({ keepAlive: false });
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        http
          .get({ host: '127.0.0.1', port, path: '/_vbrd/health', agent }, (res) => {
            res.resume();
            resolve(res.statusCode === 200);
          })
          .on('error', () => resolve(false));
      });
      if (ok) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    await stopChild(child);
  }
}

async function main(): Promise<void> {
  const began = performance.now();
  const rows: { name: string; conns: number; cell: Cell; target?: number }[] = [];
  const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

  say('timing fixed pieces of CPU work on the server core');
  const steadiness = await probeHost(3);

  // 1. Baseline.
  const base = await startChild(['baseline']);
  const baseReq: Req = { path: '/', headers: {} };
  for (const c of CONNS) {
    say(`baseline, ${c} conns`);
    rows.push({ name: 'baseline node:http', conns: c, cell: await load(WINDOW, c, [base.port], baseReq, undefined, base.child.pid) });
  }
  await stopChild(base.child);
  // The same answer behind vbrd's V3 signature check: what the protocol alone costs on node:http.
  // One signed request, sent again and again (the server leaves out the nonce check): signing each
  // anew would cost the load generator about as much as this server spends.
  const signedBase = await startChild(['signed-baseline']);
  const signedReq = signedRequest(signedBase.port, 'DescribeRegions', {});
  for (const c of CONNS) {
    say(`node:http + V3 check, ${c} conns`);
    rows.push({
      name: 'node:http + V3 check',
      conns: c,
      cell: await load(WINDOW, c, [signedBase.port], signedReq, undefined, signedBase.child.pid),
    });
  }
  await stopChild(signedBase.child);

  // 2. A real vbrd with 100,000 peers already in its store.
  const dir = tempDir();
  const seedFile = writeBenchSeed(dir);
  say('starting vbrd and inserting fixtures');
  const v = await startChild(['vbrd', join(dir, 'data'), seedFile]);
  const fx = v.fixtures!;
  say(
    `${fx.totalPeers} peers on ${fx.describeGroups.length} VBRs inserted in ${fmt(fx.insertMs)} ms, then applied by the reconciler in ${fmt(fx.reconcileMs ?? NaN)} ms`,
  );
  const describes = Object.entries(describePeerParams(fx, REGION)).map(([by, params]) => [`DescribeBgpPeers ${by}`, params] as const);
  for (const [name, params] of describes) {
    for (const c of CONNS) {
      say(`${name}, ${c} conns`);
      rows.push({
        name,
        conns: c,
        target: 0.35,
        cell: await load(WINDOW, c, [v.port], (port) => signedRequest(port, 'DescribeBgpPeers', params()), pageOf10, v.child.pid),
      });
    }
  }
  const createParams = createPeerParams(fx, REGION);
  let created = 0;
  let sent = 0;
  // The cells count the settles (Pending → Available) the reconciler made during their window; how
  // far behind the emulated data plane was at its end says how many of their peers' settles they left out.
  const behind: number[] = [];
  for (const c of CONNS) {
    say(`CreateBgpPeer, ${c} conns`);
    const cell = await load(
      WINDOW,
      c,
      [v.port],
      (port) => {
        sent++;
        return signedRequest(port, 'CreateBgpPeer', createParams());
      },
      createdPeer,
      v.child.pid,
    );
    behind.push((await health(v.port)).reconcilerBacklog);
    created += cell.ok;
    rows.push({ name: 'CreateBgpPeer', conns: c, target: 0.2, cell });
  }
  say('waiting for the reconciler to settle the created peers');
  const drain = await drainReconciler(v.port, v.child.pid!);
  await stopChild(v.child);

  // 3. Start-up: on a fresh data dir (the target), and on the store the cells above filled, which the
  // server loads into memory before it serves.
  const starts: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    say(`start-up ${i + 1}/${STARTS}`);
    starts.push(await startupOnce());
  }
  const filledStarts: number[] = [];
  for (let i = 0; i < FILLED_STARTS; i++) {
    say(`start-up on the filled store ${i + 1}/${FILLED_STARTS}`);
    filledStarts.push(await startupOnce(join(dir, 'data')));
  }

  // Table.
  const baseRps = new Map(rows.filter((r) => r.name.startsWith('baseline')).map((r) => [r.conns, r.cell.rps]));
  const header = [
    'scenario',
    'conns',
    'req/s',
    'p50 ms',
    'p99 ms',
    'server CPU µs/req',
    'load gen CPU µs/req',
    '× baseline',
    'target',
    'ratio',
    'p99≤20ms',
    'errors',
  ];
  const lines = rows.map(({ name, conns, cell, target }) => {
    const ratio = cell.rps / baseRps.get(conns)!;
    return [
      name,
      String(conns),
      fmt(cell.rps),
      fmt(cell.p50, 2),
      fmt(cell.p99, 2),
      fmt(cell.cpuUs ?? NaN),
      fmt(cell.clientCpuUs ?? NaN),
      fmt(ratio, 2),
      target === undefined ? '' : `≥ ${target.toFixed(2)}`,
      target === undefined ? '' : ratio >= target ? 'PASS' : 'MISS',
      target === undefined || conns !== 64 ? '' : cell.p99 <= 20 ? 'PASS' : 'MISS',
      String(cell.errors),
    ];
  });
  const out: string[] = [];
  out.push(
    `vbrd API bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ` +
      `${canPin ? 'load generator on core 0, server on core 1' : 'not pinned'}, ${WARMUP} s warm-up + ${SECONDS} s per cell`,
  );
  out.push(
    `DescribeBgpPeers: page 1 of 10 among ${fx.totalPeers} peers (${fx.describeGroups.length} VBRs × ${Math.ceil(fx.totalPeers / fx.describeGroups.length)}); ` +
      `CreateBgpPeer: V3-signed, fresh nonce, round-robin over ${fx.createGroups.length} VBRs, ${created} peers created in the measured windows`,
  );
  out.push(
    `after CreateBgpPeer at ${CONNS.join(' / ')} conns the reconciler had ${behind.map((n) => fmt(n)).join(' / ')} VBRs still to apply ` +
      `(the emulated data plane: ${fmt(fx.applyMs)} ms per VBR, ${fx.applyConcurrency} at a time); it settled the last peer ${fmt(drain.ms / 1000, 1)} s ` +
      `after the last cell, spending ${fmt(drain.cpuUs / sent)} µs of server CPU per CreateBgpPeer sent (${sent}), which the cells do not count`,
  );
  out.push(describeSteadiness(steadiness));
  out.push('');
  out.push(...table(header, lines));
  // Each side has one core: a load generator that needs nearly as much CPU per request as the server
  // may be what set the rate, and that cell's rate then understates its server (for the baseline,
  // the ratios overstate vbrd).
  const paced = rows.filter(
    ({ cell }) => cell.cpuUs !== undefined && cell.clientCpuUs !== undefined && cell.clientCpuUs >= 0.9 * cell.cpuUs,
  );
  if (paced.length) {
    out.push(
      `load generator near the server's CPU per request (≥ 90%), so possibly what set the rate: ` +
        paced.map(({ name, conns, cell }) => `${name} @${conns} (${fmt(cell.clientCpuUs!)} against ${fmt(cell.cpuUs!)} µs)`).join('; '),
    );
  }
  out.push('');
  const st = median(starts);
  out.push(
    `start-up to first served /_vbrd/health (vbrd serve, fresh data dir): median ${fmt(st)} ms of ${STARTS} ` +
      `[${starts.map((s) => fmt(s)).join(', ')}] — target < 300 ms: ${st < 300 ? 'PASS' : 'MISS'}`,
  );
  out.push(
    `start-up on the store above (${fx.totalPeers + created} peers and ${fx.createGroups.length + fx.describeGroups.length} VBRs with ` +
      `their circuits and groups): median ${fmt(median(filledStarts))} ms of ${FILLED_STARTS} [${filledStarts.map((s) => fmt(s)).join(', ')}]`,
  );
  out.push(`total bench time ${fmt((performance.now() - began) / 1000, 1)} s`);
  process.stdout.write(out.join('\n') + '\n');
  for (const r of rows) if (r.cell.firstError) process.stderr.write(`bench: first error in ${r.name} @${r.conns}: ${r.cell.firstError}\n`);
}

main().then(
  () => {
    cleanup();
    process.exit(0);
  },
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    cleanup();
    process.exit(1);
  },
);
