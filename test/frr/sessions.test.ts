// IPv4 and IPv6 sessions between the FRR speaker (the VBR) and a BIRD customer: Established, networks
// advertised both ways and counted (FRR also reflects the customer's own route back, which BIRD drops
// for the AS loop, so the advertised count is at least the VBR's networks), a removed peer disappears.
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
import { observationOf } from '../../src/speaker/speaker.js';

let f: Fixture | null = null;
let customer: CustomerRouter;

before(async () => {
  f = await startFixture('sess');
  if (!f) return;
  customer = await startCustomer(f, {
    index: 1,
    peerings: [
      { name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104 },
      { name: 'vbr6', neighborIp: '2001:db8:64::1', localIp: '2001:db8:64::2', neighborAsn: 45104 },
    ],
  });
});
after(async () => f?.cleanup());

const desired = (peers = [peer('bgp-v4', '192.0.2.2'), peer('bgp-v6', '2001:db8:64::2')]) =>
  vbr('vbr-sess1', `${f!.prefix}c1`, [group(peers)]);

frrTest('IPv4 and IPv6 sessions reach Established; routes flow both ways and are counted', async () => {
  const t0 = Date.now();
  await f!.speaker.applyVbr(desired());
  await addressCustomerEnd(customer, desired());
  const v4 = await waitFor(
    'IPv4 Established with 1 route each way',
    () => observation(f!, 'bgp-v4'),
    (o) => established(o) && o!.receivedRouteCount === 1 && o!.advertisedRouteCount >= 1,
    15_000,
  );
  await waitFor(
    'IPv6 Established with 1 route each way',
    () => observation(f!, 'bgp-v6'),
    (o) => established(o) && o!.receivedRouteCount === 1 && o!.advertisedRouteCount >= 1,
    15_000,
  );
  console.log(`# apply → both Established in ${Date.now() - t0} ms`);
  assert.equal(v4!.bfdStatus, null);
  const atCustomer = await waitFor(
    'VBR networks at the customer',
    () => customer.control.bgpRoutes(),
    (r) => r.length === 2,
    5000,
  );
  assert.deepEqual(atCustomer.sort(), ['2001:db8:ff00::/48', '203.0.113.0/24']);
});

frrTest('applying the same desired state again changes nothing and does not reset the session', async () => {
  const before = await f!.speaker.show('bgpd', 'show bgp vrf all neighbors json');
  await f!.speaker.applyVbr(desired());
  await f!.speaker.applyVbr(desired());
  const after = JSON.parse(await f!.speaker.show('bgpd', 'show bgp vrf all neighbors json'));
  const vrf = f!.speaker.namespaceOf('vbr-sess1');
  assert.equal(after[vrf]['192.0.2.2'].connectionsEstablished, JSON.parse(before)[vrf]['192.0.2.2'].connectionsEstablished);
  assert.equal(after[vrf]['192.0.2.2'].bgpState, 'Established');
  const config = await f!.speaker.show('bgpd', 'show running-config');
  assert.equal(config.split('\n').filter((l) => l.trim() === 'neighbor 192.0.2.2 remote-as 65001').length, 1);
});

frrTest('removing a peer removes the neighbor from FRR and the others stay up', async () => {
  await f!.speaker.applyVbr(desired([peer('bgp-v4', '192.0.2.2')]));
  const vrf = f!.speaker.namespaceOf('vbr-sess1');
  const neighbors = JSON.parse(await f!.speaker.show('bgpd', `show bgp vrf ${vrf} neighbors json`));
  assert.equal(neighbors['2001:db8:64::2'], undefined);
  assert.equal(neighbors['192.0.2.2'].bgpState, 'Established');
  const obs = await f!.speaker.observe();
  assert.equal(observationOf(obs, 'bgp-v6'), undefined);
  assert.equal(observationOf(obs, 'bgp-v4')?.bgpStatus, 'Established');
});

frrTest('removeVbr removes the VRF configuration, the namespace and the far end of the link', async () => {
  await f!.speaker.removeVbr('vbr-sess1');
  assert.deepEqual(await f!.speaker.listVbrs(), []);
  assert.doesNotMatch(await f!.speaker.show('bgpd', 'show running-config'), / vrf /);
  await waitFor(
    'customer link gone',
    () => customer.control.protocols(),
    (p) => p.get('vbr4')?.bgpState !== 'Established',
    5000,
  );
  await f!.speaker.removeVbr('vbr-sess1'); // idempotent
});
