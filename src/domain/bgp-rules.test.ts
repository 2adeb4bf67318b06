import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../errors/api-error.js';
import { isAddress, parsePeerIp } from './bgp-rules.js';
import type { IpVersion } from '../speaker/speaker.js';

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
