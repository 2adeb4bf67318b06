// vbrd in a node:test suite: one server for the file, a reset before each test, a fixture in one call,
// the official SDK pointed at it, and the control API to make the cloud misbehave on purpose.
// (The suite runs this file as it is: `npm test -- examples/node-test`.)
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { startVbrd, type RunningVbrd } from 'vbrd';
import { createFixture } from 'vbrd/testing';

let vbrd: RunningVbrd;
let vpc: Vpc.default;

before(async () => {
  vbrd = await startVbrd();
  const VpcClient = (Vpc as unknown as { default: typeof Vpc.default }).default ?? Vpc;
  vpc = new VpcClient(new $OpenApiUtil.Config(vbrd.sdkConfig));
});
after(() => vbrd.close());
beforeEach(() => vbrd.reset());

test('my code sees a BGP peer go down and come back', async () => {
  const { bgpPeerId } = await createFixture(vbrd, { peer: true });
  const status = async () =>
    (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: 'cn-hangzhou', bgpPeerId }))).body!.bgpPeers!.bgpPeer![0]!
      .bgpStatus;
  assert.equal(await status(), 'Established');
  await vbrd.setSession(bgpPeerId!, 'Idle');
  assert.equal(await status(), 'Idle');
  await vbrd.setSession(bgpPeerId!, 'Established');
  assert.equal(await status(), 'Established');
});

test('my code is throttled twice, then gets through', async () => {
  await vbrd.inject({ action: 'DescribeRegions', error: { code: 'Throttling.User' }, count: 2 });
  await assert.rejects(vpc.describeRegions(new $Vpc.DescribeRegionsRequest({})), { code: 'Throttling.User' });
  await assert.rejects(vpc.describeRegions(new $Vpc.DescribeRegionsRequest({})), { code: 'Throttling.User' });
  assert.ok((await vpc.describeRegions(new $Vpc.DescribeRegionsRequest({}))).body!.regions);
  const sent = await vbrd.journal({ action: 'DescribeRegions' });
  assert.deepEqual(
    sent.map((e) => e.httpStatus),
    [400, 400, 200],
  );
});
