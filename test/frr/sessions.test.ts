// A VBR's BGP sessions through the official SDK against vbrd with the FRR data plane: IPv4 and IPv6 peers
// reach Established with a BIRD customer and count its routes; AddBgpNetwork/DeleteBgpNetwork reach the
// customer's table and are counted (FRR also reflects the customer's own route back, which BIRD drops for
// the AS loop, so the advertised count is at least the VBR's networks); DeleteBgpPeer removes the neighbor
// from FRR; deleting the groups and the VBR removes its FRR instance and its namespace.
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
  namespacesWithPrefix,
  REGION,
  startApiFrr,
  vrfOf,
  waitFor,
  waitPeer,
  type ApiFrrFixture,
} from './helpers.js';

let f: ApiFrrFixture | null = null;
before(async () => {
  f = await startApiFrr('ses', [
    {
      links: [{ vlanId: 100, addresses: ['192.0.2.2/30', '2001:db8:64::2/126'] }],
      peerings: [
        { name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104 },
        { name: 'vbr6', neighborIp: '2001:db8:64::1', localIp: '2001:db8:64::2', neighborAsn: 45104 },
      ],
      routes: ['198.51.100.0/24', '2001:db8:c000::/48'],
    },
  ]);
});
after(async () => f?.cleanup());

let vbrId = '';
const groups: string[] = [];
const peers = { v4: '', v6: '' };

frrTest("IPv4 and IPv6 peers go Pending → Available, reach Established and count the customer's routes", async () => {
  const { vpc } = f!.h;
  ({ vbrId } = await buildVbr(vpc, {
    accessPoint: 1,
    vlanId: 100,
    localGatewayIp: '192.0.2.1',
    peerGatewayIp: '192.0.2.2',
    ipv6: { local: '2001:db8:64::1', peer: '2001:db8:64::2', subnet: '2001:db8:64::/126' },
  }));
  groups.push(await availableGroup(vpc, vbrId), await availableGroup(vpc, vbrId, { ipVersion: 'IPv6' }));
  const t0 = Date.now();
  peers.v4 = await createPeer(vpc, groups[0]!, '192.0.2.2');
  assert.equal((await describePeer(vpc, peers.v4))?.status, 'Pending');
  peers.v6 = await createPeer(vpc, groups[1]!, '2001:db8:64::2', { ipVersion: 'IPv6' });
  assert.equal((await describePeer(vpc, peers.v6))?.status, 'Pending');

  const v4 = await waitPeer(vpc, peers.v4, 'Established with 1 route', (p) => isEstablished(p) && p!.receivedRouteCount === 1);
  const v6 = await waitPeer(vpc, peers.v6, 'Established with 1 route', (p) => isEstablished(p) && p!.receivedRouteCount === 1);
  console.log(`# CreateBgpPeer → both Established in DescribeBgpPeers: ${Date.now() - t0} ms`);
  assert.equal(v4!.peerIpAddress, '192.0.2.2');
  assert.equal(v6!.peerIpAddress, '2001:db8:64::2');
  assert.equal(v6!.ipVersion, 'IPv6');
  // The customer agrees: both of its sessions are up.
  const protocols = await f!.customers.routers[0]!.control.protocols();
  assert.equal(protocols.get('vbr4')?.bgpState, 'Established');
  assert.equal(protocols.get('vbr6')?.bgpState, 'Established');
  // Peers without EnableBfd have no BFD session.
  const bfdPeers = await f!.showJson<{ vrf: string }[]>('bfdd', 'show bfd peers json');
  assert.deepEqual(
    bfdPeers.filter((p) => p.vrf === vrfOf(f!, vbrId)),
    [],
  );
  const neighbors = await frrNeighbors(f!, vrfOf(f!, vbrId));
  assert.equal(neighbors['192.0.2.2']?.peerBfdInfo, undefined);
  assert.equal(neighbors['2001:db8:64::2']?.peerBfdInfo, undefined);
});

frrTest("AddBgpNetwork reaches the customer's table and is counted; DeleteBgpNetwork withdraws it", async () => {
  const { vpc } = f!.h;
  const customer = f!.customers.routers[0]!.control;
  for (const dstCidrBlock of ['203.0.113.0/24', '2001:db8:ff00::/48']) {
    await vpc.addBgpNetwork(new $Vpc.AddBgpNetworkRequest({ regionId: REGION, routerId: vbrId, dstCidrBlock }));
  }
  const atCustomer = await waitFor(
    'both networks at the customer',
    () => customer.bgpRoutes(),
    (r) => r.includes('203.0.113.0/24') && r.includes('2001:db8:ff00::/48'),
    10_000,
  );
  assert.deepEqual(atCustomer.sort(), ['2001:db8:ff00::/48', '203.0.113.0/24'], 'the VBR networks and nothing else');
  const networks = await waitFor(
    'networks Available',
    async () =>
      (await vpc.describeBgpNetworks(new $Vpc.DescribeBgpNetworksRequest({ regionId: REGION, routerId: vbrId }))).body!.bgpNetworks!
        .bgpNetwork!,
    (ns) => ns.length === 2 && ns.every((n) => n.status === 'Available'),
    10_000,
  );
  assert.deepEqual(networks.map((n) => n.dstCidrBlock).sort(), ['2001:db8:ff00::/48', '203.0.113.0/24']);
  await waitPeer(vpc, peers.v4, 'advertises the network', (p) => (p?.advertisedRouteCount ?? 0) >= 1, 10_000);
  await waitPeer(vpc, peers.v6, 'advertises the network', (p) => (p?.advertisedRouteCount ?? 0) >= 1, 10_000);

  await vpc.deleteBgpNetwork(new $Vpc.DeleteBgpNetworkRequest({ regionId: REGION, routerId: vbrId, dstCidrBlock: '203.0.113.0/24' }));
  const left = await waitFor(
    '203.0.113.0/24 withdrawn at the customer',
    () => customer.bgpRoutes(),
    (r) => !r.includes('203.0.113.0/24'),
    10_000,
  );
  assert.ok(left.includes('2001:db8:ff00::/48'), `the IPv6 network must stay: ${left}`);
  await waitFor(
    'network gone from the API',
    async () =>
      (
        await vpc.describeBgpNetworks(new $Vpc.DescribeBgpNetworksRequest({ regionId: REGION, routerId: vbrId }))
      ).body!.bgpNetworks!.bgpNetwork!.map((n) => n.dstCidrBlock),
    (ns) => ns.length === 1 && ns[0] === '2001:db8:ff00::/48',
    10_000,
  );
});

frrTest('DeleteBgpPeer removes the neighbor from FRR and the peer from the API; the other session stays up', async () => {
  const { vpc } = f!.h;
  const vrf = vrfOf(f!, vbrId);
  const before = (await frrNeighbors(f!, vrf))['192.0.2.2']?.connectionsEstablished;
  await vpc.deleteBgpPeer(new $Vpc.DeleteBgpPeerRequest({ regionId: REGION, bgpPeerId: peers.v6 }));
  await waitPeer(vpc, peers.v6, 'gone from DescribeBgpPeers', (p) => p === undefined, 10_000);
  const neighbors = await frrNeighbors(f!, vrf);
  assert.deepEqual(Object.keys(neighbors), ['192.0.2.2']);
  await waitFor(
    'the customer sees its IPv6 session down',
    () => f!.customers.routers[0]!.control.protocols(),
    (p) => p.get('vbr6')?.bgpState !== 'Established',
    10_000,
  );
  assert.ok(isEstablished(await describePeer(vpc, peers.v4)));
  assert.equal(neighbors['192.0.2.2']!.connectionsEstablished, before, 'the IPv4 session was not reset');
  const listed = (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: REGION, routerId: vbrId }))).body!.bgpPeers!
    .bgpPeer!;
  assert.deepEqual(
    listed.map((p) => p.bgpPeerId),
    [peers.v4],
  );
});

frrTest('deleting the last peer, the groups and the VBR removes its FRR instance and its namespace', async () => {
  const { vpc } = f!.h;
  const vrf = vrfOf(f!, vbrId);
  assert.ok((await namespacesWithPrefix(f!.prefix)).includes(vrf));
  await vpc.deleteBgpPeer(new $Vpc.DeleteBgpPeerRequest({ regionId: REGION, bgpPeerId: peers.v4 }));
  await waitPeer(vpc, peers.v4, 'gone', (p) => p === undefined, 10_000);
  for (const bgpGroupId of groups) await vpc.deleteBgpGroup(new $Vpc.DeleteBgpGroupRequest({ regionId: REGION, bgpGroupId }));
  await waitFor(
    'groups gone',
    async () =>
      (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION, routerId: vbrId }))).body!.bgpGroups!.bgpGroup!,
    (g) => g.length === 0,
    10_000,
  );
  await vpc.deleteBgpNetwork(new $Vpc.DeleteBgpNetworkRequest({ regionId: REGION, routerId: vbrId, dstCidrBlock: '2001:db8:ff00::/48' }));
  await waitFor(
    'networks gone',
    async () =>
      (await vpc.describeBgpNetworks(new $Vpc.DescribeBgpNetworksRequest({ regionId: REGION, routerId: vbrId }))).body!.bgpNetworks!
        .bgpNetwork!,
    (n) => n.length === 0,
    10_000,
  );
  await vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: REGION, vbrId }));
  await waitFor(
    'VBR namespace gone',
    () => namespacesWithPrefix(f!.prefix),
    (ns) => !ns.includes(vrf),
    10_000,
  );
  const config = await f!.show('bgpd', 'show running-config');
  assert.doesNotMatch(config, new RegExp(`router bgp \\d+ vrf ${vrf}`));
  assert.doesNotMatch(config, / vrf /, 'no VRF configuration is left');
  // The customer's end of the link went with it.
  await waitFor(
    'link gone at the customer',
    () => f!.customers.routers[0]!.control.protocols(),
    (p) => p.get('vbr4')?.bgpState !== 'Established',
    10_000,
  );
});
