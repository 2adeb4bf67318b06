// alicloud_vpc_vbr_ha replayed against vbrd, with the values of the provider's TestAccAliCloudVPCVbrHa
// (its CEN instance and attachments are another product: vbrd has no CEN).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe } from 'node:test';
import { replayTest } from './gaps.js';
import { vbrHa } from './provider/resources/vbr-ha.js';
import { virtualBorderRouter } from './provider/resources/virtual-border-router.js';
import { TerraformResource } from './provider/terraform.js';
import { accName, isProviderToken, REGION, startReplay, until, type Replay } from './support.js';

const FILE = vbrHa.file;
const F = vbrHa.functions;

describe('alicloud_vpc_vbr_ha', () => {
  let r: Replay;
  before(async () => (r = await startReplay()));
  after(() => r.close());
  beforeEach(() => (r.provider.sent.length = 0));

  /** Two VBRs (count = 2 in the test), each on its own preserved circuit, same VLAN, BFD 1000/1000/10. */
  async function twoVbrs(): Promise<TerraformResource[]> {
    const vlan = String(1 + Math.floor(Math.random() * 2998));
    const vbrs: TerraformResource[] = [];
    // The test's two preserved circuits are on different access devices, as a redundant pair is.
    const first = await r.preservedCircuit();
    const circuits = [first, await r.preservedCircuit(first)];
    for (let i = 0; i < 2; i++) {
      const vbr = new TerraformResource(virtualBorderRouter, r.provider);
      await vbr.apply({
        local_gateway_ip: '10.0.0.1',
        peer_gateway_ip: '10.0.0.2',
        peering_subnet_mask: '255.255.255.252',
        physical_connection_id: circuits[i],
        vlan_id: vlan,
        min_rx_interval: '1000',
        min_tx_interval: '1000',
        detect_multiplier: '10',
      });
      vbrs.push(vbr);
    }
    return vbrs;
  }

  replayTest(
    'create (waits for "Active"), import, destroy (waits until DescribeVbrHa says not found)',
    { follows: `${FILE} ${F.create}, ${F.read}, ${F.delete}`, needs: ['G-4'] },
    async () => {
      const [a, b] = await twoVbrs();
      const name = accName('vpcvbrha');
      const ha = new TerraformResource(vbrHa, r.provider);
      try {
        await ha.apply({ description: name, vbr_id: a.id, peer_vbr_id: b.id, vbr_ha_name: name });
        assert.equal(ha.attr('status'), 'Active');
        assert.equal(ha.attr('vbr_ha_name'), name);
        const [create] = r.provider.requestsFor('CreateVbrHa');
        assert.deepEqual([...create.body!.keys()].sort(), ['ClientToken', 'Description', 'Name', 'PeerVbrId', 'RegionId', 'VbrId']);
        assert.ok(isProviderToken(create.body!.get('ClientToken'), 'CreateVbrHa'));
        // DescribeVbrHa carries a ClientToken too, a new one on every call.
        const describes = r.provider.requestsFor('DescribeVbrHa');
        assert.equal(new Set(describes.map((x) => x.body!.get('ClientToken'))).size, describes.length);
        await ha.importVerify(['dry_run']);
        assert.equal(await ha.destroy(), 'deleted');
        const [remove] = r.provider.requestsFor('DeleteVbrHa');
        assert.equal(remove.body!.get('InstanceId'), create.response!.VbrHaId);
      } finally {
        if (ha.state) await ha.destroy({ refresh: false }).catch(() => undefined);
        await a.destroy();
        await b.destroy();
      }
    },
  );

  replayTest(
    'deleted out of band: refresh drops it; a Delete that still runs counts "not found" as done',
    { follows: `${FILE} ${F.read}, ${F.delete}`, needs: ['G-4'] },
    async () => {
      const [a, b] = await twoVbrs();
      const ha = new TerraformResource(vbrHa, r.provider);
      try {
        await ha.apply({ vbr_id: a.id, peer_vbr_id: b.id });
        const id = ha.id;
        await r.console.rpcPost('DeleteVbrHa', null, { RegionId: REGION, InstanceId: id }, true);
        await until('the HA pair gone', async () => {
          try {
            const o = await r.console.rpcPost('DescribeVbrHa', null, { RegionId: REGION, VbrHaId: id }, true);
            return (o.VbrHaId ?? '') === '';
          } catch {
            return true;
          }
        });
        const stale = structuredClone(ha.state);
        assert.equal(await ha.destroy(), 'already gone');
        ha.state = stale;
        assert.equal(await ha.destroy({ refresh: false }), 'deleted');
      } finally {
        await a.destroy();
        await b.destroy();
      }
    },
  );
});
