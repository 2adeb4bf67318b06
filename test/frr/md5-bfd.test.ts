// TCP-MD5 (AuthKey), BFD failure detection and live changes of a peer (BFD on/off, multihop).
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
import type { DesiredPeer } from '../../src/speaker/speaker.js';

let f: Fixture | null = null;
let md5Customer: CustomerRouter;
let bfdCustomer: CustomerRouter;

before(async () => {
  f = await startFixture('md5');
  if (!f) return;
  md5Customer = await startCustomer(f, {
    index: 1,
    peerings: [{ name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104, password: 'right-key' }],
  });
  bfdCustomer = await startCustomer(f, {
    index: 2,
    peerings: [{ name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104, bfd: true }],
  });
});
after(async () => f?.cleanup());

const md5Vbr = (authKey: string) => vbr('vbr-md5', md5Customer.namespace, [group([peer('bgp-md5', '192.0.2.2')], { authKey })]);
const bfdVbr = (p: Partial<DesiredPeer>) => vbr('vbr-bfd', bfdCustomer.namespace, [group([peer('bgp-bfd', '192.0.2.2', p)])]);

frrTest('a wrong MD5 key does not come up; the right one does', async () => {
  await f!.speaker.applyVbr(md5Vbr('wrong-key'));
  await addressCustomerEnd(md5Customer, md5Vbr('wrong-key'));
  // The customer retries every second; three seconds is several attempts, all dropped by the kernel.
  await new Promise((r) => setTimeout(r, 3000));
  const wrong = await observation(f!, 'bgp-md5');
  assert.ok(wrong && wrong.bgpStatus !== 'Established', `expected not Established, got ${JSON.stringify(wrong)}`);
  assert.notEqual((await md5Customer.control.protocols()).get('vbr4')?.bgpState, 'Established');

  await f!.speaker.applyVbr(md5Vbr('right-key'));
  await waitFor('Established with the right key', () => observation(f!, 'bgp-md5'), established, 15_000);
  const vrf = f!.speaker.namespaceOf('vbr-md5');
  const n = JSON.parse(await f!.speaker.show('bgpd', `show bgp vrf ${vrf} neighbors 192.0.2.2 json`));
  assert.equal(n['192.0.2.2'].authenticationEnabled, 1);
});

frrTest("BFD takes a frozen customer's session down in under a second", async () => {
  await f!.speaker.applyVbr(bfdVbr({ enableBfd: true }));
  await addressCustomerEnd(bfdCustomer, bfdVbr({ enableBfd: true }));
  await waitFor(
    'Established with BFD Up',
    () => observation(f!, 'bgp-bfd'),
    (o) => established(o) && o!.bfdStatus === 'Up',
    20_000,
  );
  await bfdCustomer.freeze();
  const frozenAt = Date.now();
  try {
    const down = await waitFor(
      'session down after freeze',
      () => observation(f!, 'bgp-bfd'),
      (o) => !established(o),
      5000,
      20,
    );
    const took = Date.now() - frozenAt;
    console.log(`# frozen customer detected in ${took} ms (BFD 100 ms x 3); now ${JSON.stringify(down)}`);
    assert.ok(took < 1000, `took ${took} ms`);
    assert.notEqual(down!.bfdStatus, 'Up');
  } finally {
    await bfdCustomer.thaw();
  }
  await waitFor(
    'back to Established after thaw',
    () => observation(f!, 'bgp-bfd'),
    (o) => established(o) && o!.bfdStatus === 'Up',
    20_000,
  );
});

frrTest('turning BFD off and on changes the live session', async () => {
  const vrf = f!.speaker.namespaceOf('vbr-bfd');
  await f!.speaker.applyVbr(bfdVbr({ enableBfd: false }));
  const off = await waitFor(
    'BFD gone',
    () => observation(f!, 'bgp-bfd'),
    (o) => established(o) && o!.bfdStatus === null,
    5000,
  );
  assert.equal(off!.bgpStatus, 'Established');
  assert.doesNotMatch(await f!.speaker.show('bgpd', 'show running-config'), /neighbor 192\.0\.2\.2 bfd/);
  assert.equal(JSON.parse(await f!.speaker.show('bfdd', 'show bfd peers json')).filter((p: { vrf: string }) => p.vrf === vrf).length, 0);

  await f!.speaker.applyVbr(bfdVbr({ enableBfd: true }));
  await waitFor(
    'BFD Up again',
    () => observation(f!, 'bgp-bfd'),
    (o) => established(o) && o!.bfdStatus === 'Up',
    20_000,
  );
});

frrTest('multihop: ebgp-multihop and multihop BFD with a minimum TTL the customer passes', async () => {
  const vrf = f!.speaker.namespaceOf('vbr-bfd');
  await bfdCustomer.reconfigure({ peerings: [{ ...bfdCustomer.peerings[0]!, multihop: 2 }] });
  await f!.speaker.applyVbr(bfdVbr({ enableBfd: true, bfdMultiHop: 2 }));
  const n = await waitFor(
    'multihop session',
    async () => JSON.parse(await f!.speaker.show('bgpd', `show bgp vrf ${vrf} neighbors 192.0.2.2 json`))['192.0.2.2'],
    (x) => x?.externalBgpNbrMaxHopsAway === 2 && x?.bgpState === 'Established',
    20_000,
  );
  assert.equal(n.peerBfdInfo?.type, 'multi hop');
  const bfdPeers = await waitFor(
    'multihop BFD up',
    async () => JSON.parse(await f!.speaker.show('bfdd', 'show bfd peers json')) as { vrf: string; multihop: boolean; status: string }[],
    (ps) => ps.some((p) => p.vrf === vrf && p.multihop && p.status === 'up'),
    20_000,
  );
  assert.ok(bfdPeers.length > 0);
  assert.match(await f!.speaker.show('bfdd', 'show running-config'), /minimum-ttl 63/);
  assert.equal((await observation(f!, 'bgp-bfd'))?.bfdStatus, 'Up');
});
