// vbrd in a Vitest suite: the same as examples/node-test, in Vitest's words. The suite runs it with
// `npx vitest run --root examples/vitest` (test/examples/examples.test.ts).
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import Vpc, * as $Vpc from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { startVbrd, type RunningVbrd } from 'vbrd';
import { createFixture } from 'vbrd/testing';

let vbrd: RunningVbrd;
let vpc: Vpc.default;

beforeAll(async () => {
  vbrd = await startVbrd();
  const VpcClient = (Vpc as unknown as { default: typeof Vpc.default }).default ?? Vpc;
  vpc = new VpcClient(new $OpenApiUtil.Config(vbrd.sdkConfig));
});
afterAll(() => vbrd.close());
beforeEach(() => vbrd.reset());

test('a snapshot puts the world back as it was', async () => {
  const { vbrId } = await createFixture(vbrd);
  const snapshot = await vbrd.snapshot();
  await vpc.addBgpNetwork(new $Vpc.AddBgpNetworkRequest({ regionId: 'cn-hangzhou', routerId: vbrId, dstCidrBlock: '203.0.113.0/24' }));
  await vbrd.restore(snapshot);
  const networks = await vpc.describeBgpNetworks(new $Vpc.DescribeBgpNetworksRequest({ regionId: 'cn-hangzhou', routerId: vbrId }));
  expect(networks.body!.totalCount).toBe(0);
});

test('a peer flaps', async () => {
  const { bgpPeerId } = await createFixture(vbrd, { peer: true });
  await vbrd.flap(bgpPeerId!, 200);
  const peer = async () =>
    (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: 'cn-hangzhou', bgpPeerId }))).body!.bgpPeers!.bgpPeer![0]!;
  expect((await peer()).bgpStatus).toBe('Idle');
  await expect.poll(async () => (await peer()).bgpStatus, { timeout: 5000 }).toBe('Established');
});
