// BGP groups, peers and networks through their async lifecycle with the emulated data plane;
// ClientToken idempotency (also racing); a restart that keeps everything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc, errorCode, startHarness, waitFor } from '../support/harness.js';
import { availableGroup, insertVbr, peerStatus } from '../support/fixtures.js';

const ROOT_OPEN = { accounts: [{ accountId: '1000000000000001', accessKeys: [], physicalConnectionServiceOpen: true }] };
const R = 'cn-hangzhou';

test('peer: Pending → Available → Established, modify, delete; JSON types as the SDK model declares', async () => {
  const h = await startHarness({ seed: { ...ROOT_OPEN, timings: { bgpApplyMs: 150, simSessionUpMs: 100 } } });
  try {
    const vbr = await insertVbr(h);
    // Text that JSON must escape comes back as it went in (DescribeBgpPeers writes its JSON itself).
    const description = 'first "group"\\ on\nline two\t中文 ✓';
    const g = await availableGroup(h.vpc, vbr, {
      authKey: 'md5"se\\cret',
      localAsn: 64512,
      isFakeAsn: true,
      routeQuota: 100,
      name: 'grp.one',
      description,
    });
    const id = (
      await h.vpc.createBgpPeer(
        new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: g, peerIpAddress: '192.0.2.2', enableBfd: true, bfdMultiHop: 1 }),
      )
    ).body!.bgpPeerId!;
    assert.match(id, /^bgp-[a-z0-9]{21}$/);
    assert.equal((await peerStatus(h.vpc, id)).status, 'Pending');
    await waitFor(async () => (await peerStatus(h.vpc, id)).bgpStatus === 'Established', 5000, 'Established');
    // Raw body via pop-core: exact JSON types.
    const raw = (await h.pop.request('DescribeBgpPeers', { RegionId: R, BgpPeerId: id }, { method: 'POST' })) as {
      BgpPeers: { BgpPeer: Record<string, unknown>[] };
      TotalCount: unknown;
    };
    const p = raw.BgpPeers.BgpPeer[0];
    assert.equal(raw.TotalCount, 1);
    assert.deepEqual(
      {
        status: p.Status,
        asn: p.PeerAsn,
        local: p.LocalAsn,
        fake: p.IsFake,
        bfd: p.EnableBfd,
        hops: p.BfdMultiHop,
        key: p.AuthKey,
        limit: p.RouteLimit,
        hold: p.Hold,
        adv: p.AdvertisedRouteCount,
        rcv: p.ReceivedRouteCount,
      },
      {
        status: 'Available',
        asn: '65001',
        local: '64512',
        fake: true,
        bfd: true,
        hops: 1,
        key: 'md5"se\\cret',
        limit: '100',
        hold: '30',
        adv: 0,
        rcv: 0,
      },
    );
    // A peer's Name and Description are its own (no API sets them), not its group's.
    assert.deepEqual(
      { name: p.Name, description: p.Description, region: p.RegionId, ip: p.PeerIpAddress },
      { name: '', description: '', region: R, ip: '192.0.2.2' },
    );
    const rawGroup = (await h.pop.request('DescribeBgpGroups', { RegionId: R, BgpGroupId: g }, { method: 'POST' })) as {
      BgpGroups: { BgpGroup: Record<string, unknown>[] };
    };
    assert.deepEqual(
      [rawGroup.BgpGroups.BgpGroup[0].Name, rawGroup.BgpGroups.BgpGroup[0].Description],
      ['grp.one', description],
      'the group keeps text JSON must escape',
    );
    assert.match(String(p.GmtModified), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal('Code' in raw, false, 'no Code field in a success body');

    await h.vpc.modifyBgpPeerAttribute(
      new $Vpc.ModifyBgpPeerAttributeRequest({ regionId: R, bgpPeerId: id, bgpGroupId: g, enableBfd: false }),
    );
    assert.equal((await peerStatus(h.vpc, id)).status, 'Modifying');
    const modifyAgain = await errorCode(
      h.vpc.modifyBgpPeerAttribute(new $Vpc.ModifyBgpPeerAttributeRequest({ regionId: R, bgpPeerId: id, enableBfd: true })),
    );
    assert.equal(modifyAgain.code, 'InvalidStatus.CannotOperate');
    await waitFor(async () => (await peerStatus(h.vpc, id)).status === 'Available', 5000, 'Available after modify');
    assert.equal((await peerStatus(h.vpc, id)).enableBfd, false);

    assert.equal(
      (await errorCode(h.vpc.deleteBgpGroup(new $Vpc.DeleteBgpGroupRequest({ regionId: R, bgpGroupId: g })))).code,
      'DependencyViolation.BgpPeer',
    );
    await h.vpc.deleteBgpPeer(new $Vpc.DeleteBgpPeerRequest({ regionId: R, bgpPeerId: id }));
    assert.equal((await peerStatus(h.vpc, id)).status, 'Deleting');
    await waitFor(async () => (await peerStatus(h.vpc, id)) === undefined, 5000, 'peer gone');
    const gone = await errorCode(h.vpc.deleteBgpPeer(new $Vpc.DeleteBgpPeerRequest({ regionId: R, bgpPeerId: id })));
    assert.deepEqual([gone.code, gone.statusCode], ['InvalidBgpPeer.NotFound', 400]);
    await h.vpc.deleteBgpGroup(new $Vpc.DeleteBgpGroupRequest({ regionId: R, bgpGroupId: g }));
    await waitFor(
      async () => (await h.vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, bgpGroupId: g }))).body!.totalCount === 0,
      5000,
      'group gone',
    );
  } finally {
    await h.close();
  }
});

test('group: validation codes, modify and the Modifying state', async () => {
  const h = await startHarness({ seed: ROOT_OPEN });
  try {
    const vbr = await insertVbr(h);
    const make = (x: Partial<$Vpc.CreateBgpGroupRequest>) =>
      errorCode(h.vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: R, routerId: vbr, peerAsn: 65001, ...x })));
    assert.equal((await make({ peerAsn: 45104 })).code, 'InvalidPeerAsn.Malformed');
    assert.equal((await make({ peerAsn: 4294967296 })).code, 'IllegalParam.PeerAsn');
    assert.equal((await make({ localAsn: 65025 })).code, 'InvalidBgpGroup.LocalAsnInvalid');
    assert.equal((await make({ localAsn: 100 })).code, 'InvalidBgpGroup.LocalAsnInvalid');
    assert.equal((await make({ name: '1bad' })).code, 'InvalidBgpName.Malformed');
    assert.equal((await make({ description: 'http://x' })).code, 'InvalidBgpDescription.Malformed');
    assert.equal((await make({ authKey: 'has space' })).code, 'InvalidBgpAuthkey.Malformed');
    assert.equal((await make({ routeQuota: 111 })).code, 'IllegalParam.RouteLimit');
    assert.equal((await make({ routerId: 'vbr-nothere' })).code, 'InvalidVbrNetwork');
    const g = await availableGroup(h.vpc, vbr, { authKey: 'k1' });
    await h.vpc.modifyBgpGroupAttribute(
      new $Vpc.ModifyBgpGroupAttributeRequest({ regionId: R, bgpGroupId: g, peerAsn: 65009, clearAuthKey: true }),
    );
    const d = await h.vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: R, bgpGroupId: g }));
    const grp = d.body!.bgpGroups!.bgpGroup![0];
    assert.deepEqual([grp.status, grp.peerAsn, grp.authKey], ['Modifying', '65009', '']);
  } finally {
    await h.close();
  }
});

test('networks: add, list, delete, and their errors', async () => {
  const h = await startHarness({ seed: { ...ROOT_OPEN, quotas: { bgpNetworksPerVbr: 2 } } });
  try {
    const vbr = await insertVbr(h);
    const add = (cidr: string) => h.vpc.addBgpNetwork(new $Vpc.AddBgpNetworkRequest({ regionId: R, routerId: vbr, dstCidrBlock: cidr }));
    await add('10.1.0.0/24');
    assert.equal((await errorCode(add('10.1.0.0/24'))).code, 'Duplicated.CidrBlock');
    assert.equal((await errorCode(add('10.1.0.0/33'))).code, 'InvalidDestCidrBlock.Malformed');
    assert.equal((await errorCode(add('10.1.0.1/24'))).code, 'IllegalParamFormat.DstCidrBlock');
    assert.equal((await errorCode(add('224.0.0.0/8'))).code, 'IllegalParam.ConflictWithDClass');
    assert.equal((await errorCode(add('2001:db8::/32'))).code, 'IllegalParam.IpVersion');
    await add('10.2.0.0/16');
    assert.equal((await errorCode(add('10.3.0.0/16'))).code, 'QuotaExceeded.BgpNetwork');
    const list = () => h.vpc.describeBgpNetworks(new $Vpc.DescribeBgpNetworksRequest({ regionId: R, routerId: vbr }));
    await waitFor(
      async () => (await list()).body!.bgpNetworks!.bgpNetwork!.every((n) => n.status === 'Available'),
      5000,
      'networks Available',
    );
    assert.deepEqual(
      (await list()).body!.bgpNetworks!.bgpNetwork!.map((n) => n.dstCidrBlock),
      ['10.1.0.0/24', '10.2.0.0/16'],
    );
    await h.vpc.deleteBgpNetwork(new $Vpc.DeleteBgpNetworkRequest({ regionId: R, routerId: vbr, dstCidrBlock: '10.1.0.0/24' }));
    await waitFor(async () => (await list()).body!.totalCount === 1, 5000, 'network removed');
    assert.equal(
      (
        await errorCode(
          h.vpc.deleteBgpNetwork(new $Vpc.DeleteBgpNetworkRequest({ regionId: R, routerId: vbr, dstCidrBlock: '10.9.0.0/24' })),
        )
      ).code,
      'InvalidParams.NotFound',
    );
  } finally {
    await h.close();
  }
});

test('ClientToken: same token and parameters → one peer, also when racing; other parameters → mismatch; too long → rejected', async () => {
  const h = await startHarness({ seed: ROOT_OPEN });
  try {
    const vbr = await insertVbr(h);
    const g = await availableGroup(h.vpc, vbr);
    const req = (token: string, ip = '192.0.2.2') =>
      new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: g, peerIpAddress: ip, clientToken: token });
    const ids = await Promise.all(
      [h.vpc, h.vpcV1, h.vpc, h.vpcV1, h.vpc].map((c) => c.createBgpPeer(req('tok-race')).then((r) => r.body!.bgpPeerId)),
    );
    assert.equal(new Set(ids).size, 1, 'every racer gets the same id');
    const all = await h.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: R, bgpGroupId: g }));
    assert.equal(all.body!.totalCount, 1, 'exactly one peer was created');
    assert.equal((await h.vpc.createBgpPeer(req('tok-race'))).body!.bgpPeerId, ids[0]);
    assert.equal((await errorCode(h.vpc.createBgpPeer(req('tok-race', '192.0.2.6')))).code, 'IdempotentParameterMismatch');
    assert.equal((await errorCode(h.vpc.createBgpPeer(req('x'.repeat(65), '192.0.2.6')))).code, 'IllegalParam.ClientToken');
    assert.ok((await h.vpc.createBgpPeer(req('y'.repeat(64), '192.0.2.6'))).body!.bgpPeerId);
  } finally {
    await h.close();
  }
});

test('a restart keeps every resource, status, token and used nonce', async () => {
  const first = await startHarness({ seed: ROOT_OPEN });
  const dataDir = first.config.dataDir;
  const vbr = await insertVbr(first);
  const g = await availableGroup(first.vpc, vbr);
  const id = (
    await first.vpc.createBgpPeer(
      new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: g, peerIpAddress: '192.0.2.2', clientToken: 'keep-me' }),
    )
  ).body!.bgpPeerId!;
  await waitFor(async () => (await peerStatus(first.vpc, id)).status === 'Available', 5000, 'Available');
  // A signed request captured before the restart must not be accepted again afterwards.
  const { createHmac, randomUUID } = await import('node:crypto');
  const { v1StringToSign } = await import('../../src/protocol/signature-v1.js');
  const params = new Map(
    Object.entries({
      Action: 'DescribeBgpGroups',
      Version: '2016-04-28',
      Format: 'JSON',
      AccessKeyId: first.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      Timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      RegionId: R,
    }),
  );
  params.set(
    'Signature',
    createHmac('sha1', first.accessKeySecret + '&')
      .update(v1StringToSign('GET', params))
      .digest('base64'),
  );
  const query = new URLSearchParams([...params]).toString();
  assert.equal((await fetch(`http://${first.endpoint}/?${query}`)).status, 200);
  await first.close();

  const second = await startHarness({ seed: ROOT_OPEN, dataDir });
  try {
    const p = await peerStatus(second.vpc, id);
    assert.deepEqual([p.status, p.peerIpAddress, p.bgpGroupId], ['Available', '192.0.2.2', g]);
    const again = await second.vpc.createBgpPeer(
      new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: g, peerIpAddress: '192.0.2.2', clientToken: 'keep-me' }),
    );
    assert.equal(again.body!.bgpPeerId, id, 'the ClientToken survived');
    const replay = await fetch(`http://${second.endpoint}/?${query}`);
    assert.equal(replay.status, 400);
    assert.equal(((await replay.json()) as { Code: string }).Code, 'SignatureNonceUsed');
  } finally {
    await second.close();
  }
});

test("after a restart DescribeBgpPeers shows no session until the data plane has been read again: never the last run's", async () => {
  const first = await startHarness({ seed: { ...ROOT_OPEN, timings: { bgpApplyMs: 0, simSessionUpMs: 0 } } });
  const dataDir = first.config.dataDir;
  const vbr = await insertVbr(first);
  const g = await availableGroup(first.vpc, vbr);
  const id = (await first.vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: R, bgpGroupId: g, peerIpAddress: '192.0.2.2' })))
    .body!.bgpPeerId!;
  await waitFor(async () => (await peerStatus(first.vpc, id)).bgpStatus === 'Established', 5000, 'Established');
  await first.close();

  // The new run's emulated data plane takes a while to apply, and its session a while longer to come up.
  const second = await startHarness({ seed: { ...ROOT_OPEN, timings: { bgpApplyMs: 1000, simSessionUpMs: 1000 } }, dataDir });
  try {
    const seen: string[] = [];
    const t0 = Date.now();
    for (;;) {
      const p = await peerStatus(second.vpc, id);
      const shown = `${p.bgpStatus}/${p.advertisedRouteCount}/${p.receivedRouteCount}`;
      if (seen.at(-1) !== shown) seen.push(shown);
      if (p.bgpStatus === 'Established') break;
      if (Date.now() - t0 > 10_000) assert.fail(`never Established again: ${seen.join(' → ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const establishedAfter = Date.now() - t0;
    assert.equal(seen[0], 'Idle/0/0', `the first answer after the restart: ${seen.join(' → ')}`);
    assert.ok(establishedAfter >= 1500, `Established ${establishedAfter} ms after the restart, before the new run's session was up`);
  } finally {
    await second.close();
  }
});
