// A BGP group's AuthKey and a peer's EnableBfd/BfdMultiHop, through the API with the FRR data plane. The
// AuthKey is the session's TCP-MD5 key: a wrong one never comes up (the customer's kernel drops the VBR's
// segments, counted in TcpExtTCPMD5Failure) and the API says so; the right one comes up. BFD notices a frozen
// customer in under a second and DescribeBgpPeers shows it within about two (the reconciler observes once a
// second); ModifyBgpPeerAttribute turns BFD off and on and changes the hop count on the live FRR session.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc } from '../support/harness.js';
import {
  availableGroup,
  buildVbr,
  createPeer,
  describePeer,
  frrNeighbors,
  frrTest,
  isEstablished,
  md5Failures,
  REGION,
  startApiFrr,
  vrfOf,
  waitFor,
  waitPeer,
  type ApiFrrFixture,
} from './helpers.js';

// BFD at the API's fastest timers (200 ms × 3) on both ends, so detection fits well under a second.
const BFD_MS = 200;
let f: ApiFrrFixture | null = null;
before(async () => {
  f = await startApiFrr('mbfd', [
    {
      links: [{ vlanId: 100, addresses: ['192.0.2.2/30'] }],
      peerings: [{ name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104, password: 'right-key' }],
    },
    {
      links: [{ vlanId: 100, addresses: ['192.0.2.2/30'] }],
      peerings: [{ name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104, bfd: true }],
      bfdMs: BFD_MS,
    },
  ]);
});
after(async () => f?.cleanup());

frrTest("a wrong AuthKey never reaches Established; changing it to the customer's key brings the session up", async () => {
  const { vpc } = f!.h;
  const { vbrId } = await buildVbr(vpc, { accessPoint: 1, vlanId: 100, localGatewayIp: '192.0.2.1', peerGatewayIp: '192.0.2.2' });
  const bgpGroupId = await availableGroup(vpc, vbrId, { authKey: 'wrong-key' });
  const peerId = await createPeer(vpc, bgpGroupId, '192.0.2.2');
  await waitPeer(vpc, peerId, 'Available (configured in FRR)', (p) => p?.status === 'Available', 10_000);

  // Positive evidence that FRR is trying with a key the customer refuses, then the API's view over a while.
  const customer = f!.customers.routers[0]!;
  const failures = await waitFor(
    'MD5 failures at the customer',
    () => md5Failures(customer.namespace),
    (n) => n >= 2,
    15_000,
    200,
  );
  const seen = new Set<string>();
  const until = Date.now() + 2500;
  while (Date.now() < until) {
    seen.add((await describePeer(vpc, peerId))!.bgpStatus!);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`# wrong AuthKey: ${failures}+ segments dropped for MD5, BgpStatus seen ${[...seen].join(', ')}`);
  assert.ok(!seen.has('Established'), `never Established with the wrong key, saw ${[...seen]}`);
  assert.notEqual((await customer.control.protocols()).get('vbr4')?.bgpState, 'Established');

  await vpc.modifyBgpGroupAttribute(new $Vpc.ModifyBgpGroupAttributeRequest({ regionId: REGION, bgpGroupId, authKey: 'right-key' }));
  const t0 = Date.now();
  const up = await waitPeer(vpc, peerId, 'Established with the right key', isEstablished, 25_000);
  console.log(`# right AuthKey: Established in ${Date.now() - t0} ms`);
  assert.equal(up!.authKey, 'right-key');
  assert.equal((await customer.control.protocols()).get('vbr4')?.bgpState, 'Established');
  const n = JSON.parse(await f!.show('bgpd', `show bgp vrf ${vrfOf(f!, vbrId)} neighbors 192.0.2.2 json`))['192.0.2.2'];
  assert.equal(n.authenticationEnabled, 1);
});

let vbrId = '';
let peerId = '';
interface FrrBfdPeer {
  peer: string;
  vrf: string;
  multihop: boolean;
  status: string;
  'receive-interval': number;
  'transmit-interval': number;
  'detect-multiplier': number;
}
const bfdPeers = async () => (await f!.showJson<FrrBfdPeer[]>('bfdd', 'show bfd peers json')).filter((p) => p.vrf === vrfOf(f!, vbrId));
const modify = (extra: Partial<$Vpc.ModifyBgpPeerAttributeRequest>) =>
  f!.h.vpc.modifyBgpPeerAttribute(new $Vpc.ModifyBgpPeerAttributeRequest({ regionId: REGION, bgpPeerId: peerId, ...extra }));

frrTest('EnableBfd: BFD takes a frozen customer down in under a second, and DescribeBgpPeers shows it within ~2 s', async () => {
  const { vpc } = f!.h;
  ({ vbrId } = await buildVbr(vpc, {
    accessPoint: 2,
    vlanId: 100,
    localGatewayIp: '192.0.2.1',
    peerGatewayIp: '192.0.2.2',
    bfd: { minTxInterval: BFD_MS, minRxInterval: BFD_MS, detectMultiplier: 3 },
  }));
  const bgpGroupId = await availableGroup(vpc, vbrId);
  peerId = await createPeer(vpc, bgpGroupId, '192.0.2.2', { enableBfd: true, bfdMultiHop: 1 });
  await waitPeer(vpc, peerId, 'Established', isEstablished);
  await waitFor('BFD up in FRR', bfdPeers, (ps) => ps.length === 1 && ps[0]!.status === 'up' && !ps[0]!.multihop, 10_000);
  // The VBR's timers (ModifyVirtualBorderRouterAttribute) are the session's.
  const [session] = await bfdPeers();
  assert.deepEqual([session!['receive-interval'], session!['transmit-interval'], session!['detect-multiplier']], [BFD_MS, BFD_MS, 3]);

  const customer = f!.customers.routers[1]!;
  const vrf = vrfOf(f!, vbrId);
  await customer.freeze();
  const frozenAt = Date.now();
  try {
    await waitFor(
      'FRR session down after the freeze',
      async () => (await frrNeighbors(f!, vrf))['192.0.2.2'],
      (n) => n?.bgpState !== 'Established',
      5000,
      20,
    );
    const inFrr = Date.now() - frozenAt;
    const down = await waitPeer(vpc, peerId, 'not Established after the freeze', (p) => p?.bgpStatus !== 'Established', 5000, 50);
    const took = Date.now() - frozenAt;
    console.log(
      `# frozen customer → down in FRR after ${inFrr} ms (BFD ${BFD_MS} ms × 3), DescribeBgpPeers ${down!.bgpStatus} after ${took} ms`,
    );
    assert.ok(inFrr < 1000, `FRR took ${inFrr} ms`);
    // BFD detection plus at most one 1 s observation; the rest is slack for a busy 2-core machine. Without
    // BFD the hold timer (30 s) would be the first to notice.
    assert.ok(took < 3000, `took ${took} ms`);
    assert.notEqual((await bfdPeers())[0]?.status, 'up');
  } finally {
    await customer.thaw();
  }
  await waitPeer(vpc, peerId, 'Established again after thaw', isEstablished);
  await waitFor('BFD up again in FRR after thaw', bfdPeers, (ps) => ps.length === 1 && ps[0]!.status === 'up', 15_000);
});

frrTest('ModifyBgpPeerAttribute EnableBfd=false/true changes the live FRR session', async () => {
  const { vpc } = f!.h;
  const vrf = vrfOf(f!, vbrId);
  await modify({ enableBfd: false });
  await waitPeer(vpc, peerId, 'Available with BFD off', (p) => p?.status === 'Available' && p.enableBfd === false, 10_000);
  await waitFor('no BFD session in FRR', bfdPeers, (ps) => ps.length === 0, 10_000);
  assert.doesNotMatch(await f!.show('bgpd', 'show running-config'), /neighbor 192\.0\.2\.2 bfd/);
  assert.ok(isEstablished(await waitPeer(vpc, peerId, 'still Established', isEstablished, 10_000)));
  // FRR's own view: the session Established with no BFD state left on it.
  await waitFor(
    'Established without BFD in FRR',
    async () => (await frrNeighbors(f!, vrf))['192.0.2.2'],
    (n) => n?.bgpState === 'Established' && n.peerBfdInfo === undefined,
    5000,
  );

  await modify({ enableBfd: true, bfdMultiHop: 1 });
  await waitPeer(vpc, peerId, 'Available with BFD on', (p) => p?.status === 'Available' && p.enableBfd === true, 10_000);
  await waitFor('BFD up again in FRR', bfdPeers, (ps) => ps.length === 1 && ps[0]!.status === 'up', 15_000);
  // The customer's BFD sees the VBR again.
  await waitFor(
    'BFD up at the customer',
    () => f!.customers.routers[1]!.control.bfdSessions(),
    (s) => s.get('192.0.2.1') === 'Up',
    15_000,
  );
  assert.ok(isEstablished(await waitPeer(vpc, peerId, 'Established', isEstablished)));
  assert.equal((await frrNeighbors(f!, vrf))['192.0.2.2']?.bgpState, 'Established');
});

frrTest('ModifyBgpPeerAttribute BfdMultiHop=2 makes the session eBGP multihop with multihop BFD and a minimum TTL', async () => {
  const { vpc } = f!.h;
  const vrf = vrfOf(f!, vbrId);
  const customer = f!.customers.routers[1]!;
  await customer.reconfigure({ peerings: [{ ...customer.peerings[0]!, multihop: 2 }] });
  await modify({ enableBfd: true, bfdMultiHop: 2 });
  const p = await waitPeer(vpc, peerId, 'Available, Established, BfdMultiHop 2', (x) => isEstablished(x) && x!.bfdMultiHop === 2, 25_000);
  assert.equal(p!.enableBfd, true);
  await waitFor('multihop BFD up in FRR', bfdPeers, (ps) => ps.length === 1 && ps[0]!.multihop && ps[0]!.status === 'up', 20_000);
  const n = JSON.parse(await f!.show('bgpd', `show bgp vrf ${vrf} neighbors 192.0.2.2 json`))['192.0.2.2'];
  assert.equal(n.externalBgpNbrMaxHopsAway, 2);
  assert.equal(n.peerBfdInfo?.type, 'multi hop');
  // Multihop BFD accepts packets only from within the hop count; the customer, 1 hop away, passes.
  assert.match(await f!.show('bfdd', 'show running-config'), /minimum-ttl 63/);
});
