// What the BGP Describe actions read back, and in which JSON types: the values Terraform's alicloud provider
// compares with its own or decodes into typed attributes (docs/behaviour.md, "BGP groups, peers and
// networks"). Raw bodies through pop-core, as a JSON decoder that keeps types sees them; the official SDK
// must read the same bodies into its models. The values are those of the provider's acceptance tests.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc, errorCode, startHarness, waitFor, type Harness } from '../support/harness.js';
import { availableGroup, insertVbr, peerStatus } from '../support/fixtures.js';

const R = 'cn-hangzhou';
const ROOT_OPEN = { accounts: [{ accountId: '1000000000000001', accessKeys: [], physicalConnectionServiceOpen: true }] };

type Row = Record<string, unknown>;

describe('BGP values read back', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ seed: ROOT_OPEN });
  });
  after(() => h.close());

  const raw = async (action: string, params: Record<string, string>, list: string, item: string): Promise<Row[]> => {
    const body = (await h.pop.request(action, { RegionId: R, ...params }, { method: 'POST' })) as Record<string, Record<string, Row[]>>;
    return body[list][item];
  };

  test('DescribeBgpGroups: PeerAsn and LocalAsn are JSON numbers, IsFake a JSON boolean; the SDK reads them as its strings', async () => {
    const vbr = await insertVbr(h);
    // resource_alicloud_vpc_bgp_group_test.go, _basic1.
    const fake = await availableGroup(h.vpc, vbr, {
      peerAsn: 1111,
      localAsn: 64512,
      isFakeAsn: true,
      name: 'tf-testacc-group',
      authKey: 'YourPassword+12345678',
      ipVersion: 'IPv4',
    });
    const plain = await availableGroup(h.vpc, vbr, { peerAsn: 4294967295 });
    const [f] = await raw('DescribeBgpGroups', { BgpGroupId: fake }, 'BgpGroups', 'BgpGroup');
    assert.deepEqual([f.PeerAsn, f.LocalAsn, f.IsFake, f.IpVersion, f.AuthKey], [1111, 64512, true, 'IPv4', 'YourPassword+12345678']);
    // The fields that stay as Alibaba's schema types them.
    assert.deepEqual([f.Hold, f.Keepalive, f.RouteLimit], ['30', '10', '110']);
    const [p] = await raw('DescribeBgpGroups', { BgpGroupId: plain }, 'BgpGroups', 'BgpGroup');
    assert.deepEqual([p.PeerAsn, p.LocalAsn, p.IsFake], [4294967295, 45104, false], 'a 32-bit ASN and the defaults');

    const sdk = (await h.vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, routerId: vbr }))).body!.bgpGroups!
      .bgpGroup!;
    const byId = new Map(sdk.map((g) => [g.bgpGroupId, g]));
    assert.deepEqual(
      [byId.get(fake)!.peerAsn, byId.get(fake)!.localAsn, byId.get(fake)!.isFake],
      ['1111', '64512', 'true'],
      "the SDK's model casts them to the strings it declares",
    );
    assert.deepEqual([byId.get(plain)!.peerAsn, byId.get(plain)!.isFake], ['4294967295', 'false']);
  });

  test("DescribeBgpPeers: IpVersion as the caller spelt it (else its group's); Name and Description the peer's own, empty", async () => {
    const vbr = await insertVbr(h);
    const g = await availableGroup(h.vpc, vbr, { name: 'tf-testAccBgpPeer', description: 'the group, not the peer' });
    const lower = await availableGroup(h.vpc, vbr, { ipVersion: 'ipv4', peerAsn: 1112 });
    const create = (groupId: string, extra: Partial<$Vpc.CreateBgpPeerRequest>) =>
      h.vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: groupId, ...extra })).then((r) => r.body!.bgpPeerId!);
    // resource_alicloud_vpc_bgp_peer_test.go, _basic1: ip_version "IPV4" must read back as "IPV4" (it is ForceNew).
    const upper = await create(g, { peerIpAddress: '1.1.1.1', enableBfd: true, bfdMultiHop: 10, ipVersion: 'IPV4' });
    const inherited = await create(g, { peerIpAddress: '1.1.1.2' });
    const fromLower = await create(lower, { peerIpAddress: '1.1.1.3' });
    // Terraform reads a peer with BgpPeerId in the query string and an empty body.
    const one = async (id: string) =>
      ((await h.pop.request('DescribeBgpPeers', { RegionId: R, BgpPeerId: id })) as { BgpPeers: { BgpPeer: Row[] } }).BgpPeers.BgpPeer[0];
    const u = await one(upper);
    assert.deepEqual([u.IpVersion, u.Name, u.Description, u.EnableBfd, u.BfdMultiHop], ['IPV4', '', '', true, 10]);
    assert.equal((await one(inherited)).IpVersion, 'IPv4');
    assert.equal((await one(fromLower)).IpVersion, 'ipv4');
    const viaSdk = await peerStatus(h.vpc, upper);
    assert.deepEqual([viaSdk.ipVersion, viaSdk.name, viaSdk.description], ['IPV4', '', '']);
  });

  test('AddBgpNetwork: a bare address is a host route; every CIDR reads back exactly as written, and is one network however written', async () => {
    const vbr = await insertVbr(h, { enableIpv6: true });
    const add = (cidr: string) => h.vpc.addBgpNetwork(new $Vpc.AddBgpNetworkRequest({ regionId: R, routerId: vbr, dstCidrBlock: cidr }));
    const del = (cidr: string) =>
      h.vpc.deleteBgpNetwork(new $Vpc.DeleteBgpNetworkRequest({ regionId: R, routerId: vbr, dstCidrBlock: cidr }));
    const list = async () => raw('DescribeBgpNetworks', { RouterId: vbr }, 'BgpNetworks', 'BgpNetwork');
    // data_source_alicloud_vpc_bgp_networks_test.go advertises 192.168.0.1 and expects it back as such.
    for (const cidr of ['192.168.0.1', '192.168.0.0/16', '2001:DB8:0::/48']) await add(cidr);
    await waitFor(async () => (await list()).every((n) => n.Status === 'Available'), 5000, 'networks Available');
    const rows = await list();
    assert.deepEqual(rows.map((n) => n.DstCidrBlock).sort(), ['192.168.0.0/16', '192.168.0.1', '2001:DB8:0::/48']);
    // The provider's id is "<RouterId>:<DstCidrBlock>" from its request, and it finds the network by that text.
    assert.ok(rows.some((n) => `${n.RouterId}:${n.DstCidrBlock}` === `${vbr}:192.168.0.1`));
    for (const same of ['192.168.0.1/32', '2001:db8::/48']) assert.equal((await errorCode(add(same))).code, 'Duplicated.CidrBlock', same);
    for (const [bad, code] of [
      ['192.168.0.1/24', 'IllegalParamFormat.DstCidrBlock'],
      ['224.0.0.1', 'IllegalParam.ConflictWithDClass'],
      ['192.168.000.1', 'InvalidDestCidrBlock.Malformed'],
      ['192.168.1', 'InvalidDestCidrBlock.Malformed'],
      ['not-an-address', 'InvalidDestCidrBlock.Malformed'],
    ])
      assert.equal((await errorCode(add(bad))).code, code, bad);
    // Deleting names the network either way.
    await del('192.168.0.1/32');
    await del('2001:db8::/48');
    await waitFor(async () => (await list()).length === 1, 5000, 'two networks removed');
    assert.deepEqual(
      (await list()).map((n) => n.DstCidrBlock),
      ['192.168.0.0/16'],
    );
  });

  test('deleting a group, peer or network that is gone: each action’s documented code, and Describe finds nothing', async () => {
    const vbr = await insertVbr(h);
    const g = await availableGroup(h.vpc, vbr);
    const peer = (await h.vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: g, peerIpAddress: '192.0.2.2' })))
      .body!.bgpPeerId!;
    await h.vpc.addBgpNetwork(new $Vpc.AddBgpNetworkRequest({ regionId: R, routerId: vbr, dstCidrBlock: '10.8.0.0/16' }));
    await waitFor(async () => (await peerStatus(h.vpc, peer))?.status === 'Available', 5000, 'peer Available');
    await waitFor(
      async () => (await raw('DescribeBgpNetworks', { RouterId: vbr }, 'BgpNetworks', 'BgpNetwork'))[0]?.Status === 'Available',
    );

    const deletePeer = () => h.vpc.deleteBgpPeer(new $Vpc.DeleteBgpPeerRequest({ regionId: R, bgpPeerId: peer }));
    const deleteGroup = () => h.vpc.deleteBgpGroup(new $Vpc.DeleteBgpGroupRequest({ regionId: R, bgpGroupId: g }));
    const deleteNetwork = () =>
      h.vpc.deleteBgpNetwork(new $Vpc.DeleteBgpNetworkRequest({ regionId: R, routerId: vbr, dstCidrBlock: '10.8.0.0/16' }));
    await deletePeer();
    await deleteNetwork();
    await waitFor(async () => (await peerStatus(h.vpc, peer)) === undefined, 5000, 'peer gone');
    await deleteGroup();
    await waitFor(
      async () => (await raw('DescribeBgpGroups', { BgpGroupId: g }, 'BgpGroups', 'BgpGroup')).length === 0,
      5000,
      'group gone',
    );
    await waitFor(async () => (await raw('DescribeBgpNetworks', { RouterId: vbr }, 'BgpNetworks', 'BgpNetwork')).length === 0);

    const shape = async (p: Promise<unknown>) => {
      const e = await errorCode(p);
      return [e.code, e.statusCode, e.data?.Message];
    };
    assert.deepEqual(await shape(deletePeer()), ['InvalidBgpPeer.NotFound', 400, 'Bgp peer not found.']);
    assert.deepEqual(await shape(deleteGroup()), ['InvalidBgpGroup', 400, 'bgp group not exists']);
    assert.deepEqual(await shape(deleteNetwork()), ['InvalidParams.NotFound', 400, 'instance not found']);
    assert.deepEqual(
      await shape(h.vpc.modifyBgpPeerAttribute(new $Vpc.ModifyBgpPeerAttributeRequest({ regionId: R, bgpPeerId: peer, enableBfd: true }))),
      ['InvalidBgpPeerId.NotFound', 404, 'The specified BgpPeerId does not exit in our records.'],
    );
    // What Terraform's refresh reads before it would delete: nothing, so it drops the resource from its state.
    assert.equal((await raw('DescribeBgpPeers', { BgpPeerId: peer }, 'BgpPeers', 'BgpPeer')).length, 0);
  });
});
