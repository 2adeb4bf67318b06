import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors/api-error.js';
import { checkGroupDescription, checkNotLocalAddress, isAddress, parseNetworkCidr, parsePeerIp, peerAddressTaken } from './bgp-rules.js';
import type { IpVersion } from '../speaker/speaker.js';
import type { VbrAssociation, VbrData } from './model.js';

const codeOf = (text: string, version: IpVersion): string => {
  try {
    return `ok ${parsePeerIp(text, version)}`;
  } catch (e) {
    return (e as ApiError).code;
  }
};

test('a peer address is well-formed, of its family and a host address; it comes back normalised', () => {
  assert.equal(codeOf('192.0.2.1', 'IPv4'), 'ok 192.0.2.1');
  assert.equal(codeOf('2001:DB8:0:0::1', 'IPv6'), 'ok 2001:db8::1');
  assert.equal(codeOf('::ffff:192.0.2.1', 'IPv6'), 'ok ::ffff:c000:201');
  // What ipaddr.js parses as IPv4 but is not four-part decimal.
  for (const loose of ['10.1', '010.0.0.1', '0x0a.0.0.1', '167772161']) assert.equal(codeOf(loose, 'IPv4'), 'InvalidIP.Malformed', loose);
  for (const bad of ['192.0.2.300', '1.2.3.4.5', '', ' 192.0.2.1', '1:2:3:4:5:6:7:8:9', 'fe80::1%'])
    assert.equal(codeOf(bad, 'IPv4'), 'InvalidIP.Malformed', bad);
  // The family is checked before the four-part form.
  assert.equal(codeOf('10.1', 'IPv6'), 'IllegalParam.PeerIpAddress');
  assert.equal(codeOf('2001:db8::1', 'IPv4'), 'IllegalParam.PeerIpAddress');
  for (const special of ['0.0.0.0', '127.0.0.1', '224.0.0.5', '255.255.255.255'])
    assert.equal(codeOf(special, 'IPv4'), 'IllegalParam.PeerIpAddress', special);
  for (const special of ['::', '::1', 'ff02::5']) assert.equal(codeOf(special, 'IPv6'), 'IllegalParam.PeerIpAddress', special);
});

test('an address written another way is the same address', () => {
  assert.equal(isAddress('192.0.2.1', '192.0.2.1'), true);
  assert.equal(isAddress('2001:DB8:0::1', '2001:db8::1'), true);
  assert.equal(isAddress('192.0.2.2', '192.0.2.1'), false);
  assert.equal(isAddress('', '192.0.2.1'), false, 'a VBR without that gateway');
  assert.equal(isAddress('not-an-ip', '192.0.2.1'), false);
});

const thrown = (f: () => unknown): string => {
  try {
    return `ok ${JSON.stringify(f())}`;
  } catch (e) {
    return (e as ApiError).code;
  }
};

test('an advertised prefix: a bare address is its host route; the text is checked as written', () => {
  assert.deepEqual(parseNetworkCidr('192.168.0.1'), { cidr: '192.168.0.1/32', version: 'IPv4' });
  assert.deepEqual(parseNetworkCidr('2001:DB8::1'), { cidr: '2001:db8::1/128', version: 'IPv6' });
  assert.deepEqual(parseNetworkCidr('2001:DB8:0::/48'), { cidr: '2001:db8::/48', version: 'IPv6' });
  for (const bad of ['192.168.1', '010.0.0.1', 'x', '', '192.168.0.0/33'])
    assert.equal(
      thrown(() => parseNetworkCidr(bad)),
      'InvalidDestCidrBlock.Malformed',
      bad,
    );
  assert.equal(
    thrown(() => parseNetworkCidr('224.0.0.1')),
    'IllegalParam.ConflictWithDClass',
  );
  assert.equal(
    thrown(() => parseNetworkCidr('10.0.0.1/8')),
    'IllegalParamFormat.DstCidrBlock',
  );
});

const subIf = (local: string, local6 = ''): VbrAssociation => ({
  PhysicalConnectionId: 'pc-x',
  VlanId: 1,
  VlanInterfaceId: 'ri-x',
  CircuitCode: '',
  LocalGatewayIp: local,
  PeerGatewayIp: '',
  PeeringSubnetMask: '',
  EnableIpv6: local6 !== '',
  LocalIpv6GatewayIp: local6,
  PeerIpv6GatewayIp: '',
  PeeringIpv6SubnetMask: '',
});

test("a peer address must not be the VBR's own, on any of its sub-interfaces, in the peer's family", () => {
  const vbr = { ...subIf('192.0.2.1', '2001:db8::1'), associations: [subIf('198.51.100.1'), subIf('')] } as unknown as VbrData;
  assert.equal(
    thrown(() => checkNotLocalAddress(vbr, '192.0.2.1', 'IPv4')),
    'DuplicatedParam.LocalIpAddress',
  );
  assert.equal(
    thrown(() => checkNotLocalAddress(vbr, '198.51.100.1', 'IPv4')),
    'DuplicatedParam.LocalIpAddress',
  );
  assert.equal(
    thrown(() => checkNotLocalAddress(vbr, '2001:db8::1', 'IPv6')),
    'DuplicatedParam.LocalIpv6Address',
  );
  assert.equal(
    thrown(() => checkNotLocalAddress(vbr, '192.0.2.2', 'IPv4')),
    'ok undefined',
  );
  assert.equal(
    thrown(() => checkNotLocalAddress(vbr, '2001:db8::2', 'IPv6')),
    'ok undefined',
  );
});

test('which code says a peer address is taken: by family, group and action', () => {
  assert.equal(peerAddressTaken('IPv4', true, 'create').code, 'BgpPeer.Already.Exists');
  assert.equal(peerAddressTaken('IPv4', false, 'create').code, 'InvalidParams.PeerIpAddressInUse');
  assert.equal(peerAddressTaken('IPv4', true, 'modify').code, 'DuplicatedParam.PeerIpAddress');
  for (const action of ['create', 'modify'] as const)
    for (const same of [true, false]) assert.equal(peerAddressTaken('IPv6', same, action).code, 'DuplicatedParam.PeerIpv6Address');
});

test("a group Description's code is the action's spelling", () => {
  assert.equal(
    thrown(() => checkGroupDescription('1x')),
    'InvalidBgpDescription.Malformed',
  );
  assert.equal(
    thrown(() => checkGroupDescription('1x', 'InvalidBgpDiscription.Malformed')),
    'InvalidBgpDiscription.Malformed',
  );
  assert.equal(
    thrown(() => checkGroupDescription('fine')),
    'ok undefined',
  );
});
