import { test } from 'node:test';
import assert from 'node:assert/strict';
import { atEndOfPass } from './end-of-pass.js';

// Resolves in the check phase of the pass in which its timer fires, after the end-of-pass work queued
// before it: under load, timers due at 1 ms and at 20 ms can fire in one timers phase.
const settle = () => new Promise((r) => setTimeout(() => setImmediate(r), 20));

test('work queued by the callbacks of one phase runs once, after all of them, in that pass', async () => {
  const order: string[] = [];
  // Timers due together fire in one timers phase, as the requests read in one poll phase do.
  for (const name of ['a', 'b']) {
    setTimeout(() => {
      order.push(`timer ${name}`);
      atEndOfPass(() => order.push(`end ${name}`));
    }, 1);
  }
  await settle();
  assert.deepEqual(order, ['timer a', 'timer b', 'end a', 'end b']);
});

test('work queued from the promise chains of end-of-pass work runs in the same pass, not a pass later', async () => {
  const order: string[] = [];
  atEndOfPass(() => {
    // Queued now, so it runs in the next pass's check phase.
    setImmediate(() => order.push('next pass'));
    // As a group commit resolves its transactions' promises, whose chains then queue their answers.
    void Promise.resolve()
      .then(() => Promise.resolve())
      .then(() => {
        atEndOfPass(() => {
          order.push('answer');
          void Promise.resolve().then(() => atEndOfPass(() => order.push('answer of the answer')));
        });
      });
  });
  await settle();
  assert.deepEqual(order, ['answer', 'answer of the answer', 'next pass']);
});

test('work that keeps queueing more still lets the next pass, and its I/O, in', async () => {
  let runs = 0;
  let stop = false;
  const again = () => {
    runs++;
    if (!stop) void Promise.resolve().then(() => atEndOfPass(again));
  };
  atEndOfPass(again);
  // A timer stands for I/O: it fires only in a later pass, so reaching the next line is the test.
  await new Promise((r) => setTimeout(r, 5));
  stop = true;
  assert.ok(runs > 1, 'the chained work ran too');
  await settle();
});

test('a callback that throws is reported, and the others still run', async () => {
  const ran: string[] = [];
  // The test runner counts any uncaught exception as a failure: take its listeners away meanwhile.
  const runners = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  const reported = new Promise<Error>((resolve) => process.once('uncaughtException', resolve));
  atEndOfPass(() => ran.push('before'));
  atEndOfPass(() => {
    throw new Error('boom');
  });
  atEndOfPass(() => ran.push('after'));
  try {
    assert.equal((await reported).message, 'boom');
  } finally {
    for (const l of runners) process.on('uncaughtException', l);
  }
  await settle();
  assert.deepEqual(ran, ['before', 'after']);
  // And the queue still works afterwards.
  await new Promise<void>((resolve) => atEndOfPass(resolve));
});
