// Random parameters for every action, sent by pop-core (the official RPC client, which passes any
// string through): whatever arrives, vbrd answers 200 or an error in Alibaba's envelope with a 4xx
// status, never a 5xx; and what it acknowledged is what a restarted server holds. The calls are drawn
// from a seeded generator: VBRD_RANDOM_SEED=N replays a failing run's draws (the seed is in every
// message), though timed transitions can still make a replayed call meet another state.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { popClient, startHarness, waitFor, type Harness, type HarnessOptions } from '../support/harness.js';
import { createVbr, enabledCircuit, openService } from '../support/express-connect.js';
import { availableGroup } from '../support/fixtures.js';
import { answeredIds, assertWellFormed, ID_PREFIX, PLAUSIBLE, popCall, type Pop } from '../support/wire-calls.js';
import { allActions } from '../../src/api/actions/index.js';
import type { ParamSpec } from '../../src/api/params.js';

const R = 'cn-hangzhou';
const CALLS = 1500;
const SEED = Number(process.env.VBRD_RANDOM_SEED ?? Math.floor(Math.random() * 2 ** 31));
const OPTIONS: HarnessOptions = {
  seed: {
    quotas: { physicalConnectionsPerAccessPoint: 10, unfinishedPhysicalConnections: 10 },
    timings: {
      physicalConnectionAllocateMs: 20,
      physicalConnectionTransitionMs: 20,
      vbrTransitionMs: 20,
      bgpApplyMs: 20,
      simSessionUpMs: 20,
    },
  },
};

/** mulberry32: a small seeded generator, so that a seed names one sequence of calls. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const random = generator(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];

const ODD = [
  '',
  ' ',
  '0',
  '-1',
  '256',
  '4294967296',
  '99999999999999999999',
  '1.5',
  'NaN',
  'TRUE',
  'null',
  '[]',
  '{}',
  'a'.repeat(300),
  'ü€😀',
  '%00',
  '\u0000',
  '10.0.0.256',
  '::',
  '0.0.0.0/0',
  'fe80::1%eth0',
  'xx-nowhere',
  'Deleting',
  'vbr-',
  'pc-nothing',
];

/** A value for one parameter: mostly one that can pass (an id made earlier for its kind), else something odd. */
function valueFor(name: string, type: string, ids: string[]): string {
  if (random() < 0.2) return random() < 0.5 && ids.length ? pick(ids) : pick(ODD);
  const prefix = ID_PREFIX[name];
  const ofKind = prefix ? ids.filter((id) => id.startsWith(prefix)) : [];
  if (ofKind.length) return pick(ofKind);
  if (PLAUSIBLE[name]) return pick(PLAUSIBLE[name]);
  if (type === 'integer' || type === 'long') return String(1 + Math.floor(random() * 4094));
  if (type === 'boolean') return pick(['true', 'false']);
  return pick(['x', 'vbrd', 'a name', 'cn-hangzhou']);
}

function randomParams(specs: Record<string, ParamSpec>, ids: string[]): Record<string, string> {
  const p: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    if (!spec.required && random() < 0.5) continue;
    const items = Math.floor(random() * 3);
    if (name === 'RegionId' && random() < 0.9) p[name] = R;
    else if (spec.type === 'strings') {
      for (let i = 1; i <= items; i++) p[`${name}.${i}`] = valueFor(name, 'string', ids);
    } else if (spec.type === 'objects') {
      for (let i = 1; i <= items; i++) {
        for (const [field, kind] of Object.entries(spec.fields)) {
          if (kind === 'strings') p[`${name}.${i}.${field}.1`] = valueFor(field, 'string', ids);
          else if (random() < 0.8) p[`${name}.${i}.${field}`] = valueFor(field, 'string', ids);
        }
      }
    } else p[name] = valueFor(name, spec.type, ids);
  }
  if (random() < 0.05) p.NotAParameter = pick(ODD);
  return p;
}

type Item = Record<string, string>;
type ListBody = Record<string, Record<string, Item[]>>;

/** Every item of a Describe action's list (`outer.inner` in its body), page by page. */
async function everyItem(pop: Pop, action: string, params: Record<string, string>, [outer, inner]: [string, string]): Promise<Item[]> {
  const items: Item[] = [];
  for (let page = 1; ; page++) {
    const body = (await pop.request(
      action,
      { RegionId: R, PageSize: '50', PageNumber: String(page), ...params },
      { method: 'POST' },
    )) as ListBody;
    const got = body[outer][inner];
    items.push(...got);
    if (got.length < 50) return items;
  }
}

/** Every circuit, VBR, group, peer and network of the account with its status, in a stable order. */
async function inventory(pop: Pop): Promise<string[]> {
  const rows: string[] = [];
  const add = (kind: string, items: Item[], idKey: string) => {
    for (const x of items) rows.push(`${kind} ${x[idKey]} ${x.Status}`);
  };
  add(
    'circuit',
    await everyItem(pop, 'DescribePhysicalConnections', {}, ['PhysicalConnectionSet', 'PhysicalConnectionType']),
    'PhysicalConnectionId',
  );
  const vbrs = await everyItem(pop, 'DescribeVirtualBorderRouters', {}, ['VirtualBorderRouterSet', 'VirtualBorderRouterType']);
  add('vbr', vbrs, 'VbrId');
  add('group', await everyItem(pop, 'DescribeBgpGroups', {}, ['BgpGroups', 'BgpGroup']), 'BgpGroupId');
  add('peer', await everyItem(pop, 'DescribeBgpPeers', {}, ['BgpPeers', 'BgpPeer']), 'BgpPeerId');
  for (const v of vbrs)
    add(
      `network of ${v.VbrId}`,
      await everyItem(pop, 'DescribeBgpNetworks', { RouterId: v.VbrId }, ['BgpNetworks', 'BgpNetwork']),
      'DstCidrBlock',
    );
  return rows.sort();
}

/** The inventory once it has stopped changing (timed transitions and the reconciler have run). */
async function settledInventory(pop: Pop): Promise<string[]> {
  let last = await inventory(pop);
  return waitFor(
    async () => {
      await new Promise((r) => setTimeout(r, 300));
      const now = await inventory(pop);
      const same = now.join('\n') === last.join('\n');
      last = now;
      return same && now;
    },
    15_000,
    'a settled inventory',
  );
}

describe(`random parameters for every action (VBRD_RANDOM_SEED=${SEED})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vbrd-random-'));
  let h: Harness;
  const ids: string[] = [];

  before(async () => {
    h = await startHarness({ ...OPTIONS, dataDir });
    // Real resources to aim at: two enabled circuits, each with a dual-stack VBR and a BGP group.
    await openService(h.vpc);
    for (let i = 0; i < 2; i++) {
      const pc = await enabledCircuit(h.vpc);
      const vbr = await createVbr(h.vpc, pc, 100 + i, {
        enableIpv6: true,
        localIpv6GatewayIp: '2001:db8::1',
        peerIpv6GatewayIp: '2001:db8::2',
        peeringIpv6SubnetMask: '2001:db8::/126',
      });
      ids.push(pc, vbr, await availableGroup(h.vpc, vbr));
    }
  });

  after(async () => {
    await h?.close();
  });

  it(`answers ${CALLS} random calls with 200 or a 4xx in the error envelope, and keeps what it acknowledged`, async () => {
    const ram = popClient(h.endpoint, h.accessKeyId, h.accessKeySecret, '2015-05-01');
    const seen = new Map<string, number>();
    for (let n = 0; n < CALLS; n++) {
      let def = pick(allActions);
      // Fewer deletions, so that most calls find something to act on.
      while (/^(Delete|Terminate|Cancel|Unassociate)/.test(def.name) && random() < 0.9) def = pick(allActions);
      const params = randomParams(def.params, ids);
      const pop = def.product === 'ram' ? ram : h.pop;
      const what = `${def.name} ${JSON.stringify(params)} (VBRD_RANDOM_SEED=${SEED}, call ${n})`;
      const answer = await popCall(pop, def.name, params);
      assertWellFormed(answer, what);
      for (const id of answeredIds(answer.body)) if (!ids.includes(id)) ids.push(id);
      const outcome = answer.code;
      seen.set(`${def.name} ${outcome}`, (seen.get(`${def.name} ${outcome}`) ?? 0) + 1);
    }
    // The draw reaches past the parameter checks: changes of several kinds were made.
    const madeChanges = [...seen.keys()].filter((k) => /^(Create|Add|Modify|Delete)\w* OK$/.test(k));
    assert.ok(
      madeChanges.length >= 5,
      `too few kinds of successful change to mean much (VBRD_RANDOM_SEED=${SEED}): ${[...seen].map(([k, c]) => `${k} ×${c}`).join(', ')}`,
    );

    const acknowledged = await settledInventory(h.pop);
    await h.close();
    h = await startHarness({ ...OPTIONS, dataDir });
    assert.deepEqual(await settledInventory(h.pop), acknowledged, `a restart changed what was acknowledged (VBRD_RANDOM_SEED=${SEED})`);
  });
});
