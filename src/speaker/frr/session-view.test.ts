import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionView } from './session-view.js';
import type { PeerObservation } from '../speaker.js';

const obs = (bgpStatus: PeerObservation['bgpStatus'], received = 0): PeerObservation => ({
  bgpStatus,
  bfdStatus: null,
  receivedRouteCount: received,
  advertisedRouteCount: 0,
});
const group = (o: PeerObservation) => new Map([['bgp-1', o]]);

test('a read that started earlier never overwrites what a later one found', () => {
  const view = new SessionView();
  const slowFull = view.startRead();
  const event = view.startRead();
  assert.equal(view.take(event, new Map([['vrf-a', group(obs('Established'))]])), true);
  assert.equal(view.take(slowFull, new Map([['vrf-a', group(obs('Active'))]]), true), false);
  assert.equal(view.current().get('vrf-a')?.get('bgp-1')?.bgpStatus, 'Established');
});

test('an unchanged VRF keeps its Map; a changed one gets a new one; a complete read drops what it did not find', () => {
  const view = new SessionView();
  view.take(
    view.startRead(),
    new Map([
      ['vrf-a', group(obs('Established', 1))],
      ['vrf-b', group(obs('Idle'))],
    ]),
  );
  const first = view.current().get('vrf-a');
  assert.equal(view.take(view.startRead(), new Map([['vrf-a', group(obs('Established', 1))]])), false);
  assert.equal(view.current().get('vrf-a'), first);
  assert.equal(view.take(view.startRead(), new Map([['vrf-a', group(obs('Established', 2))]])), true);
  assert.notEqual(view.current().get('vrf-a'), first);
  assert.equal(view.take(view.startRead(), new Map([['vrf-a', group(obs('Established', 2))]]), true), true);
  assert.deepEqual([...view.current().keys()], ['vrf-a']);
  assert.equal(view.forget('vrf-a'), true);
  assert.equal(view.current().size, 0);
});
