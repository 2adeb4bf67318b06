// `npm run bench` (issue #2 §8): request rate and latency of a real vbrd against a bare node:http
// server measured in the same run, plus start-up time. The servers run in a child process
// (bench/server-child.ts) and this process is the load generator: on a 2-core machine each gets one
// core (pinned with taskset when available). Everything is on loopback; temp dirs and children are
// removed at the end, also on failure or Ctrl-C.
//   BENCH_SECONDS (default 5) measured seconds per cell, after BENCH_WARMUP (default 1) seconds.
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_ROOT } from '../src/config/server-config.js';
import { percentEncode } from '../src/protocol/percent-encode.js';
import { sha256Hex, v3CanonicalRequest, v3Sign, V3_ALGORITHM } from '../src/protocol/signature-v3.js';
import type { BenchFixtures } from './server-child.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, 'server-child.js');
const CLI = join(here, '..', 'src', 'cli', 'main.js');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const CONNS = [16, 64];
const STARTS = 5;
const REGION = 'cn-hangzhou';
const EMPTY_SHA = sha256Hex('');

const tempDirs: string[] = [];
const children = new Set<ChildProcess>();
function cleanup(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => { cleanup(); process.exit(130); });

const canPin = cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0;
if (canPin) spawnSync('taskset', ['-p', '-c', '0', String(process.pid)]);

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vbrd-bench-'));
  tempDirs.push(d);
  return d;
}

/** Fork a server-child (pinned to core 1) and wait for its { port, fixtures } message. */
async function startChild(args: string[]): Promise<{ child: ChildProcess; port: number; fixtures?: BenchFixtures }> {
  const child = fork(CHILD, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.add(child);
  if (canPin) spawnSync('taskset', ['-p', '-c', '1', String(child.pid)]);
  const msg = await new Promise<{ port: number; fixtures?: BenchFixtures }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; fixtures?: BenchFixtures }));
    child.once('exit', (code) => reject(new Error(`server child ${args[0]} exited early (${code})`)));
  });
  return { child, ...msg };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
  children.delete(child);
}

interface Req { path: string; headers: Record<string, string> }

/** A V3-signed RPC call (params in the query, empty body), fresh nonce and date each time. */
function signedRequest(port: number, action: string, params: Record<string, string>): Req {
  const query = Object.entries(params);
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    'x-acs-action': action,
    'x-acs-version': '2016-04-28',
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    'x-acs-signature-nonce': randomUUID(),
    'x-acs-content-sha256': EMPTY_SHA,
  };
  const signed = Object.keys(headers).sort();
  const canonical = v3CanonicalRequest('POST', query, (h) => headers[h] ?? '', signed, EMPTY_SHA);
  headers.authorization = `${V3_ALGORITHM} Credential=${DEV_ROOT.accessKeyId},SignedHeaders=${signed.join(';')},Signature=${v3Sign(DEV_ROOT.accessKeySecret, canonical)}`;
  const qs = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
  return { path: `/?${qs}`, headers };
}

function send(agent: http.Agent, port: number, r: Req): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: r.path, headers: { ...r.headers, 'content-length': '0' }, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface Cell { rps: number; p50: number; p99: number; ok: number; errors: number; firstError?: string }

/** Closed loop: `conns` workers over `conns` keep-alive sockets, WARMUP s unrecorded then SECONDS s measured. */
async function load(port: number, conns: number, make: () => Req, check?: (body: string) => boolean): Promise<Cell> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: conns });
  const start = performance.now();
  const measureFrom = start + WARMUP * 1000;
  const end = measureFrom + SECONDS * 1000;
  const lat: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      let ok = false;
      try {
        const res = await send(agent, port, make());
        ok = res.status === 200 && (!check || check(res.body));
        if (!ok) firstError ??= `${res.status} ${res.body.slice(0, 300)}`;
      } catch (e) {
        firstError ??= String(e);
      }
      const t1 = performance.now();
      if (t0 >= measureFrom && t1 <= end) {
        if (ok) lat.push(t1 - t0); else errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: conns }, worker));
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p: number) => (lat.length ? lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] : NaN);
  return { rps: lat.length / SECONDS, p50: q(0.5), p99: q(0.99), ok: lat.length, errors, firstError };
}

/** Spawn `vbrd serve --port 0` on a fresh data dir; ms from spawn to the first 200 from /_vbrd/health. */
async function startupOnce(): Promise<number> {
  const dir = tempDir();
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dir, '--log-level', 'silent'], { stdio: ['ignore', 'ignore', 'pipe'] });
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
        http.get({ host: '127.0.0.1', port, path: '/_vbrd/health', agent }, (res) => { res.resume(); resolve(res.statusCode === 200); })
          .on('error', () => resolve(false));
      });
      if (ok) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 2));
    }
  } finally {
    await stopChild(child);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');

async function main(): Promise<void> {
  const began = performance.now();
  const rows: { name: string; conns: number; cell: Cell; target?: number }[] = [];
  const say = (s: string) => process.stderr.write(`bench: ${s}\n`);

  // 1. Baseline.
  const base = await startChild(['baseline']);
  const baseReq: Req = { path: '/', headers: {} };
  for (const c of CONNS) {
    say(`baseline, ${c} conns`);
    rows.push({ name: 'baseline node:http', conns: c, cell: await load(base.port, c, () => baseReq) });
  }
  await stopChild(base.child);

  // 2. A real vbrd with 100,000 peers already in its store.
  const dir = tempDir();
  const seedFile = join(dir, 'seed.json');
  writeFileSync(seedFile, JSON.stringify({
    accounts: [{ accountId: DEV_ROOT.accountId, physicalConnectionServiceOpen: true, accessKeys: [] }],
    quotas: { bgpPeersPerVbr: 1_000_000 },
  }));
  say('starting vbrd and inserting fixtures');
  const v = await startChild(['vbrd', join(dir, 'data'), seedFile]);
  const fx = v.fixtures!;
  say(`${fx.totalPeers} peers on ${fx.describeGroups.length} VBRs inserted in ${fmt(fx.insertMs)} ms`);
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  const pageOk = (body: string) => (JSON.parse(body) as { BgpPeers?: { BgpPeer?: unknown[] } }).BgpPeers?.BgpPeer?.length === 10;
  const describes: [string, () => Record<string, string>][] = [
    ['DescribeBgpPeers RouterId', () => ({ RegionId: REGION, RouterId: pick(fx.describeGroups).vbrId, PageSize: '10' })],
    ['DescribeBgpPeers BgpGroupId', () => ({ RegionId: REGION, BgpGroupId: pick(fx.describeGroups).groupId, PageSize: '10' })],
    ['DescribeBgpPeers account-wide', () => ({ RegionId: REGION, PageSize: '10' })],
  ];
  for (const [name, params] of describes) {
    for (const c of CONNS) {
      say(`${name}, ${c} conns`);
      rows.push({ name, conns: c, target: 0.35, cell: await load(v.port, c, () => signedRequest(v.port, 'DescribeBgpPeers', params()), pageOk) });
    }
  }
  let n = 0;
  let created = 0;
  for (const c of CONNS) {
    say(`CreateBgpPeer, ${c} conns`);
    const cell = await load(v.port, c, () => {
      const g = fx.createGroups[n % fx.createGroups.length];
      n++;
      return signedRequest(v.port, 'CreateBgpPeer', {
        RegionId: REGION, BgpGroupId: g.groupId, PeerIpAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      });
    }, (body) => body.includes('"BgpPeerId"'));
    created += cell.ok;
    rows.push({ name: 'CreateBgpPeer', conns: c, target: 0.20, cell });
  }
  await stopChild(v.child);

  // 3. Start-up.
  const starts: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    say(`start-up ${i + 1}/${STARTS}`);
    starts.push(await startupOnce());
  }

  // Table.
  const baseRps = new Map(rows.filter((r) => r.name.startsWith('baseline')).map((r) => [r.conns, r.cell.rps]));
  const header = ['scenario', 'conns', 'req/s', 'p50 ms', 'p99 ms', '× baseline', 'target', 'ratio', 'p99≤20ms', 'errors'];
  const lines = rows.map(({ name, conns, cell, target }) => {
    const ratio = cell.rps / baseRps.get(conns)!;
    return [
      name, String(conns), fmt(cell.rps), fmt(cell.p50, 2), fmt(cell.p99, 2), fmt(ratio, 2),
      target === undefined ? '' : `≥ ${target.toFixed(2)}`,
      target === undefined ? '' : ratio >= target ? 'PASS' : 'MISS',
      target === undefined || conns !== 64 ? '' : cell.p99 <= 20 ? 'PASS' : 'MISS',
      String(cell.errors),
    ];
  });
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  const row = (l: string[]) => '| ' + l.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  const out: string[] = [];
  out.push(`vbrd API bench — node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim()}, ` +
    `${canPin ? 'load generator on core 0, server on core 1' : 'not pinned'}, ${WARMUP} s warm-up + ${SECONDS} s per cell`);
  out.push(`DescribeBgpPeers: page 1 of 10 among ${fx.totalPeers} peers (${fx.describeGroups.length} VBRs × ${Math.ceil(fx.totalPeers / fx.describeGroups.length)}); ` +
    `CreateBgpPeer: V3-signed, fresh nonce, round-robin over ${fx.createGroups.length} VBRs, ${created} peers created in the measured windows`);
  out.push('');
  out.push(row(header));
  out.push('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const l of lines) out.push(row(l));
  out.push('');
  const st = median(starts);
  out.push(`start-up to first served /_vbrd/health (vbrd serve, fresh data dir): median ${fmt(st)} ms of ${STARTS} ` +
    `[${starts.map((s) => fmt(s)).join(', ')}] — target < 300 ms: ${st < 300 ? 'PASS' : 'MISS'}`);
  out.push(`total bench time ${fmt((performance.now() - began) / 1000, 1)} s`);
  process.stdout.write(out.join('\n') + '\n');
  for (const r of rows) if (r.cell.firstError) process.stderr.write(`bench: first error in ${r.name} @${r.conns}: ${r.cell.firstError}\n`);
}

main().then(() => { cleanup(); process.exit(0); }, (e) => { process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`); cleanup(); process.exit(1); });
