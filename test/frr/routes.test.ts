// A VBR's route table with the FRR data plane, through the official SDK: the routes the customer's BIRD
// announces are listed by DescribeRouteEntryList as BGP entries (read from bgpd, AS path and all), a
// CreateRouteEntry becomes a static route in the VBR's VRF (staticd installs it in the VBR's namespace)
// and DeleteRouteEntry takes it out again.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc } from '../support/harness.js';
import { runCommand } from '../../src/speaker/frr/run-command.js';
import {
  availableGroup,
  buildVbr,
  createPeer,
  describePeer,
  frrTest,
  isEstablished,
  REGION,
  startApiFrr,
  vrfOf,
  waitFor,
  waitPeer,
  type ApiFrrFixture,
} from './helpers.js';

const ANNOUNCED = ['198.51.100.0/24', '203.0.113.0/24'];
let f: ApiFrrFixture | null = null;
before(async () => {
  f = await startApiFrr('rtes', [
    {
      links: [{ vlanId: 100, addresses: ['192.0.2.2/30'] }],
      peerings: [{ name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104 }],
      routes: ANNOUNCED,
    },
  ]);
});
after(async () => f?.cleanup());

/** The prefixes of the VBR namespace's kernel routes (what zebra installed from staticd and bgpd). */
async function kernelRoutes(vrf: string): Promise<string[]> {
  const { stdout } = await runCommand('ip', ['-j', '-n', vrf, 'route', 'show']);
  return (JSON.parse(stdout) as { dst: string }[]).map((r) => r.dst);
}

frrTest("BIRD's routes in DescribeRouteEntryList; a static route lands in the VBR's VRF and leaves it", async () => {
  const { vpc } = f!.h;
  const { vbrId } = await buildVbr(vpc, { accessPoint: 1, vlanId: 100, localGatewayIp: '192.0.2.1', peerGatewayIp: '192.0.2.2' });
  const bgpGroupId = await availableGroup(vpc, vbrId, { peerAsn: 65001 });
  const peerId = await createPeer(vpc, bgpGroupId, '192.0.2.2');
  await waitPeer(vpc, peerId, 'Established', isEstablished, 30_000);
  const vbr = (
    await vpc.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({
        regionId: REGION,
        filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [vbrId] })],
      }),
    )
  ).body!.virtualBorderRouterSet!.virtualBorderRouterType![0]!;
  const table = vbr.routeTableId!;
  const list = async (type: string) =>
    (
      await vpc.describeRouteEntryList(
        new $Vpc.DescribeRouteEntryListRequest({ regionId: REGION, routeTableId: table, routeEntryType: type, maxResult: 100 }),
      )
    ).body!.routeEntrys!.routeEntry!;

  const bgp = await waitFor(
    "the customer's routes as BGP entries",
    () => list('BGP'),
    (rows) => rows.length === ANNOUNCED.length,
    15_000,
  );
  assert.deepEqual(
    bgp.map((e) => [e.destinationCidrBlock, e.origin, e.nextHops!.nextHop![0]!.nextHopId]),
    ANNOUNCED.map((p) => [p, 'RoutePropagation', vbr.vlanInterfaceId]),
  );
  assert.equal((await describePeer(vpc, peerId))!.receivedRouteCount, ANNOUNCED.length);
  // What the store holds came from bgpd: the customer's AS on the path, its address as next hop.
  const stored = await f!.h.vbrd.store.get<{ learnedRoutes?: { nextHop: string; asPath: string }[] }>('BgpPeer', peerId);
  assert.deepEqual(
    stored!.data.learnedRoutes!.map((r) => [r.nextHop, r.asPath]),
    ANNOUNCED.map(() => ['192.0.2.2', '65001']),
  );

  const vrf = vrfOf(f!, vbrId);
  const entryId = (
    await vpc.createRouteEntry(
      new $Vpc.CreateRouteEntryRequest({
        regionId: REGION,
        routeTableId: table,
        destinationCidrBlock: '10.60.0.0/16',
        nextHopType: 'RouterInterface',
        nextHopId: vbr.vlanInterfaceId,
      }),
    )
  ).body!.routeEntryId!;
  await waitFor(
    'the static route Available',
    () => list('Custom'),
    (rows) => rows[0]?.status === 'Available',
    15_000,
  );
  await waitFor(
    'the static route in the kernel of the VBR namespace',
    () => kernelRoutes(vrf),
    (r) => r.includes('10.60.0.0/16'),
    10_000,
  );

  await vpc.deleteRouteEntry(new $Vpc.DeleteRouteEntryRequest({ regionId: REGION, routeEntryId: entryId }));
  await waitFor(
    'the static route gone from the table',
    () => list('Custom'),
    (rows) => rows.length === 0,
    15_000,
  );
  await waitFor(
    'the static route gone from the kernel',
    () => kernelRoutes(vrf),
    (r) => !r.includes('10.60.0.0/16'),
    10_000,
  );
});
