import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLearnedRoutes, withLearnedRoutes } from './observe.js';
import type { PeerObservation } from '../speaker.js';

// The shape of `show bgp vrf all ipv4 unicast json` in FRR 8.4: one table per VRF.
const RIB = {
  'vbrd-a': {
    vrfName: 'vbrd-a',
    routes: {
      '10.252.0.0/24': [
        { valid: true, peerId: '10.250.0.2', path: '65001', origin: 'IGP', nexthops: [{ ip: '10.250.0.2', afi: 'ipv4', used: true }] },
      ],
      '10.1.0.0/16': [{ valid: true, peerId: '(unspec)', path: '', origin: 'IGP', nexthops: [{ ip: '0.0.0.0' }] }],
      '10.9.0.0/16': [{ valid: false, peerId: '10.250.0.2', path: '65001', origin: 'IGP', nexthops: [{ ip: '10.250.0.2' }] }],
      '10.3.0.0/16': [{ valid: true, peerId: '10.250.0.2', path: '65001 64999', origin: '?', nexthops: [{ ip: '10.250.0.9' }] }],
    },
  },
};

test("the RIB's valid paths per VRF and peer, without the VBR's own networks", () => {
  const learned = parseLearnedRoutes(RIB);
  assert.deepEqual(learned.get('vbrd-a')?.get('10.250.0.2'), [
    { prefix: '10.252.0.0/24', nextHop: '10.250.0.2', asPath: '65001', origin: 'IGP' },
    { prefix: '10.3.0.0/16', nextHop: '10.250.0.9', asPath: '65001 64999', origin: 'incomplete' },
  ]);
  assert.equal(learned.get('vbrd-a')?.size, 1);
  assert.deepEqual(parseLearnedRoutes('not json'), new Map());
});

test('routes join the observation of an Established peer only', () => {
  const up: PeerObservation = { bgpStatus: 'Established', bfdStatus: null, receivedRouteCount: 2, advertisedRouteCount: 0 };
  const groups = new Map([['vbrd-a', new Map([['bgp-1', up]])]]);
  const peerIds = new Map([['vbrd-a', new Map([['10.250.0.2', 'bgp-1']])]]);
  const out = withLearnedRoutes(groups, [parseLearnedRoutes(RIB)], peerIds);
  assert.equal(out.get('vbrd-a')?.get('bgp-1')?.receivedRoutes?.length, 2);
  const idle = new Map([['vbrd-a', new Map([['bgp-1', { ...up, bgpStatus: 'Idle' as const }]])]]);
  assert.equal(
    withLearnedRoutes(idle, [parseLearnedRoutes(RIB)], peerIds)
      .get('vbrd-a')
      ?.get('bgp-1')?.receivedRoutes,
    undefined,
  );
});
