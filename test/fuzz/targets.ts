// What the fuzz suite aims at: the resources it made, read from the control API's snapshot of the
// store, and a valid-looking value for every parameter, chosen by a number the generator drew (so a
// seed names the same choices whatever the pool holds). Also makes the resources again when the fuzz
// deleted the last of a kind.
import { availableGroup } from '../support/fixtures.js';
import { createVbr, enabledCircuit } from '../support/express-connect.js';
import type { Harness } from '../support/harness.js';
import { ID_PREFIX, PLAUSIBLE, popCall, type Pop } from '../support/wire-calls.js';
import type { ParamSpec } from '../../src/api/params.js';
import type { StateDocument } from '../../src/control/state.js';

export const REGION = 'cn-hangzhou';

/** The ids and names the suite's calls can name, by what a parameter asks for. */
export interface Pool {
  byPrefix: Map<string, string[]>;
  users: string[];
  policies: string[];
  accessKeys: string[];
}

const PREFIX_OF_KIND: Record<string, string> = {
  PhysicalConnection: 'pc-',
  VirtualBorderRouter: 'vbr-',
  BgpGroup: 'bgpg-',
  BgpPeer: 'bgp-',
  VbrHa: 'vbrha-',
};

export function poolOf(state: Pick<StateDocument, 'resources'>): Pool {
  const pool: Pool = { byPrefix: new Map(), users: [], policies: [], accessKeys: [] };
  for (const r of state.resources) {
    const data = r.data as Record<string, unknown>;
    const prefix = PREFIX_OF_KIND[r.kind];
    if (prefix) pool.byPrefix.set(prefix, [...(pool.byPrefix.get(prefix) ?? []), r.id]);
    else if (r.kind === 'RamUser') pool.users.push(String(data.UserName));
    else if (r.kind === 'RamPolicy') pool.policies.push(String(data.PolicyName));
    else if (r.kind === 'RamAccessKey') pool.accessKeys.push(r.id);
  }
  return pool;
}

/** Which resource kinds the pool must hold for the calls to reach past "not found". */
export function missingKinds(pool: Pool): string[] {
  const missing = ['pc-', 'vbr-', 'bgpg-', 'bgp-'].filter((p) => !pool.byPrefix.get(p)?.length);
  if (pool.users.length === 0 || pool.accessKeys.length === 0) missing.push('ram user');
  if (pool.policies.length === 0) missing.push('ram policy');
  return missing;
}

const at = <T>(xs: readonly T[], n: number): T | undefined => (xs.length ? xs[n % xs.length] : undefined);

function idsFor(pool: Pool, name: string): string[] {
  if (ID_PREFIX[name]) return pool.byPrefix.get(ID_PREFIX[name]) ?? [];
  if (name === 'InstanceId' || name === 'ResourceId') return [...(pool.byPrefix.get('pc-') ?? []), ...(pool.byPrefix.get('vbrha-') ?? [])];
  return [];
}

/** A value that can pass for one scalar parameter (or one item of a list), by its name. */
export function plausibleValue(name: string, type: string, pool: Pool, n: number): string {
  if (name === 'RegionId') return REGION;
  const ids = idsFor(pool, name);
  if (ids.length) return at(ids, n)!;
  if (name === 'UserName' || name === 'NewUserName') return at(pool.users, n) ?? 'fuzz-user';
  if (name === 'PolicyName') return at([...pool.policies, 'AliyunVPCFullAccess'], n)!;
  if (name === 'UserAccessKeyId') return at(pool.accessKeys, n) ?? 'LTAInothing';
  if (PLAUSIBLE[name]) return at(PLAUSIBLE[name], n)!;
  if (name === 'VlanId') return String(1 + (n % 4094));
  if (type === 'integer' || type === 'long') return String(1 + (n % 100));
  if (type === 'boolean') return n % 2 ? 'true' : 'false';
  return at(['fuzz', 'a name', 'vbrd-fuzz'], n)!;
}

/** The request's parameters before any fault: every required one, and the optional ones the draw picked. */
export function validParams(
  specs: Record<string, ParamSpec>,
  pool: Pool,
  optional: number,
  picks: readonly number[],
): Record<string, string> {
  const p: Record<string, string> = {};
  let i = 0;
  for (const [name, spec] of Object.entries(specs)) {
    const n = picks[i % picks.length];
    i++;
    if (!spec.required && ((optional >>> (i % 31)) & 1) === 0) continue;
    if (spec.type === 'strings') p[`${name}.1`] = plausibleValue(name, 'string', pool, n);
    else if (spec.type === 'objects') {
      for (const [field, kind] of Object.entries(spec.fields)) {
        const value =
          name === 'Filter' && field === 'Key' ? 'VbrId' : plausibleValue(name === 'Filter' ? 'VbrId' : field, 'string', pool, n);
        p[kind === 'strings' ? `${name}.1.${field}.1` : `${name}.1.${field}`] = value;
      }
    } else p[name] = plausibleValue(name, spec.type, pool, n);
  }
  return p;
}

/**
 * Makes what missingKinds() found missing: an enabled circuit with a dual-stack VBR, a BGP group with a
 * peer and a network, and a RAM user with an AccessKey and a custom policy.
 */
export async function provision(h: Harness, ram: Pop, missing: readonly string[]): Promise<void> {
  if (missing.some((m) => m.endsWith('-'))) {
    const pc = await enabledCircuit(h.vpc);
    const vbr = await createVbr(h.vpc, pc, 100, {
      enableIpv6: true,
      localIpv6GatewayIp: '2001:db8::1',
      peerIpv6GatewayIp: '2001:db8::2',
      peeringIpv6SubnetMask: '2001:db8::/126',
    });
    const group = await availableGroup(h.vpc, vbr);
    await popCall(h.pop, 'CreateBgpPeer', { RegionId: REGION, BgpGroupId: group, PeerIpAddress: '10.0.0.2' });
    await popCall(h.pop, 'AddBgpNetwork', { RegionId: REGION, RouterId: vbr, DstCidrBlock: '192.168.0.0/24' });
  }
  if (missing.includes('ram user')) {
    const user = `u${Date.now() % 100_000}`;
    await popCall(ram, 'CreateUser', { UserName: user });
    await popCall(ram, 'CreateAccessKey', { UserName: user });
  }
  if (missing.includes('ram policy')) {
    await popCall(ram, 'CreatePolicy', { PolicyName: `p${Date.now() % 100_000}`, PolicyDocument: PLAUSIBLE.PolicyDocument[0] });
  }
}
