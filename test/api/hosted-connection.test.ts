// Hosted connections after their creation, through the official SDK: the partner's
// UpdateVirtualPhysicalConnection (VLAN, ExpectSpec kept apart from Spec), and who may delete one with
// DeletePhysicalConnection and when, as Terraform's virtual_physical_connection resource does it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { $Vpc, errorCode, startHarness, waitFor, type Harness, type VpcClient } from '../support/harness.js';
import { TENANT, circuitStatus, createVbr, enabledCircuit, openService, raw, tenantClient, vbrStatus } from '../support/express-connect.js';

const R = 'cn-hangzhou';
const OTHER = { accountId: '1000000000000003', accessKeyId: 'LTAIotherKey0003', accessKeySecret: 'other-secret-0003' };

function createHosted(vpc: VpcClient, parent: string, vlanId: number, spec = '50M') {
  return vpc
    .createVirtualPhysicalConnection(
      new $Vpc.CreateVirtualPhysicalConnectionRequest({
        regionId: R,
        physicalConnectionId: parent,
        orderMode: 'PayByPhysicalConnectionOwner',
        vlanId,
        spec,
        vpconnAliUid: Number(TENANT.accountId),
        name: 'amp_resource_test',
        description: 'amp_resource_test',
      }),
    )
    .then((r) => r.body!.virtualPhysicalConnection!);
}

function update(vpc: VpcClient, instanceId: string, vlanId: number, extra: Record<string, unknown> = {}) {
  return vpc.updateVirtualPhysicalConnection(
    new $Vpc.UpdateVirtualPhysicalConnectionRequest({ regionId: R, instanceId, vlanId, ...extra }),
  );
}

async function listed(vpc: VpcClient, id: string) {
  const r = await vpc.listVirtualPhysicalConnections(
    new $Vpc.ListVirtualPhysicalConnectionsRequest({ regionId: R, virtualPhysicalConnectionIds: [id] }),
  );
  return r.body!.virtualPhysicalConnections![0];
}

function deleteCircuit(vpc: VpcClient, id: string) {
  return vpc.deletePhysicalConnection(new $Vpc.DeletePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
}

describe('hosted connections: update and delete', () => {
  let h: Harness;
  let tenant: VpcClient;
  let other: VpcClient;
  let parent: string;
  before(async () => {
    h = await startHarness({
      seed: {
        accounts: [TENANT, OTHER].map((a) => ({
          accountId: a.accountId,
          accessKeys: [{ accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret }],
          physicalConnectionServiceOpen: true,
        })),
        quotas: { physicalConnectionsPerAccessPoint: 10, unfinishedPhysicalConnections: 10 },
        // Slow enough VBR steps to meet a VBR while it is terminating, also on a busy machine.
        timings: { physicalConnectionAllocateMs: 30, physicalConnectionTransitionMs: 30, vbrTransitionMs: 400 },
      },
    });
    tenant = tenantClient(h);
    other = h.clientFor(OTHER.accessKeyId, OTHER.accessKeySecret);
    await openService(h.vpc);
    parent = await enabledCircuit(h.vpc);
  });
  after(async () => {
    await h.close();
  });

  it('walks Terraform’s virtual_physical_connection: ExpectSpec apart from Spec, a VLAN change, the partner’s delete', async () => {
    const id = await createHosted(h.vpc, parent, 789);
    assert.equal((await listed(h.vpc, id)).expectSpec, '', 'no expectation until one is asked');
    // Terraform's request: no Token, the current VlanId, ExpectSpec; autoRetry off.
    const body = await raw(h, 'UpdateVirtualPhysicalConnection', { RegionId: R, InstanceId: id, VlanId: '789', ExpectSpec: '100M' });
    assert.equal(body.Success, 'true');
    let row = await listed(h.vpc, id);
    assert.deepEqual([row.spec, row.expectSpec, row.vlanId], ['50M', '100M', '789']);
    await update(h.vpc, id, 789, { expectSpec: '200M' });
    await update(h.vpc, id, 1124);
    row = await listed(h.vpc, id);
    assert.deepEqual([row.spec, row.expectSpec, row.vlanId, row.bandwidth], ['50M', '200M', '1124', 50]);
    // The tenant sees the same in DescribePhysicalConnections.
    const tenantView = await tenant.describePhysicalConnections(
      new $Vpc.DescribePhysicalConnectionsRequest({
        regionId: R,
        filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'PhysicalConnectionId', value: [id] })],
      }),
    );
    const t = tenantView.body!.physicalConnectionSet!.physicalConnectionType![0];
    assert.deepEqual([t.expectSpec, t.vlanId], ['200M', '1124']);
    // The freed VLAN is free again; the new one is taken.
    const dup = await errorCode(createHosted(h.vpc, parent, 1124));
    assert.equal(dup.code, 'VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION');
    await deleteCircuit(h.vpc, await createHosted(h.vpc, parent, 789));
    // Terraform's destroy: the partner deletes what the tenant never accepted.
    await deleteCircuit(h.vpc, id);
    const afterDelete = await h.vpc.listVirtualPhysicalConnections(
      new $Vpc.ListVirtualPhysicalConnectionsRequest({ regionId: R, virtualPhysicalConnectionIds: [id] }),
    );
    assert.deepEqual(afterDelete.body!.virtualPhysicalConnections, []);
    assert.equal(await circuitStatus(tenant, id), undefined);
    // Deleted once more: 404, which Terraform counts as gone.
    const again = await errorCode(deleteCircuit(h.vpc, id));
    assert.equal(again.code, 'InvalidPhysicalConnectionId.NotFound');
    assert.equal(again.statusCode, 404);
  });

  it('only the partner updates; values and states are checked with the documented codes', async () => {
    const id = await createHosted(h.vpc, parent, 300);
    const taken = await createHosted(h.vpc, parent, 301);
    const cases: [() => Promise<unknown>, string][] = [
      [() => update(tenant, id, 300), 'Forbidden.PhysicalConnection'],
      [() => update(other, id, 300), 'ResourceNotFound.PhysicalConnectionId'],
      [() => update(h.vpc, parent, 300), 'ResourceNotFound.PhysicalConnectionId'],
      [() => update(h.vpc, 'pc-doesnotexist0000000000', 300), 'ResourceNotFound.PhysicalConnectionId'],
      [() => update(h.vpc, id, 3000), 'IllegalParam.VlanId'],
      [() => update(h.vpc, id, -1), 'IllegalParam.VlanId'],
      [() => update(h.vpc, id, 300, { expectSpec: '3G' }), 'IllegalParam.Bandwidth'],
      [() => update(h.vpc, id, 301), 'VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION'],
      // 10G port: two hosted connections of 50M sold, 10G more does not fit.
      [() => update(h.vpc, id, 300, { expectSpec: '10G' }), 'ResourceNotEnough.Bandwidth'],
    ];
    for (const [call, code] of cases) {
      const e = await errorCode(call());
      assert.equal(e.code, code);
      assert.equal(e.statusCode, 400, code);
    }
    // DryRun checks and changes nothing.
    const dry = await update(h.vpc, id, 302, { expectSpec: '100M', dryRun: true });
    assert.equal(dry.body!.success, 'true');
    const row = await listed(h.vpc, id);
    assert.deepEqual([row.vlanId, row.expectSpec], ['300', '']);
    // A Token retry replays; the same Token with other values is refused.
    await update(h.vpc, id, 303, { token: 'vpconn-update-1' });
    await update(h.vpc, id, 303, { token: 'vpconn-update-1' });
    assert.equal((await errorCode(update(h.vpc, id, 304, { token: 'vpconn-update-1' }))).code, 'IdempotentParameterMismatch');
    await deleteCircuit(h.vpc, taken);
    await deleteCircuit(h.vpc, id);
  });

  it('after the tenant accepts, the VLAN moves with its VBR; the tenant’s line is the tenant’s to end', async () => {
    const id = await createHosted(h.vpc, parent, 400);
    // The tenant may not withdraw the partner's offer.
    const withdraw = await errorCode(deleteCircuit(tenant, id));
    assert.equal(withdraw.code, 'OperationDenied.NeedPconnOwner');
    await tenant.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
    await waitFor(async () => (await circuitStatus(tenant, id)) === 'Enabled', 5000, 'hosted Enabled');
    const vbr = await createVbr(tenant, id, 400);
    await update(h.vpc, id, 401);
    const v = await tenant.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({
        regionId: R,
        filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [vbr] })],
      }),
    );
    assert.equal(v.body!.virtualBorderRouterSet!.virtualBorderRouterType![0].vlanId, 401);
    // A VBR on its way somewhere keeps its VLAN.
    await tenant.terminateVirtualBorderRouter(new $Vpc.TerminateVirtualBorderRouterRequest({ regionId: R, vbrId: vbr }));
    assert.equal((await errorCode(update(h.vpc, id, 402))).code, 'IncorrectStatus.VBR');
    await update(h.vpc, id, 401, { expectSpec: '100M' }); // the VLAN stays: allowed
    await waitFor(async () => (await vbrStatus(tenant, vbr)) === 'terminated', 5000, 'vbr terminated');
    // An accepted, live hosted connection: the partner cannot delete it.
    const denied = await errorCode(deleteCircuit(h.vpc, id));
    assert.equal(denied.code, 'OperationDenied.NeedVpconnOwner');
    assert.equal(denied.statusCode, 400);
    await tenant.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: vbr }));
    await waitFor(async () => (await vbrStatus(tenant, vbr)) === undefined, 5000, 'vbr gone');
    await tenant.terminatePhysicalConnection(new $Vpc.TerminatePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
    await waitFor(async () => (await circuitStatus(tenant, id)) === 'Terminated', 5000, 'hosted Terminated');
    const terminated = await errorCode(update(h.vpc, id, 401));
    assert.equal(terminated.code, 'OperationFailed.PhysicalConnectionTerminated');
    // Released: either side may delete it.
    await deleteCircuit(h.vpc, id);
    assert.equal(await circuitStatus(tenant, id), undefined);
  });
});
