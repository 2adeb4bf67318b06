// Accounts apart: every registered VPC action, called with a second account's key against the first
// account's resources, gets exactly the answer it gets for an ID that does not exist (no existence
// leak, no effect), and lists never show the other account's resources. ClientTokens are per account.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc, startHarness, waitFor, type Harness, type VpcClient } from '../support/harness.js';
import { apiVbrs, FAST_TIMINGS } from '../support/ram.js';
import { createVbr, enabledCircuit } from '../support/express-connect.js';
import { allActions } from '../../src/api/actions/index.js';
import { Registry } from '../../src/api/registry.js';
import { newId, type IdPrefix } from '../../src/domain/ids.js';

const REGION = 'cn-hangzhou';
const B = { accountId: '2000000000000002', accessKeyId: 'LTAI5tIsolationAcctB01', accessKeySecret: 'isolation-secret-b' };

interface Owned {
  circuit: string;
  vbr: string;
  group: string;
  peer: string;
  cidr: string;
  /** The VBR's route table, and a custom route in it. */
  table: string;
  entry: string;
  /** A VBR HA pair: a second VBR on `circuit` and one on a circuit at another access point (account A only). */
  ha?: { id: string; vbr: string; peerCircuit: string; peerVbr: string };
}

type OwnedId = Exclude<keyof Owned, 'ha'> | 'ha';

/** Which request parameters carry another resource's ID, and which resource of Owned they take. */
const ID_PARAMS: Record<string, OwnedId> = {
  PhysicalConnectionId: 'circuit',
  InstanceId: 'circuit',
  VbrId: 'vbr',
  PeerVbrId: 'vbr',
  RouterId: 'vbr',
  BgpGroupId: 'group',
  BgpPeerId: 'peer',
  RouteTableId: 'table',
  RouteEntryId: 'entry',
  VbrHaId: 'ha',
  // The tag and resource-group actions, with ResourceType VIRTUALBORDERROUTER (FILL).
  ResourceId: 'vbr',
};
/** Where one action's parameter names another kind than ID_PARAMS says. */
const ACTION_ID_PARAMS: Record<string, Record<string, OwnedId>> = {
  DeleteVbrHa: { InstanceId: 'ha' },
};
/** ID filters passed as Filter objects. */
const FILTER_ID: Record<string, [string, keyof Owned]> = {
  DescribePhysicalConnections: ['PhysicalConnectionId', 'circuit'],
  DescribeVirtualBorderRouters: ['VbrId', 'vbr'],
};
/** Plausible values for required non-ID parameters, so calls get past validation to the lookup. */
const FILL: Record<string, string | number> = {
  PeerAsn: 65010,
  DestinationCidrBlock: '10.78.0.0/16',
  VlanId: 300,
  OrderMode: 'PayByPhysicalConnectionOwner',
  Spec: '50M',
  VpconnAliUid: Number(B.accountId),
  AccessPointId: 'ap-cn-hangzhou-yh-B',
  LineOperator: 'CT',
  ResourceType: 'VIRTUALBORDERROUTER',
  NewResourceGroupId: 'rg-acfmisolation0',
};
/** Required list-of-object parameters, filled so that calls get past validation too. */
const OBJECT_FILL: Record<string, Record<string, string>> = {
  Tag: { 'Tag.1.Key': 'isolation', 'Tag.1.Value': 'b' },
};

type Outcome = { ok: true; body: unknown } | { ok: false; status: number; code: string; message: string };

async function outcome(p: Promise<unknown>, ids: string[]): Promise<Outcome> {
  const scrub = (s: string) => ids.reduce((acc, id) => acc.split(id).join('<ID>'), s);
  try {
    const body = { ...((await p) as Record<string, unknown>) };
    delete body.RequestId;
    return { ok: true, body: JSON.parse(scrub(JSON.stringify(body))) };
  } catch (e) {
    const err = e as { code?: string; entry?: { response?: { statusCode?: number } }; data?: { Message?: string } };
    return {
      ok: false,
      status: err.entry?.response?.statusCode ?? 0,
      code: err.code ?? String(e),
      message: scrub(err.data?.Message ?? ''),
    };
  }
}

async function ownResources(vpc: VpcClient, cidr: string): Promise<Owned> {
  const {
    circuitId,
    vbrIds: [vbr],
  } = await apiVbrs(vpc, 1);
  const group = (await vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: REGION, routerId: vbr, peerAsn: 65001 }))).body!
    .bgpGroupId!;
  await waitFor(
    async () =>
      (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION, bgpGroupId: group }))).body!.bgpGroups!
        .bgpGroup![0]?.status === 'Available',
    5000,
    'group Available',
  );
  const peer = (await vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: REGION, bgpGroupId: group, peerIpAddress: '10.0.0.2' })))
    .body!.bgpPeerId!;
  await vpc.addBgpNetwork(new $Vpc.AddBgpNetworkRequest({ regionId: REGION, routerId: vbr, dstCidrBlock: cidr }));
  const table = (
    await vpc.describeVirtualBorderRouters(
      new $Vpc.DescribeVirtualBorderRoutersRequest({
        regionId: REGION,
        filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [vbr] })],
      }),
    )
  ).body!.virtualBorderRouterSet!.virtualBorderRouterType![0]!;
  const entry = (
    await vpc.createRouteEntry(
      new $Vpc.CreateRouteEntryRequest({
        regionId: REGION,
        routeTableId: table.routeTableId,
        destinationCidrBlock: '10.77.0.0/16',
        nextHopType: 'RouterInterface',
        nextHopId: table.vlanInterfaceId,
      }),
    )
  ).body!.routeEntryId!;
  return { circuit: circuitId, vbr, group, peer, cidr, table: table.routeTableId!, entry };
}

function fresh(id: string): string {
  return newId(id.slice(0, id.indexOf('-')) as IdPrefix);
}

describe('accounts are kept apart', () => {
  let h: Harness;
  let a: Owned;
  let b: Owned;
  let popB: Harness['pop'];
  let vpcB: VpcClient;
  before(async () => {
    h = await startHarness({
      seed: {
        accounts: [
          {
            accountId: B.accountId,
            accessKeys: [{ accessKeyId: B.accessKeyId, accessKeySecret: B.accessKeySecret }],
            physicalConnectionServiceOpen: true,
          },
        ],
        timings: FAST_TIMINGS,
      },
    });
    vpcB = h.clientFor(B.accessKeyId, B.accessKeySecret);
    popB = h.popFor(B.accessKeyId, B.accessKeySecret);
    a = await ownResources(h.vpc, '198.51.100.0/24');
    b = await ownResources(vpcB, '203.0.113.0/24');
    // A failover pair of A's: a VBR on A's circuit, one on a circuit at another access point (another device).
    const haVbr = await createVbr(h.vpc, a.circuit, 101, { localGatewayIp: '10.0.101.1', peerGatewayIp: '10.0.101.2' });
    const peerCircuit = await enabledCircuit(h.vpc, { accessPointId: 'ap-cn-hangzhou-xx-C' });
    const peerVbr = await createVbr(h.vpc, peerCircuit, 100);
    const ha = (await h.vpc.createVbrHa(new $Vpc.CreateVbrHaRequest({ regionId: REGION, vbrId: haVbr, peerVbrId: peerVbr }))).body!
      .vbrHaId!;
    a.ha = { id: ha, vbr: haVbr, peerCircuit, peerVbr };
  });
  after(() => h.close());

  test("every VPC action: another account's ID answers like a missing ID, and lists show only own resources", async () => {
    const names = new Registry(allActions).names('vpc');
    assert.ok(names.length >= 30, `expected the full VPC family, got ${names.length}`);
    const aIds = [a.circuit, a.vbr, a.group, a.peer, a.table, a.entry, a.ha!.id, a.ha!.vbr, a.ha!.peerCircuit, a.ha!.peerVbr];
    const pickOwned = (o: Owned, k: OwnedId): string => (k === 'ha' ? o.ha!.id : o[k]);
    const walked: string[] = [];
    for (const name of names) {
      const def = allActions.find((d) => d.product === 'vpc' && d.name === name)!;
      const idKinds: Record<string, OwnedId> = { ...ID_PARAMS, ...ACTION_ID_PARAMS[name] };
      const idParams = Object.keys(def.params).filter((p) => p in idKinds);
      const filter = FILTER_ID[name];
      const base: Record<string, string | number> = {};
      for (const [p, spec] of Object.entries(def.params)) {
        if (p === 'RegionId') base[p] = REGION;
        else if (p === 'DstCidrBlock') base[p] = a.cidr;
        else if (spec.required && !(p in idKinds) && FILL[p] !== undefined) base[p] = FILL[p];
        else if (spec.required && OBJECT_FILL[p]) Object.assign(base, OBJECT_FILL[p]);
      }
      const isList = /^(Describe|List|Get)/.test(name);
      if (isList) {
        // Unfiltered: only B's own resources.
        const listed = JSON.stringify(await outcome(popB.request(name, { ...base }, { method: 'POST' }), []));
        for (const id of aIds) assert.ok(!listed.includes(id), `${name} shows account A's ${id} to account B`);
      }
      if (idParams.length === 0 && !filter) continue;
      const withIds = (pick: (k: OwnedId) => string) => {
        const p: Record<string, string | number> = { ...base };
        for (const ip of idParams) p[def.params[ip].type === 'strings' ? `${ip}.1` : ip] = pick(idKinds[ip]);
        if (filter) {
          p['Filter.1.Key'] = filter[0];
          p['Filter.1.Value.1'] = pick(filter[1]);
        }
        return p;
      };
      const missing: Owned = {
        circuit: fresh(a.circuit),
        vbr: fresh(a.vbr),
        group: fresh(a.group),
        peer: fresh(a.peer),
        cidr: a.cidr,
        table: fresh(a.table),
        entry: fresh(a.entry),
        ha: { id: fresh(a.ha!.id), vbr: '', peerCircuit: '', peerVbr: '' },
      };
      const scrubIds = [...aIds, missing.circuit, missing.vbr, missing.group, missing.peer, missing.table, missing.entry, missing.ha!.id];
      const foreign = await outcome(
        popB.request(
          name,
          withIds((k) => pickOwned(a, k)),
          { method: 'POST' },
        ),
        scrubIds,
      );
      const absent = await outcome(
        popB.request(
          name,
          withIds((k) => pickOwned(missing, k)),
          { method: 'POST' },
        ),
        scrubIds,
      );
      assert.deepEqual(foreign, absent, `${name}: account A's resource must look exactly like a missing one to account B`);
      if (!isList) assert.equal(foreign.ok, false, `${name} must not succeed on another account's resource`);
      walked.push(name);
    }
    assert.ok(walked.length >= 20, `walked ${walked.length} actions with foreign IDs: ${walked.join(', ')}`);

    // Nothing B tried changed A's resources.
    const groups = (await h.vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION, routerId: a.vbr }))).body!
      .bgpGroups!.bgpGroup!;
    assert.deepEqual(
      groups.map((g) => [g.bgpGroupId, g.status]),
      [[a.group, 'Available']],
    );
    const peers = (await h.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: REGION, bgpGroupId: a.group }))).body!
      .bgpPeers!.bgpPeer!;
    assert.deepEqual(
      peers.map((p) => p.bgpPeerId),
      [a.peer],
    );
    const vbrs = (await h.vpc.describeVirtualBorderRouters(new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: REGION }))).body!
      .virtualBorderRouterSet!.virtualBorderRouterType!;
    assert.deepEqual(
      vbrs.map((v) => [v.vbrId, v.status, v.tags!.tags!.length, v.resourceGroupId === vbrs[0].resourceGroupId]),
      [
        [a.vbr, 'active', 0, true],
        [a.ha!.vbr, 'active', 0, true],
        [a.ha!.peerVbr, 'active', 0, true],
      ],
    );
    const circuits = (await h.vpc.describePhysicalConnections(new $Vpc.DescribePhysicalConnectionsRequest({ regionId: REGION }))).body!
      .physicalConnectionSet!.physicalConnectionType!;
    assert.deepEqual(
      circuits.map((c) => [c.physicalConnectionId, c.status]),
      [
        [a.circuit, 'Enabled'],
        [a.ha!.peerCircuit, 'Enabled'],
      ],
    );
    const ha = (await h.vpc.describeVbrHa(new $Vpc.DescribeVbrHaRequest({ regionId: REGION, vbrHaId: a.ha!.id }))).body!;
    assert.deepEqual([ha.vbrId, ha.peerVbrId], [a.ha!.vbr, a.ha!.peerVbr]);

    // And B's own lists do show B's resources (the lists above were not empty by accident).
    const bVbrs = (await vpcB.describeVirtualBorderRouters(new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: REGION }))).body!
      .virtualBorderRouterSet!.virtualBorderRouterType!;
    assert.deepEqual(
      bVbrs.map((v) => v.vbrId),
      [b.vbr],
    );
    const bGroups = (await vpcB.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: REGION }))).body!.bgpGroups!.bgpGroup!;
    assert.deepEqual(
      bGroups.map((g) => g.bgpGroupId),
      [b.group],
    );
  });

  test('ClientTokens are per account: the same token in two accounts makes two resources', async () => {
    const token = 'shared-token-1';
    const ga = (
      await h.vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: REGION, routerId: a.vbr, peerAsn: 65002, clientToken: token }))
    ).body!.bgpGroupId!;
    const gb = (
      await vpcB.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: REGION, routerId: b.vbr, peerAsn: 65002, clientToken: token }))
    ).body!.bgpGroupId!;
    assert.notEqual(ga, gb);
    // Within one account the token still replays.
    const again = (
      await vpcB.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: REGION, routerId: b.vbr, peerAsn: 65002, clientToken: token }))
    ).body!.bgpGroupId!;
    assert.equal(again, gb);
  });
});
