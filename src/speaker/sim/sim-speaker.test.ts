import { test } from 'node:test';
import assert from 'node:assert/strict';
import { observationOf, UnknownPeerError, UnsupportedControlError, type DesiredVbr } from '../speaker.js';
import { SimSpeaker } from './sim-speaker.js';

function vbr(peerIds: string[], networks = ['203.0.113.0/24', '2001:db8::/32']): DesiredVbr {
  return {
    vbrId: 'vbr-1',
    accountId: '1',
    regionId: 'cn-hangzhou',
    physicalConnectionId: 'pc-1',
    vlanId: 10,
    localGatewayIp: '192.0.2.1',
    peerGatewayIp: '192.0.2.2',
    peeringSubnetMask: '255.255.255.252',
    enableIpv6: false,
    localIpv6GatewayIp: '',
    peerIpv6GatewayIp: '',
    peeringIpv6SubnetMask: '',
    minTxInterval: 300,
    minRxInterval: 300,
    detectMultiplier: 3,
    groups: [
      {
        bgpGroupId: 'bgpg-1',
        localAsn: 45104,
        peerAsn: 65001,
        authKey: '',
        routeLimit: 110,
        isFakeAsn: false,
        ipVersion: 'IPv4',
        peers: peerIds.map((id, i) => ({
          bgpPeerId: id,
          peerIp: `192.0.2.${i + 2}`,
          ipVersion: 'IPv4' as const,
          enableBfd: false,
          bfdMultiHop: 1,
        })),
      },
    ],
    networks,
  };
}

test("an applied peer reports Connect, then Established with the VBR's networks of its family", async () => {
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 80 });
  await sim.applyVbr(vbr(['bgp-a']));
  assert.deepEqual(observationOf(await sim.observe(), 'bgp-a'), {
    bgpStatus: 'Connect',
    bfdStatus: null,
    receivedRouteCount: 0,
    advertisedRouteCount: 0,
  });
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(observationOf(await sim.observe(), 'bgp-a'), {
    bgpStatus: 'Established',
    bfdStatus: null,
    receivedRouteCount: 0,
    advertisedRouteCount: 1,
  });
});

test('one group per VBR: once its sessions are up the same group comes back until that VBR changes', async () => {
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 0 });
  await sim.applyVbr(vbr(['bgp-a']));
  await sim.applyVbr({ ...vbr(['bgp-x']), vbrId: 'vbr-2' });
  const first = await sim.observe();
  assert.deepEqual([...first.keys()], ['vbr-1', 'vbr-2']);
  assert.equal((await sim.observe()).get('vbr-1'), first.get('vbr-1'), 'nothing changed: the same group');
  await sim.applyVbr(vbr(['bgp-a', 'bgp-b']));
  const second = await sim.observe();
  assert.notEqual(second.get('vbr-1'), first.get('vbr-1'));
  assert.equal(second.get('vbr-2'), first.get('vbr-2'), "the other VBR's group is untouched");
  assert.deepEqual([...second.get('vbr-1')!.keys()], ['bgp-a', 'bgp-b']);
  assert.equal(second.get('vbr-1')!.get('bgp-a'), first.get('vbr-1')!.get('bgp-a'), 'an unchanged session keeps its observation object');
  await sim.removeVbr('vbr-1');
  assert.deepEqual([...(await sim.observe()).keys()], ['vbr-2']);
});

test('a group taken while a session was still coming up is not handed out again', async () => {
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 50 });
  await sim.applyVbr(vbr(['bgp-a']));
  assert.equal(observationOf(await sim.observe(), 'bgp-a')?.bgpStatus, 'Connect');
  await new Promise((r) => setTimeout(r, 70));
  assert.equal(observationOf(await sim.observe(), 'bgp-a')?.bgpStatus, 'Established');
});

test("observeVbr tells one VBR's sessions as observe() does, without building the others", async () => {
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 50 });
  await sim.applyVbr(vbr(['bgp-a', 'bgp-b']));
  await sim.applyVbr({ ...vbr(['bgp-x']), vbrId: 'vbr-2' });
  const one = await sim.observeVbr('vbr-1');
  assert.deepEqual([...one.keys()], ['bgp-a', 'bgp-b']);
  assert.equal(one.get('bgp-a')?.bgpStatus, 'Connect');
  assert.equal((await sim.observe()).get('vbr-1')!.get('bgp-a'), one.get('bgp-a'), 'the same observation object, so readers see no change');
  await new Promise((r) => setTimeout(r, 70));
  assert.equal((await sim.observeVbr('vbr-1')).get('bgp-b')?.bgpStatus, 'Established');
  assert.equal((await sim.observeVbr('vbr-none')).size, 0);
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

// ---- the customer's side, as the control API drives it ----

const state = async (sim: SimSpeaker, id: string) => observationOf(await sim.observe(), id);

test('a session held Idle, Connect or Active shows that state with no routes, and Established brings it up at once', async () => {
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 0 });
  await sim.applyVbr(vbr(['bgp-a']));
  assert.equal((await state(sim, 'bgp-a'))?.bgpStatus, 'Established');
  for (const held of ['Idle', 'Connect', 'Active'] as const) {
    await sim.control.setSession('bgp-a', held);
    assert.deepEqual(await state(sim, 'bgp-a'), { bgpStatus: held, bfdStatus: null, receivedRouteCount: 0, advertisedRouteCount: 0 });
  }
  const slow = new SimSpeaker({ applyMs: 0, sessionUpMs: 60_000 });
  await slow.applyVbr(vbr(['bgp-a']));
  await slow.control.setSession('bgp-a', 'Established');
  assert.equal((await state(slow, 'bgp-a'))?.bgpStatus, 'Established', 'without waiting out sessionUpMs');
});

test('a flapped session is Idle for downMs, then comes up anew: Connect, then Established', async () => {
  // Windows wide enough for a busy machine: Idle for 300 ms, then Connect for 600 ms.
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 600 });
  await sim.applyVbr(vbr(['bgp-a']));
  sim.control.hurry();
  assert.equal((await state(sim, 'bgp-a'))?.bgpStatus, 'Established');
  const flapped = Date.now();
  await sim.control.flap('bgp-a', 300);
  assert.equal((await state(sim, 'bgp-a'))?.bgpStatus, 'Idle');
  await new Promise((r) => setTimeout(r, 450 - (Date.now() - flapped)));
  const between = Date.now() - flapped;
  if (between < 850) assert.equal((await state(sim, 'bgp-a'))?.bgpStatus, 'Connect');
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() - flapped)));
  assert.equal((await state(sim, 'bgp-a'))?.bgpStatus, 'Established');
});

test("announced routes count while the session is up; those beyond the group's RouteLimit are denied, the session stays up", async () => {
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 0 });
  await sim.applyVbr(vbr(['bgp-a']));
  await sim.control.setReceivedRoutes('bgp-a', ['198.51.100.0/24', '198.51.101.0/24']);
  assert.equal((await state(sim, 'bgp-a'))?.receivedRouteCount, 2);
  const many = Array.from({ length: 112 }, (_, i) => `10.${111 - i}.0.0/16`);
  await sim.control.setReceivedRoutes('bgp-a', many);
  const limited = await state(sim, 'bgp-a');
  assert.equal(limited?.bgpStatus, 'Established');
  assert.equal(limited?.receivedRouteCount, 110);
  const kept = new Set(limited?.receivedRoutes?.map((r) => r.prefix));
  assert.ok(kept.has('10.111.0.0/16') && !kept.has('10.1.0.0/16') && !kept.has('10.0.0.0/16'), 'the first 110 announced are kept');
  await sim.control.setReceivedRoutes('bgp-a', []);
  assert.equal((await state(sim, 'bgp-a'))?.receivedRouteCount, 0);
});

test('hurry ends pending applies and brings coming-up sessions up now; clear lets held sessions go', async () => {
  const sim = new SimSpeaker({ applyMs: 60_000, sessionUpMs: 60_000 });
  const applying = sim.applyVbr(vbr(['bgp-a', 'bgp-b']));
  sim.control.hurry();
  await applying;
  assert.equal((await state(sim, 'bgp-a'))?.bgpStatus, 'Connect');
  sim.control.hurry();
  assert.equal((await state(sim, 'bgp-a'))?.bgpStatus, 'Established');
  await sim.control.setSession('bgp-b', 'Active');
  sim.control.hurry();
  assert.equal((await state(sim, 'bgp-b'))?.bgpStatus, 'Active', 'a held session stays held');
  await sim.control.clear();
  assert.equal((await state(sim, 'bgp-b'))?.bgpStatus, 'Connect', 'let go, it comes up anew');
});

test('control of a peer the data plane does not hold, and loss or delay, are refused', async () => {
  const sim = new SimSpeaker({ applyMs: 0, sessionUpMs: 0 });
  await sim.applyVbr(vbr(['bgp-a']));
  await assert.rejects(sim.control.setSession('bgp-none', 'Idle'), UnknownPeerError);
  await assert.rejects(sim.control.impair('bgp-a', { lossPercent: 10, delayMs: 0 }), UnsupportedControlError);
});
