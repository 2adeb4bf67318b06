// vbrd's own signed reads at /_vbrd/api: a peer's BgpStatus history (authorized as DescribeBgpPeers of
// its VBR) and the account's audit trail (as actiontrail:LookupEvents), through a real server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc, startHarness, waitFor, type Harness } from '../support/harness.js';
import { availableGroup, insertVbr, peerStatus } from '../support/fixtures.js';
import { $Ram, ramClient, userWithPolicies, type RamUserKey } from '../support/ram.js';
import { callExtension } from '../support/extension-rpc.js';

let h: Harness;
let vbrId: string;
let otherVbrId: string;
let peerId: string;
let limited: RamUserKey;

before(async () => {
  h = await startHarness({
    seed: {
      accounts: [{ accountId: '1000000000000001', accessKeys: [], physicalConnectionServiceOpen: true }],
      timings: { simSessionUpMs: 50 },
    },
  });
  vbrId = await insertVbr(h);
  otherVbrId = await insertVbr(h);
  const groupId = await availableGroup(h.vpc, vbrId);
  const r = await h.vpc.createBgpPeer(
    new $Vpc.CreateBgpPeerRequest({ regionId: 'cn-hangzhou', bgpGroupId: groupId, peerIpAddress: '192.0.2.2' }),
  );
  peerId = r.body!.bgpPeerId!;
  await waitFor(async () => (await peerStatus(h.vpc, peerId))?.bgpStatus === 'Established', 10_000, 'session Established');
  const admin = ramClient(h.endpoint, h.accessKeyId, h.accessKeySecret);
  limited = await userWithPolicies(h, admin, 'only-other-vbr', [
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'vpc:Describe*', Resource: `acs:vpc:*:*:virtualborderrouter/${otherVbrId}` }] },
  ]);
  void $Ram;
});

after(() => h?.close());

const root = () => ({ accessKeyId: h.accessKeyId, accessKeySecret: h.accessKeySecret });

test('DescribeBgpPeerHistory lists the transitions the reconciler wrote, oldest first, ending in the state DescribeBgpPeers shows', async () => {
  const r = await callExtension(h.endpoint, root(), 'DescribeBgpPeerHistory', { RegionId: 'cn-hangzhou', BgpPeerId: peerId });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const transitions = r.body.Transitions as { From: string; To: string; Time: string; TimeMs: number }[];
  assert.ok(transitions.length >= 1, 'at least the session coming up');
  assert.equal(transitions.at(-1)!.To, 'Established');
  for (let i = 1; i < transitions.length; i++) {
    assert.equal(transitions[i]!.From, transitions[i - 1]!.To, 'each transition starts where the last ended');
    assert.ok(transitions[i]!.TimeMs >= transitions[i - 1]!.TimeMs);
  }
  assert.equal(r.body.RouterId, vbrId);
  assert.match(String(r.body.RequestId), /^[0-9A-F-]{36}$/);
});

test('a flap adds Idle and the way back up to the history', async () => {
  const before = await callExtension(h.endpoint, root(), 'DescribeBgpPeerHistory', { RegionId: 'cn-hangzhou', BgpPeerId: peerId });
  const n = (before.body.Transitions as unknown[]).length;
  await h.vbrd.control.flap(peerId, { downMs: 100 });
  await waitFor(
    async () => {
      const r = await callExtension(h.endpoint, root(), 'DescribeBgpPeerHistory', { RegionId: 'cn-hangzhou', BgpPeerId: peerId });
      const t = r.body.Transitions as { To: string }[];
      return t.length > n + 1 && t.at(-1)!.To === 'Established' && t.slice(n).some((x) => x.To === 'Idle');
    },
    10_000,
    'the flap in the history',
  );
});

test('the history is refused as DescribeBgpPeers of the peer VBR is: Forbidden.RAM naming vpc:DescribeBgpPeers', async () => {
  const r = await callExtension(h.endpoint, limited, 'DescribeBgpPeerHistory', { RegionId: 'cn-hangzhou', BgpPeerId: peerId });
  assert.equal(r.status, 403);
  assert.equal(r.body.Code, 'Forbidden.RAM');
  const detail = r.body.AccessDeniedDetail as { AuthAction: string } | undefined;
  assert.equal(detail?.AuthAction, 'vpc:DescribeBgpPeers');
  const sdk = await h.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: 'cn-hangzhou', routerId: vbrId }));
  assert.equal(sdk.body!.bgpPeers!.bgpPeer!.length, 1, 'root still sees it');
});

test('a peer that is not the caller’s, a bad signature and a missing parameter answer in Alibaba’s envelope', async () => {
  const missing = await callExtension(h.endpoint, root(), 'DescribeBgpPeerHistory', { RegionId: 'cn-hangzhou', BgpPeerId: 'bgp-nope' });
  assert.equal(missing.status, 404);
  assert.equal(missing.body.Code, 'InvalidBgpPeerId.NotFound');
  const bad = await callExtension(h.endpoint, { accessKeyId: h.accessKeyId, accessKeySecret: 'wrong' }, 'DescribeBgpPeerHistory', {
    RegionId: 'cn-hangzhou',
    BgpPeerId: peerId,
  });
  assert.equal(bad.body.Code, 'SignatureDoesNotMatch');
  const noParam = await callExtension(h.endpoint, root(), 'DescribeBgpPeerHistory', { RegionId: 'cn-hangzhou' });
  assert.equal(noParam.body.Code, 'MissingParameter');
  const otherAction = await callExtension(h.endpoint, root(), 'DescribeBgpPeers', { RegionId: 'cn-hangzhou' });
  assert.equal(otherAction.body.Code, 'InvalidAction.NotFound', 'an API action is not served at /_vbrd/api');
  const notAtRoot = await callExtension(h.endpoint, root(), 'DescribeBgpPeerHistory', { RegionId: 'cn-hangzhou', BgpPeerId: peerId }, '/');
  assert.equal(notAtRoot.body.Code, 'InvalidAction.NotFound', 'an extension is not served at /');
});

test('DescribeAuditTrail shows the account’s writes and denials, filtered, and needs actiontrail:LookupEvents', async () => {
  const all = await callExtension(h.endpoint, root(), 'DescribeAuditTrail', {});
  assert.equal(all.status, 200, JSON.stringify(all.body));
  const events = all.body.Events as { EventName: string; Decision: string; Principal: string }[];
  assert.ok(events.some((e) => e.EventName === 'vpc:CreateBgpPeer' && e.Decision === 'Root'));
  const denied = await callExtension(h.endpoint, root(), 'DescribeAuditTrail', { Decision: 'ImplicitDeny' });
  const deniedEvents = denied.body.Events as { EventName: string; Principal: string }[];
  assert.ok(deniedEvents.length >= 1);
  assert.ok(deniedEvents.every((e) => e.Principal === 'user:only-other-vbr'));
  const latest = await callExtension(h.endpoint, root(), 'DescribeAuditTrail', { MaxEntries: '1' });
  assert.deepEqual(latest.body.Events, [events.at(-1)], 'MaxEntries keeps the latest');
  const refused = await callExtension(h.endpoint, limited, 'DescribeAuditTrail', {});
  assert.equal(refused.body.Code, 'Forbidden.RAM');
  const bad = await callExtension(h.endpoint, root(), 'DescribeAuditTrail', { MaxEntries: '0' });
  assert.equal(bad.body.Code, 'InvalidParameter');
});

test('DescribeAccessPointPorts counts each access point’s ports and those no live circuit holds', async () => {
  const r = await callExtension(h.endpoint, root(), 'DescribeAccessPointPorts', { RegionId: 'cn-hangzhou' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const aps = r.body.AccessPoints as { AccessPointId: string; TotalPorts: number; FreePorts: number }[];
  const seeded = h.config.seed.regions.find((x) => x.regionId === 'cn-hangzhou')!.accessPoints;
  assert.equal(aps.length, seeded.length);
  const first = aps.find((a) => a.AccessPointId === seeded[0]!.accessPointId)!;
  assert.equal(
    first.TotalPorts,
    seeded[0]!.devices.reduce((n, d) => n + d.ports.length, 0),
  );
  assert.equal(first.FreePorts, first.TotalPorts - 1, 'the fixture circuits are written on one port, 1/1/1');
});
