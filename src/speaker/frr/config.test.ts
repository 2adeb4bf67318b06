import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderVbr, canonicalPrefix, multihopMinimumTtl } from './frr-config.js';
import { parseBgpInstances, parseBfdProfiles, planBgpInstance, planBfdProfiles } from './config-diff.js';
import { observePeers, parseBfdPeers } from './observe.js';
import { BFD_PEERS_JSON, BFDD_RUNNING_CONFIG, BGPD_RUNNING_CONFIG, NEIGHBORS_JSON } from '../../../test/support/frr-output.js';
import { PermanentSpeakerError, type DesiredVbr } from '../speaker.js';
import { namespaceNameFor } from './vbr-namespace.js';

function desired(over: Partial<DesiredVbr> = {}): DesiredVbr {
  return {
    vbrId: 'vbr-abc',
    accountId: '1',
    regionId: 'r',
    physicalConnectionId: 'pc-1',
    farSideNamespace: 'cust',
    vlanId: 100,
    localGatewayIp: '192.0.2.1',
    peerGatewayIp: '192.0.2.2',
    peeringSubnetMask: '255.255.255.252',
    enableIpv6: false,
    localIpv6GatewayIp: '',
    peerIpv6GatewayIp: '',
    peeringIpv6SubnetMask: '',
    minTxInterval: 200,
    minRxInterval: 200,
    detectMultiplier: 5,
    groups: [
      {
        bgpGroupId: 'g1',
        localAsn: 45104,
        peerAsn: 65001,
        authKey: 'new-key',
        routeLimit: 110,
        isFakeAsn: false,
        ipVersion: 'IPv4',
        peers: [{ bgpPeerId: 'p1', peerIp: '192.0.2.2', ipVersion: 'IPv4', enableBfd: true, bfdMultiHop: 1 }],
      },
    ],
    networks: ['203.0.113.7/24'],
    ...over,
  };
}

test('renders peers, timers, BFD profile and networks in FRR running-config form', () => {
  const r = renderVbr(desired(), 'vbrd-abc');
  assert.equal(r.bgp.asn, 45104);
  assert.deepEqual(r.bgp.lines.slice(4), [
    'neighbor 192.0.2.2 remote-as 65001',
    'neighbor 192.0.2.2 bfd',
    'neighbor 192.0.2.2 bfd profile vbrd-abc.sh',
    'neighbor 192.0.2.2 password new-key',
    'neighbor 192.0.2.2 timers 10 30',
    'neighbor 192.0.2.2 timers connect 5',
  ]);
  assert.deepEqual(r.bgp.addressFamilies['ipv4 unicast'], [
    'network 203.0.113.0/24',
    'neighbor 192.0.2.2 activate',
    'neighbor 192.0.2.2 maximum-prefix 110',
  ]);
  assert.deepEqual(r.bfdProfiles, [
    { name: 'vbrd-abc.sh', detectMultiplier: 5, receiveInterval: 200, transmitInterval: 200, minimumTtl: 254 },
  ]);
  assert.equal(r.peerIds.get('192.0.2.2'), 'p1');
});

test('IPv6 peers go to the ipv6 family; multihop and fake ASN render as ebgp-multihop and local-as', () => {
  const d = desired({ networks: ['2001:db8:ff00:0::/48'] });
  d.groups[0]!.isFakeAsn = true;
  d.groups[0]!.localAsn = 64512;
  d.groups[0]!.peers = [{ bgpPeerId: 'p6', peerIp: '2001:DB8:1:0::2', ipVersion: 'IPv6', enableBfd: true, bfdMultiHop: 3 }];
  const r = renderVbr(d, 'v');
  assert.equal(r.bgp.asn, 45104);
  assert.ok(r.bgp.lines.includes('neighbor 2001:db8:1::2 local-as 64512'));
  assert.ok(r.bgp.lines.includes('neighbor 2001:db8:1::2 ebgp-multihop 3'));
  assert.ok(r.bgp.lines.includes('neighbor 2001:db8:1::2 bfd profile v.mh3'));
  assert.deepEqual(r.bgp.addressFamilies['ipv6 unicast'], [
    'network 2001:db8:ff00::/48',
    'neighbor 2001:db8:1::2 activate',
    'neighbor 2001:db8:1::2 maximum-prefix 110',
  ]);
  assert.equal(r.bfdProfiles[0]!.minimumTtl, multihopMinimumTtl(3));
  assert.equal(canonicalPrefix('2001:db8::1/32'), '2001:db8::/32');
});

test('bad input is a permanent error, not something to retry', () => {
  const spaced = desired();
  spaced.groups[0]!.authKey = 'has space';
  assert.throws(() => renderVbr(spaced, 'v'), PermanentSpeakerError);
  const wrongFamily = desired();
  wrongFamily.groups[0]!.peers[0]!.peerIp = '2001:db8::2';
  assert.throws(() => renderVbr(wrongFamily, 'v'), PermanentSpeakerError);
  assert.throws(() => renderVbr(desired({ networks: ['not-a-prefix'] }), 'v'), PermanentSpeakerError);
});

test('parses running-config into instances per VRF', () => {
  const instances = parseBgpInstances(BGPD_RUNNING_CONFIG);
  assert.deepEqual([...instances.keys()], ['vbrd-abc', 'vbrd-other']);
  const abc = instances.get('vbrd-abc')!;
  assert.equal(abc.lines.length, 12);
  assert.deepEqual(abc.addressFamilies['ipv4 unicast'].slice(0, 2), ['network 203.0.113.0/24', 'neighbor 192.0.2.2 activate']);
});

test('plans only the difference: a removed peer goes whole, changed settings are overwritten, not deleted', () => {
  const actual = parseBgpInstances(BGPD_RUNNING_CONFIG).get('vbrd-abc');
  const plan = planBgpInstance(actual, renderVbr(desired(), 'vbrd-abc').bgp);
  assert.deepEqual(plan, ['router bgp 45104 vrf vbrd-abc', 'no neighbor 192.0.2.9', 'neighbor 192.0.2.2 password new-key', 'exit']);
});

test('a desired state equal to the running one plans nothing; an empty bgpd gets everything', () => {
  const want = renderVbr(desired(), 'vbrd-abc').bgp;
  const same = { ...want, lines: [...want.lines], addressFamilies: { ...want.addressFamilies } };
  assert.deepEqual(planBgpInstance(same, want), []);
  const full = planBgpInstance(undefined, want);
  assert.equal(full[0], 'router bgp 45104 vrf vbrd-abc');
  assert.ok(full.includes('neighbor 192.0.2.2 remote-as 65001'));
  assert.ok(full.indexOf('address-family ipv4 unicast') < full.indexOf('neighbor 192.0.2.2 activate'));
});

test('connect timers are set after the address families: bgpd starts the session when one is set', () => {
  const full = planBgpInstance(undefined, renderVbr(desired(), 'vbrd-abc').bgp);
  const connect = full.indexOf('neighbor 192.0.2.2 timers connect 5');
  assert.ok(connect > full.indexOf('neighbor 192.0.2.2 activate'), full.join(' | '));
  assert.ok(connect > full.lastIndexOf('exit-address-family'));
  assert.equal(full.at(-1), 'exit');
  // Everything else of the neighbor comes before its activation, as FRR prints it.
  assert.ok(full.indexOf('neighbor 192.0.2.2 timers 10 30') < full.indexOf('address-family ipv4 unicast'));
});

test('turning BFD off removes the profile before bfd itself (FRR re-enables BFD otherwise)', () => {
  const actual = parseBgpInstances(BGPD_RUNNING_CONFIG).get('vbrd-abc');
  const d = desired();
  d.groups[0]!.peers[0]!.enableBfd = false;
  d.groups[0]!.authKey = 'old-key';
  const plan = planBgpInstance(actual, renderVbr(d, 'vbrd-abc').bgp);
  const profile = plan.indexOf('no neighbor 192.0.2.2 bfd profile vbrd-abc.sh');
  assert.ok(profile >= 0 && profile < plan.indexOf('no neighbor 192.0.2.2 bfd'));
});

test('a changed instance ASN replaces the instance', () => {
  const actual = parseBgpInstances(BGPD_RUNNING_CONFIG).get('vbrd-abc');
  const d = desired();
  d.groups[0]!.localAsn = 64600;
  const plan = planBgpInstance(actual, renderVbr(d, 'vbrd-abc').bgp);
  assert.equal(plan[0], 'no router bgp 45104 vrf vbrd-abc');
  assert.equal(plan[1], 'router bgp 64600 vrf vbrd-abc');
});

test('BFD profiles: defaults filled in when parsing; only differing settings set; stale profiles dropped', () => {
  const profiles = parseBfdProfiles(BFDD_RUNNING_CONFIG);
  assert.deepEqual(profiles.get('vbrd-abc.sh'), {
    name: 'vbrd-abc.sh',
    detectMultiplier: 5,
    receiveInterval: 200,
    transmitInterval: 300,
    minimumTtl: 254,
  });
  const want = renderVbr(desired(), 'vbrd-abc').bfdProfiles;
  assert.deepEqual(planBfdProfiles([profiles.get('vbrd-abc.sh')!], want), [
    'bfd',
    'profile vbrd-abc.sh',
    'transmit-interval 200',
    'exit',
    'exit',
  ]);
  assert.deepEqual(planBfdProfiles([profiles.get('vbrd-abc.sh')!], []), ['bfd', 'no profile vbrd-abc.sh', 'exit']);
});

test('observations map back to BgpPeerIds per VRF, with bfdd status and route counts', () => {
  const ids = new Map([
    [
      'vbrd-abc',
      new Map([
        ['192.0.2.2', 'p-a4'],
        ['fd00:250::2', 'p-a6'],
        ['192.0.2.77', 'p-missing'],
      ]),
    ],
    ['vbrd-def', new Map([['192.0.2.2', 'p-d4']])],
  ]);
  const groups = observePeers(NEIGHBORS_JSON, parseBfdPeers(BFD_PEERS_JSON), ids);
  assert.deepEqual([...groups.keys()], ['vbrd-abc', 'vbrd-def']);
  assert.deepEqual([...groups.get('vbrd-abc')!.keys()], ['p-a4', 'p-a6', 'p-missing']);
  const obs = new Map([...groups.values()].flatMap((g) => [...g]));
  assert.deepEqual(obs.get('p-a4'), { bgpStatus: 'Established', bfdStatus: 'Up', receivedRouteCount: 1, advertisedRouteCount: 2 });
  assert.deepEqual(obs.get('p-a6'), { bgpStatus: 'Active', bfdStatus: null, receivedRouteCount: 0, advertisedRouteCount: 0 });
  assert.deepEqual(obs.get('p-d4'), { bgpStatus: 'Idle', bfdStatus: 'Down', receivedRouteCount: 0, advertisedRouteCount: 0 });
  assert.equal(obs.get('p-missing')?.bgpStatus, 'Idle');
});

test("namespace names are short, stable, unique and within FRR's VRF name limit", () => {
  assert.equal(namespaceNameFor('vbrd-', 'vbr-bp1ctxy813985gkuk'), 'vbrd-bp1ctxy813985gkuk');
  const long = namespaceNameFor('vbrd-lab-', 'vbr-bp1ctxy813985gkukabcdefghijklmnop');
  assert.ok(long.length <= 31 && long.startsWith('vbrd-lab-'));
  assert.equal(long, namespaceNameFor('vbrd-lab-', 'vbr-bp1ctxy813985gkukabcdefghijklmnop'));
  assert.notEqual(long, namespaceNameFor('vbrd-lab-', 'vbr-bp1ctxy813985gkukabcdefghijklmnoq'));
});
