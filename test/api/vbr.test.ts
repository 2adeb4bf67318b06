// Virtual border routers through the official SDK: create rules, describe (filters, JSON types),
// modify (Terraform's resend-everything no-op), lifecycle, dependencies, associations, cross-account.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { newId } from '../../src/domain/ids.js';
import { $Vpc, errorCode, waitFor, type Harness, type VpcClient } from '../support/harness.js';
import {
  TENANT,
  createVbr,
  enabledCircuit,
  openService,
  raw,
  startFastHarness,
  tenantClient,
  vbrStatus,
} from '../support/express-connect.js';

const R = 'cn-hangzhou';

/** Delete a VBR and wait until DescribeVirtualBorderRouters no longer lists it (Terraform's delete wait). */
async function gone(vpc: VpcClient, id: string): Promise<void> {
  await vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id }));
  await waitFor(async () => (await vbrStatus(vpc, id)) === undefined, 5000, `${id} gone`);
}

describe('virtual border routers', () => {
  let h: Harness;
  let tenant: VpcClient;
  let pc: string;
  before(async () => {
    h = await startFastHarness();
    tenant = tenantClient(h);
    await openService(h.vpc);
    await openService(tenant);
    pc = await enabledCircuit(h.vpc);
  });
  after(async () => {
    await h.close();
  });

  it('creates an active VBR with defaults and the documented JSON types', async () => {
    const id = await createVbr(h.vpc, pc, 0 + 10, {
      name: 'vbr-one',
      description: 'first vbr',
      tags: [new $Vpc.CreateVirtualBorderRouterRequestTags({ key: 'k', value: 'v' })],
    });
    assert.match(id, /^vbr-[a-z0-9]{21}$/);
    assert.equal(await vbrStatus(h.vpc, id), 'active');
    const body = await raw(h, 'DescribeVirtualBorderRouters', { RegionId: R, 'Filter.1.Key': 'VbrId', 'Filter.1.Value.1': id });
    const v = (body.VirtualBorderRouterSet as { VirtualBorderRouterType: Record<string, unknown>[] }).VirtualBorderRouterType[0];
    for (const k of ['VlanId', 'Bandwidth', 'MinTxInterval', 'MinRxInterval', 'DetectMultiplier', 'Mtu'])
      assert.equal(typeof v[k], 'number', k);
    for (const k of ['EnableIpv6', 'SitelinkEnable']) assert.equal(typeof v[k], 'boolean', k);
    assert.deepEqual([v.MinTxInterval, v.MinRxInterval, v.DetectMultiplier, v.Mtu, v.VlanId], [300, 300, 3, 1500, 10]);
    assert.match(String(v.VlanInterfaceId), /^ri-[a-z0-9]{21}$/);
    assert.match(String(v.RouteTableId), /^vtb-[a-z0-9]{21}$/);
    assert.match(String(v.CreationTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(v.PhysicalConnectionStatus, 'Enabled');
    assert.equal(v.PhysicalConnectionOwnerUid, h.accountId);
    assert.equal(v.Type, 'pconnVBR');
    assert.deepEqual(v.Tags, { Tags: [{ Key: 'k', Value: 'v' }] });
    assert.deepEqual(v.AssociatedCens, { AssociatedCen: [] });
    const sub = (v.AssociatedPhysicalConnections as { AssociatedPhysicalConnection: Record<string, unknown>[] })
      .AssociatedPhysicalConnection[0];
    assert.equal(sub.VlanId, '10');
    assert.equal(sub.PhysicalConnectionId, pc);
    // The SDK model parses it too.
    const sdk = await h.vpc.describeVirtualBorderRouters(new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: R }));
    assert.ok(sdk.body!.virtualBorderRouterSet!.virtualBorderRouterType!.some((x) => x.vbrId === id && x.vlanId === 10));
  });

  it('rejects each bad CreateVirtualBorderRouter parameter with its own code', async () => {
    const cases: [Record<string, unknown>, string, number?][] = [
      [{ vlanId: 3000 }, 'InvalidVlanId.Malformed'],
      [{ vlanId: 10 }, 'InvalidVlanId.Used'],
      [{ vlanId: 0 }, 'OperationFailed.Vlan0VbrUnSharePconn'],
      [{ localGatewayIp: '10.0.0.300' }, 'InvalidLocalGatewayIp.Malformed'],
      [{ peerGatewayIp: 'x' }, 'InvalidPeerGatewayIp.Malformed'],
      [{ peeringSubnetMask: '255.255.0.0' }, 'InvalidPeeringSubnetMask.Malformed'],
      [{ peerGatewayIp: '10.0.1.2' }, 'InvalidIp.NotSameSubnet'],
      [{ localGatewayIp: '10.0.0.3' }, 'IllegalParam.IpAddress'],
      [{ localGatewayIp: undefined }, 'MissingParameter'],
      [{ name: '-x' }, 'InvalidName.Malformed'],
      [{ description: 'https://d' }, 'InvalidDescription.Malformed'],
      [{ circuitCode: 'a b' }, 'InvalidCircuitCode.Malformed'],
      [{ bandwidth: 77 }, 'IllegalParam.Bandwidth'],
      [{ bandwidth: 20480 }, 'VbrBandwidthExceed'],
      [{ enableIpv6: true }, 'MissingParameter'],
      [
        { enableIpv6: true, localIpv6GatewayIp: '2001:db8::1', peerIpv6GatewayIp: '2001:db9::2', peeringIpv6SubnetMask: '2001:db8::/126' },
        'InvalidIp.NotSameSubnet',
      ],
      [{ vbrOwnerId: 42 }, 'InvalidVbrOwnerId.NotFound', 404],
      [{ physicalConnectionId: 'pc-missing' }, 'InvalidPhysicalConnectionId.NotFound'],
    ];
    for (const [over, code, status] of cases) {
      const e = await errorCode(createVbr(h.vpc, pc, 11, over));
      assert.equal(e.code, code, JSON.stringify(over));
      assert.equal(e.statusCode, status ?? 400, code);
    }
  });

  it('needs an Enabled circuit and an open service; IPv6 only where the region supports it', async () => {
    const fresh = await h.vpc.createPhysicalConnection(
      new $Vpc.CreatePhysicalConnectionRequest({ regionId: R, accessPointId: 'ap-cn-hangzhou-yh-B', lineOperator: 'CT' }),
    );
    const e = await errorCode(createVbr(h.vpc, fresh.body!.physicalConnectionId!, 12));
    assert.equal(e.code, 'InvalidPhysicalConnectionId.NotEnabled');
    await h.vpc.cancelPhysicalConnection(
      new $Vpc.CancelPhysicalConnectionRequest({ regionId: R, physicalConnectionId: fresh.body!.physicalConnectionId }),
    );
    const ulanqab = await enabledCircuit(h.vpc, { regionId: 'cn-wulanchabu', accessPointId: 'ap-cn-wulanchabu-jn-A' });
    const v6 = await errorCode(
      h.vpc.createVirtualBorderRouter(
        new $Vpc.CreateVirtualBorderRouterRequest({
          regionId: 'cn-wulanchabu',
          physicalConnectionId: ulanqab,
          vlanId: 5,
          localGatewayIp: '10.0.0.1',
          peerGatewayIp: '10.0.0.2',
          peeringSubnetMask: '255.255.255.252',
          enableIpv6: true,
          localIpv6GatewayIp: '2001:db8::1',
          peerIpv6GatewayIp: '2001:db8::2',
        }),
      ),
    );
    assert.equal(v6.code, 'OperationUnsupported.IPV6ForThisRegion');
    // An IPv6 VBR where it is supported; the prefix defaults to the /64 of the Alibaba side.
    const id = await createVbr(h.vpc, pc, 13, {
      enableIpv6: true,
      localIpv6GatewayIp: '2001:db8::1',
      peerIpv6GatewayIp: '2001:db8::2',
      localGatewayIp: '10.0.13.1',
      peerGatewayIp: '10.0.13.2',
    });
    const v = await raw(h, 'DescribeVirtualBorderRouters', { RegionId: R, 'Filter.1.Key': 'VbrId', 'Filter.1.Value.1': id });
    const item = (v.VirtualBorderRouterSet as { VirtualBorderRouterType: Record<string, unknown>[] }).VirtualBorderRouterType[0];
    assert.equal(item.EnableIpv6, true);
    assert.equal(item.PeeringIpv6SubnetMask, '2001:db8::/64');
    await h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id }));
    await waitFor(async () => (await vbrStatus(h.vpc, id)) === undefined, 5000, 'gone');
  });

  it('quota of VBRs per circuit', async () => {
    const other = await enabledCircuit(h.vpc, { accessPointId: 'ap-cn-hangzhou-xx-C' });
    const ids: string[] = [];
    for (const vlan of [1, 2, 3, 4, 5]) ids.push(await createVbr(h.vpc, other, vlan));
    const e = await errorCode(createVbr(h.vpc, other, 6));
    assert.equal(e.code, 'QuotaExceeded.vbrPerpConn');
    const forCircuit = await h.vpc.describeVirtualBorderRoutersForPhysicalConnection(
      new $Vpc.DescribeVirtualBorderRoutersForPhysicalConnectionRequest({ regionId: R, physicalConnectionId: other }),
    );
    assert.equal(forCircuit.body!.totalCount, 5);
    const rawFor = await raw(h, 'DescribeVirtualBorderRoutersForPhysicalConnection', {
      RegionId: R,
      PhysicalConnectionId: other,
      PageSize: 1,
    });
    const row = (
      rawFor.VirtualBorderRouterForPhysicalConnectionSet as { VirtualBorderRouterForPhysicalConnectionType: Record<string, unknown>[] }
    ).VirtualBorderRouterForPhysicalConnectionType[0];
    assert.equal(typeof row.Bandwidth, 'string');
    assert.equal(typeof row.VlanId, 'number');
    assert.equal(typeof row.VbrOwnerUid, 'number');
    for (const id of ids) await gone(h.vpc, id);
  });

  it('DescribeVirtualBorderRouters filters: OR within a key, AND across keys, unknown key 404, paging', async () => {
    const a = await createVbr(h.vpc, pc, 20, { name: 'alpha', localGatewayIp: '10.0.20.1', peerGatewayIp: '10.0.20.2' });
    const b = await createVbr(h.vpc, pc, 21, { name: 'beta', localGatewayIp: '10.0.21.1', peerGatewayIp: '10.0.21.2' });
    const names = await raw(h, 'DescribeVirtualBorderRouters', {
      RegionId: R,
      'Filter.1.Key': 'Name',
      'Filter.1.Value.1': 'alpha',
      'Filter.1.Value.2': 'beta',
    });
    assert.equal(names.TotalCount, 2);
    const both = await raw(h, 'DescribeVirtualBorderRouters', {
      RegionId: R,
      'Filter.1.Key': 'Name',
      'Filter.1.Value.1': 'alpha',
      'Filter.2.Key': 'Status',
      'Filter.2.Value.1': 'terminated',
    });
    assert.equal(both.TotalCount, 0);
    const page = await raw(h, 'DescribeVirtualBorderRouters', {
      RegionId: R,
      'Filter.1.Key': 'PhysicalConnectionId',
      'Filter.1.Value.1': pc,
      PageSize: 1,
      PageNumber: 2,
    });
    assert.equal(page.PageNumber, 2);
    assert.equal((page.VirtualBorderRouterSet as { VirtualBorderRouterType: unknown[] }).VirtualBorderRouterType.length, 1);
    const unknown = await errorCode(
      h.vpc.describeVirtualBorderRouters(
        new $Vpc.DescribeVirtualBorderRoutersRequest({
          regionId: R,
          filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'Colour', value: ['red'] })],
        }),
      ),
    );
    assert.equal(unknown.code, 'InvalidFilterKey.ValueNotSupported');
    assert.equal(unknown.statusCode, 404);
    for (const id of [a, b]) await gone(h.vpc, id);
  });

  it('ModifyVirtualBorderRouterAttribute: Terraform-style full resend is a no-op, real changes apply, rules hold', async () => {
    const id = await createVbr(h.vpc, pc, 30, { name: 'mod', localGatewayIp: '10.0.30.1', peerGatewayIp: '10.0.30.2' });
    const same = {
      regionId: R,
      vbrId: id,
      vlanId: 30,
      localGatewayIp: '10.0.30.1',
      peerGatewayIp: '10.0.30.2',
      peeringSubnetMask: '255.255.255.252',
      name: 'mod',
    };
    await h.vpc.modifyVirtualBorderRouterAttribute(new $Vpc.ModifyVirtualBorderRouterAttributeRequest(same));
    await h.vpcV1.modifyVirtualBorderRouterAttribute(
      new $Vpc.ModifyVirtualBorderRouterAttributeRequest({
        ...same,
        description: 'changed desc',
        minTxInterval: 500,
        detectMultiplier: 5,
        vlanId: 31,
      }),
    );
    const v = await h.vpc.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({
        regionId: R,
        filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [id] })],
      }),
    );
    const item = v.body!.virtualBorderRouterSet!.virtualBorderRouterType![0];
    assert.deepEqual(
      [item.description, item.minTxInterval, item.detectMultiplier, item.vlanId, item.status],
      ['changed desc', 500, 5, 31, 'active'],
    );
    const cases: [Record<string, unknown>, string, number?][] = [
      [{ minTxInterval: 100 }, 'IllegalParam.MinTxInterval'],
      [{ minRxInterval: 2000 }, 'IllegalParam.MinRxInterval'],
      [{ detectMultiplier: 11 }, 'IllegalParam.DetectMultiplier'],
      [{ vlanId: 5000 }, 'InvalidVlanId.Malformed'],
      [{ peerGatewayIp: '10.9.9.9' }, 'InvalidIp.NotSameSubnet'],
      [{ localGatewayIp: 'nope' }, 'InvalidIp.Malformed'],
      [{ associatedPhysicalConnections: '{oops' }, 'IllegalParam.AssociatedPhysicalConnections'],
      [{ vbrId: 'vbr-missing' }, 'InvalidVbrId.NotFound', 400],
    ];
    for (const [over, code, status] of cases) {
      const e = await errorCode(
        h.vpc.modifyVirtualBorderRouterAttribute(new $Vpc.ModifyVirtualBorderRouterAttributeRequest({ regionId: R, vbrId: id, ...over })),
      );
      assert.equal(e.code, code, code);
      assert.equal(e.statusCode, status ?? 400, code);
    }
    const other = await createVbr(h.vpc, pc, 32, { localGatewayIp: '10.0.32.1', peerGatewayIp: '10.0.32.2' });
    const used = await errorCode(
      h.vpc.modifyVirtualBorderRouterAttribute(new $Vpc.ModifyVirtualBorderRouterAttributeRequest({ regionId: R, vbrId: id, vlanId: 32 })),
    );
    assert.equal(used.code, 'InvalidVlanId.Used');
    // AssociatedPhysicalConnections (JSON text, stray spaces in keys as in Alibaba's example) edits the VBR's own sub-interface.
    await h.vpc.modifyVirtualBorderRouterAttribute(
      new $Vpc.ModifyVirtualBorderRouterAttributeRequest({
        regionId: R,
        vbrId: id,
        associatedPhysicalConnections: JSON.stringify([{ ' PhysicalConnectionId ': pc, CircuitCode: 'longtel001' }]),
      }),
    );
    const after1 = await raw(h, 'DescribeVirtualBorderRouters', { RegionId: R, 'Filter.1.Key': 'VbrId', 'Filter.1.Value.1': id });
    assert.equal(
      (after1.VirtualBorderRouterSet as { VirtualBorderRouterType: Record<string, unknown>[] }).VirtualBorderRouterType[0].CircuitCode,
      'longtel001',
    );
    for (const x of [id, other]) await gone(h.vpc, x);
  });

  it('terminate → terminated → recover → active, delete → deleting → gone, as Terraform waits for them', async () => {
    const id = await createVbr(h.vpc, pc, 40, { localGatewayIp: '10.0.40.1', peerGatewayIp: '10.0.40.2' });
    const notTerminated = await errorCode(
      h.vpc.recoverVirtualBorderRouter(new $Vpc.RecoverVirtualBorderRouterRequest({ regionId: R, vbrId: id })),
    );
    assert.equal(notTerminated.code, 'InvalidOperation.OperationNotAllowedInState');
    await h.vpc.terminateVirtualBorderRouter(new $Vpc.TerminateVirtualBorderRouterRequest({ regionId: R, vbrId: id }));
    assert.equal(await vbrStatus(h.vpc, id), 'terminating');
    const busy = await errorCode(h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id })));
    assert.equal(busy.code, 'InvalidOperation.OperationNotAllowedInState');
    await waitFor(async () => (await vbrStatus(h.vpc, id)) === 'terminated', 5000, 'terminated');
    // A terminated VBR keeps its VLAN.
    assert.equal(
      (await errorCode(createVbr(h.vpc, pc, 40, { localGatewayIp: '10.0.41.1', peerGatewayIp: '10.0.41.2' }))).code,
      'InvalidVlanId.Used',
    );
    const notActive = await errorCode(
      h.vpc.modifyVirtualBorderRouterAttribute(
        new $Vpc.ModifyVirtualBorderRouterAttributeRequest({ regionId: R, vbrId: id, name: 'later' }),
      ),
    );
    assert.equal(notActive.code, 'IncorrectStatus.VirtualBorderRouter');
    await h.vpc.recoverVirtualBorderRouter(new $Vpc.RecoverVirtualBorderRouterRequest({ regionId: R, vbrId: id }));
    assert.equal(await vbrStatus(h.vpc, id), 'recovering');
    await waitFor(async () => (await vbrStatus(h.vpc, id)) === 'active', 5000, 'active');
    const d = await raw(h, 'DescribeVirtualBorderRouters', { RegionId: R, 'Filter.1.Key': 'VbrId', 'Filter.1.Value.1': id });
    const item = (d.VirtualBorderRouterSet as { VirtualBorderRouterType: Record<string, unknown>[] }).VirtualBorderRouterType[0];
    assert.notEqual(item.TerminationTime, '');
    assert.notEqual(item.RecoveryTime, '');
    await h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id }));
    assert.equal(await vbrStatus(h.vpc, id), 'deleting');
    await h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id }));
    await waitFor(async () => (await vbrStatus(h.vpc, id)) === undefined, 5000, 'gone');
    const gone = await errorCode(h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id })));
    assert.equal(gone.code, 'InvalidVbrId.NotFound');
    assert.equal(gone.statusCode, 404);
  });

  it('delete refuses while BGP groups or networks exist', async () => {
    const id = await createVbr(h.vpc, pc, 50, { localGatewayIp: '10.0.50.1', peerGatewayIp: '10.0.50.2' });
    const group = await h.vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: R, routerId: id, peerAsn: 65001 }));
    const e = await errorCode(h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id })));
    assert.equal(e.code, 'DependencyViolation.BgpGroup');
    await waitFor(
      async () => {
        try {
          await h.vpc.deleteBgpGroup(new $Vpc.DeleteBgpGroupRequest({ regionId: R, bgpGroupId: group.body!.bgpGroupId }));
          return true;
        } catch {
          return false;
        }
      },
      5000,
      'group deleted',
    );
    await waitFor(
      async () => {
        try {
          await h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id }));
          return true;
        } catch {
          return false;
        }
      },
      5000,
      'VBR deleted',
    );
  });

  it('associates a second circuit on the same access device, then unassociates it', async () => {
    const id = await createVbr(h.vpc, pc, 60, { localGatewayIp: '10.0.60.1', peerGatewayIp: '10.0.60.2' });
    const second = await enabledCircuit(h.vpc); // same access point, first-fit puts it on the same device
    const assoc = (over: Record<string, unknown> = {}) =>
      h.vpc.associatePhysicalConnectionToVirtualBorderRouter(
        new $Vpc.AssociatePhysicalConnectionToVirtualBorderRouterRequest({
          regionId: R,
          vbrId: id,
          physicalConnectionId: second,
          vlanId: '61',
          localGatewayIp: '10.0.61.1',
          peerGatewayIp: '10.0.61.2',
          peeringSubnetMask: '255.255.255.252',
          ...over,
        }),
      );
    assert.equal((await errorCode(assoc({ vlanId: 'abc' }))).code, 'InvalidVlanId.Malformed');
    assert.equal(
      (await errorCode(assoc({ localGatewayIp: '10.0.60.1', peerGatewayIp: '10.0.60.2' }))).code,
      'DuplicatedParam.LocalGatewayIp',
    );
    assert.equal((await errorCode(assoc({ physicalConnectionId: pc }))).code, 'InvalidParams.AlreadyExists');
    await assoc();
    const d = await raw(h, 'DescribeVirtualBorderRouters', {
      RegionId: R,
      'Filter.1.Key': 'PhysicalConnectionId',
      'Filter.1.Value.1': second,
    });
    const item = (d.VirtualBorderRouterSet as { VirtualBorderRouterType: Record<string, unknown>[] }).VirtualBorderRouterType[0];
    const subs = (item.AssociatedPhysicalConnections as { AssociatedPhysicalConnection: Record<string, unknown>[] })
      .AssociatedPhysicalConnection;
    // The own circuit's row has the VBR's status; an associated one `Associated`, which Terraform's
    // alicloud_express_connect_vbr_pconn_association waits for.
    assert.deepEqual(
      subs.map((s) => [s.PhysicalConnectionId, s.VlanId, s.Status]),
      [
        [pc, '60', 'active'],
        [second, '61', 'Associated'],
      ],
    );
    const blocked = await errorCode(h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id })));
    assert.equal(blocked.code, 'InvalidStatus.NotAllowed');
    const own = await errorCode(
      h.vpc.unassociatePhysicalConnectionFromVirtualBorderRouter(
        new $Vpc.UnassociatePhysicalConnectionFromVirtualBorderRouterRequest({ regionId: R, vbrId: id, physicalConnectionId: pc }),
      ),
    );
    assert.equal(own.code, 'PHYSICAL_NOT_ALLOW_ASSOCIATE_VBR');
    await h.vpc.unassociatePhysicalConnectionFromVirtualBorderRouter(
      new $Vpc.UnassociatePhysicalConnectionFromVirtualBorderRouterRequest({ regionId: R, vbrId: id, physicalConnectionId: second }),
    );
    const again = await errorCode(
      h.vpc.unassociatePhysicalConnectionFromVirtualBorderRouter(
        new $Vpc.UnassociatePhysicalConnectionFromVirtualBorderRouterRequest({ regionId: R, vbrId: id, physicalConnectionId: second }),
      ),
    );
    // Documented as 400 without "NotFound": Terraform's destroy of an association removed behind its back
    // fails here rather than passing (its refresh would have dropped it first).
    assert.equal(again.code, 'PHYSICAL_NOT_ASSOCIATE_TO_VBR');
    assert.equal(again.statusCode, 400);
    await gone(h.vpc, id);
  });

  it('another account’s VBR id behaves exactly like a missing one', async () => {
    const id = await createVbr(h.vpc, pc, 70, { localGatewayIp: '10.0.70.1', peerGatewayIp: '10.0.70.2' });
    assert.equal(await vbrStatus(tenant, id), undefined);
    for (const call of [
      () => tenant.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id })),
      () => tenant.terminateVirtualBorderRouter(new $Vpc.TerminateVirtualBorderRouterRequest({ regionId: R, vbrId: id })),
    ])
      assert.equal((await errorCode(call())).code, 'InvalidVbrId.NotFound');
    const circuit = await errorCode(createVbr(tenant, pc, 71));
    assert.equal(circuit.code, 'InvalidPhysicalConnectionId.NotFound');
    await gone(h.vpc, id);
  });

  it('cross-account VBR: unconfirmed until its owner sets the peering addresses; rights split between the two accounts', async () => {
    const forbidden = await errorCode(createVbr(h.vpc, pc, 80, { vbrOwnerId: Number(TENANT.accountId) }));
    assert.equal(forbidden.code, 'Forbidden.LocalGatewayIpNotAllowedByCaller');
    assert.equal(forbidden.statusCode, 403);
    const r = await h.vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: R,
        physicalConnectionId: pc,
        vlanId: 80,
        vbrOwnerId: Number(TENANT.accountId),
      }),
    );
    const id = r.body!.vbrId!;
    assert.equal(await vbrStatus(tenant, id), 'unconfirmed');
    assert.equal(await vbrStatus(h.vpc, id), undefined); // not without IncludeCrossAccountVbr
    const cross = await h.vpc.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: R, includeCrossAccountVbr: true }),
    );
    assert.ok(cross.body!.virtualBorderRouterSet!.virtualBorderRouterType!.some((v) => v.vbrId === id));
    const vlanByOwner = await errorCode(
      tenant.modifyVirtualBorderRouterAttribute(new $Vpc.ModifyVirtualBorderRouterAttributeRequest({ regionId: R, vbrId: id, vlanId: 81 })),
    );
    assert.equal(vlanByOwner.code, 'Forbidden.VlanIdNotAllowedByCaller');
    const ipByCircuitOwner = await errorCode(
      h.vpc.modifyVirtualBorderRouterAttribute(
        new $Vpc.ModifyVirtualBorderRouterAttributeRequest({ regionId: R, vbrId: id, localGatewayIp: '10.0.80.1' }),
      ),
    );
    assert.equal(ipByCircuitOwner.code, 'Forbidden.LocalGatewayIpNotAllowedByCaller');
    const partial = await errorCode(
      tenant.modifyVirtualBorderRouterAttribute(
        new $Vpc.ModifyVirtualBorderRouterAttributeRequest({ regionId: R, vbrId: id, localGatewayIp: '10.0.80.1' }),
      ),
    );
    assert.equal(partial.code, 'MissingParameter');
    await tenant.modifyVirtualBorderRouterAttribute(
      new $Vpc.ModifyVirtualBorderRouterAttributeRequest({
        regionId: R,
        vbrId: id,
        localGatewayIp: '10.0.80.1',
        peerGatewayIp: '10.0.80.2',
        peeringSubnetMask: '255.255.255.252',
      }),
    );
    assert.equal(await vbrStatus(tenant, id), 'active');
    const termByOwner = await errorCode(
      tenant.terminateVirtualBorderRouter(new $Vpc.TerminateVirtualBorderRouterRequest({ regionId: R, vbrId: id })),
    );
    assert.equal(termByOwner.code, 'Forbidden.OperationTerminateNotAllowedByUser');
    const delByCircuitOwner = await errorCode(
      h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: id })),
    );
    assert.equal(delByCircuitOwner.code, 'Forbidden.OperationDeleteNotAllowedByUser');
    await gone(tenant, id);
  });

  it('hosted connection: one VBR on its VLAN, bandwidth inherited', async () => {
    const parent = await enabledCircuit(h.vpc, { regionId: 'cn-shanghai', accessPointId: 'ap-cn-shanghai-nh-A' });
    const vp = (
      await h.vpc.createVirtualPhysicalConnection(
        new $Vpc.CreateVirtualPhysicalConnectionRequest({
          regionId: 'cn-shanghai',
          physicalConnectionId: parent,
          orderMode: 'PayByVirtualPhysicalConnectionOwner',
          vlanId: 300,
          spec: '100M',
          vpconnAliUid: Number(TENANT.accountId),
        }),
      )
    ).body!.virtualPhysicalConnection!;
    await tenant.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: 'cn-shanghai', physicalConnectionId: vp }));
    const mk = (vlanId: number, extra: Record<string, unknown> = {}) =>
      tenant.createVirtualBorderRouter(
        new $Vpc.CreateVirtualBorderRouterRequest({
          regionId: 'cn-shanghai',
          physicalConnectionId: vp,
          vlanId,
          localGatewayIp: '10.3.0.1',
          peerGatewayIp: '10.3.0.2',
          peeringSubnetMask: '255.255.255.252',
          ...extra,
        }),
      );
    await waitFor(async () => !(await errorCode(mk(301)).catch(() => ({ code: '' }))).code.includes('NotEnabled'), 5000, 'hosted enabled');
    assert.equal((await errorCode(mk(301))).code, 'InvalidVlanId.Malformed');
    assert.equal((await errorCode(mk(300, { bandwidth: 50 }))).code, 'OperationFailed.NotConsistentWithVpconn');
    const id = (await mk(300)).body!.vbrId!;
    assert.equal((await errorCode(mk(300))).code, 'OperationFailed.VirtualPhysicalConnectionExistVBR');
    const d = await tenant.describeVirtualBorderRouters(new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: 'cn-shanghai' }));
    assert.equal(d.body!.virtualBorderRouterSet!.virtualBorderRouterType!.find((v) => v.vbrId === id)!.bandwidth, 100);
    // The partner cannot reuse the hosted VLAN for its own VBR.
    const clash = await errorCode(
      h.vpc.createVirtualBorderRouter(
        new $Vpc.CreateVirtualBorderRouterRequest({
          regionId: 'cn-shanghai',
          physicalConnectionId: parent,
          vlanId: 300,
          localGatewayIp: '10.4.0.1',
          peerGatewayIp: '10.4.0.2',
          peeringSubnetMask: '255.255.255.252',
        }),
      ),
    );
    assert.equal(clash.code, 'InvalidVlanId.Used');
  });

  it('ClientToken on CreateVirtualBorderRouter: concurrent retries create one VBR', async () => {
    const req = () => createVbr(h.vpc, pc, 90, { localGatewayIp: '10.0.90.1', peerGatewayIp: '10.0.90.2', clientToken: 'vbr-token-90' });
    const [a, b] = await Promise.all([req(), req()]);
    assert.equal(a, b);
    assert.ok(newId('vbr') > a);
  });
});

describe('associations and Terraform’s ClientTokens', () => {
  let h: Harness;
  before(async () => {
    h = await startFastHarness({ physicalConnectionsPerAccessPoint: 10, unfinishedPhysicalConnections: 10 });
    await openService(h.vpc);
  });
  after(async () => {
    await h.close();
  });

  it('Terraform’s truncated Unassociate token: one per 100 s, so a second association removed in that window is refused', async () => {
    // buildClientToken cuts "TF-UnassociatePhysicalConnectionFromVirtualBorderRouter-<unix time>-<uuid>" to 64
    // characters: what is left is the first 8 digits of the time.
    const token = `TF-UnassociatePhysicalConnectionFromVirtualBorderRouter-${String(Math.floor(Date.now() / 1000)).slice(0, 8)}`;
    assert.equal(token.length, 64);
    const pc = await enabledCircuit(h.vpc);
    const id = await createVbr(h.vpc, pc, 70, { localGatewayIp: '10.0.70.1', peerGatewayIp: '10.0.70.2' });
    const circuits = [await enabledCircuit(h.vpc), await enabledCircuit(h.vpc)];
    for (const [i, c] of circuits.entries()) {
      await h.vpc.associatePhysicalConnectionToVirtualBorderRouter(
        new $Vpc.AssociatePhysicalConnectionToVirtualBorderRouterRequest({
          regionId: R,
          vbrId: id,
          physicalConnectionId: c,
          vlanId: String(71 + i),
          localGatewayIp: `10.0.${71 + i}.1`,
          peerGatewayIp: `10.0.${71 + i}.2`,
          peeringSubnetMask: '255.255.255.252',
        }),
      );
    }
    const unassociate = (c: string) =>
      h.vpc.unassociatePhysicalConnectionFromVirtualBorderRouter(
        new $Vpc.UnassociatePhysicalConnectionFromVirtualBorderRouterRequest({
          regionId: R,
          vbrId: id,
          physicalConnectionId: c,
          clientToken: token,
        }),
      );
    await unassociate(circuits[0]);
    await unassociate(circuits[0]); // the provider's retry: replayed
    // The same token for another request is a mismatch, as for every ClientToken (see docs/behaviour.md).
    assert.equal((await errorCode(unassociate(circuits[1]))).code, 'IdempotentParameterMismatch');
  });
});
