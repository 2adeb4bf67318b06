// alicloud_express_connect_virtual_border_router replayed against vbrd, with the values of the
// provider's TestAccAliCloudExpressConnectVirtualBorderRouter_basic11568 and _twin.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe } from 'node:test';
import { replayTest } from './gaps.js';
import { virtualBorderRouter } from './provider/resources/virtual-border-router.js';
import { TerraformResource } from './provider/terraform.js';
import { isProviderToken, REGION, RESOURCE_GROUP, startReplay, until, answered, type Replay } from './support.js';

const FILE = virtualBorderRouter.file;
const F = virtualBorderRouter.functions;
const IMPORT_IGNORE = ['vbr_owner_id'];

function randomVlan(): number {
  return 1 + Math.floor(Math.random() * 2998);
}

/** The steps of _basic11568 up to the resource group, each applied over the previous configuration. */
export const VBR_UPDATE_STEPS: Record<string, unknown>[] = [
  { bandwidth: '100' },
  { circuit_code: '1024' },
  { description: 'tfaccexpressconnect-description' },
  { detect_multiplier: '6' },
  {
    enable_ipv6: 'true',
    peer_ipv6_gateway_ip: '2408:4004:cc:400::2',
    peering_ipv6_subnet_mask: '2408:4004:cc:400::/56',
    local_ipv6_gateway_ip: '2408:4004:cc:400::1',
  },
  { peering_subnet_mask: '255.255.255.0' },
  { local_gateway_ip: '10.0.0.3' },
  { local_ipv6_gateway_ip: '2408:4004:cc:400::6' },
  { min_rx_interval: '600' },
  { min_tx_interval: '600' },
  { mtu: '1500' },
  { peer_gateway_ip: '10.0.0.4' },
  { peer_ipv6_gateway_ip: '2408:4004:cc:400::8' },
  { peering_ipv6_subnet_mask: '2408:4004:cc:400::/55' },
];

describe('alicloud_express_connect_virtual_border_router', () => {
  let r: Replay;
  before(async () => (r = await startReplay()));
  after(() => r.close());
  beforeEach(() => (r.provider.sent.length = 0));

  async function created(extra: Record<string, unknown> = {}) {
    const circuit = await r.preservedCircuit();
    const vlan = randomVlan();
    const config: Record<string, unknown> = {
      local_gateway_ip: '10.0.0.1',
      peer_gateway_ip: '10.0.0.2',
      peering_subnet_mask: '255.255.255.252',
      physical_connection_id: circuit,
      vlan_id: String(vlan),
      ...extra,
    };
    const res = new TerraformResource(virtualBorderRouter, r.provider);
    await res.apply(config);
    return { res, config, vlan, circuit };
  }

  replayTest(
    'create, update every peering, BFD and MTU attribute, sitelink, terminate, recover, rename, new VLAN, import, destroy',
    { follows: `${FILE} ${F.create}, ${F.update}, ${F.read}, ${F.delete}` },
    async () => {
      const { res, config, vlan } = await created();
      assert.equal(res.attr('status'), 'active');
      for (const k of ['detect_multiplier', 'min_rx_interval', 'min_tx_interval', 'mtu'])
        assert.ok(Number(res.attr(k)) > 0, `${k} set by the API`);
      for (const k of ['route_table_id', 'create_time']) assert.notEqual(res.attr(k) ?? '', '', `${k} set by the API`);
      const [create] = r.provider.requestsFor('CreateVirtualBorderRouter');
      assert.ok(isProviderToken(create.body!.get('ClientToken'), 'CreateVirtualBorderRouter'));
      assert.deepEqual([...create.body!.keys()].sort(), [
        'ClientToken',
        'LocalGatewayIp',
        'PeerGatewayIp',
        'PeeringSubnetMask',
        'PhysicalConnectionId',
        'RegionId',
        'VlanId',
      ]);
      // Nothing to modify right after create when no BFD, MTU or sitelink attribute is configured.
      assert.equal(r.provider.requestsFor('ModifyVirtualBorderRouterAttribute').length, 0);

      for (const step of VBR_UPDATE_STEPS) {
        r.provider.sent.length = 0;
        // A step that sets a value the API already reported (mtu 1500) plans no change and sends nothing.
        const changes = Object.entries(step).some(([k, v]) => String(res.attr(k) ?? '') !== String(v));
        Object.assign(config, step);
        await res.apply(config);
        const [modify] = r.provider.requestsFor('ModifyVirtualBorderRouterAttribute');
        if (!changes) {
          assert.equal(modify, undefined, `no Modify for ${Object.keys(step).join(', ')}`);
          continue;
        }
        assert.ok(modify, `a Modify for ${Object.keys(step).join(', ')}`);
        for (const k of ['VbrId', 'VlanId', 'LocalGatewayIp', 'PeeringSubnetMask', 'PeerGatewayIp', 'RegionId', 'ClientToken'])
          assert.ok(modify.body!.has(k), k);
        // Values read back into state are sent again on every Modify (GetOkExists).
        for (const k of ['MinRxInterval', 'MinTxInterval', 'DetectMultiplier', 'Mtu']) assert.ok(modify.body!.has(k), k);
      }
      assert.equal(res.attr('enable_ipv6'), true);
      assert.equal(res.attr('detect_multiplier'), 6);
      assert.equal(res.attr('mtu'), 1500);

      for (const step of [
        { sitelink_enable: 'true' },
        { status: 'terminated' },
        { status: 'active' },
        { virtual_border_router_name: 'tfaccexpressconnect' + vlan },
        { vlan_id: String(vlan + 1) },
      ]) {
        Object.assign(config, step);
        await res.apply(config);
      }
      assert.equal(res.attr('sitelink_enable'), true);
      assert.equal(res.attr('status'), 'active');
      assert.equal(res.attr('vlan_id'), vlan + 1);
      assert.equal(r.provider.requestsFor('TerminateVirtualBorderRouter').length, 1);
      assert.equal(r.provider.requestsFor('RecoverVirtualBorderRouter').length, 1);

      await res.importVerify(IMPORT_IGNORE);
      assert.equal(await res.destroy(), 'deleted');
      // The delete waits until DescribeVirtualBorderRouters no longer lists the VBR.
      const last = r.provider.requestsFor('DescribeVirtualBorderRouters').at(-1)!;
      assert.deepEqual((last.response!.VirtualBorderRouterSet as { VirtualBorderRouterType: unknown[] }).VirtualBorderRouterType, []);
    },
  );

  replayTest(
    'BFD and MTU given at create are sent by the Modify that follows the create',
    { follows: `${FILE} ${F.create} → ${F.update} (IsNewResource)` },
    async () => {
      const { res } = await created({ min_rx_interval: '1000', min_tx_interval: '1000', detect_multiplier: '10' });
      const [modify] = r.provider.requestsFor('ModifyVirtualBorderRouterAttribute').slice(-1);
      assert.equal(modify.body!.get('MinRxInterval'), '1000');
      assert.equal(modify.body!.get('DetectMultiplier'), '10');
      assert.equal(res.attr('min_rx_interval'), 1000);
      await res.importVerify(IMPORT_IGNORE);
      await res.destroy();
    },
  );

  replayTest(
    'a resource group set after create moves the VBR with ChangeResourceGroup',
    { follows: `${FILE} ${F.update} (ChangeResourceGroup)`, needs: ['G-3', 'G-13'] },
    async () => {
      const { res, config } = await created();
      assert.notEqual(res.attr('resource_group_id') ?? '', '', 'a default resource group is reported after create');
      await res.apply({ ...config, resource_group_id: RESOURCE_GROUP });
      const [change] = r.provider.requestsFor('ChangeResourceGroup');
      assert.deepEqual(Object.fromEntries(change.body!), {
        ResourceId: res.id,
        RegionId: REGION,
        NewResourceGroupId: RESOURCE_GROUP,
        ResourceType: 'VIRTUALBORDERROUTER',
      });
      assert.equal(res.attr('resource_group_id'), RESOURCE_GROUP);
      await res.importVerify(IMPORT_IGNORE);
      await res.destroy();
    },
  );

  replayTest(
    'tags: added, changed, removed',
    { follows: `${FILE} ${F.update} (ExpressConnectServiceV2.SetResourceTags)`, needs: ['G-2'] },
    async () => {
      const { res, config } = await created();
      await res.apply({ ...config, tags: { Created: 'TF', For: 'Test' } });
      let [tag] = r.provider.requestsFor('TagResourcesForExpressConnect').slice(-1);
      assert.equal(tag.body!.get('ResourceType'), 'VIRTUALBORDERROUTER');
      assert.equal(tag.body!.get('ResourceId.1'), res.id);
      assert.deepEqual(res.attr('tags'), { Created: 'TF', For: 'Test' });
      await res.apply({ ...config, tags: { Created: 'TF-update', For: 'Test-update' } });
      const [untag] = r.provider.requestsFor('UntagResourcesForExpressConnect').slice(-1);
      assert.deepEqual(new Set([untag.body!.get('TagKey.1'), untag.body!.get('TagKey.2')]), new Set(['Created', 'For']));
      [tag] = r.provider.requestsFor('TagResourcesForExpressConnect').slice(-1);
      assert.equal(tag.body!.size, 7);
      assert.deepEqual(res.attr('tags'), { Created: 'TF-update', For: 'Test-update' });
      await res.apply(config);
      assert.deepEqual(res.attr('tags'), {});
      await res.importVerify(IMPORT_IGNORE);
      await res.destroy();
    },
  );

  replayTest(
    'everything at create (the _twin test), tags included: Tag.N on the create, then TagResourcesForExpressConnect',
    { follows: `${FILE} ${F.create}`, needs: ['G-2'] },
    async () => {
      const vlan = randomVlan();
      const { res, config } = await created({
        bandwidth: '100',
        circuit_code: '1024',
        description: 'tfaccexpressconnect' + vlan,
        detect_multiplier: '6',
        enable_ipv6: 'true',
        local_ipv6_gateway_ip: '2408:4004:cc:400::1',
        peer_ipv6_gateway_ip: '2408:4004:cc:400::2',
        peering_ipv6_subnet_mask: '2408:4004:cc:400::/56',
        min_rx_interval: '600',
        min_tx_interval: '600',
        mtu: '1500',
        sitelink_enable: 'true',
        status: 'active',
        vbr_owner_id: r.accountId,
        virtual_border_router_name: 'tfaccexpressconnect' + vlan,
        tags: { Created: 'TF', For: 'Test' },
      });
      const [create] = r.provider.requestsFor('CreateVirtualBorderRouter').slice(-1);
      assert.equal(create.body!.get('Tag.1.Key') !== undefined && create.body!.get('Tag.2.Value') !== undefined, true);
      assert.equal(create.body!.get('VbrOwnerId'), r.accountId);
      assert.equal(create.body!.get('EnableIpv6'), 'true');
      assert.deepEqual(res.attr('tags'), { Created: 'TF', For: 'Test' });
      await res.apply({ ...config, status: 'terminated' });
      await res.importVerify(IMPORT_IGNORE);
      await res.destroy();
    },
  );

  replayTest(
    'deleted out of band: refresh drops it from state; a Delete that still runs counts "not found" as done',
    { follows: `${FILE} ${F.read}, ${F.delete}` },
    async () => {
      const { res } = await created();
      await r.console.rpcPost('DeleteVirtualBorderRouter', null, { RegionId: REGION, VbrId: res.id }, true);
      const stale = structuredClone(res.state);
      // The VBR lingers as "deleting" for a moment: the Delete succeeds and its wait sees it go.
      assert.equal(await res.destroy({ refresh: false }), 'deleted');
      res.state = structuredClone(stale);
      assert.equal(await res.destroy({ refresh: false }), 'deleted');
      assert.equal(r.provider.requestsFor('DeleteVirtualBorderRouter').at(-1)!.status, 404);
      res.state = stale;
      assert.equal(await res.destroy(), 'already gone');
    },
  );

  replayTest(
    'TaskConflict on create is retried with the same ClientToken',
    { follows: `${FILE} ${F.create} (IsExpectedErrors TaskConflict)` },
    async () => {
      // vbrd does not produce TaskConflict: the answer is put in front of the server.
      r.provider.inject('CreateVirtualBorderRouter', {
        status: 400,
        body: { RequestId: 'injected', Code: 'TaskConflict', Message: 'The operation failed because of task conflict.' },
      });
      const { res } = await created();
      const creates = r.provider.requestsFor('CreateVirtualBorderRouter');
      assert.deepEqual(
        creates.map((c) => c.status),
        [400, 200],
      );
      assert.equal(creates[0].body!.get('ClientToken'), creates[1].body!.get('ClientToken'));
      await res.destroy();
    },
  );

  replayTest(
    'DependencyViolation.BgpGroup is retried until the BGP group on the VBR is gone',
    { follows: `${FILE} ${F.delete} (IsExpectedErrors DependencyViolation.BgpGroup)` },
    async () => {
      const { res } = await created();
      const group = (await r.console.rpcPost('CreateBgpGroup', null, { RegionId: REGION, RouterId: res.id, PeerAsn: 65001 }, true))
        .BgpGroupId as string;
      await until('the group Available', async () => {
        const o = await r.console.rpcPost('DescribeBgpGroups', null, { RegionId: REGION, BgpGroupId: group }, true);
        return (o.BgpGroups as { BgpGroup: { Status: string }[] }).BgpGroup[0]?.Status === 'Available';
      });
      // Once the provider has met the violation, the group goes; its retries must then get through.
      const removeGroupSoon = (async () => {
        await until('a DependencyViolation.BgpGroup answer', async () =>
          answered(r.provider, 'DeleteVirtualBorderRouter', 'DependencyViolation.BgpGroup'),
        );
        await r.console.rpcPost('DeleteBgpGroup', null, { RegionId: REGION, BgpGroupId: group }, true);
      })();
      await res.destroy();
      await removeGroupSoon;
      const codes = r.provider.requestsFor('DeleteVirtualBorderRouter').map((x) => x.response?.Code ?? 'ok');
      assert.ok(codes.includes('DependencyViolation.BgpGroup'), `retried on the code: ${codes.join(', ')}`);
      assert.equal(codes.at(-1), 'ok');
      const tokens = new Set(r.provider.requestsFor('DeleteVirtualBorderRouter').map((x) => x.body!.get('ClientToken')));
      assert.equal(tokens.size, 1, 'the same ClientToken on every try');
    },
  );
});
