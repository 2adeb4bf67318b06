// A killed bgpd is restarted by the supervisor and fully re-programmed by the next applyVbr; two VBRs of
// different accounts with the same peer IP stay apart.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  addressCustomerEnd,
  established,
  frrTest,
  group,
  observation,
  peer,
  startCustomer,
  startFixture,
  vbr,
  waitFor,
  type Fixture,
} from './helpers.js';
import type { CustomerRouter } from '../../src/lab/customer-router.js';
import { isRunning } from '../../src/speaker/frr/process-info.js';
import { observationOf } from '../../src/speaker/speaker.js';

let f: Fixture | null = null;
let alice: CustomerRouter;
let bob: CustomerRouter;

before(async () => {
  f = await startFixture('res');
  if (!f) return;
  const peering = { name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104 };
  alice = await startCustomer(f, { index: 1, peerings: [peering], routes: ['198.51.100.0/25'] });
  bob = await startCustomer(f, { index: 2, peerings: [peering], routes: ['198.51.100.128/25'] });
});
after(async () => f?.cleanup());

const aliceVbr = () =>
  vbr('vbr-alice', alice.namespace, [group([peer('bgp-alice', '192.0.2.2')])], { accountId: '1111', enableIpv6: false });
const bobVbr = () => vbr('vbr-bob', bob.namespace, [group([peer('bgp-bob', '192.0.2.2')])], { accountId: '2222', enableIpv6: false });

async function receivedPrefixes(vbrId: string): Promise<string[]> {
  const vrf = f!.speaker.namespaceOf(vbrId);
  const json = JSON.parse(await f!.speaker.show('bgpd', `show bgp vrf ${vrf} ipv4 unicast json`));
  return Object.keys(json.routes ?? {}).filter((p) => p.startsWith('198.51.100.'));
}

frrTest('two VBRs of different accounts with the same peer IP stay apart', async () => {
  await f!.speaker.applyVbr(aliceVbr());
  await f!.speaker.applyVbr(bobVbr());
  await addressCustomerEnd(alice, aliceVbr());
  await addressCustomerEnd(bob, bobVbr());
  await waitFor(
    'alice Established',
    () => observation(f!, 'bgp-alice'),
    (o) => established(o) && o!.receivedRouteCount === 1,
    15_000,
  );
  await waitFor(
    'bob Established',
    () => observation(f!, 'bgp-bob'),
    (o) => established(o) && o!.receivedRouteCount === 1,
    15_000,
  );
  assert.deepEqual(await receivedPrefixes('vbr-alice'), ['198.51.100.0/25']);
  assert.deepEqual(await receivedPrefixes('vbr-bob'), ['198.51.100.128/25']);
  assert.deepEqual((await f!.speaker.listVbrs()).sort(), ['vbr-alice', 'vbr-bob']);
});

frrTest('a killed bgpd is restarted, and the next applyVbr brings every session back', async () => {
  const oldPid = f!.speaker.supervisor.pidOf('bgpd')!;
  process.kill(oldPid, 'SIGKILL');
  const killedAt = Date.now();
  const newPid = await waitFor(
    'bgpd restarted',
    async () => f!.speaker.supervisor.pidOf('bgpd'),
    (p) => p !== undefined && p !== oldPid,
    10_000,
  );
  assert.ok(await isRunning(newPid!, 'bgpd'));
  // The new bgpd knows nothing: vty-pushed configuration died with the old one.
  assert.equal((await observation(f!, 'bgp-alice'))?.bgpStatus, 'Idle');
  await f!.speaker.applyVbr(aliceVbr());
  await f!.speaker.applyVbr(bobVbr());
  await waitFor(
    'alice back',
    () => observation(f!, 'bgp-alice'),
    (o) => established(o) && o!.receivedRouteCount === 1,
    20_000,
  );
  await waitFor(
    'bob back',
    () => observation(f!, 'bgp-bob'),
    (o) => established(o) && o!.receivedRouteCount === 1,
    20_000,
  );
  console.log(`# bgpd killed → restarted and both sessions Established again in ${Date.now() - killedAt} ms`);
  const config = await f!.speaker.show('bgpd', 'show running-config');
  assert.equal(config.split('\n').filter((l) => l.startsWith('router bgp')).length, 2);
});

frrTest('a VBR namespace left behind by a crash is listed, so it can be removed', async () => {
  // A fresh speaker process would only know the namespaces; listVbrs reads the VBR id from them.
  assert.ok((await f!.speaker.listVbrs()).includes('vbr-bob'));
  await f!.speaker.removeVbr('vbr-bob');
  assert.deepEqual(await f!.speaker.listVbrs(), ['vbr-alice']);
  assert.equal(observationOf(await f!.speaker.observe(), 'bgp-bob'), undefined);
});
