// The control API through the library's methods: the shared scenarios, plus the library's own promises
// (a throw-away data directory, a ready SDK configuration, its calls in the audit trail).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { startVbrd } from '../../src/library/index.js';
import { createFixture } from '../../src/library/testing.js';
import { $Vpc, vpcClient } from '../support/harness.js';
import { controlScenarios } from './scenarios.js';
import { libraryDriver } from './drivers.js';

controlScenarios('library', (v) => libraryDriver(v));

test('library: startVbrd serves on a free loopback port with a throw-away data directory that close() removes', async () => {
  const v = await startVbrd();
  const dir = v.server.config.dataDir;
  assert.match(v.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(v.port > 0);
  const vpc = vpcClient(v.sdkConfig.endpoint, v.sdkConfig.accessKeyId, v.sdkConfig.accessKeySecret);
  const f = await createFixture(v);
  const vbr = (await vpc.describeVirtualBorderRouters(new $Vpc.DescribeVirtualBorderRoutersRequest({ regionId: 'cn-hangzhou' }))).body!
    .virtualBorderRouterSet!.virtualBorderRouterType![0]!;
  assert.deepEqual([vbr.vbrId, vbr.status, vbr.physicalConnectionId], [f.vbrId, 'active', f.physicalConnectionId]);
  const groups = await vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: 'cn-hangzhou', bgpGroupId: f.bgpGroupId }));
  assert.equal(groups.body!.bgpGroups!.bgpGroup![0]!.status, 'Available');
  await v.reset();
  const audit = await v.server.store.listAudit({ action: 'vbrd:Reset' });
  assert.deepEqual(
    audit.map((a) => [a.principal, a.code]),
    [['library', 'OK']],
  );
  await v.close();
  assert.equal(existsSync(dir), false);
});

test('library: reset forgets the BgpStatus timelines, so a suite that resets sees no old peer history', async () => {
  const v = await startVbrd();
  try {
    const change = { time: Date.now(), accountId: '1', peerId: 'bgp-old', from: 'Idle', to: 'Established' };
    await v.server.store.transaction([], (tx) => tx.recordBgpStatus(change));
    assert.deepEqual(await v.server.store.listBgpStatusHistory({ peerId: 'bgp-old' }), [change]);
    await v.reset();
    assert.deepEqual(await v.server.store.listBgpStatusHistory({ peerId: 'bgp-old' }), []);
  } finally {
    await v.close();
  }
});
