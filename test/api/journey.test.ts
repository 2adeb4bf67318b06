// The end-to-end journey, through the API only (no store shortcuts): regions → access points →
// service → circuit (Allocated by itself) → confirm → enable → VBR → BGP group → BGP peer (Pending, then
// Available and Established) → modify → delete everything in order → terminate and delete the circuit.
// Once with the official SDK's V3 signature, once with its V1 signature, once with pop-core GET and POST,
// and once with a raw client that splits parameters between the URL query and a form body as
// Terraform's provider does (HMAC-SHA1 over query ∪ body).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { $Vpc, startHarness, waitFor, type Harness, type VpcClient } from '../support/harness.js';
import { v1Sign, v1StringToSign } from '../../src/protocol/signature-v1.js';

const R = 'cn-hangzhou';
const TIMINGS = {
  physicalConnectionAllocateMs: 30,
  physicalConnectionTransitionMs: 30,
  vbrTransitionMs: 30,
  bgpApplyMs: 50,
  simSessionUpMs: 50,
};

async function circuitStatus(vpc: VpcClient, id: string): Promise<string | undefined> {
  const r = await vpc.describePhysicalConnections(
    new $Vpc.DescribePhysicalConnectionsRequest({
      regionId: R,
      filter: [new $Vpc.DescribePhysicalConnectionsRequestFilter({ key: 'PhysicalConnectionId', value: [id] })],
    }),
  );
  return r.body!.physicalConnectionSet!.physicalConnectionType![0]?.status;
}

async function vbrExists(vpc: VpcClient, id: string): Promise<boolean> {
  const r = await vpc.describeVirtualBorderRouters(
    new $Vpc.DescribeVirtualBorderRoutersRequest({
      regionId: R,
      filter: [new $Vpc.DescribeVirtualBorderRoutersRequestFilter({ key: 'VbrId', value: [id] })],
    }),
  );
  return r.body!.virtualBorderRouterSet!.virtualBorderRouterType!.length > 0;
}

async function peer(vpc: VpcClient, id: string) {
  const r = await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: R, bgpPeerId: id }));
  return r.body!.bgpPeers!.bgpPeer![0];
}

/** The whole journey with the typed SDK. */
async function sdkJourney(vpc: VpcClient, opts: { openService: boolean; accessPointId: string }): Promise<void> {
  const regions = await vpc.describeRegions(new $Vpc.DescribeRegionsRequest({}));
  assert.ok(
    regions.body!.regions!.region!.some((r) => r.regionId === R),
    'DescribeRegions lists cn-hangzhou',
  );
  const aps = await vpc.describeAccessPoints(new $Vpc.DescribeAccessPointsRequest({ regionId: R }));
  const ap = aps.body!.accessPointSet!.accessPointType!.find((a) => a.accessPointId === opts.accessPointId);
  assert.ok(ap, `DescribeAccessPoints lists ${opts.accessPointId}`);

  if (opts.openService) await vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: R }));
  const st = await vpc.getPhysicalConnectionServiceStatus(new $Vpc.GetPhysicalConnectionServiceStatusRequest({ regionId: R }));
  assert.equal(st.body!.enabled, true);

  const pc = (
    await vpc.createPhysicalConnection(
      new $Vpc.CreatePhysicalConnectionRequest({
        regionId: R,
        accessPointId: ap.accessPointId,
        lineOperator: 'CT',
        portType: '10GBase-LR',
        name: 'journey',
      }),
    )
  ).body!.physicalConnectionId!;
  assert.match(pc, /^pc-[a-z0-9]{21}$/);
  await waitFor(async () => (await circuitStatus(vpc, pc)) === 'Allocated', 5000, 'circuit Allocated');
  await vpc.confirmPhysicalConnection(new $Vpc.ConfirmPhysicalConnectionRequest({ regionId: R, physicalConnectionId: pc }));
  await vpc.enablePhysicalConnection(new $Vpc.EnablePhysicalConnectionRequest({ regionId: R, physicalConnectionId: pc }));
  await waitFor(async () => (await circuitStatus(vpc, pc)) === 'Enabled', 5000, 'circuit Enabled');

  const vbr = (
    await vpc.createVirtualBorderRouter(
      new $Vpc.CreateVirtualBorderRouterRequest({
        regionId: R,
        physicalConnectionId: pc,
        vlanId: 100,
        localGatewayIp: '10.0.0.1',
        peerGatewayIp: '10.0.0.2',
        peeringSubnetMask: '255.255.255.252',
        name: 'journey-vbr',
      }),
    )
  ).body!.vbrId!;
  assert.match(vbr, /^vbr-[a-z0-9]{21}$/);

  const g = (
    await vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: R, routerId: vbr, peerAsn: 65001, name: 'journey-group' }))
  ).body!.bgpGroupId!;
  assert.match(g, /^bgpg-[a-z0-9]{21}$/);
  await waitFor(
    async () =>
      (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, bgpGroupId: g }))).body!.bgpGroups!.bgpGroup![0]
        ?.status === 'Available',
    5000,
    'group Available',
  );

  const p = (await vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: g, peerIpAddress: '10.0.0.2' }))).body!
    .bgpPeerId!;
  assert.match(p, /^bgp-[a-z0-9]{21}$/);
  assert.equal((await peer(vpc, p)).status, 'Pending', 'a new peer is Pending');
  await waitFor(
    async () => {
      const x = await peer(vpc, p);
      return x.status === 'Available' && x.bgpStatus === 'Established';
    },
    5000,
    'peer Available and Established',
  );

  await vpc.modifyBgpPeerAttribute(new $Vpc.ModifyBgpPeerAttributeRequest({ regionId: R, bgpPeerId: p, enableBfd: true }));
  await waitFor(async () => (await peer(vpc, p)).status === 'Available', 5000, 'peer Available after modify');
  assert.equal((await peer(vpc, p)).enableBfd, true);

  await vpc.deleteBgpPeer(new $Vpc.DeleteBgpPeerRequest({ regionId: R, bgpPeerId: p }));
  await waitFor(async () => (await peer(vpc, p)) === undefined, 5000, 'peer gone');
  await vpc.deleteBgpGroup(new $Vpc.DeleteBgpGroupRequest({ regionId: R, bgpGroupId: g }));
  await waitFor(
    async () => (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, bgpGroupId: g }))).body!.totalCount === 0,
    5000,
    'group gone',
  );
  await vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: R, vbrId: vbr }));
  await waitFor(async () => !(await vbrExists(vpc, vbr)), 5000, 'VBR gone');

  await vpc.terminatePhysicalConnection(new $Vpc.TerminatePhysicalConnectionRequest({ regionId: R, physicalConnectionId: pc }));
  await waitFor(async () => (await circuitStatus(vpc, pc)) === 'Terminated', 5000, 'circuit Terminated');
  await vpc.deletePhysicalConnection(new $Vpc.DeletePhysicalConnectionRequest({ regionId: R, physicalConnectionId: pc }));
  assert.equal(await circuitStatus(vpc, pc), undefined, 'circuit deleted');
}

type Call = (action: string, params: Record<string, string | number | boolean>) => Promise<Record<string, any>>;

/** The same happy path with a generic RPC caller (PascalCase parameters, raw JSON bodies). */
async function rawJourney(call: Call, accessPointId: string): Promise<void> {
  const regions = await call('DescribeRegions', {});
  assert.ok(regions.Regions.Region.some((r: { RegionId: string }) => r.RegionId === R));
  const aps = await call('DescribeAccessPoints', { RegionId: R });
  assert.ok(aps.AccessPointSet.AccessPointType.some((a: { AccessPointId: string }) => a.AccessPointId === accessPointId));
  assert.equal((await call('GetPhysicalConnectionServiceStatus', { RegionId: R })).Enabled, true);
  const pcStatus = async (id: string) =>
    (await call('DescribePhysicalConnections', { RegionId: R, 'Filter.1.Key': 'PhysicalConnectionId', 'Filter.1.Value.1': id }))
      .PhysicalConnectionSet.PhysicalConnectionType[0]?.Status;
  const pc = (
    await call('CreatePhysicalConnection', {
      RegionId: R,
      AccessPointId: accessPointId,
      LineOperator: 'CT',
      PortType: '10GBase-LR',
      Name: 'raw-journey',
    })
  ).PhysicalConnectionId;
  await waitFor(async () => (await pcStatus(pc)) === 'Allocated', 5000, 'circuit Allocated');
  await call('ConfirmPhysicalConnection', { RegionId: R, PhysicalConnectionId: pc });
  await call('EnablePhysicalConnection', { RegionId: R, PhysicalConnectionId: pc });
  await waitFor(async () => (await pcStatus(pc)) === 'Enabled', 5000, 'circuit Enabled');
  const vbr = (
    await call('CreateVirtualBorderRouter', {
      RegionId: R,
      PhysicalConnectionId: pc,
      VlanId: 200,
      LocalGatewayIp: '10.0.0.1',
      PeerGatewayIp: '10.0.0.2',
      PeeringSubnetMask: '255.255.255.252',
      Name: 'raw-vbr',
    })
  ).VbrId;
  const g = (await call('CreateBgpGroup', { RegionId: R, RouterId: vbr, PeerAsn: 65001, Name: 'raw-group' })).BgpGroupId;
  const group = async () => (await call('DescribeBgpGroups', { RegionId: R, BgpGroupId: g })).BgpGroups.BgpGroup[0];
  await waitFor(async () => (await group())?.Status === 'Available', 5000, 'group Available');
  const p = (await call('CreateBgpPeer', { RegionId: R, BgpGroupId: g, PeerIpAddress: '10.0.0.2' })).BgpPeerId;
  const bgpPeer = async () => (await call('DescribeBgpPeers', { RegionId: R, BgpPeerId: p })).BgpPeers.BgpPeer[0];
  assert.equal((await bgpPeer()).Status, 'Pending');
  await waitFor(
    async () => {
      const x = await bgpPeer();
      return x.Status === 'Available' && x.BgpStatus === 'Established';
    },
    5000,
    'Established',
  );
  await call('ModifyBgpPeerAttribute', { RegionId: R, BgpPeerId: p, EnableBfd: true });
  await waitFor(async () => (await bgpPeer()).Status === 'Available', 5000, 'peer Available after modify');
  assert.equal((await bgpPeer()).EnableBfd, true);
  await call('DeleteBgpPeer', { RegionId: R, BgpPeerId: p });
  await waitFor(async () => (await bgpPeer()) === undefined, 5000, 'peer gone');
  await call('DeleteBgpGroup', { RegionId: R, BgpGroupId: g });
  await waitFor(async () => (await group()) === undefined, 5000, 'group gone');
  await call('DeleteVirtualBorderRouter', { RegionId: R, VbrId: vbr });
  await waitFor(
    async () =>
      (await call('DescribeVirtualBorderRouters', { RegionId: R, 'Filter.1.Key': 'VbrId', 'Filter.1.Value.1': vbr })).VirtualBorderRouterSet
        .VirtualBorderRouterType.length === 0,
    5000,
    'VBR gone',
  );
  await call('TerminatePhysicalConnection', { RegionId: R, PhysicalConnectionId: pc });
  await waitFor(async () => (await pcStatus(pc)) === 'Terminated', 5000, 'circuit Terminated');
  await call('DeletePhysicalConnection', { RegionId: R, PhysicalConnectionId: pc });
  assert.equal(await pcStatus(pc), undefined);
}

/** A Terraform-style client: common (signing) parameters in the URL query, the action's parameters in a form body. */
function splitClient(h: Harness): Call {
  return async (action, params) => {
    const query: Record<string, string> = {
      Action: action,
      Version: '2016-04-28',
      Format: 'JSON',
      AccessKeyId: h.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      Timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    const body: Record<string, string> = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)]));
    const all = new Map([...Object.entries(query), ...Object.entries(body)]);
    const signature = v1Sign(h.accessKeySecret, v1StringToSign('POST', all));
    const res = await fetch(`http://${h.endpoint}/?${new URLSearchParams({ ...query, Signature: signature })}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body).toString(),
    });
    const json = (await res.json()) as Record<string, any>;
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${json.Code} ${json.Message}`);
    return json;
  };
}

describe('the Express Connect journey end to end', () => {
  let h: Harness;
  // The journeys run one after another; each deletes its circuit, so the per-access-point quota is never reached.
  before(async () => {
    h = await startHarness({ seed: { timings: TIMINGS } });
  });
  after(async () => {
    await h?.close();
  });

  it('official SDK, V3 signature (opens the service)', async () => {
    await sdkJourney(h.vpc, { openService: true, accessPointId: 'ap-cn-hangzhou-yh-B' });
  });
  it('official SDK, V1 signature', async () => {
    await sdkJourney(h.vpcV1, { openService: false, accessPointId: 'ap-cn-hangzhou-yh-B' });
  });
  it('pop-core GET', async () => {
    await rawJourney((a, p) => h.pop.request(a, p) as Promise<Record<string, any>>, 'ap-cn-hangzhou-yh-B');
  });
  it('pop-core POST', async () => {
    await rawJourney((a, p) => h.pop.request(a, p, { method: 'POST' }) as Promise<Record<string, any>>, 'ap-cn-hangzhou-yh-B');
  });
  it('raw client splitting parameters between query and form body (Terraform style)', async () => {
    await rawJourney(splitClient(h), 'ap-cn-hangzhou-yh-B');
  });
});
