// A VBR's route table through the official SDK, on the emulated data plane: DescribeRouteTableList and
// DescribeRouteTables find it by its filters, DescribeRouteEntryList lists its system routes (the peering
// subnets) and the routes its customer announces (the control API plays the customer), with filters,
// NextToken paging and the documented errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc, errorCode, startHarness, waitFor, type Harness } from '../support/harness.js';
import { availableGroup, insertVbr, peerStatus } from '../support/fixtures.js';

const R = 'cn-hangzhou';
const ACCOUNTS = [{ accountId: '1000000000000001', accessKeys: [], physicalConnectionServiceOpen: true }];

describe('VBR route tables', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ seed: { accounts: ACCOUNTS, timings: { bgpApplyMs: 5, simSessionUpMs: 5 } } });
  });
  after(() => h.close());

  const tableOf = async (vbrId: string): Promise<string> => {
    const r = await h.vpc.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({
        regionId: R,
        filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [vbrId] })],
      }),
    );
    return r.body!.virtualBorderRouterSet!.virtualBorderRouterType![0]!.routeTableId!;
  };
  const entries = async (req: Partial<$Vpc.DescribeRouteEntryListRequest>) =>
    (await h.vpc.describeRouteEntryList(new $Vpc.DescribeRouteEntryListRequest({ regionId: R, ...req }))).body!;

  /** A VBR with an Established peer whose customer announces `prefixes`. */
  const vbrWithRoutes = async (prefixes: string[], routeQuota?: number) => {
    const vbr = await insertVbr(h, { enableIpv6: true });
    const group = await availableGroup(h.vpc, vbr, { peerAsn: 65010, ...(routeQuota ? { routeQuota } : {}) });
    const peer = (await h.vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: group, peerIpAddress: '192.0.2.2' })))
      .body!.bgpPeerId!;
    await waitFor(async () => (await peerStatus(h.vpc, peer))?.bgpStatus === 'Established', 5000, 'peer Established');
    await h.vbrd.control.setRoutes(peer, { prefixes });
    return { vbr, peer, table: await tableOf(vbr) };
  };

  test('each VBR has one table in Alibaba’s shape, listed by DescribeRouteTableList and DescribeRouteTables with their filters', async () => {
    const a = await insertVbr(h);
    const b = await insertVbr(h);
    const [ta, tb] = [await tableOf(a), await tableOf(b)];
    assert.match(ta, /^vtb-[a-z0-9]{21}$/);
    const list = async (req: Partial<$Vpc.DescribeRouteTableListRequest>) =>
      (await h.vpc.describeRouteTableList(new $Vpc.DescribeRouteTableListRequest({ regionId: R, routerType: 'VBR', ...req }))).body!;
    const one = await list({ routerId: a });
    assert.equal(one.totalCount, 1);
    const row = one.routerTableList!.routerTableListType![0]!;
    assert.deepEqual(
      [row.routeTableId, row.routerId, row.routerType, row.routeTableType, row.status, String(row.ownerId)],
      [ta, a, 'VBR', 'System', 'Available', h.accountId],
    );
    assert.equal((await list({ routeTableId: tb })).routerTableList!.routerTableListType![0]!.routerId, b);
    const all = await list({ pageSize: 1 });
    assert.ok(all.totalCount! >= 2);
    assert.equal(all.routerTableList!.routerTableListType!.length, 1, 'one page of one');
    assert.equal((await list({ routerType: 'VRouter' })).totalCount, 0, 'vbrd has no VPC routers');
    assert.equal((await list({ vpcId: 'vpc-abcdefgh' })).totalCount, 0);
    assert.equal((await list({ routeTableType: 'Custom' })).totalCount, 0, 'a VBR table is a system table');
    assert.equal((await list({ routeTableName: 'named' })).totalCount, 0, 'a VBR table has no name');
    assert.equal((await errorCode(list({ routerType: 'Router' }))).code, 'InvalidParameter');

    const tables = (
      await h.vpc.describeRouteTables(new $Vpc.DescribeRouteTablesRequest({ regionId: R, routerType: 'VBR', routeTableId: ta }))
    ).body!;
    assert.equal(tables.totalCount, 1);
    const t = tables.routeTables!.routeTable![0]!;
    assert.deepEqual([t.routeTableId, t.VRouterId, t.routeTableType], [ta, a, 'System']);
    assert.deepEqual(
      t.routeEntrys!.routeEntry!.map((e) => [e.type, e.destinationCidrBlock, e.nextHopType]),
      [['System', '192.0.2.0/30', 'RouterInterface']],
    );
  });

  test('DescribeRouteEntryList: the peering subnets as system routes, the customer’s routes as BGP routes', async () => {
    const { vbr, peer, table } = await vbrWithRoutes(['198.51.100.0/24', '203.0.113.0/25', '2001:db8:100::/48']);
    const vlanInterface = (
      await h.vpc.describeVirtualBorderRouters(
        new $Vpc.DescribeVirtualBorderRoutersRequest({
          regionId: R,
          filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [vbr] })],
        }),
      )
    ).body!.virtualBorderRouterSet!.virtualBorderRouterType![0]!.vlanInterfaceId!;
    const body = await entries({ routeTableId: table, maxResult: 100 });
    const rows = body.routeEntrys!.routeEntry!.map((e) => [e.type, e.destinationCidrBlock, e.ipVersion, e.origin, e.status]);
    assert.deepEqual(rows, [
      ['System', '192.0.2.0/30', 'ipv4', 'SystemCreate', 'Available'],
      ['System', '2001:db8::/126', 'ipv6', 'SystemCreate', 'Available'],
      ['BGP', '198.51.100.0/24', 'ipv4', 'RoutePropagation', 'Available'],
      ['BGP', '2001:db8:100::/48', 'ipv6', 'RoutePropagation', 'Available'],
      ['BGP', '203.0.113.0/25', 'ipv4', 'RoutePropagation', 'Available'],
    ]);
    assert.equal(body.totalCount, 5);
    assert.equal(body.nextToken, '');
    const hop = body.routeEntrys!.routeEntry![2]!.nextHops!.nextHop![0]!;
    assert.deepEqual(
      [hop.nextHopType, hop.nextHopId, hop.nextHopRelatedInfo!.instanceType],
      ['RouterInterface', vlanInterface, 'PCONN'],
      'a learned route leaves by the router interface its next hop sits on',
    );
    assert.equal((await peerStatus(h.vpc, peer)).receivedRouteCount, 3);

    // Filters.
    const only = async (req: Partial<$Vpc.DescribeRouteEntryListRequest>) =>
      (await entries({ routeTableId: table, maxResult: 100, ...req })).routeEntrys!.routeEntry!.map((e) => e.destinationCidrBlock);
    assert.deepEqual(await only({ routeEntryType: 'System' }), ['192.0.2.0/30', '2001:db8::/126']);
    assert.deepEqual(await only({ routeEntryType: 'BGP', ipVersion: 'ipv6' }), ['2001:db8:100::/48']);
    assert.deepEqual(await only({ destinationCidrBlock: '198.51.100.0/24' }), ['198.51.100.0/24']);
    assert.deepEqual(await only({ destCidrBlockList: ['203.0.113.0/25', '192.0.2.0/30'] }), ['192.0.2.0/30', '203.0.113.0/25']);
    assert.deepEqual(await only({ routeEntryType: 'Custom' }), []);
    assert.equal((await only({ nextHopId: vlanInterface })).length, 5);
    assert.deepEqual(await only({ nextHopId: 'ri-someoneelses0000000' }), []);
    assert.deepEqual(await only({ serviceType: 'TR' }), []);

    // Paging by NextToken.
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await entries({ routeTableId: table, maxResult: 2, nextToken: token });
      assert.ok(page.routeEntrys!.routeEntry!.length <= 2);
      seen.push(...page.routeEntrys!.routeEntry!.map((e) => e.destinationCidrBlock!));
      token = page.nextToken || undefined;
    } while (token);
    assert.deepEqual(
      seen,
      rows.map((r) => r[1]),
    );

    // The customer withdraws: the BGP routes go.
    await h.vbrd.control.setRoutes(peer, { prefixes: ['198.51.100.0/24'] });
    assert.deepEqual(await only({ routeEntryType: 'BGP' }), ['198.51.100.0/24']);
  });

  test('DescribeRouteEntryList: the documented errors, and another account’s table looks missing', async () => {
    const { table } = await vbrWithRoutes([]);
    for (const [req, code] of [
      [{ routeTableId: 'vtb-nosuchtable00000000000' }, 'InvalidRouteTable.NotFound'],
      [{ routeTableId: table, routeEntryType: 'Static' }, 'IllegalParam.RouteEntryType'],
      [{ routeTableId: table, ipVersion: 'ipv5' }, 'IllegalParam.IpVersion'],
      [{ routeTableId: table, nextToken: 'garbage' }, 'IllegalParam.NextToken'],
      [{ routeTableId: table, nextToken: '99' }, 'IllegalParam.NextToken'],
      [{ routeTableId: table, maxResult: 101 }, 'InvalidParameter'],
    ] as const)
      assert.equal((await errorCode(entries(req))).code, code, JSON.stringify(req));
    const other = await insertVbr(h, { accountId: '1999999999999999' });
    const otherTable = (await h.vbrd.store.get<{ RouteTableId: string }>('VirtualBorderRouter', other))!.data.RouteTableId;
    assert.equal((await errorCode(entries({ routeTableId: otherTable }))).code, 'InvalidRouteTable.NotFound');
  });

  test('CreateRouteEntry / ModifyRouteEntry / DeleteRouteEntry: static routes via the VBR’s router interface, and the errors for the rest', async () => {
    const vbr = await insertVbr(h, { enableIpv6: true });
    const table = await tableOf(vbr);
    const ri = (await h.vbrd.store.get<{ VlanInterfaceId: string }>('VirtualBorderRouter', vbr))!.data.VlanInterfaceId;
    const create = (req: Partial<$Vpc.CreateRouteEntryRequest>) =>
      h.vpc.createRouteEntry(
        new $Vpc.CreateRouteEntryRequest({ regionId: R, routeTableId: table, nextHopType: 'RouterInterface', nextHopId: ri, ...req }),
      );
    const custom = async () =>
      (await entries({ routeTableId: table, routeEntryType: 'Custom', maxResult: 100 })).routeEntrys!.routeEntry!.map((e) => [
        e.destinationCidrBlock,
        e.status,
        e.routeEntryName,
      ]);
    const id = (await create({ destinationCidrBlock: '10.20.0.0/16', routeEntryName: 'to-dc', description: 'the data centre' })).body!
      .routeEntryId!;
    assert.match(id, /^rte-[a-z0-9]{21}$/);
    const v6 = (await create({ destinationCidrBlock: '2001:db8:200::/48' })).body!.routeEntryId!;
    await waitFor(async () => (await custom()).every((r) => r[1] === 'Available'), 5000, 'routes Available');
    assert.deepEqual(await custom(), [
      ['10.20.0.0/16', 'Available', 'to-dc'],
      ['2001:db8:200::/48', 'Available', ''],
    ]);
    const row = (await entries({ routeTableId: table, routeEntryId: id })).routeEntrys!.routeEntry![0]!;
    assert.deepEqual(
      [row.type, row.origin, row.description, row.nextHops!.nextHop![0]!.nextHopId],
      ['Custom', 'CustomCreate', 'the data centre', ri],
    );

    for (const [req, code] of [
      [{ destinationCidrBlock: '10.20.0.0/16' }, 'InvalidCIDRBlock.Duplicate'],
      [{ destinationCidrBlock: '10.30.0.1/16' }, 'InvalidCidrBlock.Malformed'],
      [{ destinationCidrBlock: '100.64.1.0/24' }, 'InvalidDestinationCidrBlock'],
      [{ destinationCidrBlock: '10.30.0.0/16', nextHopType: 'Instance', nextHopId: 'i-abc' }, 'InvalidNextHopType'],
      [{ destinationCidrBlock: '10.30.0.0/16', nextHopType: undefined }, 'InvalidNextHopType'],
      [{ destinationCidrBlock: '10.30.0.0/16', nextHopId: 'ri-notthisvbrs000000000' }, 'InvalidNextHopId.NotFound'],
      [{ destinationCidrBlock: '10.30.0.0/16', routeTableId: 'vtb-nosuchtable00000000000' }, 'InvalidRouteTableId.NotFound'],
      [
        {
          destinationCidrBlock: '10.30.0.0/16',
          nextHopType: undefined,
          nextHopId: undefined,
          nextHopList: [new $Vpc.CreateRouteEntryRequestNextHopList({ nextHopId: ri, nextHopType: 'RouterInterface' })],
        },
        'InvalidRouterType',
      ],
    ] as [Partial<$Vpc.CreateRouteEntryRequest>, string][])
      assert.equal((await errorCode(create(req))).code, code, JSON.stringify(req));
    const v4only = await insertVbr(h);
    const v4Table = await tableOf(v4only);
    const v4Ri = (await h.vbrd.store.get<{ VlanInterfaceId: string }>('VirtualBorderRouter', v4only))!.data.VlanInterfaceId;
    assert.equal(
      (await errorCode(create({ routeTableId: v4Table, nextHopId: v4Ri, destinationCidrBlock: '2001:db8:300::/48' }))).code,
      'OperationUnsupported.Ipv6ForVBR',
    );
    const down = await insertVbr(h, { status: 'terminated' });
    const downRi = (await h.vbrd.store.get<{ VlanInterfaceId: string }>('VirtualBorderRouter', down))!.data.VlanInterfaceId;
    assert.equal(
      (await errorCode(create({ routeTableId: await tableOf(down), nextHopId: downRi, destinationCidrBlock: '10.40.0.0/16' }))).code,
      'InvalidVBRStatus',
    );

    // The VBR cannot go while routes name its interface.
    assert.equal(
      (await errorCode(h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: vbr })))).code,
      'DependencyViolation.RouterInterfaceReferedByRouteEntry',
    );

    // Modify: name and description; a VBR route keeps its next hop.
    await h.vpc.modifyRouteEntry(new $Vpc.ModifyRouteEntryRequest({ regionId: R, routeEntryId: id, routeEntryName: 'renamed' }));
    assert.equal((await custom())[0]![2], 'renamed');
    const modify = (req: Partial<$Vpc.ModifyRouteEntryRequest>) =>
      h.vpc.modifyRouteEntry(new $Vpc.ModifyRouteEntryRequest({ regionId: R, routeEntryId: id, ...req }));
    assert.equal((await errorCode(modify({ newNextHopType: 'NatGateway', newNextHopId: 'ngw-1' }))).code, 'UnsupportedFeature.NextHopType');
    assert.equal((await errorCode(modify({ newNextHopType: 'RouterInterface' }))).code, 'IllegealParam.NextHopType');
    assert.equal((await errorCode(modify({ routeEntryName: 'http://x' }))).code, 'InvalidRouteEntryName.Malformed');
    assert.equal((await errorCode(modify({ routeEntryId: 'rte-nosuchentry0000000000' }))).code, 'InvalidRouteEntryId.NotFound');

    // Delete: by id, or by table and destination; a system route cannot be.
    const del = (req: Partial<$Vpc.DeleteRouteEntryRequest>) =>
      h.vpc.deleteRouteEntry(new $Vpc.DeleteRouteEntryRequest({ regionId: R, ...req }));
    assert.equal((await errorCode(del({ routeTableId: table, destinationCidrBlock: '192.0.2.0/30' }))).code, 'OperationDenied');
    assert.equal((await errorCode(del({ routeTableId: table, destinationCidrBlock: '10.99.0.0/16' }))).code, 'InvalidRouteEntry.NotFound');
    assert.equal(
      (await errorCode(del({ routeEntryId: id, destinationCidrBlock: '10.20.0.0/16' }))).code,
      'ParamExclusive.RouteEntryIdAndRouteTableIdOrDestCidrBlock',
    );
    await del({ routeEntryId: id });
    await del({ routeEntryId: id }); // a retried delete succeeds
    await del({ routeTableId: table, destinationCidrBlock: '2001:db8:200::/48', nextHopId: ri });
    await waitFor(async () => (await custom()).length === 0, 5000, 'routes gone');
    assert.equal((await errorCode(del({ routeEntryId: v6 }))).code, 'InvalidRouteEntryId.NotFound');
    await h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: vbr }));
  });

  test('the emulated data plane is handed the static routes, next hop the customer’s address', async () => {
    const vbr = await insertVbr(h);
    const table = await tableOf(vbr);
    const ri = (await h.vbrd.store.get<{ VlanInterfaceId: string }>('VirtualBorderRouter', vbr))!.data.VlanInterfaceId;
    await h.vpc.createRouteEntry(
      new $Vpc.CreateRouteEntryRequest({
        regionId: R,
        routeTableId: table,
        destinationCidrBlock: '10.50.0.1',
        nextHopType: 'RouterInterface',
        nextHopId: ri,
      }),
    );
    const { desiredVbr, loadSnapshot } = await import('../../src/reconcile/desired.js');
    const { AuthKeyBox } = await import('../../src/auth/auth-key-box.js');
    const { secretKey } = await import('../../src/auth/ram/secret-key.js');
    const authKeys = new AuthKeyBox(() => secretKey(h.config.dataDir));
    const d = await desiredVbr(h.vbrd.store, h.config.seed, await loadSnapshot(h.vbrd.store, vbr), authKeys);
    assert.deepEqual(d!.staticRoutes, [{ prefix: '10.50.0.1/32', nextHop: '192.0.2.2' }]);
    const [e] = (await entries({ routeTableId: table, routeEntryType: 'Custom' })).routeEntrys!.routeEntry!;
    assert.equal(e!.destinationCidrBlock, '10.50.0.1', 'read back as written');
  });

  test('a circuit whose interface a custom route leaves by cannot be unassociated from the VBR', async () => {
    const other = await insertVbr(h);
    const circuit = (await h.vbrd.store.get('VirtualBorderRouter', other))!.parentId!;
    const vbr = await insertVbr(h, {
      associations: [
        {
          PhysicalConnectionId: circuit,
          VlanId: 11,
          VlanInterfaceId: 'ri-associatedinterface00',
          CircuitCode: '',
          LocalGatewayIp: '198.51.100.5',
          PeerGatewayIp: '198.51.100.6',
          PeeringSubnetMask: '255.255.255.252',
          EnableIpv6: false,
          LocalIpv6GatewayIp: '',
          PeerIpv6GatewayIp: '',
          PeeringIpv6SubnetMask: '',
        },
      ],
    });
    const table = await tableOf(vbr);
    const id = (
      await h.vpc.createRouteEntry(
        new $Vpc.CreateRouteEntryRequest({
          regionId: R,
          routeTableId: table,
          destinationCidrBlock: '10.70.0.0/16',
          nextHopType: 'RouterInterface',
          nextHopId: 'ri-associatedinterface00',
        }),
      )
    ).body!.routeEntryId!;
    const unassociate = () =>
      h.vpc.unassociatePhysicalConnectionFromVirtualBorderRouter(
        new $Vpc.UnassociatePhysicalConnectionFromVirtualBorderRouterRequest({ regionId: R, vbrId: vbr, physicalConnectionId: circuit }),
      );
    assert.equal((await errorCode(unassociate())).code, 'ROUTER_INTERFACE_REFERED_BY_ROUTEENTRY');
    await waitFor(
      async () => (await entries({ routeTableId: table, routeEntryId: id })).routeEntrys!.routeEntry![0]?.status === 'Available',
      5000,
      'route Available',
    );
    await h.vpc.deleteRouteEntry(new $Vpc.DeleteRouteEntryRequest({ regionId: R, routeEntryId: id }));
    await waitFor(async () => (await entries({ routeTableId: table, routeEntryId: id })).totalCount === 0, 5000, 'route gone');
    await unassociate();
  });
});
