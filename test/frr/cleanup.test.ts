// Cleanup that cannot get stuck, as a lab user meets it (docs/real-bgp.md#cleaning-up): a second run of
// examples/lab.js while the first one's circuit holds the lab's only port says exactly what to do, and
// `lab.js --cleanup` deletes what the walkthrough made, in order, after which it runs again. Deleting needs
// nothing of the customer's side: after `vbrd lab down` (its seed file gone with it) a vbrd started without
// that seed still completes every delete. A stopped vbrd then leaves no namespace, PID file or socket.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultLabCircuits, labDown, labUp } from '../../src/lab/lab.js';
import {
  exited,
  frrPrerequisites,
  frrTest,
  namesFor,
  namespacesWithPrefix,
  removeLeftovers,
  runtimeFilesLeft,
  spawnVbrd,
  type VbrdChild,
} from './helpers.js';

const LAB_EXAMPLE = fileURLToPath(new URL('../../examples/lab.js', import.meta.url));
const { prefix, runDir } = namesFor('cln');
const stateDir = `${runDir}/lab`;
const circuits = defaultLabCircuits().map((c) => ({ ...c, farSideNamespace: `${prefix}cust` }));
let vbrd: VbrdChild | null = null;

after(async () => {
  if (vbrd && vbrd.child.exitCode === null && vbrd.child.signalCode === null) vbrd.child.kill('SIGKILL');
  if (!(await frrPrerequisites()).ok) return;
  await labDown({ stateDir }).catch(() => undefined);
  await removeLeftovers(prefix, runDir);
});

/** examples/lab.js as a user runs it, against the running vbrd. */
async function runExample(args: string[] = []): Promise<{ code: number | null; out: string; ms: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [LAB_EXAMPLE, ...args], {
    env: { ...process.env, VBRD_ENDPOINT: vbrd!.endpoint },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await exited(child);
  return { code, out, ms: Date.now() - t0 };
}

async function stopVbrd(): Promise<void> {
  const c = vbrd!;
  vbrd = null;
  c.child.kill('SIGTERM');
  assert.equal(await exited(c.child), 0, c.output());
}

frrTest('a second run of examples/lab.js says to run --cleanup, which deletes what the first made; then it runs again', async () => {
  await labUp({ stateDir, circuits });
  vbrd = await spawnVbrd({ runDir, prefix, seedFile: `${stateDir}/seed.yaml` });

  const run1 = await runExample();
  assert.equal(run1.code, 0, run1.out);
  assert.match(run1.out, /both BGP sessions are Established/);

  const run2 = await runExample();
  assert.equal(run2.code, 1, run2.out);
  assert.match(run2.out, /the lab's port is still held by pc-\S+ \(Enabled\) from an earlier run/);
  assert.match(run2.out, /node dist\/examples\/lab\.js --cleanup/, 'it says exactly what to run');

  const cleanup = await runExample(['--cleanup']);
  assert.equal(cleanup.code, 0, cleanup.out);
  assert.match(cleanup.out, /deleted virtual border router vbr-\S+ with its BGP groups, peers and networks/);
  assert.match(cleanup.out, /deleted physical connection pc-/);
  console.log(`# lab.js --cleanup with the lab up: ${cleanup.ms} ms`);

  const run3 = await runExample();
  assert.equal(run3.code, 0, run3.out);
  assert.match(run3.out, /both BGP sessions are Established/);
});

frrTest(
  'after vbrd lab down (its seed gone), a vbrd started without that seed still deletes everything; stopped, it leaves nothing',
  async () => {
    const down = await labDown({ stateDir });
    assert.ok(down.namespacesRemoved >= 1);
    await stopVbrd();
    vbrd = await spawnVbrd({ runDir, prefix }); // the default seed: the lab's port and its far side are unknown

    const cleanup = await runExample(['--cleanup']);
    assert.equal(cleanup.code, 0, `${cleanup.out}\n${vbrd.output()}`);
    assert.match(cleanup.out, /deleted virtual border router vbr-\S+/);
    assert.match(cleanup.out, /deleted physical connection pc-/);
    console.log(`# lab.js --cleanup after lab down, vbrd without the lab's seed: ${cleanup.ms} ms`);
    assert.match((await runExample(['--cleanup'])).out, /nothing of the lab walkthrough was left to delete/);

    await stopVbrd();
    assert.deepEqual(await namespacesWithPrefix(prefix), [], 'no VBR, host or customer namespace is left');
    assert.deepEqual(await runtimeFilesLeft(`${runDir}/frr`), [], 'no PID file or socket is left in the run dir');
  },
);
