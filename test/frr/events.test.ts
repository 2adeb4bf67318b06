// Session state reaches the API as FRR reports it (BMP), not at the next read-back: with the full read-back
// set to a minute, a new session shows Established with the customer's route, a cut link and a frozen
// customer with BFD show down, and a mended link shows up again, each within seconds. The times are printed
// (the bench, `npm run bench -- frr`, measures them properly); the bounds leave room for a loaded machine.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  availableGroup,
  buildVbr,
  createPeer,
  frrTest,
  isEstablished,
  startApiFrr,
  vrfOf,
  waitFor,
  waitPeer,
  type ApiFrrFixture,
} from './helpers.js';

/** The full read-back: far longer than any bound below, so only events can meet them. */
const READBACK_MS = 60_000;
const BOUND_MS = 10_000;

let f: ApiFrrFixture | null = null;
before(async () => {
  f = await startApiFrr(
    'evt',
    [
      {
        links: [{ vlanId: 100, addresses: ['192.0.2.2/30'] }],
        peerings: [{ name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104, bfd: true }],
        routes: ['198.51.100.0/24'],
        bfdMs: 200,
      },
    ],
    { args: ['--session-readback-ms', String(READBACK_MS)] },
  );
});
after(async () => f?.cleanup());

let peerId = '';
let vbrId = '';
let vrf = '';
const since = (t0: number) => `${Date.now() - t0} ms`;

frrTest('bgpd reports its sessions to vbrd over BMP, one connection per VBR instance', async () => {
  const { vpc } = f!.h;
  ({ vbrId } = await buildVbr(vpc, {
    accessPoint: 1,
    vlanId: 100,
    localGatewayIp: '192.0.2.1',
    peerGatewayIp: '192.0.2.2',
    bfd: { minTxInterval: 200, minRxInterval: 200, detectMultiplier: 3 },
  }));
  vrf = vrfOf(f!, vbrId);
  const groupId = await availableGroup(vpc, vbrId);
  const t0 = Date.now();
  peerId = await createPeer(vpc, groupId, '192.0.2.2', { enableBfd: true, bfdMultiHop: 1 });
  await waitPeer(vpc, peerId, 'Established with the route', (p) => isEstablished(p) && p!.receivedRouteCount === 1, BOUND_MS, 20);
  console.log(`# CreateBgpPeer → Established with its route in DescribeBgpPeers: ${since(t0)}`);
  const bmp = await f!.show('bgpd', `show bmp`);
  assert.match(bmp, new RegExp(`BMP state for BGP VRF ${vrf}`));
  assert.match(bmp, /1 connected clients/);
});

frrTest('a cut link shows down, and a mended one up, long before the read-back', async () => {
  const { vpc } = f!.h;
  let t0 = Date.now();
  await f!.customers.cut(0, 100);
  await waitPeer(vpc, peerId, 'not Established after the cut', (p) => p?.bgpStatus !== 'Established', BOUND_MS, 20);
  console.log(`# link cut → not Established in DescribeBgpPeers: ${since(t0)}`);
  t0 = Date.now();
  await f!.customers.mend(0, 100);
  await waitPeer(vpc, peerId, 'Established again', isEstablished, BOUND_MS * 3, 20);
  console.log(`# link mended → Established in DescribeBgpPeers: ${since(t0)}`);
});

frrTest('a frozen customer shows down as soon as BFD sees it', async () => {
  const { vpc } = f!.h;
  await waitPeer(vpc, peerId, 'Established', isEstablished, BOUND_MS * 3, 20);
  await waitFor(
    'BFD up in FRR',
    async () => (await f!.showJson<{ vrf: string; status: string }[]>('bfdd', 'show bfd peers json')).filter((p) => p.vrf === vrf),
    (ps) => ps.length === 1 && ps[0]!.status === 'up',
    BOUND_MS,
  );
  const customer = f!.customers.routers[0]!;
  const t0 = Date.now();
  await customer.freeze();
  try {
    await waitPeer(vpc, peerId, 'not Established after the freeze', (p) => p?.bgpStatus !== 'Established', BOUND_MS, 20);
    console.log(`# customer frozen → not Established in DescribeBgpPeers (BFD 200 ms × 3): ${since(t0)}`);
  } finally {
    await customer.thaw();
  }
  await waitPeer(vpc, peerId, 'Established after the thaw', isEstablished, BOUND_MS * 3, 20);
});
