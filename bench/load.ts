// What the benches share: server children (forked, pinned to core 1 while this load generator sits
// on core 0), V3-signed requests (signed-request.ts), the closed-loop load (closed-loop.ts), and a
// table printer. Children and temp dirs are removed on exit, also on failure or Ctrl-C.
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEV_ROOT } from '../src/config/server-config.js';
import type { BenchFixtures } from './server-child.js';
import type { HostSteadiness } from './host-probe.js';
import { cpuMicros } from './closed-loop.js';

export { load, type Cell, type Req, type Window } from './closed-loop.js';
export { signedRequest } from './signed-request.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'server-child.js');

const tempDirs: string[] = [];
export const children = new Set<ChildProcess>();
const exitHooks: (() => void)[] = [];

/** Run fn (synchronously) when the bench exits, after the children are killed. */
export function onExit(fn: () => void): void {
  exitHooks.push(fn);
}

export function cleanup(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  for (const fn of exitHooks.splice(0)) fn();
}
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.on(sig, () => {
    cleanup();
    process.exit(130);
  });

export const canPin = cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0;
if (canPin) spawnSync('taskset', ['-p', '-c', '0', String(process.pid)]);

export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vbrd-bench-'));
  tempDirs.push(d);
  return d;
}

/** The seed every bench server runs with, written into dir; returns its path. */
export function writeBenchSeed(dir: string): string {
  const file = join(dir, 'seed.json');
  writeFileSync(
    file,
    JSON.stringify({
      accounts: [{ accountId: DEV_ROOT.accountId, physicalConnectionServiceOpen: true, accessKeys: [] }],
      quotas: { bgpPeersPerVbr: 50 },
      // Emulated sessions up at once: the pre-inserted peers already show Established, so a fresh
      // data plane has nothing to write back and the figures are the requests' alone.
      timings: { simSessionUpMs: 0 },
    }),
  );
  return file;
}

/** Fork a script on the server's core (core 1) and wait for its first IPC message. */
async function forkOnServerCore<M>(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; msg: M }> {
  const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env });
  children.add(child);
  if (canPin) spawnSync('taskset', ['-p', '-c', '1', String(child.pid)]);
  const msg = await new Promise<M>((resolve, reject) => {
    child.once('message', (m) => resolve(m as M));
    child.once('exit', (code) => reject(new Error(`${basename(script)} ${args[0] ?? ''} exited early (${code})`)));
  });
  return { child, msg };
}

/**
 * Fork a server-child and wait for its { port, fixtures } message. `childScript` runs another build's
 * server (bench/compare.bench.ts).
 */
export async function startChild(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  childScript = CHILD,
): Promise<{ child: ChildProcess; port: number; fixtures?: BenchFixtures }> {
  const { child, msg } = await forkOnServerCore<{ port: number; fixtures?: BenchFixtures }>(childScript, args, env);
  return { child, ...msg };
}

/** How steady the server's core is (bench/host-probe.ts), timed there for `seconds`. */
export async function probeHost(seconds: number): Promise<HostSteadiness> {
  return (await forkOnServerCore<HostSteadiness>(join(dirname(CHILD), 'host-probe.js'), [String(seconds)])).msg;
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
  children.delete(child);
}

/** The server's /_vbrd/health answer. */
export function health(port: number): Promise<{ reconcilerBacklog: number }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: '/_vbrd/health' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve(JSON.parse(body) as { reconcilerBacklog: number }));
      })
      .on('error', reject);
  });
}

/**
 * Waits until the reconciler has applied every VBR it has to; returns how long that took and the
 * server's CPU time meanwhile, in ms and µs.
 */
export async function drainReconciler(port: number, serverPid: number): Promise<{ ms: number; cpuUs: number }> {
  const t0 = performance.now();
  const cpu0 = cpuMicros(serverPid) ?? NaN;
  while ((await health(port)).reconcilerBacklog > 0) await new Promise((r) => setTimeout(r, 50));
  return { ms: performance.now() - t0, cpuUs: (cpuMicros(serverPid) ?? NaN) - cpu0 };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '-');

/** A Markdown table with padded columns. */
export function table(header: string[], lines: string[][]): string[] {
  const all = [header, ...lines];
  const widths = header.map((_, i) => Math.max(...all.map((l) => l[i].length)));
  const row = (l: string[]) => '| ' + l.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [row(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...lines.map(row)];
}

const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

/** DescribeBgpPeers parameters for a page of 10 among the fixture peers: of a random VBR, of a random group, or account-wide. */
export function describePeerParams(
  fx: BenchFixtures,
  region: string,
): Record<'RouterId' | 'BgpGroupId' | 'account-wide', () => Record<string, string>> {
  return {
    RouterId: () => ({ RegionId: region, RouterId: pick(fx.describeGroups).vbrId, PageSize: '10' }),
    BgpGroupId: () => ({ RegionId: region, BgpGroupId: pick(fx.describeGroups).groupId, PageSize: '10' }),
    'account-wide': () => ({ RegionId: region, PageSize: '10' }),
  };
}

/** CreateBgpPeer parameters, round-robin over the fixture groups, peer addresses counting up from 10.0.0.1. */
export function createPeerParams(fx: BenchFixtures, region: string): () => Record<string, string> {
  let n = 0;
  return () => {
    const g = fx.createGroups[n % fx.createGroups.length];
    n++;
    return { RegionId: region, BgpGroupId: g.groupId, PeerIpAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
  };
}

/**
 * A page of ten peers, counted in the answer's text: parsing each 5 KB answer took the load generator
 * 10 of its 50–60 µs per DescribeBgpPeers, at a rate where it is as busy as the server.
 */
export const pageOf10 = (body: string) => {
  let n = 0;
  for (let at = body.indexOf('"BgpPeerId":'); at !== -1; at = body.indexOf('"BgpPeerId":', at + 1)) n++;
  return n === 10;
};
export const createdPeer = (body: string) => body.includes('"BgpPeerId"');
