// alicloud_express_connect_physical_connection replayed against vbrd, with the values of the
// provider's TestAccAliCloudExpressConnectPhysicalConnection_basic0 / _twin / _intl.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe } from 'node:test';
import { replayTest } from './gaps.js';
import { physicalConnection } from './provider/resources/physical-connection.js';
import { TerraformResource } from './provider/terraform.js';
import { ACCESS_POINT, accName, isProviderToken, REGION, startReplay, type Replay } from './support.js';

const FILE = physicalConnection.file;
const F = physicalConnection.functions;
const IMPORT_IGNORE = ['period', 'pricing_cycle', 'order_id'];

describe('alicloud_express_connect_physical_connection', () => {
  let r: Replay;
  before(async () => (r = await startReplay()));
  after(() => r.close());
  beforeEach(() => (r.provider.sent.length = 0));

  replayTest(
    'create, update every attribute, Confirmed, import, Canceled, destroy',
    { follows: `${FILE} ${F.create}, ${F.update}, ${F.read}, ${F.delete}` },
    async () => {
      const res = new TerraformResource(physicalConnection, r.provider);
      const name = accName('expressconnectphysicalconnection');
      const config: Record<string, unknown> = { access_point_id: ACCESS_POINT, line_operator: 'CU', port_type: '1000Base-LX' };
      await res.apply(config);
      assert.equal(res.attr('status'), 'Allocated');
      assert.equal(res.attr('type'), 'VPC');
      assert.notEqual(res.attr('bandwidth'), '');
      const [create] = r.provider.requestsFor('CreatePhysicalConnection');
      assert.deepEqual([...create.body!.keys()].sort(), ['AccessPointId', 'ClientToken', 'LineOperator', 'PortType', 'RegionId']);
      assert.ok(isProviderToken(create.body!.get('ClientToken'), 'CreatePhysicalConnection'));

      for (const step of [
        { line_operator: 'CM' },
        { bandwidth: '10' },
        { circuit_code: 'longtel001' },
        { peer_location: name },
        { physical_connection_name: name },
        { description: name },
      ]) {
        r.provider.sent.length = 0;
        Object.assign(config, step);
        await res.apply(config);
        for (const [k, v] of Object.entries(step)) assert.equal(res.attr(k), v, k);
        // LineOperator is sent every time; the changed attribute under its wire name (bandwidth in lower case).
        const [modify] = r.provider.requestsFor('ModifyPhysicalConnectionAttribute');
        assert.equal(modify.body!.get('LineOperator'), config.line_operator);
        const wire = {
          line_operator: 'LineOperator',
          bandwidth: 'bandwidth',
          circuit_code: 'CircuitCode',
          peer_location: 'PeerLocation',
          physical_connection_name: 'Name',
          description: 'Description',
        }[Object.keys(step)[0]]!;
        assert.equal(modify.body!.get(wire), Object.values(step)[0]);
      }

      await res.apply({ ...config, status: 'Confirmed' });
      assert.equal(res.attr('status'), 'Confirmed');
      await res.importVerify(IMPORT_IGNORE);
      await res.apply({ ...config, status: 'Canceled' });
      assert.equal(res.attr('status'), 'Canceled');
      await res.importVerify(IMPORT_IGNORE);
      assert.equal(await res.destroy(), 'deleted');
      assert.equal(r.provider.requestsFor('DeletePhysicalConnection').at(-1)!.status, 200);
    },
  );

  replayTest(
    'status Enabled through an occupancy order (period 1), then Terminated, import, destroy',
    { follows: `${FILE} ${F.update} (VpcService.ModifyExpressConnectPhysicalConnectionStatus "Enabled", "Terminated")`, needs: ['G-1'] },
    async () => {
      const res = new TerraformResource(physicalConnection, r.provider);
      const config = { access_point_id: ACCESS_POINT, line_operator: 'CU', port_type: '1000Base-LX' };
      await res.apply(config);
      await res.apply({ ...config, status: 'Confirmed' });
      r.provider.sent.length = 0;
      await res.apply({ ...config, status: 'Enabled', period: '1' });
      assert.equal(res.attr('status'), 'Enabled');
      assert.notEqual(res.attr('order_id') ?? '', '');
      const [order] = r.provider.requestsFor('CreatePhysicalConnectionOccupancyOrder');
      assert.equal(order.body!.get('InstanceChargeType'), 'PrePaid');
      assert.equal(order.body!.get('AutoPay'), 'true');
      assert.equal(order.body!.get('Period'), '1');
      assert.equal(r.provider.requestsFor('EnablePhysicalConnection').length, 0);
      await res.importVerify(IMPORT_IGNORE);
      await res.apply({ ...config, status: 'Terminated', period: '1' });
      assert.equal(res.attr('status'), 'Terminated');
      await res.importVerify(IMPORT_IGNORE);
      assert.equal(await res.destroy(), 'deleted');
    },
  );

  replayTest(
    'everything at create (the _twin test): type, bandwidth 10, circuit code, redundant circuit, status Enabled, period, pricing cycle',
    { follows: `${FILE} ${F.create} then ${F.update}`, needs: ['G-1', 'G-16'] },
    async () => {
      const preserved = await r.preservedCircuit();
      const res = new TerraformResource(physicalConnection, r.provider);
      const name = accName('expressconnectphysicalconnection');
      const config = {
        access_point_id: ACCESS_POINT,
        line_operator: 'CU',
        type: 'VPC',
        port_type: '1000Base-LX',
        bandwidth: '10',
        circuit_code: 'longtel001',
        peer_location: name,
        physical_connection_name: name,
        description: name,
        redundant_physical_connection_id: preserved,
        status: 'Enabled',
        period: '1',
        pricing_cycle: 'Month',
      };
      await res.apply(config);
      assert.equal(res.attr('status'), 'Enabled');
      const [order] = r.provider.requestsFor('CreatePhysicalConnectionOccupancyOrder').slice(-1);
      assert.equal(order.body!.get('PricingCycle'), 'Month');
      await res.apply({ ...config, status: 'Terminated' });
      await res.importVerify(IMPORT_IGNORE);
      assert.equal(await res.destroy(), 'deleted');
    },
  );

  replayTest(
    'deleted out of band: refresh drops it from state; a Delete that still runs counts "not found" as done',
    { follows: `${FILE} ${F.read}, ${F.delete}` },
    async () => {
      const res = new TerraformResource(physicalConnection, r.provider);
      await res.apply({ access_point_id: ACCESS_POINT, line_operator: 'CT', port_type: '1000Base-T' });
      const id = res.id;
      await r.console.rpcPost('DeletePhysicalConnection', null, { RegionId: REGION, PhysicalConnectionId: id }, true);
      // terraform destroy with -refresh=false: the Delete runs and gets vbrd's 404, which NotFoundError accepts.
      const stale = structuredClone(res.state);
      assert.equal(await res.destroy({ refresh: false }), 'deleted');
      const last = r.provider.requestsFor('DeletePhysicalConnection').at(-1)!;
      assert.equal(last.status, 404);
      // terraform plan / destroy: the refresh finds it gone and removes it from state without calling Delete.
      res.state = stale;
      const deletes = r.provider.requestsFor('DeletePhysicalConnection').length;
      assert.equal(await res.destroy(), 'already gone');
      assert.equal(r.provider.requestsFor('DeletePhysicalConnection').length, deletes);
    },
  );
});
