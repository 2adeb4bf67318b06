import { test } from 'node:test';
import assert from 'node:assert/strict';
import { interfaceHolding, nextHopInterface, parseRouteCidr, systemRoutes } from './route-table.js';
import type { VbrAssociation, VbrData } from './model.js';

const iface = (id: string, local: string, peer: string, v6?: [string, string, string]): VbrAssociation => ({
  PhysicalConnectionId: `pc-${id}`,
  VlanId: 10,
  VlanInterfaceId: `ri-${id}`,
  CircuitCode: '',
  LocalGatewayIp: local,
  PeerGatewayIp: peer,
  PeeringSubnetMask: '255.255.255.252',
  EnableIpv6: v6 !== undefined,
  LocalIpv6GatewayIp: v6?.[0] ?? '',
  PeerIpv6GatewayIp: v6?.[1] ?? '',
  PeeringIpv6SubnetMask: v6?.[2] ?? '',
});

const vbr = {
  ...iface('own', '192.0.2.1', '192.0.2.2', ['2001:db8::1', '2001:db8::2', '2001:db8::/126']),
  associations: [iface('second', '198.51.100.5', '198.51.100.6')],
} as unknown as VbrData;

test('a custom route: a prefix or a host, never host bits, never the shared 100.64.0.0/10', () => {
  assert.deepEqual(parseRouteCidr('10.1.0.0/16'), { cidr: '10.1.0.0/16', version: 'IPv4' });
  assert.deepEqual(parseRouteCidr('10.1.2.3'), { cidr: '10.1.2.3/32', version: 'IPv4' });
  assert.deepEqual(parseRouteCidr('2001:DB8:1::/48'), { cidr: '2001:db8:1::/48', version: 'IPv6' });
  assert.deepEqual(parseRouteCidr('100.0.0.0/8'), { cidr: '100.0.0.0/8', version: 'IPv4' }, 'containing the shared space is allowed');
  for (const bad of ['10.1.0.1/16', '10.1.0', 'not-a-cidr', '10.0.0.0/33', '010.1.0.0/16'])
    assert.throws(() => parseRouteCidr(bad), { code: 'InvalidCidrBlock.Malformed' }, bad);
  for (const shared of ['100.64.0.0/10', '100.100.0.0/16', '100.64.0.1'])
    assert.throws(() => parseRouteCidr(shared), { code: 'InvalidDestinationCidrBlock' }, shared);
});

test("system routes: each sub-interface's peering subnets, IPv6 where enabled", () => {
  assert.deepEqual(
    systemRoutes(vbr).map((r) => [r.cidr, r.version, r.via.VlanInterfaceId]),
    [
      ['192.0.2.0/30', 'IPv4', 'ri-own'],
      ['2001:db8::/126', 'IPv6', 'ri-own'],
      ['198.51.100.4/30', 'IPv4', 'ri-second'],
    ],
  );
});

test('next hops: a route names one of the VBR’s router interfaces; a learned one leaves by the interface holding its next hop', () => {
  assert.equal(nextHopInterface(vbr, 'ri-second').PeerGatewayIp, '198.51.100.6');
  assert.throws(() => nextHopInterface(vbr, 'ri-elsewhere'), { code: 'InvalidNextHopId.NotFound' });
  assert.equal(interfaceHolding(vbr, '198.51.100.6').VlanInterfaceId, 'ri-second');
  assert.equal(interfaceHolding(vbr, '2001:db8::2').VlanInterfaceId, 'ri-own');
  assert.equal(interfaceHolding(vbr, '203.0.113.9').VlanInterfaceId, 'ri-own', 'a multihop next hop: the own interface');
});
