// alicloud_vpc_bgp_group replayed against vbrd, with the values of the provider's
// TestAccAliCloudVPCBgpGroup_basic0 and _basic1.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe } from 'node:test';
import { replayTest } from './gaps.js';
import { bgpGroup } from './provider/resources/bgp.js';
import { TerraformResource } from './provider/terraform.js';
import { answered, isProviderToken, listed, REGION, startReplay, testVbr, until, type Replay } from './support.js';

const FILE = bgpGroup.file;
const F = bgpGroup.functions;
const IMPORT_IGNORE = ['clear_auth_key'];

describe('alicloud_vpc_bgp_group', () => {
  let r: Replay;
  before(async () => (r = await startReplay()));
  after(() => r.close());
  beforeEach(() => (r.provider.sent.length = 0));

  const name = 'tf-testaccbgpgroup' + Math.floor(Math.random() * 1e5);

  replayTest(
    'create, update every attribute, destroy',
    { follows: `${FILE} ${F.create}, ${F.update}, ${F.read}, ${F.delete}` },
    async () => {
      const vbr = await testVbr(r);
      const group = new TerraformResource(bgpGroup, r.provider);
      const config: Record<string, unknown> = {
        router_id: vbr.id,
        peer_asn: '1111',
        bgp_group_name: name,
        route_limit: '110',
        clear_auth_key: 'false',
      };
      await group.apply(config);
      assert.equal(group.attr('status'), 'Available');
      const [create] = r.provider.requestsFor('CreateBgpGroup');
      assert.ok(isProviderToken(create.body!.get('ClientToken'), 'CreateBgpGroup'));
      assert.equal(create.body!.get('RouteQuota'), '110');
      assert.equal(create.body!.get('PeerAsn'), '1111');
      assert.equal(r.provider.requestsFor('ModifyBgpGroupAttribute').length, 0, 'nothing to modify right after create');
      for (const step of [
        { description: `${name}_update` },
        { bgp_group_name: `${name}_update` },
        { route_limit: '100' },
        { peer_asn: '1112' },
        { local_asn: '64513' },
        { auth_key: 'YourPassword+123456789' },
        {
          description: name,
          peer_asn: '1111',
          local_asn: '64512',
          bgp_group_name: name,
          auth_key: 'YourPassword+12345678',
          clear_auth_key: 'false',
          is_fake_asn: 'false',
        },
      ]) {
        r.provider.sent.length = 0;
        Object.assign(config, step);
        await group.apply(config);
        const [modify] = r.provider.requestsFor('ModifyBgpGroupAttribute');
        assert.ok(modify, `a Modify for ${Object.keys(step).join(', ')}`);
        assert.equal(modify.body!.get('PeerAsn'), String(config.peer_asn), 'PeerAsn is sent every time');
        assert.equal(group.attr('status'), 'Available');
      }
      assert.equal(group.attr('auth_key'), 'YourPassword+12345678');
      assert.equal(group.attr('route_limit'), 100);
      assert.equal(await group.destroy(), 'deleted');
      assert.equal(await vbr.destroy(), 'deleted');
    },
  );

  replayTest(
    'import after create and updates: every attribute but clear_auth_key reads back',
    { follows: `${FILE} ${F.read} (ImportStatePassthrough)`, needs: ['G-9'] },
    async () => {
      const vbr = await testVbr(r);
      const group = new TerraformResource(bgpGroup, r.provider);
      const config = { router_id: vbr.id, peer_asn: '1111', bgp_group_name: name, route_limit: '110', clear_auth_key: 'false' };
      await group.apply(config);
      await group.apply({ ...config, local_asn: '64512', auth_key: 'YourPassword+12345678', is_fake_asn: 'false' });
      await group.importVerify(IMPORT_IGNORE);
      await group.destroy();
      await vbr.destroy();
    },
  );

  replayTest(
    'everything at create (_basic1): local ASN, auth key, fake ASN, ip_version IPv4 echoed',
    { follows: `${FILE} ${F.create}`, needs: ['G-9'] },
    async () => {
      const vbr = await testVbr(r);
      const group = new TerraformResource(bgpGroup, r.provider);
      await group.apply({
        description: name,
        router_id: vbr.id,
        peer_asn: '1111',
        bgp_group_name: name,
        local_asn: '64512',
        auth_key: 'YourPassword+12345678',
        is_fake_asn: 'true',
        ip_version: 'IPv4',
        clear_auth_key: 'false',
      });
      assert.equal(group.attr('ip_version'), 'IPv4');
      assert.equal(group.attr('is_fake_asn'), true);
      await group.importVerify(IMPORT_IGNORE);
      await group.destroy();
      await vbr.destroy();
    },
  );

  replayTest('deleted out of band: refresh drops it from state without a Delete', { follows: `${FILE} ${F.read}` }, async () => {
    const vbr = await testVbr(r);
    const group = new TerraformResource(bgpGroup, r.provider);
    await group.apply({ router_id: vbr.id, peer_asn: '1111' });
    await r.console.rpcPost('DeleteBgpGroup', null, { RegionId: REGION, BgpGroupId: group.id }, true);
    // Until the group is gone it is "Deleting": the plan then shows no change for it.
    await until(
      'the group gone',
      async () =>
        listed(
          await r.console.rpcPost('DescribeBgpGroups', null, { RegionId: REGION, BgpGroupId: group.id }, true),
          'BgpGroups',
          'BgpGroup',
        ) === 0,
    );
    assert.equal(await group.destroy(), 'already gone');
    assert.equal(r.provider.requestsFor('DeleteBgpGroup').length, 0);
    await vbr.destroy();
  });

  replayTest(
    'a Delete racing an out-of-band deletion (no refresh between) fails with the documented InvalidBgpGroup, as against Alibaba',
    { follows: `${FILE} ${F.delete} (NotFoundError)` },
    async () => {
      const vbr = await testVbr(r);
      const group = new TerraformResource(bgpGroup, r.provider);
      await group.apply({ router_id: vbr.id, peer_asn: '1111' });
      const stale = structuredClone(group.state);
      await group.destroy();
      group.state = stale;
      try {
        // 400 without "NotFound" in its message: NotFoundError says no (docs/behaviour.md, BGP).
        await assert.rejects(group.destroy({ refresh: false }), /InvalidBgpGroup.*bgp group not exists/);
      } finally {
        await vbr.destroy();
      }
    },
  );

  replayTest(
    "DependencyViolation.BgpPeer is retried, with a new ClientToken each try, until the group's peers are gone",
    { follows: `${FILE} ${F.delete} (IsExpectedErrors DependencyViolation.BgpPeer)` },
    async () => {
      const vbr = await testVbr(r);
      const group = new TerraformResource(bgpGroup, r.provider);
      await group.apply({ router_id: vbr.id, peer_asn: '1111' });
      const peer = (
        await r.console.rpcPost('CreateBgpPeer', null, { RegionId: REGION, BgpGroupId: group.id, PeerIpAddress: '10.0.0.2' }, true)
      ).BgpPeerId as string;
      await until('the peer Available', async () => {
        const o = await r.console.rpcPost('DescribeBgpPeers', null, { RegionId: REGION, BgpPeerId: peer }, true);
        return (o.BgpPeers as { BgpPeer: { Status: string }[] }).BgpPeer[0]?.Status === 'Available';
      });
      // Once the provider has met the violation, the peer goes; its retries must then get through.
      const removePeerSoon = (async () => {
        await until('a DependencyViolation.BgpPeer answer', async () =>
          answered(r.provider, 'DeleteBgpGroup', 'DependencyViolation.BgpPeer'),
        );
        await r.console.rpcPost('DeleteBgpPeer', null, { RegionId: REGION, BgpPeerId: peer }, true);
      })();
      await group.destroy();
      await removePeerSoon;
      const deletes = r.provider.requestsFor('DeleteBgpGroup');
      assert.ok(deletes.some((x) => x.response?.Code === 'DependencyViolation.BgpPeer'));
      assert.equal(new Set(deletes.map((x) => x.body!.get('ClientToken'))).size, deletes.length);
      await vbr.destroy();
    },
  );

  replayTest(
    'OperationConflict on create is retried with the same ClientToken',
    { follows: `${FILE} ${F.create} (IsExpectedErrors OperationConflict)` },
    async () => {
      const vbr = await testVbr(r);
      const group = new TerraformResource(bgpGroup, r.provider);
      // vbrd does not produce OperationConflict: the answer is put in front of the server, as Alibaba words it.
      r.provider.inject('CreateBgpGroup', {
        status: 400,
        body: {
          RequestId: 'injected',
          Code: 'OperationConflict',
          Message: 'The operation conflicts with another operation in progress on this resource.',
        },
      });
      await group.apply({ router_id: vbr.id, peer_asn: '1111' });
      const creates = r.provider.requestsFor('CreateBgpGroup');
      assert.equal(creates.length, 2);
      assert.equal(creates[0].body!.get('ClientToken'), creates[1].body!.get('ClientToken'));
      await group.destroy();
      await vbr.destroy();
    },
  );
});
