// The lab a newcomer runs: labUp makes a BIRD customer at the far side of a circuit, the FRR speaker's VBR
// on that circuit reaches Established with it (the lab's agent addresses the customer end), and labDown
// removes every process and namespace the lab made.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { labDown, labUp, defaultLabCircuits, printLabNextSteps, BirdControl, type LabState } from '../../src/lab/lab.js';
import { isRunning } from '../../src/speaker/frr/process-info.js';
import { tryCommand } from '../../src/speaker/frr/run-command.js';
import { established, frrTest, group, observation, peer, startFixture, vbr, waitFor, type Fixture } from './helpers.js';

const unique = process.pid.toString(36);
const stateDir = `/tmp/vbrd-t-labstate-${unique}`; // apart from the fixture's run dir
let f: Fixture | null = null;
after(async () => {
  await f?.cleanup();
  await labDown({ stateDir });
});

test('labUp without FRR says what is missing and how to install it', async () => {
  await assert.rejects(labUp({ stateDir: `${stateDir}-missing`, frrBinDir: '/nonexistent/frr' }), (e: Error) => {
    assert.match(e.message, /vbrd lab needs root, FRR and BIRD: /);
    assert.match(e.message, /not running as root|apt-get install frr bird2/);
    return true;
  });
});

frrTest('lab up → a VBR on the lab circuit reaches Established → lab down removes everything', async () => {
  const circuit = { ...defaultLabCircuits()[0]!, name: 'c1', farSideNamespace: `vtlab${unique}-cust` };
  const state: LabState = await labUp({ stateDir, circuits: [circuit] });
  assert.match(printLabNextSteps(state), new RegExp(`in namespace ${circuit.farSideNamespace}`));
  assert.match(printLabNextSteps(state), new RegExp(`vbrd serve --data-plane frr --seed ${state.seedFile}`));
  assert.match(await readFile(state.seedFile, 'utf8'), new RegExp(`farSideNamespace: ${circuit.farSideNamespace}`));
  await assert.rejects(labUp({ stateDir, circuits: [circuit] }), /already up/);

  f = await startFixture('lab');
  assert.ok(f);
  const d = vbr(
    'vbr-lab1',
    circuit.farSideNamespace,
    [group([peer('bgp-lab4', '192.0.2.2', { enableBfd: true }), peer('bgp-lab6', '2001:db8:100::2', { enableBfd: true })])],
    {
      vlanId: 100,
      localIpv6GatewayIp: '2001:db8:100::1',
      peerIpv6GatewayIp: '2001:db8:100::2',
      peeringIpv6SubnetMask: '2001:db8:100::/126',
      minTxInterval: 300,
      minRxInterval: 300,
    },
  );
  await f.speaker.applyVbr(d);
  await explainBfd(f, `${stateDir}/c1/bird.ctl`, () =>
    waitFor(
      'lab IPv4 session',
      () => observation(f!, 'bgp-lab4'),
      (o) => established(o) && o!.bfdStatus === 'Up' && o!.receivedRouteCount === 1,
      20_000,
    ),
  );
  await waitFor(
    'lab IPv6 session',
    () => observation(f!, 'bgp-lab6'),
    (o) => established(o) && o!.receivedRouteCount === 1,
    20_000,
  );

  const result = await labDown({ stateDir });
  assert.equal(result.namespacesRemoved, 1);
  assert.equal(result.stopped, 2); // BIRD and the link agent
  for (const p of state.pids) assert.equal(await isRunning(p.pid, p.executable), false, `${p.role} still running`);
  assert.equal(await tryCommand('ip', ['netns', 'exec', circuit.farSideNamespace, 'true']), false);
  await waitFor(
    'session down once the customer is gone',
    () => observation(f!, 'bgp-lab4'),
    (o) => !established(o),
    5000,
  );
});

/** On failure, adds both ends' view of BFD and FRR's logs: a session seen up by BGP but not by BFD was once seen here under load. */
async function explainBfd<T>(fx: Fixture, birdSocket: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    const frr = await fx.speaker.show('bfdd', 'show bfd peers').catch((err: Error) => `(${err.message})`);
    const control = new BirdControl(birdSocket);
    const bird = await control.command('show bfd sessions').then(
      (ls) => ls.map((l) => l.text).join('\n'),
      (err: Error) => `(${err.message})`,
    );
    control.close();
    // The fixture's cleanup removes the run directory, so the daemons' own accounts go into the failure.
    const tail = async (daemon: string) =>
      (await readFile(`${fx.runDir}/frr/${daemon}.log`, 'utf8').catch((err: Error) => `(${err.message})`))
        .split('\n')
        .slice(-40)
        .join('\n');
    throw new Error(
      `${(e as Error).message}\n--- FRR bfdd: show bfd peers\n${frr}\n--- BIRD: show bfd sessions\n${bird}` +
        `\n--- FRR bfdd.log (last lines)\n${await tail('bfdd')}\n--- FRR bgpd.log (last lines)\n${await tail('bgpd')}`,
      { cause: e },
    );
  }
}
