// Every error Alibaba documents for CreateBgpPeer, each reached through the official SDK under the
// condition that really causes it, and the same codes where the other BGP actions list them. The codes
// no request to vbrd can cause are in docs/behaviour.md with the reason.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc, errorCode, startHarness, waitFor, type Harness } from '../support/harness.js';
import { availableGroup, insertVbr, peerStatus } from '../support/fixtures.js';
import type { VbrAssociation } from '../../src/domain/model.js';

const OTHER = {
  accountId: '2000000000000002',
  accessKeys: [{ accessKeyId: 'LTAI5tOtherAccountKey01', accessKeySecret: 'other-secret' }],
  physicalConnectionServiceOpen: true,
};
const CLOSED = {
  accountId: '3000000000000003',
  accessKeys: [{ accessKeyId: 'LTAI5tClosedServiceKey01', accessKeySecret: 'closed-secret' }],
};

const seedAccounts = (rootOpen = true) => [
  {
    accountId: '1000000000000001',
    accessKeys: [{ accessKeyId: 'LTAI5tSeedRootKey000001', accessKeySecret: 'unused' }],
    physicalConnectionServiceOpen: rootOpen,
  },
  OTHER,
  CLOSED,
];

function create(h: Harness, groupId: string, extra: Partial<$Vpc.CreateBgpPeerRequest> = {}, regionId = 'cn-hangzhou') {
  return h.vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId, bgpGroupId: groupId, ...extra }));
}

/** A second circuit's sub-interface on a VBR, with the given peering addresses (/30). */
function associated(local: string, peer: string): VbrAssociation {
  return {
    PhysicalConnectionId: `pc-${local.replace(/\./g, '-')}`,
    VlanId: 11,
    VlanInterfaceId: 'ri-x',
    CircuitCode: '',
    LocalGatewayIp: local,
    PeerGatewayIp: peer,
    PeeringSubnetMask: '255.255.255.252',
    EnableIpv6: false,
    LocalIpv6GatewayIp: '',
    PeerIpv6GatewayIp: '',
    PeeringIpv6SubnetMask: '',
  };
}

async function expectCode(p: Promise<unknown>, code: string, status = 400, message?: RegExp) {
  const e = await errorCode(p);
  assert.equal(e.code, code, e.message);
  assert.equal(e.statusCode, status);
  if (message) assert.match(String(e.data?.Message), message);
}

describe('CreateBgpPeer errors', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ seed: { accounts: seedAccounts(), quotas: { bgpPeersPerVbr: 3, bfdSessionsPerAccount: 2 } } });
  });
  after(() => h.close());

  test('QuotaExceeded.Bgp: more peers on one VBR than the quota', async () => {
    const vbr = await insertVbr(h);
    const g1 = await availableGroup(h.vpc, vbr);
    const g2 = await availableGroup(h.vpc, vbr, { peerAsn: 65002 });
    await create(h, g1, { peerIpAddress: '192.0.2.2' });
    await create(h, g1, { peerIpAddress: '192.0.2.6' });
    await create(h, g2, { peerIpAddress: '192.0.2.10' });
    await expectCode(create(h, g2, { peerIpAddress: '192.0.2.14' }), 'QuotaExceeded.Bgp', 400, /bgp peer count per vbr quota exceed/);
  });

  test("InvalidAccessDeviceId.NotFound: the circuit's access device is gone from the inventory", async () => {
    const vbr = await insertVbr(h, { accessDeviceId: 'asw-decommissioned-09' });
    const g = await availableGroup(h.vpc, vbr);
    await expectCode(create(h, g), 'InvalidAccessDeviceId.NotFound');
  });

  test("QuotaExceeded.BfdSession: the account's BFD sessions are used up", async () => {
    const vbr = await insertVbr(h);
    const g = await availableGroup(h.vpc, vbr);
    await create(h, g, { peerIpAddress: '192.0.2.2', enableBfd: true, bfdMultiHop: 1 });
    await create(h, g, { peerIpAddress: '192.0.2.6', enableBfd: true });
    await expectCode(
      create(h, g, { peerIpAddress: '192.0.2.10', enableBfd: true }),
      'QuotaExceeded.BfdSession',
      400,
      /Your Bfd Session number/,
    );
    // Without BFD the same call succeeds.
    assert.ok((await create(h, g, { peerIpAddress: '192.0.2.10' })).body!.bgpPeerId);
  });

  test('InvalidPeerIpAddress: no peer IP on a VBR attached to several circuits', async () => {
    const vbr = await insertVbr(h, {
      associations: [
        {
          PhysicalConnectionId: 'pc-second',
          VlanId: 11,
          VlanInterfaceId: 'ri-x',
          CircuitCode: '',
          LocalGatewayIp: '198.51.100.1',
          PeerGatewayIp: '198.51.100.2',
          PeeringSubnetMask: '255.255.255.252',
          EnableIpv6: false,
          LocalIpv6GatewayIp: '',
          PeerIpv6GatewayIp: '',
          PeeringIpv6SubnetMask: '',
        },
      ],
    });
    const g = await availableGroup(h.vpc, vbr);
    await expectCode(create(h, g), 'InvalidPeerIpAddress', 400, /multi pconn peer ip can not be null/);
    assert.ok((await create(h, g, { peerIpAddress: '198.51.100.2' })).body!.bgpPeerId, 'naming the peer IP works');
  });

  test('InvalidParams.PeerIpAddressMustPointOut: no peer IP and no peer gateway to derive it from', async () => {
    const vbr = await insertVbr(h, { peerGatewayIp: '' });
    const g = await availableGroup(h.vpc, vbr);
    await expectCode(create(h, g), 'InvalidParams.PeerIpAddressMustPointOut');
  });

  test("without PeerIpAddress the VBR's peer gateway is used", async () => {
    const vbr = await insertVbr(h, { peerGatewayIp: '192.0.2.2' });
    const g = await availableGroup(h.vpc, vbr);
    const id = (await create(h, g)).body!.bgpPeerId!;
    const d = await h.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: 'cn-hangzhou', bgpPeerId: id }));
    assert.equal(d.body!.bgpPeers!.bgpPeer![0].peerIpAddress, '192.0.2.2');
  });

  test("InvalidBgpGroup: an unknown group, and another account's group, look the same", async () => {
    await expectCode(create(h, 'bgpg-doesnotexist000000000'), 'InvalidBgpGroup', 400, /bgp group not exists/);
    const theirs = await insertVbr(h, { accountId: OTHER.accountId });
    const other = h.clientFor(OTHER.accessKeys[0].accessKeyId, OTHER.accessKeys[0].accessKeySecret);
    const g = await availableGroup(other, theirs);
    await expectCode(create(h, g), 'InvalidBgpGroup', 400, /bgp group not exists/);
  });

  test('InvalidIP.Malformed and IllegalParam.PeerIpAddress', async () => {
    const vbr = await insertVbr(h);
    const g = await availableGroup(h.vpc, vbr);
    await expectCode(create(h, g, { peerIpAddress: '192.0.2.300' }), 'InvalidIP.Malformed', 400, /Ip malformed/);
    await expectCode(create(h, g, { peerIpAddress: 'not-an-ip' }), 'InvalidIP.Malformed');
    await expectCode(create(h, g, { peerIpAddress: '2001:db8::2' }), 'IllegalParam.PeerIpAddress'); // IPv6 address on an IPv4 peer
    await expectCode(create(h, g, { peerIpAddress: '224.0.0.5' }), 'IllegalParam.PeerIpAddress');
    await expectCode(create(h, g, { peerIpAddress: '0.0.0.0' }), 'IllegalParam.PeerIpAddress');
  });

  test('InvalidParams.PeerIpAddressInUse, BgpPeer.Already.Exists: an IPv4 address another peer of the VBR has', async () => {
    const vbr = await insertVbr(h, { localGatewayIp: '192.0.2.1' });
    const g1 = await availableGroup(h.vpc, vbr);
    const g2 = await availableGroup(h.vpc, vbr, { peerAsn: 65002 });
    await create(h, g1, { peerIpAddress: '192.0.2.2' });
    await expectCode(create(h, g1, { peerIpAddress: '192.0.2.2' }), 'BgpPeer.Already.Exists', 400, /^bgp peer already exists\.$/);
    await expectCode(
      create(h, g2, { peerIpAddress: '192.0.2.2' }),
      'InvalidParams.PeerIpAddressInUse',
      400,
      /^peer ip address in use ,cannot create bgp peer\.$/,
    );
  });

  test("DuplicatedParam.LocalIpAddress: an IPv4 peer address that is the VBR's own, on any of its circuits", async () => {
    const vbr = await insertVbr(h, {
      localGatewayIp: '192.0.2.1',
      associations: [associated('198.51.100.1', '198.51.100.2')],
    });
    const g = await availableGroup(h.vpc, vbr);
    await expectCode(
      create(h, g, { peerIpAddress: '192.0.2.1' }),
      'DuplicatedParam.LocalIpAddress',
      400,
      /^The LocalIpAddress already exists\.$/,
    );
    await expectCode(create(h, g, { peerIpAddress: '198.51.100.1' }), 'DuplicatedParam.LocalIpAddress');
    // The customer's side of the same sub-interfaces is what a peer is meant to be.
    assert.ok((await create(h, g, { peerIpAddress: '198.51.100.2' })).body!.bgpPeerId);
  });

  test("DuplicatedParam.LocalIpv6Address and DuplicatedParam.PeerIpv6Address: the VBR's own IPv6 address, another IPv6 peer's", async () => {
    const vbr = await insertVbr(h, { enableIpv6: true }); // local 2001:db8::1, peer 2001:db8::2
    const g1 = await availableGroup(h.vpc, vbr, { ipVersion: 'IPv6' });
    const g2 = await availableGroup(h.vpc, vbr, { ipVersion: 'IPv6', peerAsn: 65002 });
    const v6 = (g: string, ip: string) => create(h, g, { ipVersion: 'IPv6', peerIpAddress: ip });
    await expectCode(v6(g1, '2001:DB8:0::1'), 'DuplicatedParam.LocalIpv6Address', 400, /^The LocalIpv6Address already exists\.$/);
    assert.ok((await v6(g1, '2001:db8::2')).body!.bgpPeerId);
    await expectCode(v6(g1, '2001:db8:0:0::2'), 'DuplicatedParam.PeerIpv6Address', 400, /^The PeerIpv6Address already exists\.$/);
    await expectCode(v6(g2, '2001:db8::2'), 'DuplicatedParam.PeerIpv6Address');
    // Without a PeerIpAddress the VBR's IPv6 peer gateway is used, and it is taken too.
    await expectCode(create(h, g2, { ipVersion: 'IPv6' }), 'DuplicatedParam.PeerIpv6Address');
  });

  test('MissingParam.EnableBfd and IllegalParam.BfdMultiHop', async () => {
    const vbr = await insertVbr(h);
    const g = await availableGroup(h.vpc, vbr);
    await expectCode(create(h, g, { peerIpAddress: '192.0.2.2', bfdMultiHop: 3 }), 'MissingParam.EnableBfd');
    await expectCode(
      create(h, g, { peerIpAddress: '192.0.2.2', enableBfd: true, bfdMultiHop: 0 }),
      'IllegalParam.BfdMultiHop',
      400,
      /BfdMultiHop is illegal/,
    );
    await expectCode(create(h, g, { peerIpAddress: '192.0.2.2', enableBfd: true, bfdMultiHop: 256 }), 'IllegalParam.BfdMultiHop');
  });

  test('IllegalParam.IpVersion, and IPv6 needs IPv6 on the VBR', async () => {
    const vbr = await insertVbr(h);
    const g = await availableGroup(h.vpc, vbr);
    await expectCode(create(h, g, { ipVersion: 'IPv5' }), 'IllegalParam.IpVersion');
    await expectCode(create(h, g, { ipVersion: 'IPv6', peerIpAddress: '2001:db8::2' }), 'IllegalParam.IpVersion', 400, /group/);
    await expectCode(
      h.vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: 'cn-hangzhou', routerId: vbr, peerAsn: 65010, ipVersion: 'IPv6' })),
      'IllegalParam.IpVersion',
      400,
      /IPv6 enabled/,
    );
    const v6vbr = await insertVbr(h, { enableIpv6: true });
    const g6 = await availableGroup(h.vpc, v6vbr, { ipVersion: 'IPv6' });
    const id = (await create(h, g6, { ipVersion: 'IPV6', peerIpAddress: '2001:DB8:0::2' })).body!.bgpPeerId!;
    const d = await h.vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: 'cn-hangzhou', bgpPeerId: id }));
    assert.equal(d.body!.bgpPeers!.bgpPeer![0].peerIpAddress, '2001:db8::2', 'IPv6 addresses are stored normalised');
  });

  test('OperationUnsupported.IPV6ForThisRegion', async () => {
    const vbr = await insertVbr(h, { regionId: 'cn-wulanchabu', enableIpv6: true });
    await expectCode(
      h.vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: 'cn-wulanchabu', routerId: vbr, peerAsn: 65001, ipVersion: 'IPv6' })),
      'OperationUnsupported.IPV6ForThisRegion',
    );
    const g = await availableGroup(h.vpc, vbr, {}, 'cn-wulanchabu');
    await expectCode(
      create(h, g, { ipVersion: 'IPv6', peerIpAddress: '2001:db8::2' }, 'cn-wulanchabu'),
      'OperationUnsupported.IPV6ForThisRegion',
    );
  });

  test('OperationFailed.PconnTrafficNotEnable: the account has not opened the service', async () => {
    const vbr = await insertVbr(h, { accountId: CLOSED.accountId });
    const closed = h.clientFor(CLOSED.accessKeys[0].accessKeyId, CLOSED.accessKeys[0].accessKeySecret);
    const g = await availableGroup(closed, vbr);
    await expectCode(
      closed.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: 'cn-hangzhou', bgpGroupId: g })),
      'OperationFailed.PconnTrafficNotEnable',
    );
  });

  test('UnsupportedFeature.Vpconn: a VBR on a hosted connection', async () => {
    const vbr = await insertVbr(h, { productType: 'VirtualPhysicalConnection' });
    const g = await availableGroup(h.vpc, vbr);
    await expectCode(create(h, g), 'UnsupportedFeature.Vpconn');
  });

  test('InvalidStatus.CannotOperate: VBR not active', async () => {
    const vbr = await insertVbr(h);
    const g = await availableGroup(h.vpc, vbr);
    await h.vbrd.store.transaction([], async (tx) => {
      const v = await tx.get('VirtualBorderRouter', vbr);
      await tx.update({ ...v!, status: 'terminated' });
    });
    await expectCode(create(h, g), 'InvalidStatus.CannotOperate', 400, /invalid status cannot operate/);
  });

  test('InvalidRegionId.NotFound (404)', async () => {
    await expectCode(create(h, 'bgpg-x', {}, 'cn-atlantis'), 'InvalidRegionId.NotFound', 404);
  });

  test('a group in the wrong region is not found', async () => {
    const vbr = await insertVbr(h);
    const g = await availableGroup(h.vpc, vbr);
    await expectCode(create(h, g, {}, 'cn-shanghai'), 'InvalidBgpGroup');
  });
});

describe('CreateBgpPeer errors that need their own inventory or timings', () => {
  test("QuotaExceeded.BfdSession: the access device's BFD limit spans accounts", async () => {
    const h = await startHarness({
      seed: {
        accounts: seedAccounts(),
        regions: [
          {
            regionId: 'cn-hangzhou',
            localName: 'hz',
            localNameEn: 'Hangzhou',
            endpoint: 'vpc.aliyuncs.com',
            ipv6: true,
            accessPoints: [
              {
                accessPointId: 'ap-cn-hangzhou-t-A',
                name: 'a',
                location: 'hz',
                hostOperator: 'x',
                status: 'recommended',
                devices: [{ deviceId: 'asw-small-01', bfdSessionLimit: 1, ports: [{ portNumber: '1/1/1' }] }],
              },
            ],
          },
        ],
      },
    });
    try {
      const mine = await insertVbr(h, { accessDeviceId: 'asw-small-01' });
      const theirs = await insertVbr(h, { accountId: OTHER.accountId, accessDeviceId: 'asw-small-01' });
      const other = h.clientFor(OTHER.accessKeys[0].accessKeyId, OTHER.accessKeys[0].accessKeySecret);
      const g1 = await availableGroup(h.vpc, mine);
      const g2 = await availableGroup(other, theirs);
      await create(h, g1, { enableBfd: true, bfdMultiHop: 1 });
      await expectCode(
        other.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: 'cn-hangzhou', bgpGroupId: g2, enableBfd: true })),
        'QuotaExceeded.BfdSession',
        400,
        /on device/,
      );
    } finally {
      await h.close();
    }
  });

  test('InvalidStatus.CannotOperate: the group is still Pending', async () => {
    const h = await startHarness({ seed: { accounts: seedAccounts(), timings: { bgpApplyMs: 60_000 } } });
    try {
      const vbr = await insertVbr(h);
      const g = (await h.vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: 'cn-hangzhou', routerId: vbr, peerAsn: 65001 })))
        .body!.bgpGroupId!;
      await expectCode(create(h, g), 'InvalidStatus.CannotOperate');
    } finally {
      await h.close();
    }
  });
});

describe('the same table on the other BGP actions', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ seed: { accounts: seedAccounts() } });
  });
  after(() => h.close());

  const modify = (peerId: string, extra: Partial<$Vpc.ModifyBgpPeerAttributeRequest>) =>
    h.vpc.modifyBgpPeerAttribute(new $Vpc.ModifyBgpPeerAttributeRequest({ regionId: 'cn-hangzhou', bgpPeerId: peerId, ...extra }));
  const available = (id: string) =>
    waitFor(async () => (await peerStatus(h.vpc, id))?.status === 'Available', 5000, `peer ${id} Available`);

  test('ModifyBgpPeerAttribute: DuplicatedParam.PeerIpAddress for an address another peer has, in any group', async () => {
    const vbr = await insertVbr(h, { localGatewayIp: '192.0.2.1' });
    const g1 = await availableGroup(h.vpc, vbr);
    const g2 = await availableGroup(h.vpc, vbr, { peerAsn: 65002 });
    const a = (await create(h, g1, { peerIpAddress: '192.0.2.2' })).body!.bgpPeerId!;
    const b = (await create(h, g1, { peerIpAddress: '192.0.2.6' })).body!.bgpPeerId!;
    const c = (await create(h, g2, { peerIpAddress: '192.0.2.10' })).body!.bgpPeerId!;
    await Promise.all([a, b, c].map(available));
    await expectCode(
      modify(b, { peerIpAddress: '192.0.2.2' }),
      'DuplicatedParam.PeerIpAddress',
      400,
      /^The param of PeerIpAddress is duplicated\.$/,
    );
    await expectCode(modify(c, { peerIpAddress: '192.0.2.2' }), 'DuplicatedParam.PeerIpAddress');
    await expectCode(modify(c, { peerIpAddress: '192.0.2.1' }), 'DuplicatedParam.LocalIpAddress');
    // Its own address again, or a free one, is fine.
    await modify(a, { peerIpAddress: '192.0.2.2' });
    await modify(c, { peerIpAddress: '192.0.2.14' });
    assert.equal((await peerStatus(h.vpc, c)).peerIpAddress, '192.0.2.14');
  });

  test('ModifyBgpPeerAttribute on an IPv6 peer: DuplicatedParam.PeerIpv6Address and DuplicatedParam.LocalIpv6Address', async () => {
    const vbr = await insertVbr(h, { enableIpv6: true });
    const g = await availableGroup(h.vpc, vbr, { ipVersion: 'IPv6' });
    const a = (await create(h, g, { ipVersion: 'IPv6', peerIpAddress: '2001:db8::2' })).body!.bgpPeerId!;
    const b = (await create(h, g, { ipVersion: 'IPv6', peerIpAddress: '2001:db8:1::2' })).body!.bgpPeerId!;
    await Promise.all([a, b].map(available));
    await expectCode(modify(b, { peerIpAddress: '2001:DB8::2' }), 'DuplicatedParam.PeerIpv6Address');
    await expectCode(modify(b, { peerIpAddress: '2001:db8::1' }), 'DuplicatedParam.LocalIpv6Address');
  });

  test('a BGP group Description: InvalidBgpDescription.Malformed on CreateBgpGroup, InvalidBgpDiscription.Malformed (sic) on ModifyBgpGroupAttribute', async () => {
    const vbr = await insertVbr(h);
    await expectCode(
      h.vpc.createBgpGroup(
        new $Vpc.CreateBgpGroupRequest({ regionId: 'cn-hangzhou', routerId: vbr, peerAsn: 65001, description: '1 digit first' }),
      ),
      'InvalidBgpDescription.Malformed',
      400,
      /^Specified Bgp Group description is not valid\.$/,
    );
    const g = await availableGroup(h.vpc, vbr);
    const modifyGroup = (description: string) =>
      h.vpc.modifyBgpGroupAttribute(new $Vpc.ModifyBgpGroupAttributeRequest({ regionId: 'cn-hangzhou', bgpGroupId: g, description }));
    for (const bad of ['1 digit first', 'https://example.com', 'x', 'a'.repeat(257)])
      await expectCode(modifyGroup(bad), 'InvalidBgpDiscription.Malformed', 400, /^Specified Bgp Group description is not valid\.$/);
    await modifyGroup('a fine description');
    const d = await h.vpc.describeBgpGroups(new $Vpc.DescribeBgpGroupsRequest({ regionId: 'cn-hangzhou', bgpGroupId: g }));
    assert.equal(d.body!.bgpGroups!.bgpGroup![0].description, 'a fine description');
  });
});
