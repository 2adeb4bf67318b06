// alicloud_vpc_bgp_network replayed against vbrd, with the values of the provider's
// TestAccAliCloudVPCBgpNetwork_basic11500 and _twin.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe } from 'node:test';
import { replayTest } from './gaps.js';
import { bgpNetwork } from './provider/resources/bgp.js';
import { TerraformResource } from './provider/terraform.js';
import { isProviderToken, REGION, startReplay, testVbr, until, listed, type Replay } from './support.js';

const FILE = bgpNetwork.file;
const F = bgpNetwork.functions;

describe('alicloud_vpc_bgp_network', () => {
  let r: Replay;
  before(async () => (r = await startReplay()));
  after(() => r.close());
  beforeEach(() => (r.provider.sent.length = 0));

  for (const [label, extra] of [
    ['create, import, destroy', {}],
    ['with a VPC (_twin): create, import, destroy', { vpc_id: 'vpc-bp1opposite0001' }],
  ] as const) {
    replayTest(label, { follows: `${FILE} ${F.create}, ${F.read}, ${F.delete}` }, async () => {
      const vbr = await testVbr(r);
      const network = new TerraformResource(bgpNetwork, r.provider);
      await network.apply({ dst_cidr_block: '192.168.0.0/16', router_id: vbr.id, ...extra });
      assert.equal(network.id, `${vbr.id}:192.168.0.0/16`);
      assert.equal(network.attr('status'), 'Available');
      const [add] = r.provider.requestsFor('AddBgpNetwork');
      // DeleteBgpNetwork's name is 16 letters: its token keeps only 33 characters of the UUID; AddBgpNetwork's keeps it whole.
      assert.ok(isProviderToken(add.body!.get('ClientToken'), 'AddBgpNetwork'));
      await network.importVerify([]);
      assert.equal(await network.destroy(), 'deleted');
      const [remove] = r.provider.requestsFor('DeleteBgpNetwork');
      assert.ok(isProviderToken(remove.body!.get('ClientToken'), 'DeleteBgpNetwork'));
      await vbr.destroy();
    });
  }

  replayTest('deleted out of band: refresh drops it from state without a Delete', { follows: `${FILE} ${F.read}` }, async () => {
    const vbr = await testVbr(r);
    const network = new TerraformResource(bgpNetwork, r.provider);
    await network.apply({ dst_cidr_block: '192.168.0.0/16', router_id: vbr.id });
    await r.console.rpcPost('DeleteBgpNetwork', null, { RegionId: REGION, RouterId: vbr.id, DstCidrBlock: '192.168.0.0/16' }, true);
    await until(
      'the network gone',
      async () =>
        listed(
          await r.console.rpcPost('DescribeBgpNetworks', null, { RegionId: REGION, RouterId: vbr.id }, true),
          'BgpNetworks',
          'BgpNetwork',
        ) === 0,
    );
    assert.equal(await network.destroy(), 'already gone');
    assert.equal(r.provider.requestsFor('DeleteBgpNetwork').length, 0);
    await vbr.destroy();
  });

  replayTest(
    'InvalidResource.NotFound from DescribeBgpNetworks means the network is gone',
    { follows: `${FILE} ${F.read} (DescribeExpressConnectBgpNetwork)` },
    async () => {
      const vbr = await testVbr(r);
      const network = new TerraformResource(bgpNetwork, r.provider);
      await network.apply({ dst_cidr_block: '192.168.0.0/16', router_id: vbr.id });
      // A code vbrd does not produce (it lists nothing for an unknown router): put in front of the server.
      r.provider.inject('DescribeBgpNetworks', {
        status: 400,
        body: { RequestId: 'injected', Code: 'InvalidResource.NotFound', Message: 'The resource is not found.' },
      });
      assert.equal(await network.refresh(), 'gone');
      await r.console.rpcPost('DeleteBgpNetwork', null, { RegionId: REGION, RouterId: vbr.id, DstCidrBlock: '192.168.0.0/16' }, true);
      await until(
        'the network gone',
        async () =>
          listed(
            await r.console.rpcPost('DescribeBgpNetworks', null, { RegionId: REGION, RouterId: vbr.id }, true),
            'BgpNetworks',
            'BgpNetwork',
          ) === 0,
      );
      await vbr.destroy();
    },
  );

  replayTest(
    'a Delete racing an out-of-band deletion (no refresh between) fails with the documented InvalidParams.NotFound, as against Alibaba',
    { follows: `${FILE} ${F.delete} (NotFoundError)` },
    async () => {
      const vbr = await testVbr(r);
      const network = new TerraformResource(bgpNetwork, r.provider);
      await network.apply({ dst_cidr_block: '192.168.0.0/16', router_id: vbr.id });
      const stale = structuredClone(network.state);
      await network.destroy();
      network.state = stale;
      try {
        // The code says NotFound, the message ("instance not found") does not: NotFoundError says no (docs/behaviour.md, BGP).
        await assert.rejects(network.destroy({ refresh: false }), /InvalidParams\.NotFound/);
      } finally {
        await vbr.destroy();
      }
    },
  );

  replayTest(
    "a CIDR written without its prefix length (the data-source test's 192.168.0.1) is found again as written",
    { follows: `${FILE} ${F.create} → ${F.read}`, needs: ['G-17'] },
    async () => {
      const vbr = await testVbr(r);
      const network = new TerraformResource(bgpNetwork, r.provider);
      try {
        await network.apply({ dst_cidr_block: '192.168.0.1', router_id: vbr.id });
        assert.equal(network.attr('dst_cidr_block'), '192.168.0.1');
        await network.importVerify([]);
      } finally {
        if (network.state) await network.destroy();
        await vbr.destroy();
      }
    },
  );
});
