import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DesiredVbr } from '../speaker.js';
import { SimSpeaker } from './sim-speaker.js';

function vbr(peerIds: string[], networks = ['203.0.113.0/24', '2001:db8::/32']): DesiredVbr {
  return {
    vbrId: 'vbr-1', accountId: '1', regionId: 'cn-hangzhou', physicalConnectionId: 'pc-1', vlanId: 10,
    localGatewayIp: '192.0.2.1', peerGatewayIp: '192.0.2.2', peeringSubnetMask: '255.255.255.252', enableIpv6: false,
    localIpv6GatewayIp: '', peerIpv6GatewayIp: '', peeringIpv6SubnetMask: '', minTxInterval: 300, minRxInterval: 300, detectMultiplier: 3,
    groups: [{
      bgpGroupId: 'bgpg-1', localAsn: 45104, peerAsn: 65001, authKey: '', routeLimit: 110, isFakeAsn: false, ipVersion: 'IPv4',
      peers: peerIds.map((id, i) => ({ bgpPeerId: id, peerIp: `192.0.2.${i + 2}`, ipVersion: 'IPv4' as const, enableBfd: false, bfdMultiHop: 1 })),
    }],
    networks,
  };
}

test('an applied peer reports Connect, then Established with the VBR\'s networks of its family', async () => {
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 80 });
  await sim.applyVbr(vbr(['bgp-a']));
  assert.deepEqual((await sim.observe()).get('bgp-a'), { bgpStatus: 'Connect', bfdStatus: null, receivedRouteCount: 0, advertisedRouteCount: 0 });
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual((await sim.observe()).get('bgp-a'), { bgpStatus: 'Established', bfdStatus: null, receivedRouteCount: 0, advertisedRouteCount: 1 });
});

test('once every session is up the same map comes back until the configuration changes', async () => {
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 0 });
  await sim.applyVbr(vbr(['bgp-a']));
  const first = await sim.observe();
  assert.equal(await sim.observe(), first, 'nothing changed: the same map');
  await sim.applyVbr(vbr(['bgp-a', 'bgp-b']));
  const second = await sim.observe();
  assert.notEqual(second, first);
  assert.deepEqual([...second.keys()], ['bgp-a', 'bgp-b']);
  assert.equal(second.get('bgp-a'), first.get('bgp-a'), 'an unchanged session keeps its observation object');
  await sim.removeVbr('vbr-1');
  assert.equal((await sim.observe()).size, 0);
});

test('a map taken while a session was still coming up is not handed out again', async () => {
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 50 });
  await sim.applyVbr(vbr(['bgp-a']));
  assert.equal((await sim.observe()).get('bgp-a')?.bgpStatus, 'Connect');
  await new Promise((r) => setTimeout(r, 70));
  assert.equal((await sim.observe()).get('bgp-a')?.bgpStatus, 'Established');
});

test('applying takes applyMs, re-applying the same configuration takes no time', async () => {
  const sim = new SimSpeaker({ applyMs: 60, sessionUpMs: 0 });
  let t = performance.now();
  await sim.applyVbr(vbr(['bgp-a']));
  assert.ok(performance.now() - t >= 55, 'the first apply waits');
  t = performance.now();
  await sim.applyVbr(vbr(['bgp-a']));
  assert.ok(performance.now() - t < 30, 'the same configuration again is a no-op');
  t = performance.now();
  await sim.applyVbr(vbr(['bgp-a', 'bgp-b']));
  assert.ok(performance.now() - t >= 55, 'a changed configuration waits again');
});
