// The seven data sources replayed against vbrd, with the values of the provider's data source tests
// (data_source_alicloud_*_test.go). A data source sets its list with error checking: one field of a
// JSON type its schema cannot take fails the whole read, as it would fail `terraform plan`.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe } from 'node:test';
import { replayTest } from './gaps.js';
import { bgpGroup, bgpNetwork, bgpPeer } from './provider/resources/bgp.js';
import {
  accessPoints,
  bgpGroups,
  bgpNetworks,
  bgpPeers,
  physicalConnections,
  physicalConnectionService,
  virtualBorderRouters,
} from './provider/resources/data-sources.js';
import { physicalConnection } from './provider/resources/physical-connection.js';
import type { ObjectValue } from './provider/resource-data.js';
import { readDataSource, TerraformResource, type DataSourceDef } from './provider/terraform.js';
import { ACCESS_POINT, accName, startReplay, testVbr, type Replay } from './support.js';

const follows = (def: DataSourceDef) => `${def.file} ${def.functions.read}`;

describe('data sources', () => {
  let r: Replay;
  before(async () => (r = await startReplay()));
  after(() => r.close());
  beforeEach(() => (r.provider.sent.length = 0));

  const read = async (def: DataSourceDef, config: Record<string, unknown>) => (await readDataSource(def, r.provider, config)).attrs;
  const list = (attrs: Record<string, unknown>, k: string) => attrs[k] as ObjectValue[];

  replayTest(
    'alicloud_express_connect_access_points: by name, id and status; a status no point has finds none',
    { follows: follows(accessPoints) },
    async () => {
      for (const config of [{ ids: [ACCESS_POINT] }, { ids: [ACCESS_POINT], status: 'recommended' }]) {
        const attrs = await read(accessPoints, config);
        assert.deepEqual(attrs.ids, [ACCESS_POINT]);
        const [p] = list(attrs, 'points');
        assert.notEqual(p.access_point_name, '');
        for (const k of ['attached_region_no', 'description', 'host_operator']) assert.notEqual(p[k], '', k);
        assert.equal(p.status, 'recommended');
        assert.equal(p.type, 'VPC');
        assert.ok((p.access_point_feature_models as ObjectValue[]).length > 0);
      }
      assert.deepEqual((await read(accessPoints, { ids: [ACCESS_POINT], status: 'full' })).ids, []);
      const [call] = r.provider.requestsFor('DescribeAccessPoints');
      assert.deepEqual(Object.fromEntries(call.body!), { RegionId: 'cn-hangzhou', PageSize: '50', PageNumber: '1' });
    },
  );

  replayTest(
    "alicloud_express_connect_access_points by the test's Chinese name finds nothing: names come in English unless asked (G-24, decided)",
    { follows: follows(accessPoints) },
    async () => {
      // The provider sends no AcceptLanguage; both of Alibaba's references give en-US as its default.
      assert.deepEqual((await read(accessPoints, { name_regex: '杭州-余杭-B' })).ids, []);
      const attrs = await read(accessPoints, { name_regex: 'Hangzhou-Yuhang-B' });
      assert.deepEqual(attrs.ids, [ACCESS_POINT]);
      assert.equal(list(attrs, 'points')[0].access_point_name, 'Hangzhou-Yuhang-B');
    },
  );

  replayTest(
    'alicloud_express_connect_physical_connections: an Allocated circuit by id, name and status',
    { follows: follows(physicalConnections) },
    async () => {
      const name = accName('expressconnectphysicalconnection');
      const circuit = new TerraformResource(physicalConnection, r.provider);
      await circuit.apply({
        access_point_id: ACCESS_POINT,
        line_operator: 'CT',
        peer_location: name,
        physical_connection_name: name,
        type: 'VPC',
        description: 'my domestic connection',
        port_type: '1000Base-LX',
        bandwidth: '100',
      });
      const attrs = await read(physicalConnections, { ids: [circuit.id], name_regex: name, status: 'Allocated' });
      assert.deepEqual(attrs.ids, [circuit.id]);
      assert.deepEqual(attrs.names, [name]);
      const [c] = list(attrs, 'connections');
      for (const k of [
        'ad_location',
        'bandwidth',
        'business_status',
        'create_time',
        'description',
        'has_reservation_data',
        'line_operator',
        'peer_location',
        'port_number',
        'port_type',
        'spec',
        'status',
        'type',
      ])
        assert.notEqual(c[k], '', k);
      for (const k of [
        'circuit_code',
        'enabled_time',
        'end_time',
        'redundant_physical_connection_id',
        'reservation_active_time',
        'reservation_internet_charge_type',
        'reservation_order_type',
      ])
        assert.equal(c[k], '', k);
      assert.equal(c.bandwidth, '100');
      assert.deepEqual((await read(physicalConnections, { ids: [circuit.id], status: 'Approved' })).ids, []);
      await circuit.destroy();
    },
  );

  replayTest(
    'alicloud_express_connect_physical_connection_service: On opens it (already open is success), Off sends nothing',
    { follows: follows(physicalConnectionService) },
    async () => {
      const on = await readDataSource(physicalConnectionService, r.provider, { enable: 'On' });
      assert.equal(on.id, 'PhysicalConnectionServiceHasBeenOpened');
      assert.equal(on.attrs.status, 'Opened');
      const [open] = r.provider.requestsFor('OpenPhysicalConnectionService');
      assert.equal(
        open.response!.Code,
        'InvalidOperation.OrderOpened',
        'the seed opened it already: the provider takes the error as success',
      );
      r.provider.sent.length = 0;
      const off = await readDataSource(physicalConnectionService, r.provider, {});
      assert.equal(off.id, 'PhysicalConnectionServiceHasNotBeenOpened');
      assert.equal(r.provider.sent.length, 0);
    },
  );

  replayTest(
    'alicloud_express_connect_virtual_border_routers: filtered by circuit and VBR id, by status',
    { follows: follows(virtualBorderRouters) },
    async () => {
      const vbr = await testVbr(r);
      const circuit = vbr.attr('physical_connection_id') as string;
      const attrs = await read(virtualBorderRouters, {
        filter: [
          { key: 'PhysicalConnectionId', values: [circuit] },
          { key: 'VbrId', values: [vbr.id] },
        ],
        ids: [vbr.id],
        status: 'active',
      });
      const [call] = r.provider.requestsFor('DescribeVirtualBorderRouters').slice(-1);
      assert.equal(call.body!.get('Filter.2.Value.1'), vbr.id);
      assert.equal(call.body!.has('IncludeCrossAccountVbr'), false);
      assert.deepEqual(attrs.ids, [vbr.id]);
      const [v] = list(attrs, 'routers');
      for (const k of [
        'activation_time',
        'access_point_id',
        'create_time',
        'physical_connection_business_status',
        'physical_connection_owner_uid',
        'physical_connection_status',
        'route_table_id',
        'vlan_interface_id',
      ])
        assert.notEqual(v[k], '', k);
      for (const k of [
        'circuit_code',
        'cloud_box_instance_id',
        'description',
        'ecc_id',
        'local_ipv6_gateway_ip',
        'payment_vbr_expire_time',
        'peer_ipv6_gateway_ip',
        'recovery_time',
        'termination_time',
      ])
        assert.equal(v[k], '', k);
      assert.equal(v.detect_multiplier, 10);
      assert.equal(v.enable_ipv6, false);
      assert.equal(v.min_rx_interval, 1000);
      assert.equal(v.min_tx_interval, 1000);
      assert.deepEqual((await read(virtualBorderRouters, { ids: [vbr.id], status: 'terminated' })).ids, []);
      await vbr.destroy();
    },
  );

  replayTest(
    "alicloud_vpc_bgp_groups: the test's group by id, name, router and status",
    { follows: follows(bgpGroups), needs: ['G-10'] },
    async () => {
      const vbr = await testVbr(r);
      const name = 'tf-testAccBgpGroup-' + Math.floor(Math.random() * 1e5);
      const group = new TerraformResource(bgpGroup, r.provider);
      await group.apply({
        router_id: vbr.id,
        auth_key: 'YourPassword+12345678',
        bgp_group_name: name,
        description: name,
        local_asn: '64512',
        peer_asn: '1111',
      });
      try {
        const attrs = await read(bgpGroups, { ids: [group.id], name_regex: name, router_id: vbr.id, status: 'Available' });
        const [g] = list(attrs, 'groups');
        assert.equal(g.auth_key, 'YourPassword+12345678');
        assert.equal(g.local_asn, 64512);
        assert.equal(g.peer_asn, 1111);
        assert.equal(g.is_fake_asn, false);
        for (const k of ['hold', 'ip_version', 'keepalive', 'route_limit']) assert.notEqual(g[k], '', k);
        assert.deepEqual((await read(bgpGroups, { ids: [group.id], status: 'Deleting' })).ids, []);
      } finally {
        await group.destroy();
        await vbr.destroy();
      }
    },
  );

  replayTest('alicloud_vpc_bgp_peers: a BFD peer by group, id, router and status', { follows: follows(bgpPeers) }, async () => {
    const vbr = await testVbr(r);
    const group = new TerraformResource(bgpGroup, r.provider);
    await group.apply({ router_id: vbr.id, auth_key: 'YourPassword+12345678', local_asn: '64512', peer_asn: '1111' });
    const peer = new TerraformResource(bgpPeer, r.provider);
    await peer.apply({ bgp_group_id: group.id, bfd_multi_hop: '10', enable_bfd: 'true', peer_ip_address: '1.1.1.1' });
    const attrs = await read(bgpPeers, { bgp_group_id: group.id, ids: [peer.id], router_id: vbr.id, status: 'Available' });
    const [call] = r.provider.requestsFor('DescribeBgpPeers').slice(-1);
    assert.equal(call.body!.get('PageSize'), '20');
    assert.equal(call.body!.get('BgpGroupId'), group.id, 'the data source sends its parameters in the body, not the query');
    const [p] = list(attrs, 'peers');
    assert.equal(p.bfd_multi_hop, 10);
    assert.equal(p.enable_bfd, true);
    assert.equal(p.status, 'Available');
    for (const k of ['hold', 'is_fake', 'keepalive', 'local_asn', 'peer_asn', 'route_limit', 'router_id', 'bgp_status'])
      assert.notEqual(p[k] ?? '', '', k);
    assert.deepEqual((await read(bgpPeers, { ids: [peer.id], status: 'Deleting' })).ids, []);
    await peer.destroy();
    await group.destroy();
    await vbr.destroy();
  });

  replayTest(
    "alicloud_vpc_bgp_peers with the test's own values: ip_version IPV4, empty peer name and description",
    { follows: follows(bgpPeers), needs: ['G-11', 'G-12'] },
    async () => {
      const vbr = await testVbr(r);
      const group = new TerraformResource(bgpGroup, r.provider);
      await group.apply({ router_id: vbr.id, bgp_group_name: 'tf-testAccBgpGroup', description: 'tf-testAccBgpGroup', peer_asn: '1111' });
      const peer = new TerraformResource(bgpPeer, r.provider);
      try {
        await peer.apply(
          { bgp_group_id: group.id, bfd_multi_hop: '10', enable_bfd: 'true', ip_version: 'IPV4', peer_ip_address: '1.1.1.1' },
          { expectEmptyPlan: false },
        );
        const [p] = list(await read(bgpPeers, { ids: [peer.id] }), 'peers');
        assert.equal(p.ip_version, 'IPV4');
        assert.equal(p.bgp_peer_name, '');
        assert.equal(p.description, '');
      } finally {
        if (peer.state) await peer.destroy();
        await group.destroy();
        await vbr.destroy();
      }
    },
  );

  replayTest('alicloud_vpc_bgp_networks: by id ("<router>:<cidr>"), router and status', { follows: follows(bgpNetworks) }, async () => {
    const vbr = await testVbr(r);
    const network = new TerraformResource(bgpNetwork, r.provider);
    await network.apply({ dst_cidr_block: '192.168.0.0/24', router_id: vbr.id });
    const attrs = await read(bgpNetworks, { ids: [network.id], router_id: vbr.id, status: 'Available' });
    assert.deepEqual(attrs.ids, [`${vbr.id}:192.168.0.0/24`]);
    const [n] = list(attrs, 'networks');
    assert.deepEqual(n, { id: network.id, dst_cidr_block: '192.168.0.0/24', router_id: vbr.id, status: 'Available' });
    assert.deepEqual((await read(bgpNetworks, { ids: [network.id], status: 'Pending' })).ids, []);
    await network.destroy();
    await vbr.destroy();
  });

  replayTest(
    "alicloud_vpc_bgp_networks with the test's own network 192.168.0.1, echoed as written",
    { follows: follows(bgpNetworks), needs: ['G-17'] },
    async () => {
      const vbr = await testVbr(r);
      const network = new TerraformResource(bgpNetwork, r.provider);
      try {
        await network.apply({ dst_cidr_block: '192.168.0.1', router_id: vbr.id });
        const [n] = list(await read(bgpNetworks, { ids: [network.id] }), 'networks');
        assert.equal(n.dst_cidr_block, '192.168.0.1');
      } finally {
        if (network.state) await network.destroy();
        await vbr.destroy();
      }
    },
  );
});
