// The reconciler against a real store and the sim speaker: it settles what it applied, shows what the
// speaker sees, and touches nothing the store already shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { AuthKeyBox } from '../auth/auth-key-box.js';
import { loadSeed } from '../config/seed.js';
import type { BgpPeerData } from '../domain/model.js';
import { SimSpeaker } from '../speaker/sim/sim-speaker.js';
import type { ResourceRecord } from '../store/record.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { BgpReconciler, sessionsVerified } from './bgp-reconciler.js';
import { IncompleteApplyError, type DesiredVbr } from '../speaker/speaker.js';
import { lockKeys } from '../domain/lock-keys.js';
import { recordIndexing } from '../domain/record-indexing.js';

const ACCOUNT = '1000000000000001';
const REGION = 'cn-hangzhou';
const seed = loadSeed(undefined);
const sealingKey = randomBytes(32);
const authKeys = new AuthKeyBox(() => sealingKey);
const log = pino({ level: 'silent' });

function record<D>(kind: ResourceRecord<D>['kind'], id: string, parentId: string | null, status: string, data: D): ResourceRecord<D> {
  return {
    id,
    kind,
    accountId: ACCOUNT,
    regionId: REGION,
    parentId,
    vbrId: kind === 'PhysicalConnection' ? null : 'vbr-1',
    status,
    dueAt: null,
    data,
  };
}

function peer(id: string, ip: string, status = 'Pending'): ResourceRecord<Partial<BgpPeerData>> {
  return record<Partial<BgpPeerData>>('BgpPeer', id, 'bgpg-1', status, {
    BgpGroupId: 'bgpg-1',
    PeerIpAddress: ip,
    IpVersion: 'IPv4',
    EnableBfd: false,
    BfdMultiHop: 1,
    BgpStatus: 'Idle',
    bfdStatus: null,
    AdvertisedRouteCount: 0,
    ReceivedRouteCount: 0,
    generation: 0,
    lastError: '',
  });
}

async function storeWithVbr(): Promise<Store> {
  const store = await openStore({ indexing: recordIndexing, dataDir: mkdtempSync(join(tmpdir(), 'vbrd-reconcile-')) });
  const device = seed.regions[0].accessPoints[0].devices[0];
  await store.transaction([], async (tx) => {
    await tx.insert(record('PhysicalConnection', 'pc-1', null, 'Enabled', { accessDeviceId: device.deviceId, portNumber: '1/1/1' }));
    await tx.insert(
      record('VirtualBorderRouter', 'vbr-1', 'pc-1', 'active', {
        PhysicalConnectionId: 'pc-1',
        VlanId: 10,
        LocalGatewayIp: '192.0.2.1',
        PeerGatewayIp: '192.0.2.2',
        PeeringSubnetMask: '255.255.255.252',
        EnableIpv6: false,
        LocalIpv6GatewayIp: '',
        PeerIpv6GatewayIp: '',
        PeeringIpv6SubnetMask: '',
        MinTxInterval: 300,
        MinRxInterval: 300,
        DetectMultiplier: 3,
      }),
    );
    await tx.insert(
      record('BgpGroup', 'bgpg-1', 'vbr-1', 'Available', {
        PeerAsn: 65001,
        LocalAsn: 45104,
        SealedAuthKey: '',
        RouteQuota: 110,
        IsFakeAsn: false,
        IpVersion: 'IPv4',
        generation: 0,
        lastError: '',
      }),
    );
    await tx.insert(peer('bgp-1', '192.0.2.2'));
  });
  return store;
}

/** Counts the transactions opened on this store. */
function countTransactions(store: Store): () => number {
  let opened = 0;
  const transaction = store.transaction.bind(store);
  store.transaction = (keys, fn) => {
    opened++;
    return transaction(keys, fn);
  };
  return () => opened;
}

const reconciler = (store: Store, nodeName: string, sessionUpMs = 50) =>
  new BgpReconciler({
    store,
    seed,
    authKeys,
    speaker: new SimSpeaker({ applyMs: 0, sessionUpMs }),
    nodeName,
    log,
    observeMs: 50,
    leaseTtlMs: 300,
  });

async function until(what: string, check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const shows = (store: Store, id: string, status: string, bgpStatus: string) => async () => {
  const p = await store.get<BgpPeerData>('BgpPeer', id);
  return p?.status === status && p.data.BgpStatus === bgpStatus;
};

test('a peer is settled once applied and shows the session the speaker sees; one added later too', async () => {
  const store = await storeWithVbr();
  const r = reconciler(store, 'a');
  try {
    r.start();
    await until('bgp-1 Available and Established', shows(store, 'bgp-1', 'Available', 'Established'));
    await new Promise((res) => setTimeout(res, 200)); // the sim's map is settled and handed out unchanged now
    await store.transaction([lockKeys.vbr('vbr-1')], (tx) => tx.insert(peer('bgp-2', '192.0.2.6')));
    r.poke('vbr-1');
    await until('bgp-2 Available and Established', shows(store, 'bgp-2', 'Available', 'Established'));
  } finally {
    await r.stop();
    await store.close();
  }
});

test('a peer whose session is up by the time it is settled gets both in one write', async () => {
  const store = await storeWithVbr();
  const transactions = countTransactions(store);
  const r = reconciler(store, 'a', 0);
  try {
    r.start();
    await until('bgp-1 Available and Established', shows(store, 'bgp-1', 'Available', 'Established'));
    await new Promise((res) => setTimeout(res, 300)); // several observations of the session
    assert.equal(transactions(), 1, 'the settle wrote the session; no observation write followed');
  } finally {
    await r.stop();
    await store.close();
  }
});

test('a new reconciler over a store that already shows the sessions writes nothing back', async () => {
  const store = await storeWithVbr();
  const first = reconciler(store, 'a');
  first.start();
  await until('bgp-1 Established', shows(store, 'bgp-1', 'Available', 'Established'));
  await first.stop(); // releases the lease
  const transactions = countTransactions(store);
  const second = reconciler(store, 'b', 0); // its sessions are up at once: it sees what the store shows
  try {
    second.start();
    await until('the new reconciler leads', async () => second.isLeader);
    await new Promise((res) => setTimeout(res, 400)); // several observations of the re-applied sessions
    assert.equal(transactions(), 0, 'no settle and no observation write: the store already shows it all');
  } finally {
    await second.stop();
    await store.close();
  }
});

test('backlog counts the VBRs waiting for or in an apply, and is 0 once everything is applied', async () => {
  const store = await storeWithVbr();
  const r = new BgpReconciler({
    store,
    seed,
    authKeys,
    speaker: new SimSpeaker({ applyMs: 300, sessionUpMs: 0 }),
    nodeName: 'a',
    log,
    observeMs: 50,
    leaseTtlMs: 2000,
  });
  try {
    assert.equal(r.backlog, 0, 'not leading: nothing of its own to do');
    r.start();
    await until('vbr-1 in an apply', async () => r.backlog === 1);
    const p = await store.get<BgpPeerData>('BgpPeer', 'bgp-1');
    assert.equal(p?.status, 'Pending', 'the apply takes 300 ms');
    await until('backlog drained', async () => r.backlog === 0);
    assert.equal((await store.get<BgpPeerData>('BgpPeer', 'bgp-1'))?.status, 'Available');
  } finally {
    await r.stop();
    await store.close();
  }
});

/** The sim, but every apply throws `error` while `failing` is set (after doing the sim's part, like a speaker that applied BGP). */
class FailingSim extends SimSpeaker {
  failing: Error | null = null;
  override async applyVbr(d: Parameters<SimSpeaker['applyVbr']>[0]): Promise<void> {
    await super.applyVbr(d);
    if (this.failing) throw this.failing;
  }
}

const withSpeaker = (store: Store, speaker: SimSpeaker) =>
  new BgpReconciler({ store, seed, authKeys, speaker, nodeName: 'a', log, observeMs: 50, leaseTtlMs: 300 });

async function markDeleting(store: Store, id: string): Promise<void> {
  await store.transaction([lockKeys.vbr('vbr-1')], async (tx) => {
    const p = (await tx.get<BgpPeerData>('BgpPeer', id))!;
    await tx.update({ ...p, status: 'Deleting', data: { ...p.data, generation: p.data.generation + 1 } });
  });
}

test('an incomplete apply (the link is missing) still completes deletions, and records its error on what stays', async () => {
  const store = await storeWithVbr();
  const speaker = new FailingSim({ applyMs: 0, sessionUpMs: 0 });
  const r = withSpeaker(store, speaker);
  try {
    r.start();
    await until('bgp-1 Available', shows(store, 'bgp-1', 'Available', 'Established'));
    speaker.failing = new IncompleteApplyError('VBR vbr-1: far-side namespace "gone" does not exist', false);
    await store.transaction([lockKeys.vbr('vbr-1')], (tx) => tx.insert(peer('bgp-2', '192.0.2.6')));
    await markDeleting(store, 'bgp-1');
    r.poke('vbr-1');
    await until('bgp-1 deleted', async () => (await store.get('BgpPeer', 'bgp-1')) === undefined);
    const kept = (await store.get<BgpPeerData>('BgpPeer', 'bgp-2'))!;
    assert.equal(kept.status, 'Pending', 'what was added cannot work yet');
    await until(
      'the error recorded once it persists',
      async () => (await store.get<BgpPeerData>('BgpPeer', 'bgp-2'))!.data.lastError !== '',
    );
    assert.match((await store.get<BgpPeerData>('BgpPeer', 'bgp-2'))!.data.lastError, /far-side namespace "gone" does not exist/);
    assert.deepEqual(
      r.failures.map((f) => f.vbrId),
      ['vbr-1'],
    );
    speaker.failing = null;
    r.poke('vbr-1');
    await until('bgp-2 Available once the apply works', shows(store, 'bgp-2', 'Available', 'Established'));
    assert.equal((await store.get<BgpPeerData>('BgpPeer', 'bgp-2'))!.data.lastError, '');
    assert.deepEqual(r.failures, []);
  } finally {
    await r.stop();
    await store.close();
  }
});

test('a failing apply keeps deletions waiting, and its error is recorded only once it persists', async () => {
  const store = await storeWithVbr();
  const speaker = new FailingSim({ applyMs: 0, sessionUpMs: 0 });
  const r = withSpeaker(store, speaker);
  try {
    r.start();
    await until('bgp-1 Available', shows(store, 'bgp-1', 'Available', 'Established'));
    speaker.failing = new Error('bgpd vty: connect ENOENT');
    await markDeleting(store, 'bgp-1');
    r.poke('vbr-1');
    await until('listed as failing', async () => r.failures.length === 1);
    assert.equal((await store.get<BgpPeerData>('BgpPeer', 'bgp-1'))!.data.lastError, '', 'one failure is not recorded on the resource');
    await until('recorded once it persists', async () => (await store.get<BgpPeerData>('BgpPeer', 'bgp-1'))!.data.lastError !== '');
    assert.equal((await store.get<BgpPeerData>('BgpPeer', 'bgp-1'))!.status, 'Deleting', 'not removed: the speaker may still have it');
  } finally {
    await r.stop();
    await store.close();
  }
});

test('a VBR the speaker no longer carries shows no session on its peers', async () => {
  const store = await storeWithVbr();
  const r = reconciler(store, 'a', 0);
  try {
    r.start();
    await until('bgp-1 Established', shows(store, 'bgp-1', 'Available', 'Established'));
    await store.transaction([lockKeys.vbr('vbr-1')], async (tx) => {
      const v = (await tx.get('VirtualBorderRouter', 'vbr-1'))!;
      await tx.update({ ...v, status: 'terminated' });
    });
    r.poke('vbr-1');
    await until('bgp-1 Idle', shows(store, 'bgp-1', 'Available', 'Idle'));
    assert.equal((await store.get<BgpPeerData>('BgpPeer', 'bgp-1'))!.data.AdvertisedRouteCount, 0);
  } finally {
    await r.stop();
    await store.close();
  }
});

test('the sessions lease: taken once the leader has applied and read everything, given up when it stops', async () => {
  const store = await storeWithVbr();
  const r = new BgpReconciler({
    store,
    seed,
    authKeys,
    speaker: new SimSpeaker({ applyMs: 400, sessionUpMs: 0 }),
    nodeName: 'a',
    log,
    observeMs: 50,
    leaseTtlMs: 300,
  });
  try {
    assert.equal(await sessionsVerified(store, 'sim'), false);
    r.start();
    await until('the reconciler leads', async () => r.isLeader);
    assert.equal(await sessionsVerified(store, 'sim'), false, 'not while the first apply runs');
    await until('verified', () => sessionsVerified(store, 'sim'));
    assert.equal((await store.get<BgpPeerData>('BgpPeer', 'bgp-1'))!.data.BgpStatus, 'Established', 'read before it was vouched for');
    await new Promise((res) => setTimeout(res, 700)); // beyond the lease's TTL: it is renewed
    assert.equal(await sessionsVerified(store, 'sim'), true);
  } finally {
    await r.stop();
  }
  assert.equal(await sessionsVerified(store, 'sim'), false, 'a stopped reconciler vouches for nothing');
  await store.close();
});

test('the speaker is given the AuthKey in clear; one sealed under another key is a permanent apply error on the group', async () => {
  const store = await storeWithVbr();
  await store.transaction([lockKeys.vbr('vbr-1')], async (tx) => {
    const g = (await tx.get<Record<string, unknown>>('BgpGroup', 'bgpg-1'))!;
    await tx.update({ ...g, data: { ...g.data, SealedAuthKey: authKeys.seal('Md5+Key-1', 'bgpg-1') } });
  });
  const applied: DesiredVbr[] = [];
  const speaker = new SimSpeaker({ applyMs: 0, sessionUpMs: 0 });
  const apply = speaker.applyVbr.bind(speaker);
  speaker.applyVbr = (d) => (applied.push(d), apply(d));
  const options = { store, seed, speaker, nodeName: 'a', log };
  try {
    await new BgpReconciler({ ...options, authKeys }).reconcileVbr('vbr-1');
    assert.deepEqual(
      applied.map((d) => d.groups.map((g) => g.authKey)),
      [['Md5+Key-1']],
    );
    const elsewhere = new AuthKeyBox(() => randomBytes(32)); // VBRD_SECRET_KEY changed
    await new BgpReconciler({ ...options, authKeys: elsewhere }).reconcileVbr('vbr-1');
    assert.equal(applied.length, 1, 'nothing applied without the key');
    const g = await store.get<{ lastError: string }>('BgpGroup', 'bgpg-1');
    assert.match(g!.data.lastError, /group bgpg-1: its AuthKey was sealed under another key/);
  } finally {
    await store.close();
  }
});
