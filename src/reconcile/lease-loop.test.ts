import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { LeaseLoop } from './lease-loop.js';
import { recordIndexing } from '../domain/record-indexing.js';

const log = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withStore(fn: (store: Store, leaseCalls: () => number) => Promise<void>): Promise<void> {
  const store = await openStore({ indexing: recordIndexing, dataDir: mkdtempSync(join(tmpdir(), 'vbrd-lease-')) });
  let calls = 0;
  const acquire = store.acquireLease.bind(store);
  store.acquireLease = (...args) => {
    calls++;
    return acquire(...args);
  };
  try {
    await fn(store, () => calls);
  } finally {
    await store.close();
  }
}

function loop(store: Store, holder: string, tick: () => Promise<void>, ttlMs = 300): LeaseLoop {
  return new LeaseLoop({ store, lease: 'test', holder, ttlMs, log, intervalMs: 20, tick });
}

test('one of two loops on a lease works; when it stops the other takes over', () =>
  withStore(async (store) => {
    const ticks = { a: 0, b: 0 };
    const a = loop(store, 'a', async () => {
      ticks.a++;
    });
    const b = loop(store, 'b', async () => {
      ticks.b++;
    });
    a.start();
    await sleep(60);
    b.start();
    await sleep(200);
    assert.ok(ticks.a > 3 && ticks.b === 0, JSON.stringify(ticks));
    assert.equal(a.isLeader && !b.isLeader, true);
    await a.stop(); // releases the lease
    const before = ticks.b;
    await sleep(150);
    assert.ok(ticks.b > before, 'b took over once a released the lease');
    await b.stop();
  }));

test('a kick makes the holder run at once, and costs a node without the lease nothing', () =>
  withStore(async (store, leaseCalls) => {
    let ticks = 0;
    const holder = new LeaseLoop({
      store,
      lease: 'test',
      holder: 'a',
      ttlMs: 60_000,
      log,
      intervalMs: 10_000,
      tick: async () => {
        ticks++;
      },
    });
    const other = new LeaseLoop({ store, lease: 'test', holder: 'b', ttlMs: 60_000, log, intervalMs: 10_000, tick: async () => undefined });
    holder.start();
    other.start();
    await sleep(50);
    assert.equal(ticks, 1);
    const calls = leaseCalls();
    for (let i = 0; i < 20; i++) other.kick();
    await sleep(30);
    assert.equal(leaseCalls(), calls, 'kicks on the non-holder did not ask the database');
    holder.kick();
    await sleep(30);
    assert.equal(ticks, 2, 'the holder ran again without waiting for its interval');
    holder.kick(5_000); // a later wish does not push back a pass already due sooner
    holder.kick();
    await sleep(30);
    assert.equal(ticks, 3);
    await Promise.all([holder.stop(), other.stop()]);
  }));

test('a pass that outlives the lease learns it from confirm() and stops acting', () =>
  withStore(async (store) => {
    const steps: string[] = [];
    const slow = loop(store, 'slow', async () => {
      steps.push('slow: step 1');
      await sleep(450); // longer than the 300 ms TTL: another node may hold the lease now
      if (await slow.confirm()) steps.push('slow: step 2');
    });
    slow.start();
    await sleep(40);
    const fast = loop(store, 'fast', async () => {
      if (!steps.includes('fast')) steps.push('fast');
    });
    fast.start();
    await sleep(600);
    await Promise.all([slow.stop(), fast.stop()]);
    assert.deepEqual(steps.slice(0, 2), ['slow: step 1', 'fast']);
    assert.ok(!steps.includes('slow: step 2'), `the stalled holder acted after losing its lease: ${steps.join(', ')}`);
  }));
