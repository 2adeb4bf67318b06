// VBR failover groups through the official SDK: CreateVbrHa → Creating → Active, DescribeVbrHa by either
// id, DeleteVbrHa → Deleting → gone (404, as Terraform's delete waiter expects), DryRun, the pairing rules
// and their codes, and the VBR that cannot be deleted while it is in a pair.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { $Vpc, errorCode, waitFor, type Harness, type VpcClient } from '../support/harness.js';
import { TENANT, createVbr, enabledCircuit, openService, raw, startFastHarness, tenantClient } from '../support/express-connect.js';

const R = 'cn-hangzhou';

function createHa(vpc: VpcClient, vbrId: string, peerVbrId: string, extra: Record<string, unknown> = {}) {
  return vpc.createVbrHa(new $Vpc.CreateVbrHaRequest({ regionId: R, vbrId, peerVbrId, ...extra }));
}

function describeHa(vpc: VpcClient, q: { vbrHaId?: string; vbrId?: string; dryRun?: boolean }) {
  return vpc.describeVbrHa(new $Vpc.DescribeVbrHaRequest({ regionId: R, ...q }));
}

describe('VBR HA', () => {
  let h: Harness;
  let tenant: VpcClient;
  let c1: string;
  let c2: string;
  before(async () => {
    // Slow enough to see Creating and Deleting, also on a busy machine.
    h = await startFastHarness(
      { physicalConnectionsPerAccessPoint: 10, unfinishedPhysicalConnections: 10, vbrsPerPhysicalConnection: 20 },
      { vbrTransitionMs: 300 },
    );
    tenant = tenantClient(h);
    await openService(h.vpc);
    await openService(tenant);
    // Circuits at two access points: two access devices.
    c1 = await enabledCircuit(h.vpc, { accessPointId: 'ap-cn-hangzhou-yh-B' });
    c2 = await enabledCircuit(h.vpc, { accessPointId: 'ap-cn-hangzhou-xx-C' });
  });
  after(async () => {
    await h.close();
  });

  it('walks Terraform’s alicloud_vpc_vbr_ha: create, wait Active, read, delete, wait until not found', async () => {
    const a = await createVbr(h.vpc, c1, 10);
    const b = await createVbr(h.vpc, c2, 10);
    const created = await raw(h, 'CreateVbrHa', {
      RegionId: R,
      ClientToken: 'TF-CreateVbrHa-1700000000-0b9d3c1e-7a4f-4c55-9d1e-2f6a8b7c9d0e',
      PeerVbrId: b,
      VbrId: a,
      Description: 'tf-testAccVbrHa',
      Name: 'tf-testAccVbrHa',
      DryRun: 'false',
    });
    const id = created.VbrHaId as string;
    assert.match(id, /^vbrha-[a-z0-9]{21}$/);
    const first = await raw(h, 'DescribeVbrHa', { RegionId: R, VbrHaId: id, ClientToken: 'TF-DescribeVbrHa-1700000000-aaaaaaaa-bbbb' });
    assert.equal(first.Status, 'Creating');
    await waitFor(async () => (await describeHa(h.vpc, { vbrHaId: id })).body!.status === 'Active', 5000, 'Active');
    const read = await raw(h, 'DescribeVbrHa', { RegionId: R, VbrHaId: id });
    for (const k of ['CreationTime', 'Status', 'Description', 'VbrHaId', 'PeerVbrId', 'Name', 'VbrId', 'RegionId'])
      assert.equal(typeof read[k], 'string', k);
    assert.deepEqual(
      [read.VbrHaId, read.VbrId, read.PeerVbrId, read.Name, read.Description, read.RegionId],
      [id, a, b, 'tf-testAccVbrHa', 'tf-testAccVbrHa', R],
    );
    // Either member finds the pair.
    assert.equal((await describeHa(h.vpc, { vbrId: b })).body!.vbrHaId, id);
    assert.equal((await describeHa(h.vpc, { vbrHaId: id, vbrId: a })).body!.vbrHaId, id);
    const wrongPair = await errorCode(describeHa(h.vpc, { vbrHaId: id, vbrId: await createVbr(h.vpc, c2, 11) }));
    assert.equal(wrongPair.code, 'ResourceNotFound.VbrHa');

    // While the pair exists neither VBR can go.
    const blocked = await errorCode(h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: b })));
    assert.equal(blocked.code, 'DependencyViolation.VbrHa');
    assert.equal(blocked.statusCode, 400);

    await h.vpc.deleteVbrHa(new $Vpc.DeleteVbrHaRequest({ regionId: R, instanceId: id }));
    assert.equal((await describeHa(h.vpc, { vbrHaId: id })).body!.status, 'Deleting');
    await h.vpc.deleteVbrHa(new $Vpc.DeleteVbrHaRequest({ regionId: R, instanceId: id })); // a retry succeeds
    const gone = await waitFor(
      async () => {
        const e = await errorCode(describeHa(h.vpc, { vbrHaId: id })).catch(() => undefined);
        return e?.code === 'ResourceNotFound.VbrHa' ? e : undefined;
      },
      5000,
      'gone',
    );
    assert.equal(gone.statusCode, 404, 'a 404, which Terraform counts as not found');
    const again = await errorCode(h.vpc.deleteVbrHa(new $Vpc.DeleteVbrHaRequest({ regionId: R, instanceId: id })));
    assert.equal(again.code, 'ResourceNotFound.VbrHa');
    assert.equal(again.statusCode, 404);
    await h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: b }));
    // The freed VBR can join a new pair.
    await createHa(h.vpc, a, await createVbr(h.vpc, c2, 12));
  });

  it('DryRun checks and answers DRYRUN.SUCCESS without making a pair; a ClientToken retry makes one', async () => {
    const a = await createVbr(h.vpc, c1, 20);
    const b = await createVbr(h.vpc, c2, 20);
    const dry = await errorCode(createHa(h.vpc, a, b, { dryRun: true }));
    assert.equal(dry.code, 'DRYRUN.SUCCESS');
    assert.equal(dry.statusCode, 400);
    assert.equal((await errorCode(describeHa(h.vpc, { vbrId: a }))).code, 'ResourceNotFound.VbrHa');
    const dryBad = await errorCode(createHa(h.vpc, a, a, { dryRun: true }));
    assert.equal(dryBad.code, 'OperationFailed.VbrAccessDeviceSame');
    const first = await createHa(h.vpc, a, b, { clientToken: 'ha-token-1' });
    const retry = await createHa(h.vpc, a, b, { clientToken: 'ha-token-1' });
    assert.equal(retry.body!.vbrHaId, first.body!.vbrHaId);
    const haId = first.body!.vbrHaId!;
    assert.equal((await errorCode(describeHa(h.vpc, { vbrHaId: haId, dryRun: true }))).code, 'DRYRUN.SUCCESS');
  });

  it('pairs only two of the caller’s VBRs on different devices, each in one pair, with BFD on their BGP peers', async () => {
    const a = await createVbr(h.vpc, c1, 30);
    const sameDevice = await createVbr(h.vpc, c1, 31, { localGatewayIp: '10.0.1.1', peerGatewayIp: '10.0.1.2' });
    const b = await createVbr(h.vpc, c2, 30);
    const taken = await createVbr(h.vpc, c2, 31, { localGatewayIp: '10.0.1.1', peerGatewayIp: '10.0.1.2' });
    await createHa(h.vpc, sameDevice, taken);
    // A VBR the caller built on its circuit for the tenant: visible to it, but of another account.
    const forTenant = (
      await h.vpc.createVirtualBorderRouter(
        new $Vpc.CreateVirtualBorderRouterRequest({
          regionId: R,
          physicalConnectionId: c2,
          vlanId: 32,
          vbrOwnerId: Number(TENANT.accountId),
        }),
      )
    ).body!.vbrId!;
    const tenantOwn = await createVbr(tenant, await enabledCircuit(tenant, { accessPointId: 'ap-cn-hangzhou-xx-C' }), 40);
    const cases: [() => Promise<unknown>, string, number][] = [
      [() => createHa(h.vpc, a, a), 'OperationFailed.VbrAccessDeviceSame', 400],
      [() => createHa(h.vpc, a, sameDevice), 'OperationFailed.VbrAccessDeviceSame', 400],
      [() => createHa(h.vpc, a, taken), 'OperationFailed.VbrInUsedByOtherHa', 400],
      [() => createHa(h.vpc, a, forTenant), 'OperationFailed.VbrAliUidNotConsistent', 400],
      [() => createHa(h.vpc, a, tenantOwn), 'ResourceNotFound.Vbr', 404],
      [() => createHa(h.vpc, 'vbr-doesnotexist00000000000', b), 'ResourceNotFound.Vbr', 404],
      [() => createHa(h.vpc, a, b, { name: '1bad' }), 'IllegalParam.Name', 400],
      [() => createHa(h.vpc, a, b, { description: 'http://x' }), 'IllegalParam.Description', 400],
      [() => h.vpc.deleteVbrHa(new $Vpc.DeleteVbrHaRequest({ regionId: R, instanceId: c1 })), 'IllegalParam.InstanceId', 400],
      [
        () => h.vpc.deleteVbrHa(new $Vpc.DeleteVbrHaRequest({ regionId: R, instanceId: 'vbrha-doesnotexist' })),
        'ResourceNotFound.VbrHa',
        404,
      ],
      [() => describeHa(h.vpc, {}), 'MissingParameter', 400],
    ];
    for (const [call, code, status] of cases) {
      const e = await errorCode(call());
      assert.equal(e.code, code);
      assert.equal(e.statusCode, status, code);
    }
    // A BGP peer without BFD on either VBR blocks the pair.
    const group = (await h.vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: R, routerId: b, peerAsn: 65001 }))).body!
      .bgpGroupId!;
    await waitFor(
      async () =>
        (await h.vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, bgpGroupId: group }))).body!.bgpGroups!.bgpGroup![0]
          ?.status === 'Available',
      5000,
      'group Available',
    );
    const peer = (await h.vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: group, peerIpAddress: '10.0.0.2' })))
      .body!.bgpPeerId!;
    assert.equal((await errorCode(createHa(h.vpc, a, b))).code, 'OperationFailed.VbrBgpPeerNotEnableBfd');
    await waitFor(
      async () =>
        (await h.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: R, bgpPeerId: peer }))).body!.bgpPeers!.bgpPeer![0]
          ?.status === 'Available',
      5000,
      'peer Available',
    );
    await h.vpc.modifyBgpPeerAttribute(new $Vpc.ModifyBgpPeerAttributeRequest({ regionId: R, bgpPeerId: peer, enableBfd: true }));
    const paired = await createHa(h.vpc, a, b);
    assert.match(paired.body!.vbrHaId!, /^vbrha-/);
    // Another account sees neither the pair nor a way to delete it.
    assert.equal((await errorCode(describeHa(tenant, { vbrHaId: paired.body!.vbrHaId }))).code, 'ResourceNotFound.VbrHa');
    assert.equal((await errorCode(describeHa(tenant, { vbrId: a }))).code, 'ResourceNotFound.VbrHa');
    const foreignDelete = await errorCode(
      tenant.deleteVbrHa(new $Vpc.DeleteVbrHaRequest({ regionId: R, instanceId: paired.body!.vbrHaId })),
    );
    assert.equal(foreignDelete.code, 'ResourceNotFound.VbrHa');
  });
});
