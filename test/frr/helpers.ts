// The FRR integration tests' one support module, for both levels they test at: a real vbrd with
// `--data-plane frr` driven only through the official SDK (most files), and the FRR speaker alone, for what
// only it can observe (speaker.test.ts). BIRD customers sit at the far side of the circuits. Each test file
// gets its own namespace prefix and run dir (with the PID), so files run in parallel and beside other runs;
// cleanup removes every process and namespace the file made, also after a failure. Without root, FRR or
// BIRD the tests skip with the reason (and fail in CI).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rm, mkdir, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startHarness, vpcClient, $Vpc, type Harness, type VpcClient } from '../support/harness.js';
import { DEV_ROOT } from '../../src/config/server-config.js';
import { enabledCircuit, raw, vbrStatus } from '../support/express-connect.js';
import { CustomerRouter, type CustomerPeering } from '../../src/lab/customer-router.js';
import { reconcileCustomerLinks, type CustomerLinkSpec } from '../../src/lab/customer-link-agent.js';
import { createFrrSpeaker, frrAvailable, type FrrSpeaker, type PrerequisiteResult } from '../../src/speaker/frr/index.js';
import { VtyClient } from '../../src/speaker/frr/vty-client.js';
import { isRunning, readPidFile, signal, waitUntil } from '../../src/speaker/frr/process-info.js';
import { runCommand, tryCommand } from '../../src/speaker/frr/run-command.js';
import { namespaceNameFor } from '../../src/speaker/frr/vbr-namespace.js';
import { observationOf, type DesiredGroup, type DesiredPeer, type DesiredVbr, type PeerObservation } from '../../src/speaker/speaker.js';
import type { Seed, SeedRegion } from '../../src/config/seed.js';

// ---- prerequisites and polling ----

let prerequisites: Promise<PrerequisiteResult> | null = null;
export function frrPrerequisites(): Promise<PrerequisiteResult> {
  prerequisites ??= frrAvailable({ needBird: true });
  return prerequisites;
}

/** A test that needs root, FRR and BIRD: skipped with the reason locally, failed when CI=true. */
export function frrTest(name: string, fn: (t: TestContext) => Promise<void>): void {
  test(name, async (t) => {
    const pre = await frrPrerequisites();
    if (!pre.ok) {
      if (process.env.CI === 'true') assert.fail(`FRR integration tests must run in CI, but: ${pre.reason}`);
      t.skip(pre.reason);
      return;
    }
    await fn(t);
  });
}

/** Polls `read` until `done` holds; on timeout fails with the last value seen. */
export async function waitFor<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs: number,
  stepMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (done(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      assert.fail(
        `timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last, mapReplacer)}${lastError ? `; error: ${String(lastError)}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

function mapReplacer(_k: string, v: unknown): unknown {
  return v instanceof Map ? Object.fromEntries(v) : v;
}

// ---- one test file's names, and what it leaves behind ----

/** Names one test file uses: `name` is short ([a-z0-9]), the PID keeps concurrent runs apart. */
export function namesFor(name: string): { prefix: string; runDir: string } {
  const unique = process.pid.toString(36);
  return { prefix: `vt${name}${unique}-`, runDir: `/tmp/vbrd-t-${name}-${unique}` };
}

/** Stops FRR daemons left running from a run dir's PID files (a SIGKILLed vbrd leaves them) and deletes
 *  every namespace with this file's prefix and the run dir. Only PIDs from our own files are signalled. */
export async function removeLeftovers(prefix: string, runDir: string): Promise<void> {
  const frr = `${runDir}/frr`;
  for (const [file, exe] of [
    ['bgpd.pid', 'bgpd'],
    ['bfdd.pid', 'bfdd'],
    ['zebra.pid', 'zebra'],
    ['mntns-holder.pid', 'sleep'],
  ] as const) {
    const pid = await readPidFile(`${frr}/${file}`);
    if (pid === null || !(await isRunning(pid, exe))) continue;
    signal(pid, 'SIGTERM');
    if (!(await waitUntil(async () => !(await isRunning(pid, exe)), 3000))) signal(pid, 'SIGKILL');
  }
  for (const ns of await namespacesWithPrefix(prefix)) await tryCommand('ip', ['netns', 'del', ns]);
  await rm(runDir, { recursive: true, force: true });
}

export async function namespacesWithPrefix(prefix: string): Promise<string[]> {
  const { stdout } = await runCommand('ip', ['-j', 'netns', 'list']);
  const list = (stdout.trim() === '' ? [] : JSON.parse(stdout)) as { name: string }[];
  return list.map((n) => n.name).filter((n) => n.startsWith(prefix));
}

/** What a stopped speaker must not leave in its FRR run dir: PID files and sockets (logs may stay). */
export async function runtimeFilesLeft(frrRunDir: string): Promise<string[]> {
  const names = await readdir(frrRunDir).catch(() => [] as string[]);
  return names.filter((n) => /\.(pid|vty|sock|api)$/.test(n)).sort();
}

// ---- vbrd as a child process, as `vbrd serve` runs ----

const VBRD_MAIN = fileURLToPath(new URL('../../src/cli/vbrd.js', import.meta.url));

export interface VbrdChild {
  child: ChildProcess;
  vpc: VpcClient;
  endpoint: string;
  /** When it was spawned and when it announced that it serves (ms since the epoch). */
  spawnedAt: number;
  servingAt: number;
  /** What it wrote so far: its log lines (standard output, JSON at --log-level warn and above by default) and standard error. */
  output(): string;
}

/** `vbrd serve --data-plane frr` on a file's dirs and prefix (port 0), resolved once it serves. No seed file: the default seed. */
export async function spawnVbrd(o: { runDir: string; prefix: string; seedFile?: string; logLevel?: string }): Promise<VbrdChild> {
  const env = { ...process.env };
  for (const k of ['VBRD_ACCOUNT_ID', 'VBRD_ACCESS_KEY_ID', 'VBRD_ACCESS_KEY_SECRET', 'VBRD_SEED']) delete env[k];
  const spawnedAt = Date.now();
  const args = ['serve', '--port', '0', '--data', `${o.runDir}/data`, ...(o.seedFile ? ['--seed', o.seedFile] : []), '--data-plane', 'frr'];
  args.push('--frr-run-dir', `${o.runDir}/frr`, '--frr-namespace-prefix', o.prefix, '--log-level', o.logLevel ?? 'warn');
  const child = spawn(process.execPath, [VBRD_MAIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vbrd did not start within 30 s: ${stderr}`)), 30_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      output += d.toString();
      const m = /serving the VPC API on http:\/\/(\S+?)\//.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vbrd exited with ${code}: ${stderr}`));
    });
  });
  return {
    child,
    endpoint,
    vpc: vpcClient(endpoint, DEV_ROOT.accessKeyId, DEV_ROOT.accessKeySecret),
    spawnedAt,
    servingAt: Date.now(),
    output: () => output,
  };
}

/** Resolves with the exit code (null after a signal) once the child has exited. */
export function exited(c: ChildProcess): Promise<number | null> {
  return new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));
}

/** Signals the FRR processes a vbrd left, by their PID files in its FRR run dir (only those still running them). */
export async function killFrr(
  frrRunDir: string,
  which: ('zebra' | 'bfdd' | 'bgpd' | 'holder')[],
  sig: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  for (const w of which) {
    const [file, exe] = w === 'holder' ? ['mntns-holder.pid', 'sleep'] : [`${w}.pid`, w];
    const pid = await readPidFile(`${frrRunDir}/${file}`);
    if (pid === null || !(await isRunning(pid, exe))) continue;
    signal(pid, sig);
    await waitUntil(async () => !(await isRunning(pid, exe)), 5000);
  }
}

// ---- BIRD customers ----

export interface CustomerSpec {
  peerings: CustomerPeering[];
  routes?: string[];
  /** The customer's ends of its VBR links: vlan<vlanId> gets these addresses when it appears. */
  links: { vlanId: number; addresses: string[] }[];
  bfdMs?: number;
}

export const customerNamespace = (prefix: string, i: number) => `${prefix}c${i}`;

/** Starts the BIRD customers and the agent that addresses their end of each VBR link. */
export class Customers {
  readonly routers: CustomerRouter[] = [];
  private readonly links: CustomerLinkSpec[] = [];
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<unknown> = Promise.resolve();
  private passing = false;
  /** While a link is cut the agent stands still (it would bring the link straight back up). */
  private cutLinks = 0;

  constructor(
    private readonly prefix: string,
    private readonly runDir: string,
  ) {}

  /** `watch: false` leaves the links to linkNow (the speaker tests, which know when a link appears). */
  async start(specs: CustomerSpec[], { watch = true } = {}): Promise<CustomerRouter[]> {
    for (const [i, s] of specs.entries()) {
      const ms = s.bfdMs ?? 300;
      const router = new CustomerRouter({
        namespace: customerNamespace(this.prefix, i + 1),
        stateDir: `${this.runDir}/cust${i + 1}`,
        asn: 65001,
        routerId: `198.51.100.${i + 1}`,
        routes: s.routes ?? ['198.51.100.0/24', '2001:db8:c000::/48'],
        peerings: s.peerings,
        bfd: { minTxMs: ms, minRxMs: ms, multiplier: 3 },
      });
      this.routers.push(router);
      await router.start();
      for (const l of s.links) this.links.push({ namespace: router.namespace, ifname: `vlan${l.vlanId}`, addresses: l.addresses });
    }
    // As the lab's link agent does: a customer configures its own VLAN interface once the VBR link exists.
    // A pass still running skips the tick, so slow passes on a busy machine do not queue up.
    if (watch)
      this.timer = setInterval(() => {
        if (!this.passing && this.cutLinks === 0) void this.linkNow();
      }, 100);
    return this.routers;
  }

  /** One pass of the agent now: every link that exists is addressed when this resolves. */
  async linkNow(): Promise<void> {
    const pass = this.pass.then(() => reconcileCustomerLinks(this.links).catch(() => 0));
    this.pass = pass;
    this.passing = true;
    await pass;
    if (this.pass === pass) this.passing = false;
  }

  /** Cuts customer i's (0-based) end of the VBR link on VLAN `vlanId` (link down) until mend(). */
  async cut(i: number, vlanId: number): Promise<void> {
    this.cutLinks++;
    await this.pass;
    await runCommand('ip', ['-n', this.routers[i]!.namespace, 'link', 'set', `vlan${vlanId}`, 'down']);
  }

  async mend(i: number, vlanId: number): Promise<void> {
    await runCommand('ip', ['-n', this.routers[i]!.namespace, 'link', 'set', `vlan${vlanId}`, 'up']);
    this.cutLinks--;
    await this.linkNow(); // addresses the link lost while down (IPv6 ones go with the carrier)
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.pass;
    for (const r of this.routers) await r.stop().catch(() => undefined);
  }
}

/** The kernel's count of TCP segments dropped because their MD5 signature did not match, in a namespace. */
export async function md5Failures(namespace: string): Promise<number> {
  const { stdout } = await runCommand('ip', ['netns', 'exec', namespace, 'cat', '/proc/net/netstat']);
  const lines = stdout.split('\n').filter((l) => l.startsWith('TcpExt:'));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  const i = names.indexOf('TCPMD5Failure');
  return i > 0 ? Number(values[i]) : 0;
}

// ---- FRR's own view ----

/** Read-only `show` commands on the FRR daemons a vbrd runs (their vty sockets in its FRR run dir). */
export interface FrrShell {
  show(daemon: 'bgpd' | 'bfdd', command: string): Promise<string>;
  showJson<T = unknown>(daemon: 'bgpd' | 'bfdd', command: string): Promise<T>;
  close(): void;
}

export function frrShell(frrRunDir: string): FrrShell {
  const vty = new Map<string, VtyClient>();
  const client = (daemon: string) => {
    let c = vty.get(daemon);
    if (!c) vty.set(daemon, (c = new VtyClient(`${frrRunDir}/${daemon}.vty`, { commandTimeoutMs: 5000 })));
    return c;
  };
  return {
    show: (daemon, command) => client(daemon).execOk(command),
    showJson: async (daemon, command) => JSON.parse(await client(daemon).execOk(command)),
    close: () => {
      for (const v of vty.values()) v.close();
    },
  };
}

/** The fields of bgpd's neighbor JSON that the tests read. */
export interface FrrNeighbor {
  bgpState?: string;
  connectionsEstablished?: number;
  authenticationEnabled?: number;
  externalBgpNbrMaxHopsAway?: number;
  peerBfdInfo?: { type?: string; status?: string };
}

/** Neighbors of one VRF as bgpd reports them: peer IP → FRR's JSON for it. */
export async function frrNeighbors(f: Pick<FrrShell, 'showJson'>, vrf: string): Promise<Record<string, FrrNeighbor>> {
  const all = await f.showJson<Record<string, Record<string, unknown>>>('bgpd', 'show bgp vrf all neighbors json');
  const out: Record<string, FrrNeighbor> = {};
  for (const [k, v] of Object.entries(all[vrf] ?? {})) if (k.includes('.') || k.includes(':')) out[k] = v as FrrNeighbor;
  return out;
}

// ---- a real vbrd with the FRR data plane ----

export const REGION = 'cn-hangzhou';
export const TENANT = { accountId: '1000000000000002', accessKeyId: 'LTAIfrrTenantKey0002', accessKeySecret: 'frr-tenant-secret-0002' };

/** Customer i (1-based) is the far side of the only port of access point ap-lab<i>; `extraPorts` adds
 *  access points whose port has no far side. Fast timings so the API journey takes milliseconds. */
export function apiSeed(prefix: string, customers: number, opts: { extraPorts?: number; quotas?: Partial<Seed['quotas']> } = {}) {
  const ap = (i: number, farSideNamespace?: string) => ({
    accessPointId: apId(i),
    name: `lab ${i}`,
    location: 'lab',
    hostOperator: 'vbrd',
    status: 'recommended' as const,
    devices: [
      { deviceId: `asw-lab${i}`, bfdSessionLimit: 64, ports: [{ portNumber: '1/1/1', ...(farSideNamespace ? { farSideNamespace } : {}) }] },
    ],
  });
  const aps = Array.from({ length: customers }, (_, i) => ap(i + 1, customerNamespace(prefix, i + 1)));
  for (let i = 0; i < (opts.extraPorts ?? 0); i++) aps.push(ap(customers + i + 1));
  const region: SeedRegion = {
    regionId: REGION,
    localName: REGION,
    localNameEn: REGION,
    endpoint: 'vpc.aliyuncs.com',
    ipv6: true,
    accessPoints: aps,
  };
  return {
    accounts: [
      {
        accountId: TENANT.accountId,
        accessKeys: [{ accessKeyId: TENANT.accessKeyId, accessKeySecret: TENANT.accessKeySecret }],
        physicalConnectionServiceOpen: true,
      },
    ],
    regions: [region],
    timings: { physicalConnectionAllocateMs: 20, physicalConnectionTransitionMs: 20, vbrTransitionMs: 20 },
    quotas: opts.quotas ?? {},
  };
}

/** The namespace (= FRR VRF) vbrd gives a VBR. */
export const vrfOf = (f: { prefix: string }, vbrId: string) => namespaceNameFor(f.prefix, vbrId);

export const apId = (i: number) => `ap-cn-hangzhou-lab${i}`;

export interface ApiFrrFixture extends Omit<FrrShell, 'close'> {
  h: Harness;
  prefix: string;
  runDir: string;
  frrRunDir: string;
  customers: Customers;
  cleanup(): Promise<void>;
}

/** Starts BIRD customers and a real vbrd with the FRR data plane whose seed leads its ports to them. */
export async function startApiFrr(
  name: string,
  customers: CustomerSpec[],
  opts: { extraPorts?: number; quotas?: Partial<Seed['quotas']>; args?: string[] } = {},
): Promise<ApiFrrFixture | null> {
  if (!(await frrPrerequisites()).ok) return null;
  const { prefix, runDir } = namesFor(name);
  await removeLeftovers(prefix, runDir);
  await mkdir(`${runDir}/data`, { recursive: true });
  const frrRunDir = `${runDir}/frr`;
  const cust = new Customers(prefix, runDir);
  const shell = frrShell(frrRunDir);
  let h: Harness | undefined;
  const cleanup = async () => {
    shell.close();
    await h?.close().catch(() => undefined);
    await cust.stop();
    await removeLeftovers(prefix, runDir);
  };
  try {
    await cust.start(customers);
    h = await startHarness({
      dataDir: `${runDir}/data`,
      seed: apiSeed(prefix, customers.length, opts),
      args: ['--data-plane', 'frr', '--frr-run-dir', frrRunDir, '--frr-namespace-prefix', prefix, ...(opts.args ?? [])],
    });
    await h.vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: REGION }));
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { h, prefix, runDir, frrRunDir, customers: cust, show: shell.show, showJson: shell.showJson, cleanup };
}

// ---- the API journey, through the official SDK only ----

export interface VbrSpec {
  accessPoint: number;
  vlanId: number;
  localGatewayIp: string;
  peerGatewayIp: string;
  ipv6?: { local: string; peer: string; subnet: string };
  /** BFD timers of the VBR (ms); the API's defaults are 300/300/3. */
  bfd?: { minTxInterval: number; minRxInterval: number; detectMultiplier: number };
}

/** Circuit (Enabled) → VBR (active) on it, with its BFD timers when given. */
export async function buildVbr(vpc: VpcClient, s: VbrSpec): Promise<{ circuitId: string; vbrId: string }> {
  const circuitId = await enabledCircuit(vpc, { accessPointId: apId(s.accessPoint) });
  const r = await vpc.createVirtualBorderRouter(
    new $Vpc.CreateVirtualBorderRouterRequest({
      regionId: REGION,
      physicalConnectionId: circuitId,
      vlanId: s.vlanId,
      localGatewayIp: s.localGatewayIp,
      peerGatewayIp: s.peerGatewayIp,
      peeringSubnetMask: '255.255.255.252',
      ...(s.ipv6
        ? { enableIpv6: true, localIpv6GatewayIp: s.ipv6.local, peerIpv6GatewayIp: s.ipv6.peer, peeringIpv6SubnetMask: s.ipv6.subnet }
        : {}),
    }),
  );
  const vbrId = r.body!.vbrId!;
  if (s.bfd) {
    // CreateVirtualBorderRouter takes no BFD timers: they are set on the active VBR, as a user would.
    await waitFor(
      `${vbrId} active`,
      () => vbrStatus(vpc, vbrId),
      (st) => st === 'active',
      5000,
    );
    await vpc.modifyVirtualBorderRouterAttribute(new $Vpc.ModifyVirtualBorderRouterAttributeRequest({ regionId: REGION, vbrId, ...s.bfd }));
  }
  return { circuitId, vbrId };
}

export async function describeGroup(vpc: VpcClient, bgpGroupId: string) {
  return (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION, bgpGroupId }))).body!.bgpGroups!.bgpGroup![0];
}

/** CreateBgpGroup, then waits until the data plane applied it (Available). */
export async function availableGroup(vpc: VpcClient, routerId: string, extra: Partial<$Vpc.CreateBgpGroupRequest> = {}): Promise<string> {
  const id = (await vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: REGION, routerId, peerAsn: 65001, ...extra }))).body!
    .bgpGroupId!;
  await waitFor(
    `group ${id} Available`,
    () => describeGroup(vpc, id),
    (g) => g?.status === 'Available',
    15_000,
  );
  return id;
}

export async function createPeer(
  vpc: VpcClient,
  bgpGroupId: string,
  peerIpAddress: string,
  extra: Partial<$Vpc.CreateBgpPeerRequest> = {},
): Promise<string> {
  return (await vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: REGION, bgpGroupId, peerIpAddress, ...extra }))).body!
    .bgpPeerId!;
}

export type PeerView = $Vpc.DescribeBgpPeersResponseBodyBgpPeersBgpPeer;

export async function describePeer(vpc: VpcClient, bgpPeerId: string): Promise<PeerView | undefined> {
  return (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: REGION, bgpPeerId }))).body!.bgpPeers!.bgpPeer![0];
}

export function waitPeer(
  vpc: VpcClient,
  bgpPeerId: string,
  what: string,
  done: (p: PeerView | undefined) => boolean,
  timeoutMs = 20_000,
  stepMs = 100,
) {
  return waitFor(`${bgpPeerId}: ${what}`, () => describePeer(vpc, bgpPeerId), done, timeoutMs, stepMs);
}

export const isEstablished = (p: PeerView | undefined): boolean => p?.bgpStatus === 'Established' && p.status === 'Available';

/** DescribeBgpGroups as raw JSON, to read vbrd's VbrdApplyError extension (the SDK model drops it). */
export async function rawGroup(h: Harness, bgpGroupId: string): Promise<Record<string, unknown> | undefined> {
  const body = await raw(h, 'DescribeBgpGroups', { RegionId: REGION, BgpGroupId: bgpGroupId });
  return ((body.BgpGroups as { BgpGroup?: Record<string, unknown>[] }).BgpGroup ?? [])[0];
}

// ---- the FRR speaker alone ----

export interface SpeakerFixture {
  speaker: FrrSpeaker;
  prefix: string;
  runDir: string;
  customers: Customers;
  cleanup(): Promise<void>;
}

/** Starts BIRD customers (customer i in namespace <prefix>c<i>) and an FRR speaker with this file's prefix. */
export async function startSpeaker(name: string, customers: CustomerSpec[]): Promise<SpeakerFixture | null> {
  if (!(await frrPrerequisites()).ok) return null;
  const { prefix, runDir } = namesFor(name);
  await removeLeftovers(prefix, runDir);
  const cust = new Customers(prefix, runDir);
  let speaker: FrrSpeaker | undefined;
  const cleanup = async () => {
    for (const vbrId of (await speaker?.listVbrs().catch(() => [])) ?? []) await speaker!.removeVbr(vbrId).catch(() => undefined);
    await speaker?.close().catch(() => undefined);
    await cust.stop();
    await removeLeftovers(prefix, runDir);
  };
  try {
    await cust.start(customers, { watch: false });
    speaker = await createFrrSpeaker({ runDir: `${runDir}/frr`, namespacePrefix: prefix, watchIntervalMs: 200 });
  } catch (e) {
    await cleanup();
    throw e;
  }
  return { speaker, prefix, runDir, customers: cust, cleanup };
}

export function peer(bgpPeerId: string, peerIp: string, extra: Partial<DesiredPeer> = {}): DesiredPeer {
  return { bgpPeerId, peerIp, ipVersion: peerIp.includes(':') ? 'IPv6' : 'IPv4', enableBfd: false, bfdMultiHop: 1, ...extra };
}

export function group(peers: DesiredPeer[], extra: Partial<DesiredGroup> = {}): DesiredGroup {
  return {
    bgpGroupId: 'bgpg-1',
    localAsn: 45104,
    peerAsn: 65001,
    authKey: '',
    routeLimit: 110,
    isFakeAsn: false,
    ipVersion: 'IPv4',
    peers,
    ...extra,
  };
}

/** A VBR on VLAN `vlanId` whose link is 192.0.2.1/30 (customer .2) and 2001:db8:<vlanId>::1/126. */
export function vbr(vbrId: string, farSideNamespace: string, groups: DesiredGroup[], extra: Partial<DesiredVbr> = {}): DesiredVbr {
  const vlanId = extra.vlanId ?? 100;
  return {
    vbrId,
    accountId: '1000000000000001',
    regionId: 'cn-lab',
    physicalConnectionId: 'pc-lab1',
    farSideNamespace,
    vlanId,
    localGatewayIp: '192.0.2.1',
    peerGatewayIp: '192.0.2.2',
    peeringSubnetMask: '255.255.255.252',
    enableIpv6: true,
    localIpv6GatewayIp: `2001:db8:${vlanId.toString(16)}::1`,
    peerIpv6GatewayIp: `2001:db8:${vlanId.toString(16)}::2`,
    peeringIpv6SubnetMask: `2001:db8:${vlanId.toString(16)}::/126`,
    minTxInterval: 100,
    minRxInterval: 100,
    detectMultiplier: 3,
    groups,
    networks: ['203.0.113.0/24', '2001:db8:ff00::/48'],
    ...extra,
  };
}

export async function observation(f: SpeakerFixture, bgpPeerId: string): Promise<PeerObservation | undefined> {
  return observationOf(await f.speaker.observe(), bgpPeerId);
}

export const established = (o: PeerObservation | undefined): boolean => o?.bgpStatus === 'Established';
