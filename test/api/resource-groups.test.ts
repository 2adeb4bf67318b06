// Resource groups through the official SDK: the default group of each account (made up, or the seed's),
// ResourceGroupId on the creates and in the Describe answers, filtering by it, ChangeResourceGroup, and
// the errors for a group that is not the account's.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { $Vpc, errorCode, startHarness, waitFor, type Harness, type VpcClient } from '../support/harness.js';
import { TENANT, circuitStatus, createVbr, enabledCircuit, openService, tenantClient } from '../support/express-connect.js';

const R = 'cn-hangzhou';
const TENANT_DEFAULT = 'rg-acfmtenantdefault';
const TENANT_PROD = 'rg-acfmtenantprod';
const ROOT_PROD = 'rg-acfmrootprod';

async function vbrGroup(vpc: VpcClient, id: string): Promise<string | undefined> {
  const r = await vpc.describeVirtualBorderRouters(
    new $Vpc.DescribeVirtualBorderRoutersRequest({
      regionId: R,
      filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [id] })],
    }),
  );
  return r.body!.virtualBorderRouterSet!.virtualBorderRouterType![0].resourceGroupId;
}

async function circuitGroup(vpc: VpcClient, id: string): Promise<string | undefined> {
  const r = await vpc.describePhysicalConnections(
    new $Vpc.DescribePhysicalConnectionsRequest({
      regionId: R,
      filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'PhysicalConnectionId', value: [id] })],
    }),
  );
  return r.body!.physicalConnectionSet!.physicalConnectionType![0].resourceGroupId;
}

function change(vpc: VpcClient, resourceType: string, resourceId: string, newResourceGroupId: string) {
  return vpc.changeResourceGroup(new $Vpc.ChangeResourceGroupRequest({ regionId: R, resourceType, resourceId, newResourceGroupId }));
}

describe('resource groups', () => {
  let h: Harness;
  let tenant: VpcClient;
  let circuit: string;
  let rootDefault: string;
  before(async () => {
    h = await startHarness({
      seed: {
        accounts: [
          {
            accountId: TENANT.accountId,
            accessKeys: [{ accessKeyId: TENANT.accessKeyId, accessKeySecret: TENANT.accessKeySecret }],
          },
        ],
        resourceGroups: [
          { resourceGroupId: TENANT_DEFAULT, accountId: TENANT.accountId, name: 'default', default: true },
          { resourceGroupId: TENANT_PROD, accountId: TENANT.accountId, name: 'prod' },
          { resourceGroupId: ROOT_PROD, accountId: '1000000000000001', name: 'prod' },
        ],
        quotas: { physicalConnectionsPerAccessPoint: 10, unfinishedPhysicalConnections: 10 },
        timings: { physicalConnectionAllocateMs: 30, physicalConnectionTransitionMs: 30, vbrTransitionMs: 30 },
      },
    });
    tenant = tenantClient(h);
    await openService(h.vpc);
    await openService(tenant);
    circuit = await enabledCircuit(h.vpc);
    rootDefault = (await circuitGroup(h.vpc, circuit))!;
  });
  after(async () => {
    await h.close();
  });

  it('a resource created without ResourceGroupId is in its account’s default group', async () => {
    // The root account's default is made up, shaped like Alibaba's; the tenant's is the seed's.
    assert.match(rootDefault, /^rg-acfm[a-z0-9]{11}$/);
    const vbr = await createVbr(h.vpc, circuit, 10);
    assert.equal(await vbrGroup(h.vpc, vbr), rootDefault);
    const tenantCircuit = await enabledCircuit(tenant, { accessPointId: 'ap-cn-hangzhou-xx-C' });
    assert.equal(await circuitGroup(tenant, tenantCircuit), TENANT_DEFAULT);
    // A VBR the circuit owner builds for another account is that account's, in that account's group.
    const cross = await h.vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: R,
        physicalConnectionId: circuit,
        vlanId: 11,
        vbrOwnerId: Number(TENANT.accountId),
      }),
    );
    assert.equal(await vbrGroup(tenant, cross.body!.vbrId!), TENANT_DEFAULT);
  });

  it('takes one of the account’s groups on create, filters by it, and moves with ChangeResourceGroup', async () => {
    const id = (
      await h.vpc.createPhysicalConnection(
        new $Vpc.CreatePhysicalConnectionRequest({
          regionId: R,
          accessPointId: 'ap-cn-hangzhou-yh-B',
          lineOperator: 'CT',
          resourceGroupId: ROOT_PROD,
        }),
      )
    ).body!.physicalConnectionId!;
    assert.equal(await circuitGroup(h.vpc, id), ROOT_PROD);
    const vbr = await createVbr(h.vpc, circuit, 12, { localGatewayIp: '10.0.1.1', peerGatewayIp: '10.0.1.2', resourceGroupId: ROOT_PROD });
    assert.equal(await vbrGroup(h.vpc, vbr), ROOT_PROD);
    const inProd = await h.vpc.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: R, resourceGroupId: ROOT_PROD }),
    );
    assert.deepEqual(
      inProd.body!.virtualBorderRouterSet!.virtualBorderRouterType!.map((v) => v.vbrId),
      [vbr],
    );
    // Terraform's resource_group_id change: ChangeResourceGroup, no ClientToken, no waiter.
    await change(h.vpc, 'VIRTUALBORDERROUTER', vbr, rootDefault);
    assert.equal(await vbrGroup(h.vpc, vbr), rootDefault);
    await change(h.vpc, 'VIRTUALBORDERROUTER', vbr, rootDefault); // the same group again: nothing to do
    await change(h.vpc, 'PHYSICALCONNECTION', id, rootDefault);
    assert.equal(await circuitGroup(h.vpc, id), rootDefault);
    const inDefault = await h.vpc.describePhysicalConnections(
      new $Vpc.DescribePhysicalConnectionsRequest({ regionId: R, resourceGroupId: ROOT_PROD }),
    );
    assert.deepEqual(inDefault.body!.physicalConnectionSet!.physicalConnectionType!, []);
    await waitFor(async () => (await circuitStatus(h.vpc, id)) === 'Allocated', 5000, 'Allocated');
  });

  it('refuses a group that is not the account’s, and resources that are not the caller’s', async () => {
    const vbr = await createVbr(h.vpc, circuit, 13, { localGatewayIp: '10.0.2.1', peerGatewayIp: '10.0.2.2' });
    const cases: [() => Promise<unknown>, string][] = [
      [
        () =>
          h.vpc.createPhysicalConnection(
            new $Vpc.CreatePhysicalConnectionRequest({
              regionId: R,
              accessPointId: 'ap-cn-hangzhou-yh-B',
              lineOperator: 'CT',
              resourceGroupId: 'rg-acfmnosuchgroup',
            }),
          ),
        'InvalidResourceGroupId',
      ],
      [() => createVbr(h.vpc, circuit, 14, { resourceGroupId: TENANT_PROD }), 'InvalidResourceGroupId'],
      [
        () =>
          h.vpc.createVirtualPhysicalConnection(
            new $Vpc.CreateVirtualPhysicalConnectionRequest({
              regionId: R,
              physicalConnectionId: circuit,
              orderMode: 'PayByPhysicalConnectionOwner',
              vlanId: 90,
              spec: '50M',
              vpconnAliUid: Number(TENANT.accountId),
              resourceGroupId: TENANT_DEFAULT,
            }),
          ),
        'IllegalParam.ResourceGroupId',
      ],
      [() => change(h.vpc, 'VIRTUALBORDERROUTER', vbr, TENANT_PROD), 'InvalidResourceGroupId'],
      [() => change(h.vpc, 'VBR', vbr, rootDefault), 'ResourceType.Unknown'],
      [() => change(h.vpc, 'PHYSICALCONNECTION', vbr, rootDefault), 'InvalidInstanceId.NotFound'],
      [() => change(tenant, 'VIRTUALBORDERROUTER', vbr, TENANT_PROD), 'InvalidInstanceId.NotFound'],
      [() => change(h.vpc, 'ROUTERINTERFACE', 'ri-doesnotexist', rootDefault), 'InvalidInstanceId.NotFound'],
    ];
    for (const [call, code] of cases) {
      const e = await errorCode(call());
      assert.equal(e.code, code);
      assert.equal(e.statusCode, 400, code);
    }
    assert.equal(await vbrGroup(h.vpc, vbr), rootDefault);
  });

  it('a hosted connection is filed in the partner’s group, where the partner lists it', async () => {
    const created = await h.vpc.createVirtualPhysicalConnection(
      new $Vpc.CreateVirtualPhysicalConnectionRequest({
        regionId: R,
        physicalConnectionId: circuit,
        orderMode: 'PayByPhysicalConnectionOwner',
        vlanId: 91,
        spec: '50M',
        vpconnAliUid: Number(TENANT.accountId),
      }),
    );
    const vp = created.body!.virtualPhysicalConnection!;
    const listed = await h.vpc.listVirtualPhysicalConnections(
      new $Vpc.ListVirtualPhysicalConnectionsRequest({ regionId: R, virtualPhysicalConnectionIds: [vp] }),
    );
    assert.equal(listed.body!.virtualPhysicalConnections![0].resourceGroupId, rootDefault);
  });
});
