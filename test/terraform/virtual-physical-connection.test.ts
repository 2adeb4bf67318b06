// alicloud_express_connect_virtual_physical_connection replayed against vbrd, with the values of the
// provider's TestAccAliCloudExpressConnectVirtualPhysicalConnection_basic0. The partner (the circuit's
// owner) applies it for the tenant named by vpconn_ali_uid.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe } from 'node:test';
import { replayTest } from './gaps.js';
import { describeVirtualPhysicalConnection, virtualPhysicalConnection } from './provider/resources/virtual-physical-connection.js';
import { ProviderNotFound } from './provider/sdk.js';
import { TerraformResource } from './provider/terraform.js';
import { DEFAULT_RESOURCE_GROUP, startReplay, TENANT, type Replay } from './support.js';

const FILE = virtualPhysicalConnection.file;
const F = virtualPhysicalConnection.functions;

describe('alicloud_express_connect_virtual_physical_connection', () => {
  let r: Replay;
  before(async () => (r = await startReplay()));
  after(() => r.close());
  beforeEach(() => (r.provider.sent.length = 0));

  /** CheckDestroy: the partner no longer lists it. */
  async function gone(id: string): Promise<boolean> {
    try {
      await describeVirtualPhysicalConnection(r.provider, id);
      return false;
    } catch (e) {
      if (e instanceof ProviderNotFound) return true;
      throw e;
    }
  }

  replayTest(
    'create with expect_spec (UpdateVirtualPhysicalConnection right after), new expected spec, new VLAN, import, destroy',
    { follows: `${FILE} ${F.create}, ${F.update}, ${F.read}, ${F.delete}`, needs: ['G-3', 'G-5', 'G-6', 'G-7'] },
    async () => {
      const res = new TerraformResource(virtualPhysicalConnection, r.provider);
      const config = {
        virtual_physical_connection_name: 'amp_resource_test',
        description: 'amp_resource_test',
        order_mode: 'PayByPhysicalConnectionOwner',
        parent_physical_connection_id: await r.preservedCircuit(),
        spec: '50M',
        vlan_id: '789',
        vpconn_ali_uid: TENANT.accountId,
        expect_spec: '100M',
        resource_group_id: DEFAULT_RESOURCE_GROUP,
      };
      await res.apply(config);
      const [create] = r.provider.requestsFor('CreateVirtualPhysicalConnection');
      assert.equal(create.body!.has('ClientToken') || create.body!.has('Token'), false, 'no ClientToken and no Token');
      const [update] = r.provider.requestsFor('UpdateVirtualPhysicalConnection');
      assert.deepEqual(Object.fromEntries(update.body!), {
        InstanceId: res.id,
        RegionId: 'cn-hangzhou',
        VlanId: '789',
        ExpectSpec: '100M',
      });
      assert.equal(res.attr('spec'), '50M');
      assert.equal(res.attr('expect_spec'), '100M');
      await res.apply({ ...config, expect_spec: '200M' });
      assert.equal(res.attr('expect_spec'), '200M');
      await res.apply({ ...config, expect_spec: '200M', vlan_id: '1124' });
      assert.equal(res.attr('vlan_id'), 1124);
      await res.importVerify([]);
      const id = res.id;
      assert.equal(await res.destroy(), 'deleted');
      assert.ok(await gone(id), 'the hosted connection is gone after destroy');
    },
  );

  replayTest(
    'create without expect_spec (no update call), import, destroy removes it',
    { follows: `${FILE} ${F.create}, ${F.read}, ${F.delete}`, needs: ['G-6', 'G-7'] },
    async () => {
      const res = new TerraformResource(virtualPhysicalConnection, r.provider);
      await res.apply({
        virtual_physical_connection_name: 'amp_resource_test',
        description: 'amp_resource_test',
        order_mode: 'PayByPhysicalConnectionOwner',
        parent_physical_connection_id: await r.preservedCircuit(),
        spec: '50M',
        vlan_id: '789',
        vpconn_ali_uid: TENANT.accountId,
      });
      assert.equal(r.provider.requestsFor('UpdateVirtualPhysicalConnection').length, 0);
      assert.equal(res.attr('virtual_physical_connection_status'), 'UnConfirmed');
      assert.equal(res.attr('vpconn_ali_uid'), TENANT.accountId);
      await res.importVerify([]);
      const id = res.id;
      const [remove] = [await res.destroy(), r.provider.requestsFor('DeletePhysicalConnection').at(-1)!];
      assert.equal(remove, 'deleted');
      assert.ok(await gone(id), 'the hosted connection is gone after destroy');
    },
  );

  replayTest(
    'deleted out of band by the partner: refresh drops it from state',
    { follows: `${FILE} ${F.read}`, needs: ['G-6', 'G-7'] },
    async () => {
      const res = new TerraformResource(virtualPhysicalConnection, r.provider);
      await res.apply({
        order_mode: 'PayByPhysicalConnectionOwner',
        parent_physical_connection_id: await r.preservedCircuit(),
        spec: '50M',
        vlan_id: '790',
        vpconn_ali_uid: TENANT.accountId,
      });
      await r.console.rpcPost('DeletePhysicalConnection', null, { RegionId: 'cn-hangzhou', PhysicalConnectionId: res.id }, true);
      assert.equal(await res.destroy(), 'already gone');
    },
  );
});
