// The BGP Describe actions' lists: pages that partition the list in a stable order with
// the right TotalCount, PageSize above 50 refused, and a filter naming an unknown id answered with an
// empty list, not an error.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc, errorCode, startHarness, type Harness } from '../support/harness.js';
import { openService } from '../support/express-connect.js';
import { availableGroup, insertVbr } from '../support/fixtures.js';

const R = 'cn-hangzhou';
const PEERS = 11;

describe('BGP Describe lists', () => {
  let h: Harness;
  let vbr: string;
  let group: string;
  const peers: string[] = [];
  before(async () => {
    h = await startHarness({ seed: { quotas: { bgpPeersPerVbr: 20 } } });
    await openService(h.vpc);
    vbr = await insertVbr(h);
    group = await availableGroup(h.vpc, vbr);
    for (let i = 0; i < PEERS; i++) {
      const r = await h.vpc.createBgpPeer(
        new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: group, peerIpAddress: `198.51.100.${i + 1}` }),
      );
      peers.push(r.body!.bgpPeerId!);
    }
  });
  after(() => h.close());

  const page = (pageNumber: number, pageSize: number, extra: Partial<$Vpc.DescribeBgpPeersRequest> = {}) =>
    h.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: R, routerId: vbr, pageNumber, pageSize, ...extra }));

  it('pages partition the peers, in the same order every time, each with the TotalCount of all', async () => {
    const seen: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const r = (await page(n, 4)).body!;
      assert.deepEqual([r.pageNumber, r.pageSize, r.totalCount], [n, 4, PEERS]);
      seen.push(...r.bgpPeers!.bgpPeer!.map((p) => p.bgpPeerId!));
    }
    assert.equal(seen.length, PEERS);
    assert.deepEqual([...seen].sort(), [...peers].sort());
    const again = [1, 2, 3].map((n) => page(n, 4));
    assert.deepEqual(
      (await Promise.all(again)).flatMap((r) => r.body!.bgpPeers!.bgpPeer!.map((p) => p.bgpPeerId!)),
      seen,
    );
    const beyond = (await page(4, 4)).body!;
    assert.deepEqual([beyond.bgpPeers!.bgpPeer!.length, beyond.totalCount], [0, PEERS]);
  });

  it('the default page is 10 of page 1; a PageSize outside 1-50 or a PageNumber below 1 is refused', async () => {
    const r = (await h.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: R, routerId: vbr }))).body!;
    assert.deepEqual([r.pageNumber, r.pageSize, r.bgpPeers!.bgpPeer!.length], [1, 10, 10]);
    for (const [n, size, name] of [
      [1, 51, 'PageSize'],
      [1, 0, 'PageSize'],
      [0, 10, 'PageNumber'],
    ] as const) {
      const e = await errorCode(page(n, size));
      assert.deepEqual([e.code, e.statusCode], ['InvalidParameter', 400]);
      assert.match(e.message, new RegExp(name));
    }
  });

  it('a filter naming an unknown id finds nothing, without an error', async () => {
    for (const extra of [{ bgpPeerId: 'bgp-0000000000000000000000' }, { bgpGroupId: 'bgpg-000000000000000000000' }]) {
      const r = (await page(1, 10, extra)).body!;
      assert.deepEqual([r.bgpPeers!.bgpPeer!.length, r.totalCount], [0, 0]);
    }
    const groups = (
      await h.vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, bgpGroupId: 'bgpg-000000000000000000000' }))
    ).body!;
    assert.deepEqual([groups.bgpGroups!.bgpGroup!.length, groups.totalCount], [0, 0]);
    const networks = (
      await h.vpc.describeBgpNetworks(new $Vpc.DescribeBgpNetworksRequest({ regionId: R, routerId: 'vbr-000000000000000000000' }))
    ).body!;
    assert.deepEqual([networks.bgpNetworks!.bgpNetwork!.length, networks.totalCount], [0, 0]);
  });
});
