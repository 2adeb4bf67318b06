// alicloud_express_connect_vbr_pconn_association replayed against vbrd, with the values of the
// provider's TestAccAliCloudExpressConnectVbrPconnAssociation.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe } from 'node:test';
import { replayTest } from './gaps.js';
import { vbrPconnAssociation } from './provider/resources/vbr-pconn-association.js';
import { virtualBorderRouter } from './provider/resources/virtual-border-router.js';
import { TerraformResource } from './provider/terraform.js';
import { isProviderToken, REGION, startReplay, type Replay } from './support.js';

const FILE = vbrPconnAssociation.file;
const F = vbrPconnAssociation.functions;

describe('alicloud_express_connect_vbr_pconn_association', () => {
  // A vbrd of its own for each test: the provider's Unassociate token is the same for every call in a
  // 100-second window, and vbrd remembers tokens per account (see the G-14 test below).
  let r: Replay;
  beforeEach(async () => (r = await startReplay()));
  afterEach(() => r.close());

  /** The test's VBR on connections.0 (IPv6 on) and the association of connections.1 to it. */
  async function associated() {
    const [first, second] = [await r.preservedCircuit(), await r.preservedCircuit()];
    const vbr = new TerraformResource(virtualBorderRouter, r.provider);
    await vbr.apply({
      local_gateway_ip: '10.0.0.1',
      peer_gateway_ip: '10.0.0.2',
      peering_subnet_mask: '255.255.255.252',
      physical_connection_id: first,
      vlan_id: '110',
      min_rx_interval: '1000',
      min_tx_interval: '1000',
      detect_multiplier: '10',
      enable_ipv6: 'true',
      local_ipv6_gateway_ip: '2408:4004:cc:400::1',
      peer_ipv6_gateway_ip: '2408:4004:cc:400::2',
      peering_ipv6_subnet_mask: '2408:4004:cc:400::/56',
    });
    const association = new TerraformResource(vbrPconnAssociation, r.provider);
    const config = {
      peer_gateway_ip: '10.0.0.6',
      local_gateway_ip: '10.0.0.5',
      physical_connection_id: second,
      vbr_id: vbr.id,
      peering_subnet_mask: '255.255.255.252',
      vlan_id: '1122',
      enable_ipv6: 'true',
      local_ipv6_gateway_ip: '2408:4004:cc::3',
      peer_ipv6_gateway_ip: '2408:4004:cc::4',
      peering_ipv6_subnet_mask: '2408:4004:cc::/56',
    };
    return { vbr, association, config, second };
  }

  replayTest(
    'create (waits for "Associated"), read back every ForceNew value, import, destroy',
    { follows: `${FILE} ${F.create}, ${F.read}, ${F.delete}`, needs: ['G-8'] },
    async () => {
      const { vbr, association, config, second } = await associated();
      try {
        await association.apply(config);
      } finally {
        if (!association.state) await vbr.destroy();
      }
      assert.equal(association.id, `${vbr.id}:${second}`);
      assert.equal(association.attr('status'), 'Associated');
      assert.equal(association.attr('vlan_id'), 1122);
      const [create] = r.provider.requestsFor('AssociatePhysicalConnectionToVirtualBorderRouter');
      // The action's name leaves one hex digit of the UUID in a 64-character token.
      assert.ok(isProviderToken(create.body!.get('ClientToken'), 'AssociatePhysicalConnectionToVirtualBorderRouter'));
      await association.importVerify([]);
      assert.equal(await association.destroy(), 'deleted');
      const [remove] = r.provider.requestsFor('UnassociatePhysicalConnectionFromVirtualBorderRouter');
      assert.match(remove.body!.get('ClientToken')!, /^TF-UnassociatePhysicalConnectionFromVirtualBorderRouter-\d{8}$/);
      await vbr.destroy();
    },
  );

  replayTest(
    'removed out of band: refresh drops it from state without an Unassociate',
    { follows: `${FILE} ${F.read}`, needs: ['G-8'] },
    async () => {
      const { vbr, association, config, second } = await associated();
      try {
        await association.apply(config);
      } finally {
        if (!association.state) await vbr.destroy();
      }
      await r.console.rpcPost(
        'UnassociatePhysicalConnectionFromVirtualBorderRouter',
        null,
        { RegionId: REGION, VbrId: vbr.id, PhysicalConnectionId: second },
        true,
      );
      assert.equal(await association.destroy(), 'already gone');
      assert.equal(r.provider.requestsFor('UnassociatePhysicalConnectionFromVirtualBorderRouter').length, 0);
      await vbr.destroy();
    },
  );

  replayTest(
    'an Unassociate racing an out-of-band removal (no refresh between) fails with the documented PHYSICAL_NOT_ASSOCIATE_TO_VBR',
    { follows: `${FILE} ${F.delete} (NotFoundError)`, needs: ['G-8'] },
    async () => {
      const { vbr, association, config, second } = await associated();
      try {
        await association.apply(config);
      } finally {
        if (!association.state) await vbr.destroy();
      }
      await r.console.rpcPost(
        'UnassociatePhysicalConnectionFromVirtualBorderRouter',
        null,
        { RegionId: REGION, VbrId: vbr.id, PhysicalConnectionId: second },
        true,
      );
      try {
        await assert.rejects(association.destroy({ refresh: false }), /PHYSICAL_NOT_ASSOCIATE_TO_VBR/);
      } finally {
        await vbr.destroy();
      }
    },
  );

  replayTest(
    "two associations destroyed within 100 seconds: the second Unassociate carries the first one's ClientToken and is refused as a reused token (G-14, decided)",
    { follows: `${FILE} ${F.delete} (buildClientToken cut to 64 characters)`, needs: ['G-8'] },
    async () => {
      const { vbr, association, config, second } = await associated();
      await association.apply(config);
      const third = await r.preservedCircuit();
      // The provider's Associate token keeps the second and one hex digit of its UUID, so two Associates in
      // one second share it 1 time in 16 and the second is refused, as on Alibaba. This test is about the
      // Unassociates: make the second Associate in a later second.
      const associates = r.provider.requestsFor('AssociatePhysicalConnectionToVirtualBorderRouter');
      const firstSecond = Number(/-(\d{10})-/.exec(String(associates.at(-1)!.body!.get('ClientToken')))![1]);
      while (Math.floor(Date.now() / 1000) <= firstSecond) await new Promise((res) => setTimeout(res, 50));
      const other = new TerraformResource(vbrPconnAssociation, r.provider);
      await other.apply({
        vbr_id: vbr.id,
        physical_connection_id: third,
        vlan_id: '1123',
        local_gateway_ip: '10.0.0.9',
        peer_gateway_ip: '10.0.0.10',
        peering_subnet_mask: '255.255.255.252',
      });
      assert.equal(await association.destroy(), 'deleted');
      // Alibaba documents a client token as unique per request; the provider's is not, and meets the documented refusal.
      await assert.rejects(other.destroy(), /IdempotentParameterMismatch/);
      const [a, b] = r.provider.requestsFor('UnassociatePhysicalConnectionFromVirtualBorderRouter');
      assert.equal(a.body!.get('ClientToken'), b.body!.get('ClientToken'), 'the same truncated token');
      assert.deepEqual(new Set([a.body!.get('PhysicalConnectionId'), b.body!.get('PhysicalConnectionId')]), new Set([second, third]));
      // Nothing half-done: the refused one is still associated, and goes when asked without the shared token.
      await r.console.rpcPost(
        'UnassociatePhysicalConnectionFromVirtualBorderRouter',
        null,
        { RegionId: REGION, VbrId: vbr.id, PhysicalConnectionId: third },
        true,
      );
      await vbr.destroy();
    },
  );
});
