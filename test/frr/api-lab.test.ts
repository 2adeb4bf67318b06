// The lab walkthrough of docs/real-bgp.md, as a newcomer runs it: `vbrd lab up` (the CLI, as a child process) writes
// a seed file; vbrd serves with the FRR data plane on it; examples/lab.ts brings both sessions to
// Established through the SDK; `vbrd lab down` removes everything. Without root the CLI says so, exit 2.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSeed } from '../../src/config/seed.js';
import { readLabState } from '../../src/lab/lab.js';
import { isRunning } from '../../src/speaker/frr/process-info.js';
import { labWalkthrough } from '../../examples/lab.js';
import { startHarness, type Harness } from '../support/harness.js';
import { frrPrerequisites, frrTest } from './helpers.js';
import { namespacesWithPrefix, namesFor, removeLeftovers } from './api-helpers.js';

const MAIN = fileURLToPath(new URL('../../src/cli/vbrd.js', import.meta.url));
const { prefix, runDir } = namesFor('lab');
const stateDir = `${runDir}/lab`;
const customerNs = `${prefix}cust`;
let h: Harness | null = null;

const vbrd = (args: string[], options: { uid?: number; gid?: number } = {}) =>
  spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 30_000, ...options });

after(async () => {
  await h?.close();
  if (!(await frrPrerequisites()).ok) return; // nothing was made
  vbrd(['lab', 'down', '--state-dir', stateDir]);
  await removeLeftovers(prefix, runDir);
});

test(
  'vbrd lab up without root says what is missing in one line, exit code 2',
  { skip: process.getuid?.() !== 0 && 'needs root to drop to nobody' },
  () => {
    const nobody = Number(spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim());
    const r = vbrd(['lab', 'up', '--state-dir', `${runDir}-nobody`], { uid: nobody, gid: nobody });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^vbrd: vbrd lab needs root, FRR and BIRD: not running as root.*sudo/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  },
);

frrTest('lab up → serve --data-plane frr --seed <state-dir>/seed.yaml → examples/lab.ts Established → lab down', async () => {
  const up = vbrd(['lab', 'up', '--state-dir', stateDir, '--namespace', customerNs]);
  assert.equal(up.status, 0, up.stderr);
  const seedFile = `${stateDir}/seed.yaml`;
  assert.match(up.stdout, new RegExp(`sudo vbrd serve --data-plane frr --seed ${seedFile.replace(/[.]/g, '\\.')}`));
  const seed = loadSeed(seedFile);
  assert.equal(seed.regions.length, 1);
  assert.equal(seed.regions[0]!.ipv6, true);
  assert.deepEqual(
    seed.regions[0]!.accessPoints.flatMap((a) => a.devices)
      .flatMap((d) => d.ports)
      .map((p) => p.farSideNamespace),
    [customerNs],
  );

  h = await startHarness({
    dataDir: stateDir,
    args: ['--seed', seedFile, '--data-plane', 'frr', '--frr-run-dir', `${runDir}/frr`, '--frr-namespace-prefix', prefix],
  });
  const lines: string[] = [];
  const t0 = Date.now();
  const r = await labWalkthrough(h.endpoint, h.accessKeyId, h.accessKeySecret, (l) => lines.push(l));
  console.log(`# examples/lab.ts: circuit → both peers Established with routes in ${Date.now() - t0} ms`);
  assert.deepEqual(r.receivedRouteCounts, { ipv4: 1, ipv6: 1 }, lines.join('\n'));
  assert.equal(lines.at(-1), 'both BGP sessions are Established');
  await h.close();
  h = null;

  const state = (await readLabState(stateDir))!;
  const down = vbrd(['lab', 'down', '--state-dir', stateDir]);
  assert.equal(down.status, 0, down.stderr);
  assert.match(down.stdout, /stopped 2 process\(es\), deleted 1 namespace\(s\)/);
  for (const p of state.pids) assert.equal(await isRunning(p.pid, p.executable), false, `${p.role} still running`);
  assert.ok(!(await namespacesWithPrefix(prefix)).includes(customerNs));
  assert.equal(existsSync(stateDir), false);
});
