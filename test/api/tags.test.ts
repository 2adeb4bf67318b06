// Tags of Express Connect resources through the official SDK: TagResourcesForExpressConnect,
// UntagResourcesForExpressConnect and ListTagResourcesForExpressConnect on circuits and VBRs, the Tags the
// Describe actions show and filter by, the create actions' Tag.N, and every documented error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { $Vpc, errorCode, type Harness, type VpcClient } from '../support/harness.js';
import { TENANT, createVbr, enabledCircuit, openService, raw, startFastHarness, tenantClient } from '../support/express-connect.js';

const R = 'cn-hangzhou';

type KV = [string, string];

function tag(vpc: VpcClient, type: string, ids: string[], tags: KV[]) {
  return vpc.tagResourcesForExpressConnect(
    new $Vpc.TagResourcesForExpressConnectRequest({
      regionId: R,
      resourceType: type,
      resourceId: ids,
      tag: tags.map(([key, value]) => new $Vpc.TagResourcesForExpressConnectRequestTag({ key, value })),
    }),
  );
}

function untag(vpc: VpcClient, type: string, ids: string[], keys?: string[], all?: boolean) {
  return vpc.untagResourcesForExpressConnect(
    new $Vpc.UntagResourcesForExpressConnectRequest({ regionId: R, resourceType: type, resourceId: ids, tagKey: keys, all }),
  );
}

async function list(vpc: VpcClient, type: string, opts: { ids?: string[]; tags?: [string, string?][]; max?: number; next?: string }) {
  const r = await vpc.listTagResourcesForExpressConnect(
    new $Vpc.ListTagResourcesForExpressConnectRequest({
      regionId: R,
      resourceType: type,
      resourceId: opts.ids,
      tag: opts.tags?.map(([key, value]) => new $Vpc.ListTagResourcesForExpressConnectRequestTag({ key, value })),
      maxResults: opts.max,
      nextToken: opts.next,
    }),
  );
  return {
    rows: r.body!.tagResources!.tagResource!.map((t) => [t.resourceId, t.resourceType, t.tagKey, t.tagValue]),
    next: r.body!.nextToken,
  };
}

async function vbrTags(vpc: VpcClient, id: string): Promise<KV[]> {
  const r = await vpc.describeVirtualBorderRouters(
    new $Vpc.DescribeVirtualBorderRoutersRequest({
      regionId: R,
      filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [id] })],
    }),
  );
  return r.body!.virtualBorderRouterSet!.virtualBorderRouterType![0].tags!.tags!.map((t) => [t.key!, t.value!]);
}

async function circuitTags(vpc: VpcClient, id: string): Promise<KV[]> {
  const r = await vpc.describePhysicalConnections(
    new $Vpc.DescribePhysicalConnectionsRequest({
      regionId: R,
      filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'PhysicalConnectionId', value: [id] })],
    }),
  );
  return r.body!.physicalConnectionSet!.physicalConnectionType![0].tags!.tags!.map((t) => [t.key!, t.value!]);
}

describe('tags of circuits and VBRs', () => {
  let h: Harness;
  let tenant: VpcClient;
  let circuit: string;
  let vbr: string;
  let tenantVbr: string;
  before(async () => {
    h = await startFastHarness({ physicalConnectionsPerAccessPoint: 10, unfinishedPhysicalConnections: 10 });
    tenant = tenantClient(h);
    await openService(h.vpc);
    await openService(tenant);
    circuit = await enabledCircuit(h.vpc);
    vbr = await createVbr(h.vpc, circuit, 10);
    tenantVbr = await createVbr(tenant, await enabledCircuit(tenant, { accessPointId: 'ap-cn-hangzhou-xx-C' }), 10);
  });
  after(async () => {
    await h.close();
  });

  it('walks a VBR’s tags the way Terraform does: Tag.N at create, tag all, untag the changed, remove', async () => {
    // Terraform's CreateVirtualBorderRouter sends Tag.N (Alibaba documents Tags.N): both are taken.
    const created = await raw(h, 'CreateVirtualBorderRouter', {
      RegionId: R,
      PhysicalConnectionId: circuit,
      VlanId: 20,
      LocalGatewayIp: '10.0.1.1',
      PeerGatewayIp: '10.0.1.2',
      PeeringSubnetMask: '255.255.255.252',
      'Tag.1.Key': 'Created',
      'Tag.1.Value': 'TF',
    });
    const id = created.VbrId as string;
    assert.deepEqual(await vbrTags(h.vpc, id), [['Created', 'TF']]);
    // SetResourceTags on create: the whole map is (re)bound.
    await tag(
      h.vpc,
      'VIRTUALBORDERROUTER',
      [id],
      [
        ['Created', 'TF'],
        ['For', 'Test'],
      ],
    );
    assert.deepEqual(await vbrTags(h.vpc, id), [
      ['Created', 'TF'],
      ['For', 'Test'],
    ]);
    // A change: the changed keys are untagged, then the whole new map is tagged.
    await untag(h.vpc, 'VIRTUALBORDERROUTER', [id], ['Created', 'For']);
    await tag(
      h.vpc,
      'VIRTUALBORDERROUTER',
      [id],
      [
        ['Created', 'TF-update'],
        ['For', 'Test-update'],
      ],
    );
    assert.deepEqual(await vbrTags(h.vpc, id), [
      ['Created', 'TF-update'],
      ['For', 'Test-update'],
    ]);
    // Rebinding a key it has takes the new value, without an error.
    await tag(h.vpc, 'VIRTUALBORDERROUTER', [id], [['For', 'again']]);
    assert.deepEqual(await vbrTags(h.vpc, id), [
      ['Created', 'TF-update'],
      ['For', 'again'],
    ]);
    // Tags removed from the configuration.
    await untag(h.vpc, 'VIRTUALBORDERROUTER', [id], ['Created', 'For', 'never-there']);
    assert.deepEqual(await vbrTags(h.vpc, id), []);
    // The documented Tags.N still works, and the Tags filter of the list finds it.
    const other = await createVbr(h.vpc, circuit, 21, {
      localGatewayIp: '10.0.2.1',
      peerGatewayIp: '10.0.2.2',
      tags: [new $Vpc.CreateVirtualBorderRouterRequestTags({ key: 'env', value: 'prod' })],
    });
    const byTag = await h.vpc.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({
        regionId: R,
        tags: [new $Vpc.DescribeVirtualBorderRoutersRequestTags({ key: 'env', value: 'prod' })],
      }),
    );
    assert.deepEqual(
      byTag.body!.virtualBorderRouterSet!.virtualBorderRouterType!.map((v) => v.vbrId),
      [other],
    );
  });

  it('tags circuits (PHYSICALCONNECTION), several at once, and All removes every tag', async () => {
    const second = await enabledCircuit(h.vpc);
    await tag(
      h.vpc,
      'PHYSICALCONNECTION',
      [circuit, second],
      [
        ['team', 'net'],
        ['cost', ''],
      ],
    );
    assert.deepEqual(await circuitTags(h.vpc, second), [
      ['team', 'net'],
      ['cost', ''],
    ]);
    const filtered = await h.vpc.describePhysicalConnections(
      new $Vpc.DescribePhysicalConnectionsRequest({
        regionId: R,
        tags: [new $Vpc.DescribePhysicalConnectionsRequestTags({ key: 'team', value: 'net' })],
      }),
    );
    assert.deepEqual(
      filtered.body!.physicalConnectionSet!.physicalConnectionType!.map((c) => c.physicalConnectionId).sort(),
      [circuit, second].sort(),
    );
    // All with no key named removes everything; with keys named, just those.
    await untag(h.vpc, 'PHYSICALCONNECTION', [second], ['cost'], true);
    assert.deepEqual(await circuitTags(h.vpc, second), [['team', 'net']]);
    await untag(h.vpc, 'PHYSICALCONNECTION', [second], undefined, true);
    assert.deepEqual(await circuitTags(h.vpc, second), []);
    // Neither keys nor All: nothing is removed.
    await untag(h.vpc, 'PHYSICALCONNECTION', [circuit]);
    assert.equal((await circuitTags(h.vpc, circuit)).length, 2);
    await untag(h.vpc, 'PHYSICALCONNECTION', [circuit], undefined, true);
  });

  it('lists by resource, by tag key alone, by key and value; pages with MaxResults and NextToken', async () => {
    const a = await createVbr(h.vpc, circuit, 30, { localGatewayIp: '10.0.3.1', peerGatewayIp: '10.0.3.2' });
    const b = await createVbr(h.vpc, circuit, 31, { localGatewayIp: '10.0.4.1', peerGatewayIp: '10.0.4.2' });
    await tag(
      h.vpc,
      'VIRTUALBORDERROUTER',
      [a],
      [
        ['app', 'web'],
        ['tier', 'gold'],
      ],
    );
    await tag(h.vpc, 'VIRTUALBORDERROUTER', [b], [['app', 'db']]);
    const T = 'VIRTUALBORDERROUTER';
    assert.deepEqual((await list(h.vpc, T, { ids: [a] })).rows, [
      [a, T, 'app', 'web'],
      [a, T, 'tier', 'gold'],
    ]);
    // A key alone: every value of that key (and only that key's rows).
    assert.deepEqual((await list(h.vpc, T, { tags: [['app']] })).rows, [
      [a, T, 'app', 'web'],
      [b, T, 'app', 'db'],
    ]);
    assert.deepEqual((await list(h.vpc, T, { tags: [['app', 'db']] })).rows, [[b, T, 'app', 'db']]);
    // Several pairs: the resources having all of them; ids and tags: the ids that have them.
    assert.deepEqual((await list(h.vpc, T, { tags: [['app'], ['tier', 'gold']] })).rows, [
      [a, T, 'app', 'web'],
      [a, T, 'tier', 'gold'],
    ]);
    assert.deepEqual((await list(h.vpc, T, { ids: [b], tags: [['tier']] })).rows, []);
    // Ids of no resource, or another account's, are not listed.
    assert.deepEqual((await list(h.vpc, T, { ids: [tenantVbr, 'vbr-doesnotexist00000000000'] })).rows, []);
    // Paging.
    const p1 = await list(h.vpc, T, { ids: [a, b], max: 2 });
    assert.equal(p1.rows.length, 2);
    assert.ok(p1.next);
    const p2 = await list(h.vpc, T, { ids: [a, b], max: 2, next: p1.next });
    assert.deepEqual(p2.rows, [[b, T, 'app', 'db']]);
    assert.equal(p2.next, '');
    // Neither ids nor tags.
    const both = await errorCode(list(h.vpc, T, {}));
    assert.equal(both.code, 'BothEmpty.TagsAndResources');
    assert.equal(both.statusCode, 403);
    const valueOnly = await errorCode(
      h.vpc.listTagResourcesForExpressConnect(
        new $Vpc.ListTagResourcesForExpressConnectRequest({
          regionId: R,
          resourceType: T,
          tag: [new $Vpc.ListTagResourcesForExpressConnectRequestTag({ value: 'web' })],
        }),
      ),
    );
    assert.equal(valueOnly.code, 'MissingParameter.TagKey');
    assert.equal((await errorCode(list(h.vpc, T, { ids: [a], max: 101 }))).code, 'InvalidParameter');
  });

  it('refuses with Alibaba’s codes, and one bad resource changes none', async () => {
    const cases: [() => Promise<unknown>, string, number][] = [
      [() => tag(h.vpc, 'virtualborderrouter', [vbr], [['k', 'v']]), 'InvalidInstanceType.NotFound', 400],
      [() => tag(h.vpc, 'VPC', [vbr], [['k', 'v']]), 'InvalidInstanceType.NotFound', 400],
      [() => tag(h.vpc, 'VIRTUALBORDERROUTER', [vbr, tenantVbr], [['k', 'v']]), 'InvalidInstanceIds.NotFound', 400],
      [() => tag(h.vpc, 'PHYSICALCONNECTION', [vbr], [['k', 'v']]), 'InvalidInstanceIds.NotFound', 400],
      [() => tag(h.vpc, 'ROUTERINTERFACE', ['ri-doesnotexist'], [['k', 'v']]), 'InvalidInstanceIds.NotFound', 400],
      [() => tag(h.vpc, 'VIRTUALBORDERROUTER', [vbr], [['aliyun:x', 'v']]), 'Forbidden.TagKeys', 400],
      [() => tag(h.vpc, 'VIRTUALBORDERROUTER', [vbr], [['', 'v']]), 'MissingParameter.TagKey', 400],
      [() => tag(h.vpc, 'VIRTUALBORDERROUTER', [vbr], [['k'.repeat(129), 'v']]), 'InvalidTagKey', 400],
      [() => tag(h.vpc, 'VIRTUALBORDERROUTER', [vbr], [['k', 'https://x']]), 'InvalidTagValue', 400],
      [
        () =>
          tag(
            h.vpc,
            'VIRTUALBORDERROUTER',
            [vbr],
            [
              ['k', '1'],
              ['k', '2'],
            ],
          ),
        'Forbidden.TagKey.Duplicated',
        400,
      ],
      [
        () =>
          tag(
            h.vpc,
            'VIRTUALBORDERROUTER',
            [vbr],
            Array.from({ length: 21 }, (_, i): KV => [`k${i}`, '']),
          ),
        'SizeLimitExceeded.TagNum',
        400,
      ],
      [
        () =>
          tag(
            h.vpc,
            'VIRTUALBORDERROUTER',
            Array.from({ length: 21 }, (_, i) => `vbr-${i}`),
            [['k', 'v']],
          ),
        'SizeLimitExceeded.ResourceId',
        400,
      ],
      [() => untag(h.vpc, 'VIRTUALBORDERROUTER', [vbr], ['acs:x']), 'Forbidden.TagKeys', 400],
      [() => untag(h.vpc, 'VIRTUALBORDERROUTER', ['vbr-doesnotexist00000000000'], ['k']), 'InvalidInstanceIds.NotFound', 400],
    ];
    for (const [call, code, status] of cases) {
      const e = await errorCode(call());
      assert.equal(e.code, code);
      assert.equal(e.statusCode, status, code);
    }
    assert.deepEqual(await vbrTags(h.vpc, vbr), [], 'nothing was bound by a refused call');
    assert.deepEqual(await vbrTags(tenant, tenantVbr), []);
    // Twenty per resource: a 21st key is over the quota, a known key is not.
    await tag(
      h.vpc,
      'VIRTUALBORDERROUTER',
      [vbr],
      Array.from({ length: 20 }, (_, i): KV => [`k${i}`, '']),
    );
    await tag(h.vpc, 'VIRTUALBORDERROUTER', [vbr], [['k0', 'changed']]);
    const over = await errorCode(tag(h.vpc, 'VIRTUALBORDERROUTER', [vbr], [['k20', '']]));
    assert.equal(over.code, 'QuotaExceeded.TagNum');
    assert.equal((await vbrTags(h.vpc, vbr)).length, 20);
  });

  it('a tenant tags its hosted connection; the partner sees the tags in ListVirtualPhysicalConnections', async () => {
    const created = await h.vpc.createVirtualPhysicalConnection(
      new $Vpc.CreateVirtualPhysicalConnectionRequest({
        regionId: R,
        physicalConnectionId: circuit,
        orderMode: 'PayByPhysicalConnectionOwner',
        vlanId: 77,
        spec: '50M',
        vpconnAliUid: Number(TENANT.accountId),
      }),
    );
    const vp = created.body!.virtualPhysicalConnection!;
    // The partner does not own it: for tagging it is not the partner's resource.
    assert.equal((await errorCode(tag(h.vpc, 'PHYSICALCONNECTION', [vp], [['k', 'v']]))).code, 'InvalidInstanceIds.NotFound');
    await tag(tenant, 'PHYSICALCONNECTION', [vp], [['owner', 'tenant']]);
    const listed = await h.vpc.listVirtualPhysicalConnections(
      new $Vpc.ListVirtualPhysicalConnectionsRequest({ regionId: R, virtualPhysicalConnectionIds: [vp] }),
    );
    assert.deepEqual(
      listed.body!.virtualPhysicalConnections![0].tags!.map((t) => [t.key, t.value]),
      [['owner', 'tenant']],
    );
  });
});
