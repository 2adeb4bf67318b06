// Shared by the FRR integration tests: prerequisites (skip locally, fail in CI), a speaker per test file
// with its own namespace prefix and run dir (so files run in parallel), VBR and customer builders.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createFrrSpeaker, frrAvailable, type FrrSpeaker, type PrerequisiteResult } from '../../src/speaker/frr/index.js';
import { observationOf, type DesiredGroup, type DesiredPeer, type DesiredVbr, type PeerObservation } from '../../src/speaker/speaker.js';
import { CustomerRouter, configureCustomerInterface, type CustomerPeering } from '../../src/lab/customer-router.js';

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

export interface Fixture {
  speaker: FrrSpeaker;
  prefix: string;
  runDir: string;
  customers: CustomerRouter[];
  cleanup(): Promise<void>;
}

/** Starts an FRR speaker for one test file; `name` keeps namespaces and files apart from other files. */
export async function startFixture(name: string): Promise<Fixture | null> {
  if (!(await frrPrerequisites()).ok) return null;
  // The PID keeps two runs of the same file (two people, or npm test next to a single file) apart.
  const unique = process.pid.toString(36);
  const prefix = `vt${name}${unique}-`;
  const runDir = `/tmp/vbrd-t-${name}-${unique}`;
  await rm(runDir, { recursive: true, force: true });
  const speaker = await createFrrSpeaker({ runDir: `${runDir}/frr`, namespacePrefix: prefix, watchIntervalMs: 200 });
  const customers: CustomerRouter[] = [];
  return {
    speaker,
    prefix,
    runDir,
    customers,
    async cleanup() {
      for (const vbrId of await speaker.listVbrs().catch(() => [])) await speaker.removeVbr(vbrId).catch(() => undefined);
      for (const c of customers) await c.stop().catch(() => undefined);
      await speaker.close();
      await rm(runDir, { recursive: true, force: true });
    },
  };
}

export interface CustomerOptions {
  index: number;
  peerings: CustomerPeering[];
  routes?: string[];
}

/** A BIRD customer (AS 65001) in namespace <prefix>c<index>, the far side of a circuit. */
export async function startCustomer(f: Fixture, o: CustomerOptions): Promise<CustomerRouter> {
  const c = new CustomerRouter({
    namespace: `${f.prefix}c${o.index}`,
    stateDir: `${f.runDir}/cust${o.index}`,
    asn: 65001,
    routerId: `198.51.100.${o.index}`,
    routes: o.routes ?? ['198.51.100.0/24', '2001:db8:c000::/48'],
    peerings: o.peerings,
    bfd: { minTxMs: 100, minRxMs: 100, multiplier: 3 },
  });
  f.customers.push(c);
  await c.start();
  return c;
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

/** Gives the customer's end of the VBR link (vlan<VlanId>) the customer's addresses. */
export async function addressCustomerEnd(customer: CustomerRouter, d: DesiredVbr): Promise<void> {
  const addrs = [`${d.peerGatewayIp}/30`];
  if (d.enableIpv6) addrs.push(`${d.peerIpv6GatewayIp}/${d.peeringIpv6SubnetMask.split('/')[1]}`);
  await configureCustomerInterface(customer.namespace, `vlan${d.vlanId}`, addrs);
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

export async function observation(f: Fixture, bgpPeerId: string): Promise<PeerObservation | undefined> {
  return observationOf(await f.speaker.observe(), bgpPeerId);
}

export const established = (o: PeerObservation | undefined): boolean => o?.bgpStatus === 'Established';
