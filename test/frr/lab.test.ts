// The lab walkthrough of docs/real-bgp.md, as a newcomer runs it: `vbrd lab up` (the CLI, as a child process) writes a
// seed file and says what to run next; vbrd serves with the FRR data plane on it; examples/lab.ts brings both
// sessions to Established, with BFD, through the SDK; `vbrd lab down` removes everything, and the sessions go
// down with the customer. Without root or without FRR, lab up says what is missing.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadSeed } from '../../src/config/seed.js';
import { BirdControl } from '../../src/lab/bird-control.js';
import { labUp, readLabState } from '../../src/lab/lab.js';
import { LAB_REGION } from '../../src/lab/lab-seed.js';
import { isRunning } from '../../src/speaker/frr/process-info.js';
import { labWalkthrough } from '../../examples/lab.js';
import { $Vpc, startHarness, type Harness } from '../support/harness.js';
import {
  frrNeighbors,
  frrPrerequisites,
  frrShell,
  frrTest,
  namesFor,
  namespacesWithPrefix,
  removeLeftovers,
  vrfOf,
  waitFor,
  type FrrShell,
} from './helpers.js';

const MAIN = fileURLToPath(new URL('../../src/cli/vbrd.js', import.meta.url));
const { prefix, runDir } = namesFor('lab');
const stateDir = `${runDir}/lab`;
const customerNs = `${prefix}cust`;
const frr = frrShell(`${runDir}/frr`);
let h: Harness | null = null;

const vbrd = (args: string[], options: { uid?: number; gid?: number } = {}) =>
  spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 30_000, ...options });

after(async () => {
  frr.close();
  await h?.close();
  if (!(await frrPrerequisites()).ok) return; // nothing was made
  vbrd(['lab', 'down', '--state-dir', stateDir]);
  await removeLeftovers(prefix, runDir);
});

test('labUp without FRR says what is missing and how to install it', async () => {
  await assert.rejects(labUp({ stateDir: `${runDir}-missing`, frrBinDir: '/nonexistent/frr' }), (e: Error) => {
    assert.match(e.message, /vbrd lab needs root, FRR and BIRD: /);
    assert.match(e.message, /not running as root|apt-get install frr bird2/);
    return true;
  });
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
  assert.match(up.stdout, new RegExp(`in namespace ${customerNs}`));
  const again = vbrd(['lab', 'up', '--state-dir', stateDir, '--namespace', customerNs]);
  assert.equal(again.status, 2, again.stderr);
  assert.match(again.stderr, /already up/);
  const seed = loadSeed(seedFile);
  assert.equal(seed.regions.length, 1);
  assert.equal(seed.regions[0]!.ipv6, true);
  assert.deepEqual(
    seed.regions[0]!.accessPoints.flatMap((a) => a.devices)
      .flatMap((d) => d.ports)
      .map((p) => p.farSideNamespace),
    [customerNs],
  );

  // vbrd's data stays out of the lab's state dir, which lab down deletes while vbrd still runs.
  h = await startHarness({
    dataDir: `${runDir}/data`,
    args: ['--seed', seedFile, '--data-plane', 'frr', '--frr-run-dir', `${runDir}/frr`, '--frr-namespace-prefix', prefix],
  });
  const lines: string[] = [];
  const t0 = Date.now();
  const r = await labWalkthrough(h.endpoint, h.accessKeyId, h.accessKeySecret, (l) => lines.push(l));
  console.log(`# examples/lab.ts: circuit → both peers Established with routes in ${Date.now() - t0} ms`);
  assert.deepEqual(r.receivedRouteCounts, { ipv4: 1, ipv6: 1 }, lines.join('\n'));
  assert.equal(lines.at(-1), 'both BGP sessions are Established');
  // The walkthrough's peers have EnableBfd: the lab customer's BFD answers.
  const vrf = vrfOf({ prefix }, r.vbrId);
  await explainBfd(frr, () =>
    waitFor(
      'BFD up on the IPv4 session',
      async () =>
        (await frr.showJson<{ vrf: string; peer: string; status: string }[]>('bfdd', 'show bfd peers json')).find(
          (p) => p.vrf === vrf && p.peer === '192.0.2.2',
        ),
      (p) => p?.status === 'up',
      20_000,
    ),
  );

  const state = (await readLabState(stateDir))!;
  const down = vbrd(['lab', 'down', '--state-dir', stateDir]);
  assert.equal(down.status, 0, down.stderr);
  assert.match(down.stdout, /stopped 2 process\(es\), deleted 1 namespace\(s\)/);
  for (const p of state.pids) assert.equal(await isRunning(p.pid, p.executable), false, `${p.role} still running`);
  assert.ok(!(await namespacesWithPrefix(prefix)).includes(customerNs));
  assert.equal(existsSync(stateDir), false);
  // The sessions go down with the customer: in FRR, then in DescribeBgpPeers.
  await waitFor(
    'session down in FRR once the customer is gone',
    async () => (await frrNeighbors(frr, vrf))['192.0.2.2'],
    (n) => n?.bgpState !== 'Established',
    5000,
  );
  await waitFor(
    'DescribeBgpPeers shows it',
    async () =>
      (await h!.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: LAB_REGION, bgpPeerId: r.bgpPeerIds.ipv4 }))).body!
        .bgpPeers!.bgpPeer![0],
    (p) => p?.bgpStatus !== 'Established',
    5000,
  );
});

/** On failure, adds both ends' view of BFD and FRR's logs: a session seen up by BGP but not by BFD was once seen here under load. */
async function explainBfd<T>(shell: FrrShell, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const frrView = await shell.show('bfdd', 'show bfd peers').catch((err: Error) => `(${err.message})`);
    const control = new BirdControl(`${stateDir}/cust1/bird.ctl`);
    const bird = await control.command('show bfd sessions').then(
      (ls) => ls.map((l) => l.text).join('\n'),
      (err: Error) => `(${err.message})`,
    );
    control.close();
    // Cleanup removes the run directory, so the daemons' own accounts go into the failure.
    const tail = async (daemon: string) =>
      (await readFile(`${runDir}/frr/${daemon}.log`, 'utf8').catch((err: Error) => `(${err.message})`)).split('\n').slice(-40).join('\n');
    throw new Error(
      `${(e as Error).message}\n--- FRR bfdd: show bfd peers\n${frrView}\n--- BIRD: show bfd sessions\n${bird}` +
        `\n--- FRR bfdd.log (last lines)\n${await tail('bfdd')}\n--- FRR bgpd.log (last lines)\n${await tail('bgpd')}`,
      { cause: e },
    );
  }
}
