// Conformance: every implemented VPC action against the official SDK's own models.
// (a) every request field name the SDK model can send is in the action's parameter spec;
// (b) after a real, successful call, every response field the SDK model declares is present in the raw
//     JSON with the JSON type the model declares (recursively, arrays as arrays even when empty).
// The resources each call needs are built through the API only (pop-core POST, the raw body unchanged).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { $Vpc, startHarness, waitFor, type Harness } from '../support/harness.js';
import { TENANT } from '../support/express-connect.js';
import { Registry } from '../../src/api/registry.js';
import { allActions } from '../../src/api/actions/index.js';

const R = 'cn-hangzhou';
const registry = new Registry(allActions);
const ACTIONS = registry.names('vpc');

/** Owner fields every SDK request carries; they address the caller's account, vbrd takes that from the key. */
const HIDDEN = new Set(['OwnerId', 'OwnerAccount', 'ResourceOwnerId', 'ResourceOwnerAccount']);

/** Request fields vbrd deliberately does not take (`Action.Field`). Keep empty unless justified. */
const IGNORED_REQUEST_FIELDS = new Set<string>([]);

/** Response fields legitimately absent from vbrd's bodies (`Action.Path`, array indices written `[]`). */
const ABSENT_RESPONSE_FIELDS = new Set<string>([]);

/**
 * Response fields vbrd sends with another JSON type than the SDK model declares (`Action.Path`, array indices
 * written `[]`, → the JSON type sent), because the real API sends that type and a client depends on it. Only
 * with the evidence in docs/behaviour.md ("JSON types of DescribeBgpGroups"). The SDK itself is unaffected: its
 * model turns numbers and booleans into the strings it declares. The check stays strict for every other field.
 */
const RETYPED_RESPONSE_FIELDS = new Map<string, string>([
  // Terraform's alicloud_vpc_bgp_group reads LocalAsn and PeerAsn into integers (an ImportStateVerify test
  // checks them), and its alicloud_vpc_bgp_groups data source reads IsFake into a boolean.
  ['DescribeBgpGroups.BgpGroups.BgpGroup[].PeerAsn', 'number'],
  ['DescribeBgpGroups.BgpGroups.BgpGroup[].LocalAsn', 'number'],
  ['DescribeBgpGroups.BgpGroups.BgpGroup[].IsFake', 'boolean'],
]);
const retypedSeen = new Set<string>();

type Model = { names(): Record<string, string>; types(): Record<string, unknown> };
const sdk = $Vpc as unknown as Record<string, Model | undefined>;

function jsonType(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  // pop-core parses with json-bigint: a JSON number of 16+ digits (an account UID) arrives as a BigNumber.
  if (typeof v === 'object' && (v as { _isBigNumber?: boolean; isBigNumber?: boolean })._isBigNumber) return 'number';
  return typeof v;
}

/** Compare a raw JSON value with a declared SDK type; push `path: expected X got Y` for each mismatch. */
function check(path: string, decl: unknown, value: unknown, out: string[]): void {
  if (typeof decl === 'string') {
    if (!['string', 'number', 'boolean'].includes(decl)) return; // 'any' and friends: nothing to check
    const pattern = path.replace(/\[\d+\]/g, '[]');
    const expected = RETYPED_RESPONSE_FIELDS.get(pattern) ?? decl;
    if (expected !== decl) retypedSeen.add(pattern);
    if (jsonType(value) !== expected) out.push(`${path}: expected ${expected} got ${jsonType(value)}`);
    return;
  }
  if (typeof decl === 'function') {
    const m = decl as unknown as Model;
    if (jsonType(value) !== 'object') {
      out.push(`${path}: expected object got ${jsonType(value)}`);
      return;
    }
    const names = m.names();
    for (const [k, t] of Object.entries(m.types())) check(`${path}.${names[k]}`, t, (value as Record<string, unknown>)[names[k]], out);
    return;
  }
  if (decl && typeof decl === 'object' && (decl as { type?: string }).type === 'array') {
    if (!Array.isArray(value)) {
      out.push(`${path}: expected array got ${jsonType(value)}`);
      return;
    }
    value.forEach((item, i) => check(`${path}[${i}]`, (decl as { itemType: unknown }).itemType, item, out));
    return;
  }
  // Maps and other shapes: not modelled strictly by the SDK either.
}

function responseMismatches(action: string, body: Record<string, unknown>): string[] {
  const model = sdk[`${action}ResponseBody`]!;
  const out: string[] = [];
  const names = model.names();
  for (const [k, t] of Object.entries(model.types())) check(`${action}.${names[k]}`, t, body[names[k]], out);
  return out.filter((m) => !ABSENT_RESPONSE_FIELDS.has(m.split(':')[0].replace(/\[\d+\]/g, '[]')));
}

describe('conformance: request field names', () => {
  for (const action of ACTIONS) {
    it(`${action} accepts every request field of the SDK model`, () => {
      const model = sdk[`${action}Request`];
      assert.ok(model, `the SDK has no ${action}Request model`);
      const def = registry.get('vpc', action)!;
      const missing = Object.values(model.names()).filter(
        (wire) => !HIDDEN.has(wire) && !(wire in def.params) && !IGNORED_REQUEST_FIELDS.has(`${action}.${wire}`),
      );
      assert.deepEqual(missing, [], `${action}: request fields not in the param spec: ${missing.join(', ')}`);
    });
  }
});

describe('conformance: response bodies', () => {
  let h: Harness;
  const bodies = new Map<string, Record<string, unknown>>();
  const failures = new Map<string, string>();

  before(async () => {
    h = await startHarness({
      seed: {
        accounts: [
          { accountId: TENANT.accountId, accessKeys: [{ accessKeyId: TENANT.accessKeyId, accessKeySecret: TENANT.accessKeySecret }] },
        ],
        quotas: { physicalConnectionsPerAccessPoint: 10, unfinishedPhysicalConnections: 10 },
        timings: {
          physicalConnectionAllocateMs: 20,
          physicalConnectionTransitionMs: 20,
          vbrTransitionMs: 20,
          bgpApplyMs: 20,
          simSessionUpMs: 20,
        },
      },
    });
    const tenantPop = h.popFor(TENANT.accessKeyId, TENANT.accessKeySecret);
    type Pop = typeof h.pop;
    // Record the first successful raw body of each action (later calls of the same action do not overwrite).
    const call = async (action: string, params: Record<string, unknown>, pop: Pop = h.pop): Promise<Record<string, unknown>> => {
      try {
        const body = (await pop.request(action, params, { method: 'POST' })) as Record<string, unknown>;
        if (!bodies.has(action)) bodies.set(action, body);
        return body;
      } catch (e) {
        const err = e as { code?: string; message: string };
        if (!failures.has(action)) failures.set(action, `${err.code ?? ''} ${err.message}`);
        throw e;
      }
    };
    const status = async (id: string, pop: Pop = h.pop) => {
      const b = (await pop.request(
        'DescribePhysicalConnections',
        { RegionId: R, 'Filter.1.Key': 'PhysicalConnectionId', 'Filter.1.Value.1': id },
        { method: 'POST' },
      )) as { PhysicalConnectionSet: { PhysicalConnectionType: { Status: string }[] } };
      return b.PhysicalConnectionSet.PhysicalConnectionType[0]?.Status;
    };
    const vbrStatus = async (id: string) => {
      const b = (await h.pop.request(
        'DescribeVirtualBorderRouters',
        { RegionId: R, 'Filter.1.Key': 'VbrId', 'Filter.1.Value.1': id },
        { method: 'POST' },
      )) as { VirtualBorderRouterSet: { VirtualBorderRouterType: { Status: string }[] } };
      return b.VirtualBorderRouterSet.VirtualBorderRouterType[0]?.Status;
    };
    const enabledCircuit = async () => {
      const id = (
        await call('CreatePhysicalConnection', {
          RegionId: R,
          AccessPointId: 'ap-cn-hangzhou-yh-B',
          LineOperator: 'CT',
          PortType: '10GBase-LR',
          Name: 'conf',
        })
      ).PhysicalConnectionId as string;
      await waitFor(async () => (await status(id)) === 'Allocated', 5000, 'Allocated');
      await call('ConfirmPhysicalConnection', { RegionId: R, PhysicalConnectionId: id });
      await call('EnablePhysicalConnection', { RegionId: R, PhysicalConnectionId: id });
      await waitFor(async () => (await status(id)) === 'Enabled', 5000, 'Enabled');
      return id;
    };
    const groupStatus = async (id: string) =>
      (
        (await h.pop.request('DescribeBgpGroups', { RegionId: R, BgpGroupId: id }, { method: 'POST' })) as {
          BgpGroups: { BgpGroup: { Status: string }[] };
        }
      ).BgpGroups.BgpGroup[0]?.Status;
    const peerStatus = async (id: string) =>
      (
        (await h.pop.request('DescribeBgpPeers', { RegionId: R, BgpPeerId: id }, { method: 'POST' })) as {
          BgpPeers: { BgpPeer: { Status: string; BgpStatus: string }[] };
        }
      ).BgpPeers.BgpPeer[0];

    // Each step is attempted on its own, so one failure shows up for its action, not for all after it.
    const step = async (fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch {
        /* recorded in failures */
      }
    };

    await step(() => call('DescribeRegions', {}));
    await step(() => call('DescribeAccessPoints', { RegionId: R }));
    await step(() => call('OpenPhysicalConnectionService', { RegionId: R }));
    await step(() => call('GetPhysicalConnectionServiceStatus', { RegionId: R }));
    await step(() => call('OpenPhysicalConnectionService', { RegionId: R }, tenantPop));
    const pc1 = await enabledCircuit();
    const pc2 = await enabledCircuit();
    await step(() => call('DescribePhysicalConnections', { RegionId: R }));
    await step(() => call('ModifyPhysicalConnectionAttribute', { RegionId: R, PhysicalConnectionId: pc1, Name: 'renamed' }));
    // A circuit withdrawn before it is enabled, then deleted.
    await step(async () => {
      const pc3 = (
        await call('CreatePhysicalConnection', {
          RegionId: R,
          AccessPointId: 'ap-cn-hangzhou-yh-B',
          LineOperator: 'CT',
          PortType: '10GBase-LR',
        })
      ).PhysicalConnectionId as string;
      await call('CancelPhysicalConnection', { RegionId: R, PhysicalConnectionId: pc3 });
      await call('DeletePhysicalConnection', { RegionId: R, PhysicalConnectionId: pc3 });
    });
    // A hosted connection for the tenant: list, enable, terminate, recover.
    await step(async () => {
      const vp = (
        await call('CreateVirtualPhysicalConnection', {
          RegionId: R,
          PhysicalConnectionId: pc1,
          OrderMode: 'PayByPhysicalConnectionOwner',
          VlanId: 20,
          Spec: '50M',
          VpconnAliUid: TENANT.accountId,
          Name: 'hosted',
        })
      ).VirtualPhysicalConnection as string;
      await call('ListVirtualPhysicalConnections', { RegionId: R, PhysicalConnectionId: pc1 });
      await call('UpdateVirtualPhysicalConnection', { RegionId: R, InstanceId: vp, VlanId: 20, ExpectSpec: '100M' });
      await h
        .popFor(TENANT.accessKeyId, TENANT.accessKeySecret)
        .request('EnablePhysicalConnection', { RegionId: R, PhysicalConnectionId: vp }, { method: 'POST' });
      await waitFor(async () => (await status(vp, tenantPop)) === 'Enabled', 5000, 'hosted Enabled');
      await call('TerminatePhysicalConnection', { RegionId: R, PhysicalConnectionId: vp }, tenantPop);
      await waitFor(async () => (await status(vp, tenantPop)) === 'Terminated', 5000, 'hosted Terminated');
      await call('RecoverPhysicalConnection', { RegionId: R, InstanceId: vp }, tenantPop);
    });

    const vbr = (
      await call('CreateVirtualBorderRouter', {
        RegionId: R,
        PhysicalConnectionId: pc1,
        VlanId: 10,
        LocalGatewayIp: '10.0.0.1',
        PeerGatewayIp: '10.0.0.2',
        PeeringSubnetMask: '255.255.255.252',
        Name: 'conf-vbr',
      })
    ).VbrId as string;
    await step(() => call('DescribeVirtualBorderRouters', { RegionId: R }));
    // Tags and resource groups of the VBR.
    await step(async () => {
      await call('TagResourcesForExpressConnect', {
        RegionId: R,
        ResourceType: 'VIRTUALBORDERROUTER',
        'ResourceId.1': vbr,
        'Tag.1.Key': 'env',
        'Tag.1.Value': 'conformance',
      });
      await call('ListTagResourcesForExpressConnect', { RegionId: R, ResourceType: 'VIRTUALBORDERROUTER', 'ResourceId.1': vbr });
      await call('UntagResourcesForExpressConnect', {
        RegionId: R,
        ResourceType: 'VIRTUALBORDERROUTER',
        'ResourceId.1': vbr,
        'TagKey.1': 'env',
      });
      const v = (await h.pop.request(
        'DescribeVirtualBorderRouters',
        { RegionId: R, 'Filter.1.Key': 'VbrId', 'Filter.1.Value.1': vbr },
        { method: 'POST' },
      )) as { VirtualBorderRouterSet: { VirtualBorderRouterType: { ResourceGroupId: string }[] } };
      const group = v.VirtualBorderRouterSet.VirtualBorderRouterType[0].ResourceGroupId;
      await call('ChangeResourceGroup', { RegionId: R, ResourceType: 'VIRTUALBORDERROUTER', ResourceId: vbr, NewResourceGroupId: group });
    });
    // A circuit on another access device, enabled by an occupancy order as Terraform does; a VBR HA pair across the two.
    await step(async () => {
      const pc4 = (
        await call('CreatePhysicalConnection', {
          RegionId: R,
          AccessPointId: 'ap-cn-hangzhou-xx-C',
          LineOperator: 'CT',
          PortType: '10GBase-LR',
        })
      ).PhysicalConnectionId as string;
      await waitFor(async () => (await status(pc4)) === 'Allocated', 5000, 'Allocated');
      await call('ConfirmPhysicalConnection', { RegionId: R, PhysicalConnectionId: pc4 });
      await call('CreatePhysicalConnectionOccupancyOrder', {
        RegionId: R,
        PhysicalConnectionId: pc4,
        InstanceChargeType: 'PrePaid',
        AutoPay: true,
        Period: 1,
        PricingCycle: 'Month',
      });
      await waitFor(async () => (await status(pc4)) === 'Enabled', 5000, 'Enabled by order');
      const peerVbr = (
        await call('CreateVirtualBorderRouter', {
          RegionId: R,
          PhysicalConnectionId: pc4,
          VlanId: 10,
          LocalGatewayIp: '10.0.0.1',
          PeerGatewayIp: '10.0.0.2',
          PeeringSubnetMask: '255.255.255.252',
        })
      ).VbrId as string;
      const ha = (await call('CreateVbrHa', { RegionId: R, VbrId: vbr, PeerVbrId: peerVbr, Name: 'conf-ha', Description: 'conformance' }))
        .VbrHaId as string;
      await call('DescribeVbrHa', { RegionId: R, VbrHaId: ha });
      await waitFor(
        async () =>
          ((await h.pop.request('DescribeVbrHa', { RegionId: R, VbrHaId: ha }, { method: 'POST' })) as { Status: string }).Status ===
          'Active',
        5000,
        'HA Active',
      );
      await call('DeleteVbrHa', { RegionId: R, InstanceId: ha });
      await waitFor(
        async () =>
          h.pop.request('DescribeVbrHa', { RegionId: R, VbrHaId: ha }, { method: 'POST' }).then(
            () => false,
            (e: { code?: string }) => e.code === 'ResourceNotFound.VbrHa',
          ),
        5000,
        'HA gone',
      );
    });
    await step(() => call('DescribeVirtualBorderRoutersForPhysicalConnection', { RegionId: R, PhysicalConnectionId: pc1 }));
    await step(() => call('ModifyVirtualBorderRouterAttribute', { RegionId: R, VbrId: vbr, Description: 'conformance' }));
    await step(async () => {
      await waitFor(async () => (await vbrStatus(vbr)) === 'active', 5000, 'vbr active');
      await call('TerminateVirtualBorderRouter', { RegionId: R, VbrId: vbr });
      await waitFor(async () => (await vbrStatus(vbr)) === 'terminated', 5000, 'vbr terminated');
      await call('RecoverVirtualBorderRouter', { RegionId: R, VbrId: vbr });
      await waitFor(async () => (await vbrStatus(vbr)) === 'active', 5000, 'vbr active again');
    });
    await step(async () => {
      await call('AssociatePhysicalConnectionToVirtualBorderRouter', {
        RegionId: R,
        VbrId: vbr,
        PhysicalConnectionId: pc2,
        VlanId: '11',
        LocalGatewayIp: '10.0.1.1',
        PeerGatewayIp: '10.0.1.2',
        PeeringSubnetMask: '255.255.255.252',
      });
      await waitFor(async () => (await vbrStatus(vbr)) === 'active', 5000, 'vbr active after associate');
      await call('UnassociatePhysicalConnectionFromVirtualBorderRouter', { RegionId: R, VbrId: vbr, PhysicalConnectionId: pc2 });
      await waitFor(async () => (await vbrStatus(vbr)) === 'active', 5000, 'vbr active after unassociate');
    });

    const g = (await call('CreateBgpGroup', { RegionId: R, RouterId: vbr, PeerAsn: 65001, Name: 'conf-group' })).BgpGroupId as string;
    await waitFor(async () => (await groupStatus(g)) === 'Available', 5000, 'group Available');
    await step(() => call('DescribeBgpGroups', { RegionId: R, RouterId: vbr }));
    await step(async () => {
      await call('ModifyBgpGroupAttribute', { RegionId: R, BgpGroupId: g, Description: 'conformance' });
      await waitFor(async () => (await groupStatus(g)) === 'Available', 5000, 'group Available after modify');
    });
    await step(async () => {
      const p = (await call('CreateBgpPeer', { RegionId: R, BgpGroupId: g, PeerIpAddress: '10.0.0.2' })).BgpPeerId as string;
      await waitFor(async () => (await peerStatus(p))?.BgpStatus === 'Established', 5000, 'Established');
      await call('DescribeBgpPeers', { RegionId: R, BgpPeerId: p });
      await call('ModifyBgpPeerAttribute', { RegionId: R, BgpPeerId: p, EnableBfd: true });
      await waitFor(async () => (await peerStatus(p))?.Status === 'Available', 5000, 'peer Available after modify');
      await call('DeleteBgpPeer', { RegionId: R, BgpPeerId: p });
      await waitFor(async () => (await peerStatus(p)) === undefined, 5000, 'peer gone');
    });
    await step(async () => {
      await call('AddBgpNetwork', { RegionId: R, RouterId: vbr, DstCidrBlock: '10.8.0.0/16' });
      await call('DescribeBgpNetworks', { RegionId: R, RouterId: vbr });
      await waitFor(
        async () => {
          const n = (await h.pop.request('DescribeBgpNetworks', { RegionId: R, RouterId: vbr }, { method: 'POST' })) as {
            BgpNetworks: { BgpNetwork: { Status: string }[] };
          };
          return n.BgpNetworks.BgpNetwork.every((x) => x.Status === 'Available');
        },
        5000,
        'network Available',
      );
      await call('DeleteBgpNetwork', { RegionId: R, RouterId: vbr, DstCidrBlock: '10.8.0.0/16' });
    });
    await step(async () => {
      const v = (await h.pop.request('DescribeVirtualBorderRouters', { RegionId: R }, { method: 'POST' })) as {
        VirtualBorderRouterSet: { VirtualBorderRouterType: { VbrId: string; RouteTableId: string; VlanInterfaceId: string }[] };
      };
      const mine = v.VirtualBorderRouterSet.VirtualBorderRouterType.find((x) => x.VbrId === vbr)!;
      const table = mine.RouteTableId;
      await call('DescribeRouteTableList', { RegionId: R, RouterType: 'VBR', RouterId: vbr });
      await call('DescribeRouteTables', { RegionId: R, RouterType: 'VBR', RouteTableId: table });
      await call('DescribeRouteEntryList', { RegionId: R, RouteTableId: table });
      const entry = (
        await call('CreateRouteEntry', {
          RegionId: R,
          RouteTableId: table,
          DestinationCidrBlock: '10.9.0.0/16',
          NextHopType: 'RouterInterface',
          NextHopId: mine.VlanInterfaceId,
        })
      ).RouteEntryId as string;
      const entryStatus = async () => {
        const b = (await h.pop.request(
          'DescribeRouteEntryList',
          { RegionId: R, RouteTableId: table, RouteEntryId: entry },
          { method: 'POST' },
        )) as {
          RouteEntrys: { RouteEntry: { Status: string }[] };
        };
        return b.RouteEntrys.RouteEntry[0]?.Status;
      };
      await waitFor(async () => (await entryStatus()) === 'Available', 5000, 'route entry Available');
      await call('ModifyRouteEntry', { RegionId: R, RouteEntryId: entry, RouteEntryName: 'conformance' });
      await call('DeleteRouteEntry', { RegionId: R, RouteEntryId: entry });
      await waitFor(async () => (await entryStatus()) === undefined, 5000, 'route entry gone');
    });
    await step(async () => {
      await call('DeleteBgpGroup', { RegionId: R, BgpGroupId: g });
      await waitFor(async () => (await groupStatus(g)) === undefined, 5000, 'group gone');
      await waitFor(
        async () => {
          const n = (await h.pop.request('DescribeBgpNetworks', { RegionId: R, RouterId: vbr }, { method: 'POST' })) as {
            TotalCount: number;
          };
          return n.TotalCount === 0;
        },
        5000,
        'networks gone',
      );
      await call('DeleteVirtualBorderRouter', { RegionId: R, VbrId: vbr });
    });
    await step(() => call('TerminatePhysicalConnection', { RegionId: R, PhysicalConnectionId: pc2 }));
  });
  after(async () => {
    await h?.close();
  });

  for (const action of ACTIONS) {
    it(`${action}: every declared response field has its declared JSON type`, () => {
      const body = bodies.get(action);
      assert.ok(body, `${action} never succeeded: ${failures.get(action) ?? 'not called'}`);
      assert.equal('Code' in body, false, `${action}: a success body carries no Code`);
      const mismatches = responseMismatches(action, body);
      assert.deepEqual(mismatches, [], `${action}:\n  ${mismatches.join('\n  ')}`);
    });
  }

  it('every retyped response field is one the SDK model declares with another type, and was checked', () => {
    assert.deepEqual(
      [...RETYPED_RESPONSE_FIELDS.keys()].filter((k) => !retypedSeen.has(k)),
      [],
    );
  });
});
