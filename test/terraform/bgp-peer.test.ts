// alicloud_vpc_bgp_peer replayed against vbrd, with the values of the provider's
// TestAccAliCloudVPCBgpPeer_basic0 and _basic1.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe } from 'node:test';
import { replayTest } from './gaps.js';
import { bgpGroup, bgpPeer } from './provider/resources/bgp.js';
import { TerraformResource } from './provider/terraform.js';
import { REGION, startReplay, testVbr, until, listed, type Replay } from './support.js';

const FILE = bgpPeer.file;
const F = bgpPeer.functions;

describe('alicloud_vpc_bgp_peer', () => {
  let r: Replay;
  before(async () => (r = await startReplay()));
  after(() => r.close());
  beforeEach(() => (r.provider.sent.length = 0));

  async function testGroup() {
    const vbr = await testVbr(r);
    const group = new TerraformResource(bgpGroup, r.provider);
    await group.apply({ router_id: vbr.id, auth_key: 'YourPassword+12345678', local_asn: '64512', peer_asn: '1111' });
    return { vbr, group, teardown: async () => (await group.destroy(), await vbr.destroy()) };
  }

  replayTest(
    'create, move the peer address, enable BFD with 10 hops, import, destroy',
    { follows: `${FILE} ${F.create}, ${F.update}, ${F.read}, ${F.delete}` },
    async () => {
      const { group, teardown } = await testGroup();
      const peer = new TerraformResource(bgpPeer, r.provider);
      const config: Record<string, unknown> = { peer_ip_address: '1.1.1.1', bgp_group_id: group.id };
      await peer.apply(config);
      assert.equal(peer.attr('status'), 'Available');
      const [create] = r.provider.requestsFor('CreateBgpPeer');
      assert.deepEqual([...create.body!.keys()].sort(), ['BgpGroupId', 'ClientToken', 'PeerIpAddress', 'RegionId']);
      // The peer is read with BgpPeerId and RegionId in the query string and an empty form body.
      const describeCall = r.provider.requestsFor('DescribeBgpPeers')[0];
      assert.equal(describeCall.query.get('BgpPeerId'), peer.id);
      assert.equal(describeCall.rawBody, '');
      await peer.apply({ ...config, peer_ip_address: '1.1.1.2' });
      const [modify] = r.provider.requestsFor('ModifyBgpPeerAttribute');
      assert.equal(modify.query.get('BgpPeerId'), peer.id);
      assert.equal(modify.body!.has('BgpPeerId'), false);
      assert.equal(modify.body!.get('PeerIpAddress'), '1.1.1.2');
      await peer.apply({ ...config, peer_ip_address: '1.1.1.2', enable_bfd: 'true', bfd_multi_hop: '10' });
      assert.equal(peer.attr('enable_bfd'), true);
      assert.equal(peer.attr('bfd_multi_hop'), 10);
      await peer.importVerify([]);
      const id = peer.id;
      assert.equal(await peer.destroy(), 'deleted');
      const [remove] = r.provider.requestsFor('DeleteBgpPeer');
      assert.equal(remove.query.get('BgpPeerId'), id);
      await teardown();
    },
  );

  replayTest(
    'everything at create (_basic1): BFD, 10 hops, ip_version IPV4 read back as written',
    { follows: `${FILE} ${F.create}`, needs: ['G-11'] },
    async () => {
      const { group, teardown } = await testGroup();
      const peer = new TerraformResource(bgpPeer, r.provider);
      try {
        await peer.apply({
          peer_ip_address: '1.1.1.1',
          bgp_group_id: group.id,
          enable_bfd: 'true',
          bfd_multi_hop: '10',
          ip_version: 'IPV4',
        });
        assert.equal(peer.attr('ip_version'), 'IPV4');
        await peer.importVerify([]);
      } finally {
        if (peer.state) await peer.destroy();
        await teardown();
      }
    },
  );

  replayTest(
    "the peer's own name is empty although its group has one",
    { follows: `${FILE} ${F.read} (bgp_peer_name ← Name)`, needs: ['G-12'] },
    async () => {
      const vbr = await testVbr(r);
      const group = new TerraformResource(bgpGroup, r.provider);
      await group.apply({ router_id: vbr.id, peer_asn: '1111', bgp_group_name: 'tf-testAccBgpGroup', description: 'tf-testAccBgpGroup' });
      const peer = new TerraformResource(bgpPeer, r.provider);
      try {
        await peer.apply({ peer_ip_address: '1.1.1.1', bgp_group_id: group.id });
        assert.equal(peer.attr('bgp_peer_name'), '');
      } finally {
        if (peer.state) await peer.destroy();
        await group.destroy();
        await vbr.destroy();
      }
    },
  );

  replayTest('deleted out of band: refresh drops it from state without a Delete', { follows: `${FILE} ${F.read}` }, async () => {
    const { group, teardown } = await testGroup();
    const peer = new TerraformResource(bgpPeer, r.provider);
    await peer.apply({ peer_ip_address: '1.1.1.1', bgp_group_id: group.id });
    await r.console.rpcPost('DeleteBgpPeer', null, { RegionId: REGION, BgpPeerId: peer.id }, true);
    await until(
      'the peer gone',
      async () =>
        listed(await r.console.rpcPost('DescribeBgpPeers', null, { RegionId: REGION, BgpPeerId: peer.id }, true), 'BgpPeers', 'BgpPeer') ===
        0,
    );
    assert.equal(await peer.destroy(), 'already gone');
    assert.equal(r.provider.requestsFor('DeleteBgpPeer').length, 0);
    await teardown();
  });

  replayTest(
    'DeleteBgpPeer is not retried on DependencyViolation.BgpPeer: only NeedRetry decides',
    { follows: `${FILE} ${F.delete}` },
    async () => {
      const { group, teardown } = await testGroup();
      const peer = new TerraformResource(bgpPeer, r.provider);
      await peer.apply({ peer_ip_address: '1.1.1.1', bgp_group_id: group.id });
      r.provider.inject('DeleteBgpPeer', {
        status: 400,
        body: { RequestId: 'injected', Code: 'DependencyViolation.BgpPeer', Message: 'injected' },
      });
      await assert.rejects(peer.destroy(), /DependencyViolation\.BgpPeer/);
      assert.equal(r.provider.requestsFor('DeleteBgpPeer').length, 1);
      await peer.destroy();
      await teardown();
    },
  );
});
