// EnableBfd/BfdMultiHop through the API: a frozen customer is noticed by BFD and shown in DescribeBgpPeers
// within about two seconds (BFD 300 ms × 3, then the reconciler's 1 s observation); ModifyBgpPeerAttribute
// turns BFD off and on and changes the hop count on the live FRR session.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc } from '../support/harness.js';
import { frrTest, waitFor } from './helpers.js';
import {
  availableGroup,
  buildVbr,
  createPeer,
  frrNeighbors,
  isEstablished,
  REGION,
  startApiFrr,
  vrfOf,
  waitPeer,
  type ApiFrrFixture,
} from './api-helpers.js';

let f: ApiFrrFixture | null = null;
before(async () => {
  f = await startApiFrr('bfd', [
    {
      vlanId: 100,
      addresses: ['192.0.2.2/30'],
      peerings: [{ name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104, bfd: true }],
    },
  ]);
});
after(async () => f?.cleanup());

let vbrId = '';
let peerId = '';
interface FrrBfdPeer {
  peer: string;
  vrf: string;
  multihop: boolean;
  status: string;
}
const bfdPeers = async () => (await f!.showJson<FrrBfdPeer[]>('bfdd', 'show bfd peers json')).filter((p) => p.vrf === vrfOf(f!, vbrId));
const modify = (extra: Partial<$Vpc.ModifyBgpPeerAttributeRequest>) =>
  f!.h.vpc.modifyBgpPeerAttribute(new $Vpc.ModifyBgpPeerAttributeRequest({ regionId: REGION, bgpPeerId: peerId, ...extra }));

frrTest('EnableBfd: freezing the customer takes the session down, and DescribeBgpPeers shows it within ~2 s', async () => {
  const { vpc } = f!.h;
  ({ vbrId } = await buildVbr(vpc, { accessPoint: 1, vlanId: 100, localGatewayIp: '192.0.2.1', peerGatewayIp: '192.0.2.2' }));
  const bgpGroupId = await availableGroup(vpc, vbrId);
  peerId = await createPeer(vpc, bgpGroupId, '192.0.2.2', { enableBfd: true, bfdMultiHop: 1 });
  await waitPeer(vpc, peerId, 'Established', isEstablished);
  await waitFor('BFD up in FRR', bfdPeers, (ps) => ps.length === 1 && ps[0]!.status === 'up' && !ps[0]!.multihop, 10_000);

  const customer = f!.customers.routers[0]!;
  await customer.freeze();
  const frozenAt = Date.now();
  try {
    const down = await waitPeer(vpc, peerId, 'not Established after the freeze', (p) => p?.bgpStatus !== 'Established', 5000, 50);
    const took = Date.now() - frozenAt;
    console.log(`# frozen customer → DescribeBgpPeers BgpStatus ${down!.bgpStatus} after ${took} ms`);
    // BFD detection (300 ms × 3) plus at most one 1 s observation; the rest is slack for a busy 2-core
    // machine. Without BFD the hold timer (30 s) would be the first to notice.
    assert.ok(took < 3000, `took ${took} ms`);
  } finally {
    await customer.thaw();
  }
  await waitPeer(vpc, peerId, 'Established again after thaw', isEstablished);
});

frrTest('ModifyBgpPeerAttribute EnableBfd=false/true changes the live FRR session', async () => {
  const { vpc } = f!.h;
  const vrf = vrfOf(f!, vbrId);
  await modify({ enableBfd: false });
  await waitPeer(vpc, peerId, 'Available with BFD off', (p) => p?.status === 'Available' && p.enableBfd === false, 10_000);
  await waitFor('no BFD session in FRR', bfdPeers, (ps) => ps.length === 0, 10_000);
  assert.doesNotMatch(await f!.show('bgpd', 'show running-config'), /neighbor 192\.0\.2\.2 bfd/);
  assert.ok(isEstablished(await waitPeer(vpc, peerId, 'still Established', isEstablished, 10_000)));

  await modify({ enableBfd: true, bfdMultiHop: 1 });
  await waitPeer(vpc, peerId, 'Available with BFD on', (p) => p?.status === 'Available' && p.enableBfd === true, 10_000);
  await waitFor('BFD up again in FRR', bfdPeers, (ps) => ps.length === 1 && ps[0]!.status === 'up', 15_000);
  // The customer's BFD sees the VBR again.
  await waitFor(
    'BFD up at the customer',
    () => f!.customers.routers[0]!.control.bfdSessions(),
    (s) => s.get('192.0.2.1') === 'Up',
    15_000,
  );
  assert.ok(isEstablished(await waitPeer(vpc, peerId, 'Established', isEstablished)));
  assert.equal((await frrNeighbors(f!, vrf))['192.0.2.2']?.bgpState, 'Established');
});

frrTest('ModifyBgpPeerAttribute BfdMultiHop=2 makes the session eBGP multihop with multihop BFD', async () => {
  const { vpc } = f!.h;
  const vrf = vrfOf(f!, vbrId);
  const customer = f!.customers.routers[0]!;
  await customer.reconfigure({ peerings: [{ ...customer.peerings[0]!, multihop: 2 }] });
  await modify({ enableBfd: true, bfdMultiHop: 2 });
  const p = await waitPeer(vpc, peerId, 'Available, Established, BfdMultiHop 2', (x) => isEstablished(x) && x!.bfdMultiHop === 2, 25_000);
  assert.equal(p!.enableBfd, true);
  const n = JSON.parse(await f!.show('bgpd', `show bgp vrf ${vrf} neighbors 192.0.2.2 json`))['192.0.2.2'];
  assert.equal(n.externalBgpNbrMaxHopsAway, 2);
  await waitFor('multihop BFD up in FRR', bfdPeers, (ps) => ps.length === 1 && ps[0]!.multihop && ps[0]!.status === 'up', 20_000);
});
