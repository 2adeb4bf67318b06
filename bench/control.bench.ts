// `npm run bench -- control`: how long a reset takes on an empty-ish store (a circuit, a VBR, a BGP
// group and peer for each of two accounts), and a snapshot and its restore of the same; through the
// library, in process, each call audited as over HTTP. BENCH_ROUNDS (default 30) rounds.
import { startVbrd } from '../src/library/index.js';
import { createFixture } from '../src/library/testing.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const TENANT = {
  accountId: '1000000000000002',
  accessKeys: [{ accessKeyId: 'LTAIbenchTenant0002', accessKeySecret: 'bench-tenant-0002' }],
};

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;

const v = await startVbrd({ seed: { accounts: [TENANT] } });
try {
  const reset: number[] = [];
  const snapshot: number[] = [];
  const restore: number[] = [];
  let records = 0;
  for (let i = 0; i < ROUNDS; i++) {
    await createFixture(v, { peer: true });
    await createFixture(v, { peer: true, accountId: TENANT.accountId });
    let t = performance.now();
    const doc = await v.snapshot();
    snapshot.push(performance.now() - t);
    records = doc.resources.length;
    t = performance.now();
    await v.restore(doc);
    restore.push(performance.now() - t);
    t = performance.now();
    await v.reset();
    reset.push(performance.now() - t);
  }
  const row = (name: string, xs: number[]) =>
    `${name.padEnd(10)} median ${pct(xs, 50).toFixed(2)} ms   p90 ${pct(xs, 90).toFixed(2)} ms   max ${Math.max(...xs).toFixed(2)} ms`;
  process.stdout.write(`${ROUNDS} rounds, ${records} resources each (2 accounts: circuit, VBR, BGP group, peer)\n`);
  for (const [n, xs] of [
    ['reset', reset],
    ['snapshot', snapshot],
    ['restore', restore],
  ] as const)
    process.stdout.write(row(n, xs) + '\n');
} finally {
  await v.close();
}
