// The fuzz suite: every implemented action, called with valid-looking parameters aimed at real resources,
// one or two of them made wrong in a way the wire allows (faults.ts). Whatever arrives, vbrd answers a 200
// or an error in Alibaba's envelope with a 4xx (never a 5xx), within a bound, and a refusal leaves the
// state as it was (the control API's snapshot of the store, before and after). fast-check draws the
// calls from a seed: `npm test` runs a short fixed-seed run; `npm run chaos -- fuzz [RUNS] [SEED]` a long
// one (VBRD_FUZZ_RUNS, VBRD_FUZZ_SEED). A failure prints its seed and the request; the run prints its
// figures: requests, refusals by code, the worst latency.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { popClient, startHarness, type Harness } from '../support/harness.js';
import { openService } from '../support/express-connect.js';
import { answeredIds, assertWellFormed, popCall, type Pop } from '../support/wire-calls.js';
import { allActions } from '../../src/api/actions/index.js';
import type { StateDocument } from '../../src/control/state.js';
import { applyFault, describeParams, faultsArb } from './faults.js';
import { missingKinds, poolOf, provision, validParams, type Pool } from './targets.js';

const RUNS = Number(process.env.VBRD_FUZZ_RUNS ?? 500);
const SEED = Number(process.env.VBRD_FUZZ_SEED ?? 25);
/** No request may take longer, however large or odd (the body limit is 1 MiB). */
const BOUND_MS = Number(process.env.VBRD_FUZZ_BOUND_MS ?? 2000);

type Snapshot = Omit<StateDocument, 'exportedAt'>;

/** The whole state, without the moment it was taken. */
async function snapshot(h: Harness): Promise<Snapshot> {
  const { exportedAt: _, ...rest } = await h.vbrd.control.exportState();
  return rest;
}

/** The state once timed transitions and the reconciler have finished with it. */
async function settled(h: Harness): Promise<Snapshot> {
  await h.vbrd.control.settle({ timeoutMs: 10_000 });
  return snapshot(h);
}

const caseArb = fc.record({
  optional: fc.nat(),
  picks: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  faults: faultsArb,
});

describe(`fuzz: every action with one or two parameters wrong (seed ${SEED}, ${RUNS} runs)`, () => {
  let h: Harness;
  let ram: Pop;

  before(async () => {
    h = await startHarness({
      seed: {
        quotas: { physicalConnectionsPerAccessPoint: 20, unfinishedPhysicalConnections: 20 },
        timings: {
          physicalConnectionAllocateMs: 20,
          physicalConnectionTransitionMs: 20,
          vbrTransitionMs: 20,
          bgpApplyMs: 20,
          simSessionUpMs: 20,
        },
      },
    });
    ram = popClient(h.endpoint, h.accessKeyId, h.accessKeySecret, '2015-05-01');
    await openService(h.vpc);
    await provision(h, ram, missingKinds(poolOf(await snapshot(h))));
  });

  after(async () => {
    await h?.close();
  });

  it(`answers every call in the envelope within ${BOUND_MS} ms, never a 5xx, and a refusal changes nothing`, async () => {
    let state = await settled(h);
    let pool: Pool = poolOf(state);
    let ids: string[] = [...pool.byPrefix.values()].flat();
    let n = 0;
    const codes = new Map<string, number>();
    let worst = { ms: 0, what: '' };

    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        // Every action in turn, so that a short run covers them all.
        const def = allActions[n % allActions.length];
        n++;
        const params = validParams(def.params, pool, c.optional, c.picks);
        for (const f of c.faults) applyFault(params, def.params, f, ids);
        const what = `${def.product}:${def.name} ${describeParams(params)} with faults ${JSON.stringify(c.faults)} (seed ${SEED}, request ${n})`;

        const answer = await popCall(def.product === 'ram' ? ram : h.pop, def.name, params);
        codes.set(answer.code, (codes.get(answer.code) ?? 0) + 1);
        if (answer.ms > worst.ms) worst = { ms: answer.ms, what: `${def.name} ${describeParams(params)}` };
        assertWellFormed(answer, what);
        assert.ok(answer.ms <= BOUND_MS, `${what}: took ${Math.round(answer.ms)} ms (bound ${BOUND_MS} ms)`);
        if (answer.status !== 200) {
          assert.deepEqual(await snapshot(h), state, `${what}: refused with ${answer.code}, yet the state changed`);
          return;
        }
        // Accepted (an unknown parameter is ignored, a wrong optional one may be allowed): the new state
        // is the one to compare with, and the resources are made again if the last of a kind went.
        state = await settled(h);
        pool = poolOf(state);
        const missing = missingKinds(pool);
        if (missing.length) {
          await provision(h, ram, missing);
          state = await settled(h);
          pool = poolOf(state);
        }
        ids = [...new Set([...pool.byPrefix.values()].flat().concat(answeredIds(answer.body)))];
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true, includeErrorInReport: true },
    );

    const refusals = [...codes].filter(([code]) => code !== 'OK').sort((a, b) => b[1] - a[1]);
    const refused = refusals.reduce((sum, [, k]) => sum + k, 0);
    console.log(
      `# fuzz: ${n} requests over ${allActions.length} actions (seed ${SEED}): ${n - refused} accepted, ${refused} refused; ` +
        `worst latency ${Math.round(worst.ms)} ms (${worst.what.slice(0, 160)})\n# refusals by code: ${refusals.map(([code, k]) => `${code} ×${k}`).join(', ')}`,
    );
    // The draw reaches both sides: most calls are refused, and some get through.
    assert.ok(refused > n / 2 && n - refused > 0, `accepted ${n - refused} of ${n}: the faults do not bite, or nothing passes`);
  });
});
