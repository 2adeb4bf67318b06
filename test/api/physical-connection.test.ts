// Express Connect circuits through the official SDK: the service switch, the lifecycle with its timed
// steps, every validation and quota code, account isolation, hosted connections.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { $Vpc, errorCode, waitFor, type Harness, type VpcClient } from '../support/harness.js';
import {
  TENANT,
  circuitStatus,
  createCircuit,
  createVbr,
  enabledCircuit,
  openService,
  raw,
  startFastHarness,
  tenantClient,
} from '../support/express-connect.js';

const R = 'cn-hangzhou';

describe('physical connection service', () => {
  let h: Harness;
  before(async () => {
    h = await startFastHarness();
  });
  after(async () => {
    await h.close();
  });

  it('is closed at first, blocks CreatePhysicalConnection, opens once, then refuses a second open', async () => {
    const s = await h.vpc.getPhysicalConnectionServiceStatus(new $Vpc.GetPhysicalConnectionServiceStatusRequest({ regionId: R }));
    assert.equal(s.body!.enabled, false);
    const e = await errorCode(createCircuit(h.vpc));
    assert.equal(e.code, 'OperationFailed.PconnTrafficNotEnable');
    await openService(h.vpc);
    const s2 = await raw(h, 'GetPhysicalConnectionServiceStatus', { RegionId: R });
    assert.equal(s2.Enabled, true);
    const again = await errorCode(openService(h.vpc));
    assert.equal(again.code, 'InvalidOperation.OrderOpened');
    assert.equal(again.statusCode, 400);
  });
});

describe('physical connections', () => {
  let h: Harness;
  let tenant: VpcClient;
  before(async () => {
    // Slow enough that the calls made before a transition finish well inside it, also on a busy machine.
    h = await startFastHarness(
      { physicalConnectionsPerAccessPoint: 2, unfinishedPhysicalConnections: 3 },
      { physicalConnectionAllocateMs: 300, physicalConnectionTransitionMs: 300 },
    );
    tenant = tenantClient(h);
    await openService(h.vpc);
    await openService(tenant);
  });
  after(async () => {
    await h.close();
  });

  it('walks Initial → Allocated → Confirmed → Enabled, with Terraform-visible statuses and times', async () => {
    const id = await createCircuit(h.vpc, { accessPointId: 'ap-cn-hangzhou-xx-C' });
    assert.match(id, /^pc-[a-z0-9]{21}$/);
    assert.equal(await circuitStatus(h.vpc, id), 'Initial');
    const early = await errorCode(
      h.vpc.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
    );
    assert.equal(early.code, 'IncorrectStatus.PhysicalConnection');
    const notYet = await errorCode(
      h.vpc.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
    );
    assert.equal(notYet.code, 'Forbidden.NotAllowedInState');
    await waitFor(async () => (await circuitStatus(h.vpc, id)) === 'Allocated', 5000, 'Allocated');
    await h.vpc.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
    assert.equal(await circuitStatus(h.vpc, id), 'Confirmed');
    await h.vpcV1.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
    const twice = await errorCode(
      h.vpc.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
    );
    assert.equal(twice.code, 'Forbidden.NotAllowedInState');
    await waitFor(async () => (await circuitStatus(h.vpc, id)) === 'Enabled', 5000, 'Enabled');
    // Enabling an Enabled circuit is a success.
    await h.vpc.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
    const d = await h.vpc.describePhysicalConnections(
      new $Vpc.DescribePhysicalConnectionsRequest({
        regionId: R,
        filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'PhysicalConnectionId', value: [id] })],
      }),
    );
    const pc = d.body!.physicalConnectionSet!.physicalConnectionType![0];
    assert.match(pc.enabledTime!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(pc.spec, '10G');
    assert.equal(pc.portType, '10GBase-LR');
    assert.equal(pc.productType, 'PhysicalConnection');
    assert.ok(pc.portNumber);
    // Terminate (async) and delete.
    await h.vpc.terminatePhysicalConnection(new $Vpc.TerminatePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
    assert.equal(await circuitStatus(h.vpc, id), 'Terminating');
    await waitFor(async () => (await circuitStatus(h.vpc, id)) === 'Terminated', 5000, 'Terminated');
    await h.vpc.deletePhysicalConnection(new $Vpc.DeletePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
    assert.equal(await circuitStatus(h.vpc, id), undefined);
  });

  it('DescribePhysicalConnections wire JSON has the SDK model types (lower-case inner tags, string VlanId)', async () => {
    const id = await h.vpc
      .createPhysicalConnection(
        new $Vpc.CreatePhysicalConnectionRequest({
          regionId: R,
          accessPointId: 'ap-cn-hangzhou-yh-B',
          lineOperator: 'CU',
          name: 'line-a',
          description: 'first line',
          tag: [new $Vpc.CreatePhysicalConnectionRequestTag({ key: 'team', value: 'net' })],
        }),
      )
      .then((r) => r.body!.physicalConnectionId!);
    const body = await raw(h, 'DescribePhysicalConnections', { RegionId: R, 'Filter.1.Key': 'Name', 'Filter.1.Value.1': 'line-a' });
    assert.equal(body.TotalCount, 1);
    const item = (body.PhysicalConnectionSet as { PhysicalConnectionType: Record<string, unknown>[] }).PhysicalConnectionType[0];
    assert.equal(item.PhysicalConnectionId, id);
    for (const k of ['Bandwidth', 'DownDelayTime', 'ParentPhysicalConnectionAliUid', 'VirtualPhysicalConnectionCount'])
      assert.equal(typeof item[k], 'number', k);
    for (const k of ['VlanId', 'HasReservationData', 'Status', 'Spec', 'CreationTime', 'PortNumber', 'LineOperator'])
      assert.equal(typeof item[k], 'string', k);
    assert.deepEqual(item.Tags, { tags: [{ Key: 'team', Value: 'net' }] });
    assert.deepEqual(item.MacsecKeys, { MacsecKey: [] });
    assert.equal(item.Spec, '1G and below');
    // Tags filter and an unknown id.
    const byTag = await h.vpc.describePhysicalConnections(
      new $Vpc.DescribePhysicalConnectionsRequest({
        regionId: R,
        tags: [new $Vpc.DescribePhysicalConnectionsRequestTags({ key: 'team', value: 'net' })],
      }),
    );
    assert.deepEqual(
      byTag.body!.physicalConnectionSet!.physicalConnectionType!.map((x) => x.physicalConnectionId),
      [id],
    );
    const none = await raw(h, 'DescribePhysicalConnections', {
      RegionId: R,
      'Filter.1.Key': 'PhysicalConnectionId',
      'Filter.1.Value.1': 'pc-doesnotexist',
    });
    assert.equal(none.TotalCount, 0);
    assert.deepEqual(none.PhysicalConnectionSet, { PhysicalConnectionType: [] });
    // Modify name; cancel; delete.
    await h.vpc.modifyPhysicalConnectionAttribute(
      new $Vpc.ModifyPhysicalConnectionAttributeRequest({ regionId: R, physicalConnectionId: id, name: 'line-b', bandwidth: 500 }),
    );
    const after1 = await raw(h, 'DescribePhysicalConnections', {
      RegionId: R,
      'Filter.1.Key': 'PhysicalConnectionId',
      'Filter.1.Value.1': id,
    });
    const m = (after1.PhysicalConnectionSet as { PhysicalConnectionType: Record<string, unknown>[] }).PhysicalConnectionType[0];
    assert.equal(m.Name, 'line-b');
    assert.equal(m.Bandwidth, 500);
    await h.vpc.cancelPhysicalConnection(new $Vpc.CancelPhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
    assert.equal(await circuitStatus(h.vpc, id), 'Canceled');
    const noLine = await errorCode(
      h.vpc.modifyPhysicalConnectionAttribute(
        new $Vpc.ModifyPhysicalConnectionAttributeRequest({ regionId: R, physicalConnectionId: id, lineOperator: 'CM' }),
      ),
    );
    assert.equal(noLine.code, 'InvalidStatus');
    await h.vpc.deletePhysicalConnection(new $Vpc.DeletePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
  });

  it('rejects each malformed CreatePhysicalConnection parameter with its own code', async () => {
    const base = { regionId: R, accessPointId: 'ap-cn-hangzhou-yh-B', lineOperator: 'CT' };
    const cases: [Record<string, unknown>, string, number?][] = [
      [{ lineOperator: 'XX' }, 'InvalidLineOperator.Malformd'],
      [{ portType: '25GBase-LR' }, 'InvalidPortType.Malformd'],
      [{ type: 'CLASSIC' }, 'InvalidType.Malformd'],
      [{ bandwidth: 1 }, 'InvalidBandwidth'],
      [{ bandwidth: 10241 }, 'InvalidBandwidth'],
      [{ name: '1bad' }, 'InvalidName.Malformed'],
      [{ description: 'http://x' }, 'InvalidDescription.Malformed'],
      [{ circuitCode: 'has space' }, 'InvalidCircuitCode.Malformed'],
      [{ peerLocation: 'https://example.com' }, 'InvalidPeerLocation.Malformd'],
      [{ accessPointId: 'ap-nowhere' }, 'ResourceNotFound.AccessPointId', 404],
      [{ redundantPhysicalConnectionId: 'pc-nothere' }, 'InvalidRedundantPhysicalConnectionId.NotFound'],
    ];
    for (const [over, code, status] of cases) {
      const e = await errorCode(h.vpc.createPhysicalConnection(new $Vpc.CreatePhysicalConnectionRequest({ ...base, ...over })));
      assert.equal(e.code, code, JSON.stringify(over));
      assert.equal(e.statusCode, status ?? 400, code);
    }
    const missing = await errorCode(
      h.vpc.createPhysicalConnection(new $Vpc.CreatePhysicalConnectionRequest({ regionId: R, accessPointId: 'ap-cn-hangzhou-yh-B' })),
    );
    assert.equal(missing.code, 'MissingParameter');
    assert.match(missing.message, /LineOperator/);
  });

  it('a redundant circuit must be Allocated/Confirmed/Enabled', async () => {
    const tenantCircuit = await createCircuit(tenant, { accessPointId: 'ap-cn-hangzhou-xx-C' });
    const initial = await errorCode(
      tenant.createPhysicalConnection(
        new $Vpc.CreatePhysicalConnectionRequest({
          regionId: R,
          accessPointId: 'ap-cn-hangzhou-xx-C',
          lineOperator: 'CT',
          redundantPhysicalConnectionId: tenantCircuit,
        }),
      ),
    );
    assert.equal(initial.code, 'InvalidRedundantPhysicalConnectionStatus');
    // Another account's circuit looks like a missing one.
    const foreign = await errorCode(
      h.vpc.createPhysicalConnection(
        new $Vpc.CreatePhysicalConnectionRequest({
          regionId: R,
          accessPointId: 'ap-cn-hangzhou-xx-C',
          lineOperator: 'CT',
          redundantPhysicalConnectionId: tenantCircuit,
        }),
      ),
    );
    assert.equal(foreign.code, 'InvalidRedundantPhysicalConnectionId.NotFound');
    await waitFor(async () => (await circuitStatus(tenant, tenantCircuit)) === 'Allocated', 5000, 'Allocated');
    const ok = await tenant.createPhysicalConnection(
      new $Vpc.CreatePhysicalConnectionRequest({
        regionId: R,
        accessPointId: 'ap-cn-hangzhou-xx-C',
        lineOperator: 'CT',
        redundantPhysicalConnectionId: tenantCircuit,
      }),
    );
    const both = await raw(h, 'DescribePhysicalConnections', { RegionId: R }).catch(() => undefined);
    assert.ok(both);
    for (const id of [ok.body!.physicalConnectionId!, tenantCircuit]) {
      await tenant.cancelPhysicalConnection(new $Vpc.CancelPhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
    }
  });

  it('another account’s circuit id behaves exactly like a missing one', async () => {
    const id = await createCircuit(h.vpc, { accessPointId: 'ap-cn-hangzhou-xx-C' });
    for (const call of [
      () => tenant.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
      () => tenant.cancelPhysicalConnection(new $Vpc.CancelPhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
      () => tenant.deletePhysicalConnection(new $Vpc.DeletePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
      () => tenant.terminatePhysicalConnection(new $Vpc.TerminatePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
      () =>
        tenant.modifyPhysicalConnectionAttribute(
          new $Vpc.ModifyPhysicalConnectionAttributeRequest({ regionId: R, physicalConnectionId: id, name: 'x1' }),
        ),
    ]) {
      const e = await errorCode(call());
      assert.equal(e.code, 'InvalidPhysicalConnectionId.NotFound');
      assert.equal(e.statusCode, 404);
    }
    const confirm = await errorCode(
      tenant.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
    );
    assert.equal(confirm.code, 'InvalidPhysicalConnectionId.NotFound');
    assert.equal(confirm.statusCode, 400);
    assert.equal(await circuitStatus(tenant, id), undefined);
    await h.vpc.cancelPhysicalConnection(new $Vpc.CancelPhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
  });

  it('quotas: circuits per access point, unfinished circuits', async () => {
    // The tenant starts from zero live circuits at ap-cn-shanghai-nh-A.
    const ids: string[] = [];
    const c = (ap: string, region = 'cn-shanghai') =>
      tenant.createPhysicalConnection(
        new $Vpc.CreatePhysicalConnectionRequest({ regionId: region, accessPointId: ap, lineOperator: 'CT' }),
      );
    ids.push((await c('ap-cn-shanghai-nh-A')).body!.physicalConnectionId!);
    ids.push((await c('ap-cn-shanghai-nh-A')).body!.physicalConnectionId!);
    const perAp = await errorCode(c('ap-cn-shanghai-nh-A'));
    assert.equal(perAp.code, 'QuotaExceeded.pConnPerAP');
    ids.push((await c('ap-cn-shanghai-jq-B')).body!.physicalConnectionId!);
    const unfinished = await errorCode(c('ap-cn-shanghai-jq-B'));
    assert.equal(unfinished.code, 'QuotaExceeded.freePconnPerAP');
    for (const id of ids)
      await tenant.cancelPhysicalConnection(
        new $Vpc.CancelPhysicalConnectionRequest({ regionId: 'cn-shanghai', physicalConnectionId: id }),
      );
    // Canceled circuits no longer count.
    const again = (await c('ap-cn-shanghai-nh-A')).body!.physicalConnectionId!;
    await tenant.cancelPhysicalConnection(
      new $Vpc.CancelPhysicalConnectionRequest({ regionId: 'cn-shanghai', physicalConnectionId: again }),
    );
  });

  it('ClientToken: the same token returns the same circuit without a second one', async () => {
    const req = () =>
      h.vpc.createPhysicalConnection(
        new $Vpc.CreatePhysicalConnectionRequest({
          regionId: 'cn-beijing',
          accessPointId: 'ap-cn-beijing-ft-A',
          lineOperator: 'CT',
          clientToken: 'token-pc-1',
        }),
      );
    const [a, b] = await Promise.all([req(), req()]);
    assert.equal(a.body!.physicalConnectionId, b.body!.physicalConnectionId);
    const list = await raw(h, 'DescribePhysicalConnections', { RegionId: 'cn-beijing' });
    assert.equal(list.TotalCount, 1);
    const mismatch = await errorCode(
      h.vpc.createPhysicalConnection(
        new $Vpc.CreatePhysicalConnectionRequest({
          regionId: 'cn-beijing',
          accessPointId: 'ap-cn-beijing-ft-A',
          lineOperator: 'CU',
          clientToken: 'token-pc-1',
        }),
      ),
    );
    assert.equal(mismatch.code, 'IdempotentParameterMismatch');
    await h.vpc.cancelPhysicalConnection(
      new $Vpc.CancelPhysicalConnectionRequest({ regionId: 'cn-beijing', physicalConnectionId: a.body!.physicalConnectionId }),
    );
  });

  it('terminate and delete refuse while VBRs are attached; delete refuses other states', async () => {
    const id = await enabledCircuit(h.vpc, { accessPointId: 'ap-cn-hangzhou-xx-C' });
    const notAllowed = await errorCode(
      h.vpc.deletePhysicalConnection(new $Vpc.DeletePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
    );
    assert.equal(notAllowed.code, 'Forbidden.NotInAllowDeleteStatus');
    const cancel = await errorCode(
      h.vpc.cancelPhysicalConnection(new $Vpc.CancelPhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
    );
    assert.equal(cancel.code, 'Forbidden.NotAllowedInState');
    const vbr = await createVbr(h.vpc, id, 100);
    const term = await errorCode(
      h.vpc.terminatePhysicalConnection(new $Vpc.TerminatePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
    );
    assert.equal(term.code, 'Forbidden.VbrAttached');
    const del = await errorCode(
      h.vpc.deletePhysicalConnection(new $Vpc.DeletePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
    );
    assert.equal(del.code, 'Forbidden.VBRExists');
    await h.vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: vbr }));
    await waitFor(
      async () =>
        (await raw(h, 'DescribeVirtualBorderRouters', { RegionId: R, 'Filter.1.Key': 'VbrId', 'Filter.1.Value.1': vbr })).TotalCount === 0,
      5000,
      'VBR gone',
    );
    await h.vpc.terminatePhysicalConnection(new $Vpc.TerminatePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
    await waitFor(async () => (await circuitStatus(h.vpc, id)) === 'Terminated', 5000, 'Terminated');
    await h.vpc.deletePhysicalConnection(new $Vpc.DeletePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
  });

  it('hosted connections: create for a tenant, list, tenant enables, terminate, recover', async () => {
    const parent = await enabledCircuit(h.vpc, { regionId: 'cn-shenzhen', accessPointId: 'ap-cn-shenzhen-nsb-A' });
    const create = (over: Record<string, unknown> = {}) =>
      h.vpc.createVirtualPhysicalConnection(
        new $Vpc.CreateVirtualPhysicalConnectionRequest({
          regionId: 'cn-shenzhen',
          physicalConnectionId: parent,
          orderMode: 'PayByPhysicalConnectionOwner',
          vlanId: 20,
          spec: '50M',
          vpconnAliUid: Number(TENANT.accountId),
          name: 'hosted',
          ...over,
        }),
      );
    const bad: [Record<string, unknown>, string][] = [
      [{ orderMode: 'Free' }, 'IllegalParam.OrderMode'],
      [{ spec: '3M' }, 'IllegalParam.Spec'],
      [{ vlanId: 3000 }, 'IllegalParam.VlanId'],
      [{ vpconnAliUid: 42 }, 'IllegalParam.VpconnAliUid'],
      [{ physicalConnectionId: 'pc-nope' }, 'ResourceNotFound.PhysicalConnectionId'],
    ];
    for (const [over, code] of bad) assert.equal((await errorCode(create(over))).code, code, code);
    const vp = (await create({ token: 'tok-1' })).body!.virtualPhysicalConnection!;
    assert.equal((await create({ token: 'tok-1' })).body!.virtualPhysicalConnection, vp);
    const dup = await errorCode(create());
    assert.equal(dup.code, 'VLAN_ID_HAS_BEEN_USED_IN_PHYSICAL_CONNECTION');
    // 50M are sold on the 10G port: the whole 10G no longer fits.
    const full = await errorCode(create({ vlanId: 21, spec: '10G' }));
    assert.equal(full.code, 'ResourceNotEnough.Bandwidth');

    const list = await h.vpc.listVirtualPhysicalConnections(
      new $Vpc.ListVirtualPhysicalConnectionsRequest({ regionId: 'cn-shenzhen', physicalConnectionId: parent }),
    );
    assert.equal(list.body!.totalCount, 1);
    const item = list.body!.virtualPhysicalConnections![0];
    assert.equal(item.physicalConnectionId, vp);
    assert.equal(item.aliUid, TENANT.accountId);
    assert.equal(item.vlanId, '20');
    assert.equal(item.virtualPhysicalConnectionStatus, 'UnConfirmed');
    const rawList = await raw(h, 'ListVirtualPhysicalConnections', { RegionId: 'cn-shenzhen', MaxResults: 1 });
    assert.equal(typeof (rawList.VirtualPhysicalConnections as Record<string, unknown>[])[0].Bandwidth, 'number');
    assert.equal(rawList.NextToken, '');

    // The tenant sees it as its own circuit, accepts it by enabling it, and can terminate and recover it.
    const tenant = tenantClient(h);
    assert.equal(await circuitStatus(tenant, vp, 'cn-shenzhen'), 'Confirmed');
    await tenant.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: 'cn-shenzhen', physicalConnectionId: vp }));
    await waitFor(async () => (await circuitStatus(tenant, vp, 'cn-shenzhen')) === 'Enabled', 5000, 'hosted Enabled');
    const confirmed = await h.vpc.listVirtualPhysicalConnections(
      new $Vpc.ListVirtualPhysicalConnectionsRequest({ regionId: 'cn-shenzhen', isConfirmed: true }),
    );
    assert.equal(confirmed.body!.count, 1);
    const parentTerm = await errorCode(
      h.vpc.terminatePhysicalConnection(
        new $Vpc.TerminatePhysicalConnectionRequest({ regionId: 'cn-shenzhen', physicalConnectionId: parent }),
      ),
    );
    assert.equal(parentTerm.code, 'OperationFailed.VpconnAttached');
    const notTerminated = await errorCode(
      tenant.recoverPhysicalConnection(new $Vpc.RecoverPhysicalConnectionRequest({ regionId: 'cn-shenzhen', instanceId: vp })),
    );
    assert.equal(notTerminated.code, 'IncorrectStatus.PhysicalConnection');
    await tenant.terminatePhysicalConnection(
      new $Vpc.TerminatePhysicalConnectionRequest({ regionId: 'cn-shenzhen', physicalConnectionId: vp }),
    );
    await waitFor(async () => (await circuitStatus(tenant, vp, 'cn-shenzhen')) === 'Terminated', 5000, 'hosted Terminated');
    await tenant.recoverPhysicalConnection(new $Vpc.RecoverPhysicalConnectionRequest({ regionId: 'cn-shenzhen', instanceId: vp }));
    assert.equal(await circuitStatus(tenant, vp, 'cn-shenzhen'), 'Enabled');
    const dedicated = await errorCode(
      h.vpc.recoverPhysicalConnection(new $Vpc.RecoverPhysicalConnectionRequest({ regionId: 'cn-shenzhen', instanceId: parent })),
    );
    assert.equal(dedicated.code, 'OperationDenied.PconnNotAllowRecover');
    const modify = await errorCode(
      tenant.modifyPhysicalConnectionAttribute(
        new $Vpc.ModifyPhysicalConnectionAttributeRequest({ regionId: 'cn-shenzhen', physicalConnectionId: vp, lineOperator: 'CM' }),
      ),
    );
    assert.equal(modify.code, 'OperationDenied.VPconn');
  });
});
