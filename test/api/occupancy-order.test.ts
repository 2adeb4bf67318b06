// CreatePhysicalConnectionOccupancyOrder through the official SDK: what Terraform calls to take a circuit
// from Confirmed to Enabled. Its terms are validated; with AutoPay the circuit is enabled through the same
// timed step as EnablePhysicalConnection; the states it refuses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { $Vpc, errorCode, waitFor, type Harness, type VpcClient } from '../support/harness.js';
import {
  TENANT,
  circuitStatus,
  createCircuit,
  enabledCircuit,
  openService,
  raw,
  startFastHarness,
  tenantClient,
} from '../support/express-connect.js';

const R = 'cn-hangzhou';

function order(vpc: VpcClient, physicalConnectionId: string, extra: Record<string, unknown> = {}) {
  return vpc.createPhysicalConnectionOccupancyOrder(
    new $Vpc.CreatePhysicalConnectionOccupancyOrderRequest({
      regionId: R,
      physicalConnectionId,
      instanceChargeType: 'PrePaid',
      autoPay: true,
      ...extra,
    }),
  );
}

async function confirmedCircuit(vpc: VpcClient, accessPointId = 'ap-cn-hangzhou-yh-B'): Promise<string> {
  const id = await createCircuit(vpc, { accessPointId });
  await waitFor(async () => (await circuitStatus(vpc, id)) === 'Allocated', 5000, 'Allocated');
  await vpc.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));
  return id;
}

async function circuit(h: Harness, id: string, vpc = h.vpc): Promise<Record<string, unknown>> {
  const r = await vpc.describePhysicalConnections(
    new $Vpc.DescribePhysicalConnectionsRequest({
      regionId: R,
      filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'PhysicalConnectionId', value: [id] })],
    }),
  );
  return r.body!.physicalConnectionSet!.physicalConnectionType![0] as unknown as Record<string, unknown>;
}

describe('CreatePhysicalConnectionOccupancyOrder', () => {
  let h: Harness;
  before(async () => {
    // A transition slow enough to see Confirmed between the order and Enabled, also on a busy machine.
    h = await startFastHarness(
      { physicalConnectionsPerAccessPoint: 10, unfinishedPhysicalConnections: 10 },
      { physicalConnectionTransitionMs: 400 },
    );
    await openService(h.vpc);
    await openService(tenantClient(h));
  });
  after(async () => {
    await h.close();
  });

  it('takes a Confirmed circuit to Enabled through the timed step, answering Data.OrderId, as Terraform expects', async () => {
    const id = await createCircuit(h.vpc);
    await waitFor(async () => (await circuitStatus(h.vpc, id)) === 'Allocated', 5000, 'Allocated');
    const early = await errorCode(order(h.vpc, id));
    assert.equal(early.code, 'Forbidden.NotAllowedInState');
    assert.equal(early.statusCode, 400);
    await h.vpc.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId: R, physicalConnectionId: id }));

    // Exactly Terraform's request: PrePaid, AutoPay=true, Period 1, PricingCycle Month, a ClientToken.
    const body = await raw(h, 'CreatePhysicalConnectionOccupancyOrder', {
      RegionId: R,
      PhysicalConnectionId: id,
      InstanceChargeType: 'PrePaid',
      AutoPay: 'true',
      Period: '1',
      PricingCycle: 'Month',
      ClientToken: 'TF-CreatePhysicalConnectionOccupancyOrder-1700000000-1234567890a',
    });
    const data = body.Data as { OrderId: unknown };
    assert.equal(typeof data, 'object');
    assert.equal(typeof data.OrderId, 'string');
    assert.match(data.OrderId as string, /^\d{16}$/);
    // Until the step lands it is still Confirmed, and a second order is refused.
    assert.equal(await circuitStatus(h.vpc, id), 'Confirmed');
    assert.equal((await errorCode(order(h.vpc, id))).code, 'Forbidden.NotAllowedInState');
    const enable = await errorCode(
      h.vpc.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: R, physicalConnectionId: id })),
    );
    assert.equal(enable.code, 'Forbidden.NotAllowedInState', 'the order started the same enabling as EnablePhysicalConnection');
    await waitFor(async () => (await circuitStatus(h.vpc, id)) === 'Enabled', 5000, 'Enabled');
    const c = await circuit(h, id);
    assert.match(c.enabledTime as string, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // The same ClientToken replays the first answer; a paid circuit takes no further order.
    const again = await raw(h, 'CreatePhysicalConnectionOccupancyOrder', {
      RegionId: R,
      PhysicalConnectionId: id,
      InstanceChargeType: 'PrePaid',
      AutoPay: 'true',
      Period: '1',
      PricingCycle: 'Month',
      ClientToken: 'TF-CreatePhysicalConnectionOccupancyOrder-1700000000-1234567890a',
    });
    assert.deepEqual(again.Data, body.Data);
    assert.equal((await errorCode(order(h.vpc, id))).code, 'Forbidden.NotAllowedInState');
  });

  it('without AutoPay the order waits for a payment: the circuit stays Confirmed', async () => {
    const id = await confirmedCircuit(h.vpc);
    const r = await order(h.vpc, id, { autoPay: false });
    assert.equal(typeof r.body!.data!.orderId, 'string');
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.equal(await circuitStatus(h.vpc, id), 'Confirmed');
    // Paying later (an AutoPay order) enables it.
    await order(h.vpc, id, { period: 2, pricingCycle: 'Year' });
    await waitFor(async () => (await circuitStatus(h.vpc, id)) === 'Enabled', 5000, 'Enabled');
  });

  it('validates the documented terms, each with its own code, before looking at the circuit', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ instanceChargeType: 'PostPaid' }, 'InvalidPhysicalConnectionChargeType.Malformed'],
      [{ pricingCycle: 'Week' }, 'InvalidPhysicalConnectionPricingCycle.Malformed'],
      [{ period: 10 }, 'InvalidPhysicalConnectionPeriod.Malformed'],
      [{ period: 0 }, 'InvalidPhysicalConnectionPeriod.Malformed'],
      [{ period: 6, pricingCycle: 'Year' }, 'InvalidPhysicalConnectionPeriod.Malformed'],
    ];
    for (const [over, code] of cases) {
      const e = await errorCode(order(h.vpc, 'pc-doesnotexist0000000000', over));
      assert.equal(e.code, code, JSON.stringify(over));
      assert.equal(e.statusCode, 400);
    }
    const missing = await errorCode(order(h.vpc, 'pc-doesnotexist0000000000'));
    assert.equal(missing.code, 'InvalidPhysicalConnectionId.NotFound');
    assert.equal(missing.statusCode, 404);
    // Another account's circuit looks like a missing one.
    const mine = await confirmedCircuit(h.vpc);
    const foreign = await errorCode(order(tenantClient(h), mine));
    assert.equal(foreign.code, 'InvalidPhysicalConnectionId.NotFound');
    assert.equal(await circuitStatus(h.vpc, mine), 'Confirmed');
  });

  it('a tenant’s order on a hosted connection is its acceptance, once the parent is Enabled', async () => {
    const parent = await enabledCircuit(h.vpc, { accessPointId: 'ap-cn-hangzhou-xx-C' });
    const created = await h.vpc.createVirtualPhysicalConnection(
      new $Vpc.CreateVirtualPhysicalConnectionRequest({
        regionId: R,
        physicalConnectionId: parent,
        orderMode: 'PayByVirtualPhysicalConnectionOwner',
        vlanId: 41,
        spec: '50M',
        vpconnAliUid: Number(TENANT.accountId),
      }),
    );
    const vp = created.body!.virtualPhysicalConnection!;
    const tenant = tenantClient(h);
    await order(tenant, vp);
    assert.equal((await circuit(h, vp, tenant)).vpconnStatus, 'Confirmed');
    await waitFor(async () => (await circuitStatus(tenant, vp)) === 'Enabled', 5000, 'hosted Enabled');
  });

  it('accepts the bandwidth Terraform’s acceptance tests create circuits with (10 Mbit/s)', async () => {
    const r = await h.vpc.createPhysicalConnection(
      new $Vpc.CreatePhysicalConnectionRequest({
        regionId: R,
        accessPointId: 'ap-cn-hangzhou-yh-B',
        lineOperator: 'CU',
        portType: '1000Base-LX',
        bandwidth: 10,
      }),
    );
    const c = await circuit(h, r.body!.physicalConnectionId!);
    assert.equal(c.bandwidth, 10);
  });
});
