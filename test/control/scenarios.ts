// What the control API must do, run once over HTTP and once through the library (http.test.ts,
// library.test.ts), with the official SDK as the client that sees the effects. One server per file,
// reset before each test: that each test starts clean is itself what reset promises.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import * as $dara from '@darabonba/typescript';
import { startVbrd, type RunningVbrd, type StateDocument } from '../../src/library/index.js';
import { createFixture } from '../../src/library/testing.js';
import { signedUrl } from '../../src/library/rpc.js';
import { $Vpc, errorCode, vpcClient, type VpcClient } from '../support/harness.js';
import type { Driver } from './drivers.js';

export const TENANT = { accountId: '1000000000000002', accessKeyId: 'LTAIctlTenantKey0002', accessKeySecret: 'ctl-tenant-secret-0002' };
const R = 'cn-hangzhou';
const DESCRIBES = [
  'DescribePhysicalConnections',
  'DescribeVirtualBorderRouters',
  'DescribeBgpGroups',
  'DescribeBgpPeers',
  'DescribeBgpNetworks',
];

/** Every Describe answer of an account as sent, RequestIds aside. */
async function describeAll(v: RunningVbrd, as?: string): Promise<string[]> {
  const out: string[] = [];
  for (const action of DESCRIBES) {
    const a = await v.rawCall(action, { RegionId: R }, as ? { as } : {});
    assert.equal(a.status, 200, `${action}: ${a.text}`);
    out.push(a.text.replace(/"RequestId":"[^"]*"/, ''));
  }
  return out;
}

const count = async (vpc: VpcClient) => ({
  circuits: (await vpc.describePhysicalConnections(new $Vpc.DescribePhysicalConnectionsRequest({ regionId: R }))).body!.totalCount,
  vbrs: (await vpc.describeVirtualBorderRouters(new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: R }))).body!.totalCount,
  peers: (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: R }))).body!.totalCount,
});

const peerOf = async (vpc: VpcClient, bgpPeerId: string) =>
  (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: R, bgpPeerId }))).body!.bgpPeers!.bgpPeer![0]!;

/** The value of one series in Prometheus' text, 0 when absent. */
export function series(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

export function controlScenarios(way: string, makeDriver: (v: RunningVbrd) => Driver): void {
  let v: RunningVbrd;
  let c: Driver;
  let vpc: VpcClient;
  let tenant: VpcClient;
  before(async () => {
    v = await startVbrd({
      seed: {
        accounts: [
          { accountId: TENANT.accountId, accessKeys: [{ accessKeyId: TENANT.accessKeyId, accessKeySecret: TENANT.accessKeySecret }] },
        ],
        timings: { physicalConnectionAllocateMs: 30, physicalConnectionTransitionMs: 30, vbrTransitionMs: 30 },
      },
    });
    c = makeDriver(v);
    vpc = vpcClient(v.sdkConfig.endpoint, v.accessKeyId, v.accessKeySecret);
    tenant = vpcClient(v.sdkConfig.endpoint, TENANT.accessKeyId, TENANT.accessKeySecret);
  });
  after(() => v.close());
  beforeEach(() => c.reset());

  test(`${way}: a reset leaves no trace: resources, ClientTokens, journal and fault rules go; one account's reset spares the others`, async () => {
    const mine = await createFixture(v, { peer: true });
    await createFixture(v, { accountId: TENANT.accountId });
    const token = 'reset-token-1';
    await vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: R, routerId: mine.vbrId, peerAsn: 65010, clientToken: token }));
    await c.inject({ action: 'DescribeRegions', error: { code: 'Throttling.User' } });
    assert.deepEqual(await count(vpc), { circuits: 1, vbrs: 1, peers: 1 });
    await c.reset({ accountId: v.accountId });
    assert.deepEqual(await count(vpc), { circuits: 0, vbrs: 0, peers: 0 });
    assert.deepEqual((await count(tenant)).vbrs, 1, "the other account's resources stay");
    await c.reset();
    assert.deepEqual(await count(tenant), { circuits: 0, vbrs: 0, peers: 0 });
    assert.deepEqual(await c.faults(), []);
    assert.deepEqual(await c.journal({ action: 'DescribeRegions' }), []);
    await vpc.describeRegions(new $Vpc.DescribeRegionsRequest({}));
    // The ClientToken was forgotten: the same token with other parameters is a new request now.
    const again = await createFixture(v);
    const g = await vpc.createBgpGroup(
      new $Vpc.CreateBgpGroupRequest({ regionId: R, routerId: again.vbrId, peerAsn: 65020, clientToken: token }),
    );
    assert.ok(g.body!.bgpGroupId);
  });

  test(`${way}: a snapshot taken, the state changed, the snapshot restored: the same Describe answers byte for byte`, async () => {
    const f = await createFixture(v, { peer: true });
    await createFixture(v, { accountId: TENANT.accountId });
    const token = 'snap-token-1';
    const first = await vpc.addBgpNetwork(
      new $Vpc.AddBgpNetworkRequest({ regionId: R, routerId: f.vbrId, dstCidrBlock: '203.0.113.0/24', clientToken: token }),
    );
    await c.settle();
    const before = await describeAll(v);
    const tenantBefore = await describeAll(v, TENANT.accountId);
    const doc = await c.snapshot();
    assert.equal(doc.format, 'vbrd-state');
    assert.equal(doc.version, 1);
    // Change everything there is to change.
    await vpc.modifyBgpGroupAttribute(new $Vpc.ModifyBgpGroupAttributeRequest({ regionId: R, bgpGroupId: f.bgpGroupId, name: 'changed' }));
    await vpc.deleteBgpNetwork(new $Vpc.DeleteBgpNetworkRequest({ regionId: R, routerId: f.vbrId, dstCidrBlock: '203.0.113.0/24' }));
    await createFixture(v, { peer: true });
    await c.setSession(f.bgpPeerId!, 'Idle');
    await c.reset({ accountId: TENANT.accountId });
    await c.settle();
    assert.notDeepEqual(await describeAll(v), before);
    const r = await c.restore(doc);
    assert.ok(r.written > 0);
    await c.setSession(f.bgpPeerId!, 'Established');
    await c.settle();
    assert.deepEqual(await describeAll(v), before);
    assert.deepEqual(await describeAll(v, TENANT.accountId), tenantBefore);
    // The ClientToken came back with the state: the retry gets the first answer.
    const retry = await vpc.addBgpNetwork(
      new $Vpc.AddBgpNetworkRequest({ regionId: R, routerId: f.vbrId, dstCidrBlock: '203.0.113.0/24', clientToken: token }),
    );
    assert.deepEqual(retry.body!.toMap(), { ...first.body!.toMap(), RequestId: retry.body!.requestId });
    // One account's snapshot restores that account alone.
    const tenantDoc = await c.snapshot({ accountId: TENANT.accountId });
    assert.ok(tenantDoc.resources.every((x) => x.accountId === TENANT.accountId));
    await c.reset({ accountId: TENANT.accountId });
    await c.restore(tenantDoc);
    assert.deepEqual(await describeAll(v, TENANT.accountId), tenantBefore);
    assert.deepEqual(await describeAll(v), before);
  });

  test(`${way}: a newer or malformed document is refused with a 400 and changes nothing`, async () => {
    await createFixture(v, { peer: true });
    const before = await describeAll(v);
    const doc = await c.snapshot();
    const refused = async (d: unknown) => assert.equal(await c.statusOf(c.restore(d as StateDocument)), 400);
    await refused({ ...doc, version: 2 });
    await refused({ ...doc, format: 'other' });
    await refused({ ...doc, resources: 'none' });
    await refused({ ...doc, resources: [{ ...doc.resources[0], kind: 'Nope' }] });
    // A peer without its group.
    await refused({ ...doc, resources: doc.resources.filter((x) => x.kind !== 'BgpGroup') });
    await refused({ ...doc, resources: [...doc.resources, doc.resources[0]] });
    assert.deepEqual(await describeAll(v), before);
  });

  test(`${way}: a fault rule with count 2 fails exactly two calls with its code and status, then expires`, async () => {
    await c.inject({ action: 'DescribeRegions', error: { code: 'Throttling.User' }, count: 2 });
    const req = new $Vpc.DescribeRegionsRequest({});
    for (let i = 0; i < 2; i++) {
      const e = await errorCode(vpc.describeRegions(req));
      assert.deepEqual([e.code, e.statusCode], ['Throttling.User', 400]);
      assert.match(e.message, /Request was denied due to user flow control/);
    }
    assert.ok((await vpc.describeRegions(req)).body!.regions);
    assert.deepEqual(await c.faults(), []);
    const seen = await c.journal({ action: 'DescribeRegions' });
    assert.deepEqual(
      seen.map((e) => [e.code, e.httpStatus, e.fault !== null]),
      [
        ['Throttling.User', 400, true],
        ['Throttling.User', 400, true],
        ['OK', 200, false],
      ],
    );
  });

  test(`${way}: the SDK retries an injected Throttling or ServiceUnavailable as it would against Alibaba`, async () => {
    const retrying = vpcClient(v.sdkConfig.endpoint, v.accessKeyId, v.accessKeySecret);
    // The SDK retries only what its RetryOptions name; Throttling* answers are ThrottlingErrors, 5xx ServerErrors.
    (retrying as unknown as { _retryOptions: unknown })._retryOptions = new $dara.RetryOptions({
      retryable: true,
      retryCondition: [new $dara.RetryCondition({ maxAttempts: 3, exception: ['ThrottlingError', 'ServerError'], errorCode: [] })],
      noRetryCondition: [],
    });
    await c.inject({ action: 'DescribeRegions', error: { code: 'Throttling.User' }, count: 2 });
    assert.ok((await retrying.describeRegions(new $Vpc.DescribeRegionsRequest({}))).body!.regions, 'the third attempt succeeds');
    await c.inject({ action: 'DescribeRegions', error: { code: 'ServiceUnavailable' }, count: 1 });
    assert.ok((await retrying.describeRegions(new $Vpc.DescribeRegionsRequest({}))).body!.regions);
    assert.deepEqual(
      (await c.journal({ action: 'DescribeRegions' })).map((e) => `${e.code} ${e.httpStatus}`),
      ['Throttling.User 400', 'Throttling.User 400', 'OK 200', 'ServiceUnavailable 503', 'OK 200'],
    );
    // Without RetryOptions the SDK makes one attempt, and reports the error's class.
    await c.inject({ action: 'DescribeRegions', error: { code: 'Throttling.User' }, count: 1 });
    await assert.rejects(vpc.describeRegions(new $Vpc.DescribeRegionsRequest({})), (e: Error) => e.name === 'ThrottlingError');
    await c.inject({ action: 'DescribeRegions', error: { code: 'ServiceUnavailable' }, count: 1 });
    await assert.rejects(vpc.describeRegions(new $Vpc.DescribeRegionsRequest({})), (e: Error) => e.name === 'ServerError');
  });

  test(`${way}: a faulted call uses no nonce and no ClientToken and writes nothing`, async () => {
    const f = await createFixture(v);
    await c.inject({ action: 'DescribeRegions', error: { code: 'OperationConflict' }, count: 1 });
    const url = signedUrl(v.endpoint, v.accessKeyOf(v.accountId), 'DescribeRegions');
    assert.equal((await fetch(url)).status, 400);
    assert.equal((await fetch(url)).status, 200, 'the same signed request again: its nonce was not used up');
    const replay = await fetch(url);
    assert.equal(((await replay.json()) as { Code: string }).Code, 'SignatureNonceUsed');
    await c.inject({ action: 'CreateBgpGroup', error: { code: 'ServiceUnavailable' }, count: 1 });
    const create = (peerAsn: number) =>
      vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: R, routerId: f.vbrId, peerAsn, clientToken: 'fault-token' }));
    assert.equal((await errorCode(create(65030))).statusCode, 503);
    assert.equal(
      (await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, routerId: f.vbrId }))).body!.totalCount,
      1,
      'no group was created',
    );
    // The token is free: this request is its first use, and a different one afterwards mismatches it.
    const made = await create(65031);
    assert.ok(made.body!.bgpGroupId);
    assert.equal((await errorCode(create(65032))).code, 'IdempotentParameterMismatch');
    const [faulted] = await c.journal({ action: 'CreateBgpGroup', code: 'ServiceUnavailable' });
    const audit = await v.server.store.listAudit({ action: 'vpc:CreateBgpGroup' });
    assert.ok(!audit.some((a) => a.requestId === faulted!.requestId), 'not in the audit trail either');
  });

  test(`${way}: rules match by action pattern, account, AccessKeyId and resource; latency delays; drop closes the connection`, async () => {
    const f = await createFixture(v);
    await c.inject({ action: 'Describe*Groups', accountId: TENANT.accountId, error: { code: 'Throttling' } });
    assert.ok(await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R })));
    assert.equal((await errorCode(tenant.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R })))).code, 'Throttling');
    await c.clearFaults();
    await c.inject({ accessKeyId: TENANT.accessKeyId, error: { code: 'Forbidden.RiskControl', status: 403, message: 'risk' } });
    const e = await errorCode(tenant.describeRegions(new $Vpc.DescribeRegionsRequest({})));
    assert.deepEqual([e.code, e.statusCode], ['Forbidden.RiskControl', 403]);
    await c.clearFaults();
    const rule = await c.inject({ resourceId: f.vbrId, error: { code: 'ServiceUnavailable' } });
    assert.equal(
      (await errorCode(vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, routerId: f.vbrId })))).statusCode,
      503,
    );
    assert.ok(await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R })));
    await c.removeFault(rule.id);
    assert.equal(await c.statusOf(c.removeFault(rule.id)), 404);
    await c.inject({ action: 'DescribeRegions', latencyMs: 300, count: 1 });
    const t = Date.now();
    await vpc.describeRegions(new $Vpc.DescribeRegionsRequest({}));
    assert.ok(Date.now() - t >= 290, 'the answer came after the latency');
    await c.inject({ action: 'DescribeRegions', drop: true, count: 1 });
    await assert.rejects(vpc.describeRegions(new $Vpc.DescribeRegionsRequest({})));
    const last = (await c.journal({ action: 'DescribeRegions' })).at(-1)!;
    assert.deepEqual([last.code, last.httpStatus], ['Dropped', 0]);
  });

  test(`${way}: a peer held Idle, flapped and sent routes shows it in DescribeBgpPeers`, async () => {
    const f = await createFixture(v, { peer: true });
    const id = f.bgpPeerId!;
    assert.equal((await peerOf(vpc, id)).bgpStatus, 'Established');
    await c.setSession(id, 'Idle');
    assert.equal((await peerOf(vpc, id)).bgpStatus, 'Idle');
    await c.setSession(id, 'Established');
    assert.equal((await peerOf(vpc, id)).bgpStatus, 'Established');
    await c.flap(id, 300);
    assert.equal((await peerOf(vpc, id)).bgpStatus, 'Idle');
    const end = Date.now() + 5000;
    while ((await peerOf(vpc, id)).bgpStatus !== 'Established') {
      assert.ok(Date.now() < end, 'Established again after the flap');
      await new Promise((r) => setTimeout(r, 50));
    }
    await c.setReceivedRoutes(id, ['198.51.100.0/24', '198.51.101.0/24']);
    assert.equal((await peerOf(vpc, id)).receivedRouteCount, 2);
    assert.equal(await c.statusOf(c.impairLink(id, { lossPercent: 10 })), 400, 'loss needs a real link');
    assert.equal(await c.statusOf(c.setSession('bgp-nosuchpeer0000000000', 'Idle')), 404);
  });

  test(`${way}: timings change at run time, settle finishes what waits, a reset restores the seed's timings`, async () => {
    const t = await c.setTimings({ physicalConnectionAllocateMs: 3_600_000 });
    assert.equal(t.physicalConnectionAllocateMs, 3_600_000);
    await vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: R }));
    const pc = await vpc.createPhysicalConnection(
      new $Vpc.CreatePhysicalConnectionRequest({
        regionId: R,
        accessPointId: 'ap-cn-hangzhou-yh-B',
        lineOperator: 'CT',
        portType: '10GBase-LR',
      }),
    );
    const status = async () =>
      (
        await vpc.describePhysicalConnections(new $Vpc.DescribePhysicalConnectionsRequest({ regionId: R }))
      ).body!.physicalConnectionSet!.physicalConnectionType!.find((x) => x.physicalConnectionId === pc.body!.physicalConnectionId)!.status;
    assert.equal(await status(), 'Initial');
    assert.deepEqual(await c.settle(), { pending: [] });
    assert.equal(await status(), 'Allocated');
    await c.reset();
    assert.equal((await c.timings()).physicalConnectionAllocateMs, 30);
  });

  test(`${way}: the journal shows what was sent, secrets masked, filtered`, async () => {
    const f = await createFixture(v);
    const v1 = vpcClient(v.sdkConfig.endpoint, v.accessKeyId, v.accessKeySecret, true);
    await v1.createBgpGroup(
      new $Vpc.CreateBgpGroupRequest({ regionId: R, routerId: f.vbrId, peerAsn: 65040, authKey: 'auth-key-secret-1' }),
    );
    await tenant.describeRegions(new $Vpc.DescribeRegionsRequest({}));
    const [entry] = await c.journal({ action: 'CreateBgpGroup', limit: 1 });
    assert.equal(entry!.accountId, v.accountId);
    assert.equal(entry!.accessKeyId, v.accessKeyId);
    assert.equal(entry!.parameters.PeerAsn, '65040');
    assert.equal(entry!.parameters.RouterId, f.vbrId);
    assert.equal(entry!.parameters.AuthKey, '******');
    assert.equal(entry!.parameters.Signature, '******');
    assert.equal(entry!.httpStatus, 200);
    assert.ok(entry!.latencyMs >= 0);
    const text = JSON.stringify(await c.journal());
    assert.ok(!text.includes('auth-key-secret-1') && !text.includes(v.accessKeySecret), 'no secret anywhere in the journal');
    assert.deepEqual(
      (await c.journal({ accessKeyId: TENANT.accessKeyId })).map((e) => e.action),
      ['DescribeRegions'],
    );
    assert.equal((await c.journal({ limit: 2 })).length, 2);
    await c.clearJournal();
    assert.deepEqual(await c.journal(), []);
  });

  test(`${way}: the metrics move with the calls and the sessions`, async () => {
    const f = await createFixture(v, { peer: true });
    const before = await c.metrics();
    const ok = 'action="DescribeRegions",code="OK",status="200"';
    await vpc.describeRegions(new $Vpc.DescribeRegionsRequest({}));
    await vpc.describeRegions(new $Vpc.DescribeRegionsRequest({}));
    await c.setSession(f.bgpPeerId!, 'Active');
    const now = await c.metrics();
    assert.equal(series(now, 'vbrd_requests_total', ok) - series(before, 'vbrd_requests_total', ok), 2);
    assert.ok(series(now, 'vbrd_request_duration_seconds_count', 'action="DescribeRegions"') >= 2);
    assert.equal(series(before, 'vbrd_bgp_sessions', 'data_plane="sim",state="Established"'), 1);
    assert.equal(series(now, 'vbrd_bgp_sessions', 'data_plane="sim",state="Active"'), 1);
    assert.ok(series(now, 'vbrd_store_commit_duration_seconds_count', '') > 0);
    assert.ok(series(now, 'vbrd_reconciler_apply_duration_seconds_count', 'data_plane="sim"') > 0);
    assert.ok(series(now, 'vbrd_signature_nonces', '') > 0);
    assert.match(now, /^vbrd_reconciler_backlog \d+$/m);
    assert.match(now, /^vbrd_client_tokens \d+$/m);
    assert.match(now, /^process_cpu_seconds_total /m);
  });

  test(`${way}: bad input to any control call gets a 400 that says why, and changes nothing`, async () => {
    const f = await createFixture(v, { peer: true });
    const state = JSON.stringify((await c.snapshot()).resources);
    const timings = await c.timings();
    await c.inject({ action: 'Nothing', error: { code: 'Throttling' } });
    const faults = JSON.stringify(await c.faults());
    const bad: [string, () => Promise<unknown>][] = [
      ['reset: account', () => c.reset({ accountId: 'abc' })],
      ['state: version', () => c.snapshot({ accountId: 'x1' })],
      ['fault: no effect', () => c.inject({ action: 'DescribeRegions' })],
      ['fault: error and drop', () => c.inject({ error: { code: 'Throttling' }, drop: true })],
      ['fault: probability', () => c.inject({ error: { code: 'Throttling' }, probability: 2 })],
      ['fault: unknown field', () => c.inject({ error: { code: 'Throttling' }, actions: 'x' } as never)],
      ['fault: code', () => c.inject({ error: { code: '' } })],
      ['session: state', () => c.setSession(f.bgpPeerId!, 'Up' as never)],
      ['flap: downMs', () => c.flap(f.bgpPeerId!, -1)],
      ['routes: prefix', () => c.setReceivedRoutes(f.bgpPeerId!, ['not-a-prefix'])],
      ['link: loss', () => c.impairLink(f.bgpPeerId!, { lossPercent: 200 })],
      ['timings: key', () => c.setTimings({ bogusMs: 1 } as never)],
      ['timings: value', () => c.setTimings({ vbrTransitionMs: -5 })],
      ['settle: timeout', () => c.settle({ timeoutMs: 'soon' as never })],
      ['journal: limit', () => c.journal({ limit: 0 })],
    ];
    for (const [what, call] of bad) assert.equal(await c.statusOf(call()).catch((e: Error) => e.message), 400, what);
    assert.equal(JSON.stringify((await c.snapshot()).resources), state);
    assert.deepEqual(await c.timings(), timings);
    assert.equal(JSON.stringify(await c.faults()), faults);
    assert.equal((await peerOf(vpc, f.bgpPeerId!)).bgpStatus, 'Established');
  });
}
