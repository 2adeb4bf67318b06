// Several real vbrd processes (`vbrd serve`, as an operator starts them) on one PostgreSQL schema,
// and the official SDK pointed at each. Every child is tracked and SIGKILLed by killAll(), which the
// test files call from an after() hook, so no process outlives a test run, also when it fails.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEV_ROOT } from '../../src/config/server-config.js';
import { popClient, vpcClient, type VpcClient } from '../support/harness.js';
import { spawnVbrd } from '../support/vbrd-process.js';

/** Fast lifecycle timings, so circuits, VBRs and BGP resources settle in well under a second. */
export const FAST_TIMINGS = {
  physicalConnectionAllocateMs: 30,
  physicalConnectionTransitionMs: 30,
  vbrTransitionMs: 30,
  bgpApplyMs: 50,
  simSessionUpMs: 150,
};

export interface LogLine {
  level: number;
  time: number;
  node?: string;
  msg?: string;
  [k: string]: unknown;
}

export interface Node {
  name: string;
  /** host:port, as the SDK's endpoint wants it. */
  endpoint: string;
  port: number;
  child: ChildProcess;
  /** Every JSON log line the node wrote so far (stdout). */
  logs: LogLine[];
  vpc: VpcClient;
  /** V1-signed client (signatureAlgorithm v2). */
  vpcV1: VpcClient;
  pop: ReturnType<typeof popClient>;
  health(): Promise<{ node: string; engine: string; reconcilerLeader: boolean }>;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

const children = new Set<ChildProcess>();
const dirs: string[] = [];
// Last resort if the test process exits without its after() hook having run.
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

/** A scratch directory (node data dirs, seed files), removed by killAll(). */
export function scratchDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vbrd-multinode-'));
  dirs.push(d);
  return d;
}

/** A seed file with fast timings and the root account's physical-connection service already open. */
export function writeSeed(quotas: Record<string, number> = {}): string {
  const file = join(scratchDir(), 'seed.json');
  writeFileSync(
    file,
    JSON.stringify({
      accounts: [{ accountId: DEV_ROOT.accountId, physicalConnectionServiceOpen: true, accessKeys: [] }],
      timings: FAST_TIMINGS,
      quotas,
    }),
  );
  return file;
}

/**
 * The node's database URL: the shared schema, plus application_name = node name, so the database
 * itself can tell which node wrote what (see transitions.ts).
 */
export function nodeUrl(schemaUrl: string, name: string): string {
  const u = new URL(schemaUrl);
  u.searchParams.set('application_name', name);
  return u.toString();
}

/** Spawn `vbrd serve --port 0 --database URL --node-name NAME` and wait for its "serving" line. */
export async function startNode(o: { name: string; databaseUrl: string; seedFile: string; logLevel?: string }): Promise<Node> {
  const args = [
    '--port',
    '0',
    '--data',
    scratchDir(),
    '--database',
    nodeUrl(o.databaseUrl, o.name),
    '--node-name',
    o.name,
    '--seed',
    o.seedFile,
    '--log-level',
    o.logLevel ?? 'debug',
  ];
  const logs: LogLine[] = [];
  let partial = '';
  const proc = await spawnVbrd(args, {
    timeoutMs: 15_000,
    onStdout: (c) => {
      const lines = (partial + c.toString()).split('\n');
      partial = lines.pop()!;
      for (const l of lines) if (l.startsWith('{')) logs.push(JSON.parse(l) as LogLine);
    },
  }).catch((e: Error) => {
    throw new Error(`node ${o.name}: ${e.message}`);
  });
  const { child, port } = proc;
  children.add(child);
  const exited = proc.exited.then(() => {
    children.delete(child);
  });
  const endpoint = `127.0.0.1:${port}`;
  const { accessKeyId, accessKeySecret } = DEV_ROOT;
  return {
    name: o.name,
    endpoint,
    port,
    child,
    logs,
    exited,
    vpc: vpcClient(endpoint, accessKeyId, accessKeySecret),
    vpcV1: vpcClient(endpoint, accessKeyId, accessKeySecret, true),
    pop: popClient(endpoint, accessKeyId, accessKeySecret),
    health: async () =>
      (await (await fetch(`http://${endpoint}/_vbrd/health`)).json()) as { node: string; engine: string; reconcilerLeader: boolean },
  };
}

/** SIGKILL one node (as a crash would) and wait until it is gone. */
export async function crash(node: Node): Promise<void> {
  node.child.kill('SIGKILL');
  await node.exited;
}

/** SIGKILL every node still running and remove scratch directories. */
export async function killAll(): Promise<void> {
  const waits = [...children].map(
    (c) =>
      new Promise<void>((r) => {
        if (c.exitCode !== null || c.signalCode !== null) return r();
        c.once('exit', () => r());
        c.kill('SIGKILL');
      }),
  );
  await Promise.all(waits);
  children.clear();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
