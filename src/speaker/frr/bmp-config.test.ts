import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bmpTargetLines, parseBmpTargets, planBmpTarget } from './bmp-config.js';
import { parseBgpInstances } from './config-diff.js';

// As bgpd 8.4 prints an instance with its BMP target.
const RUNNING = `frr version 8.4.4
!
router bgp 45104 vrf vbrd-a
 bgp router-id 192.0.2.1
 neighbor 192.0.2.2 remote-as 65001
 !
 address-family ipv4 unicast
  neighbor 192.0.2.2 activate
 exit-address-family
 !
 bmp targets vbrd
  bmp monitor ipv4 unicast post-policy
  bmp monitor ipv6 unicast post-policy
  bmp connect 127.0.0.1 port 11019 min-retry 100 max-retry 1000
 exit
exit
!
router bgp 45104 vrf vbrd-b
 bgp router-id 192.0.2.5
exit
!
`;

test('the target block is read per VRF and left out of the instance the BGP plan compares', () => {
  const targets = parseBmpTargets(RUNNING);
  assert.deepEqual(targets.get('vbrd-a'), bmpTargetLines(11019));
  assert.equal(targets.has('vbrd-b'), false);
  const a = parseBgpInstances(RUNNING).get('vbrd-a')!;
  assert.deepEqual(a.lines, ['bgp router-id 192.0.2.1', 'neighbor 192.0.2.2 remote-as 65001']);
  assert.deepEqual(a.addressFamilies['ipv4 unicast'], ['neighbor 192.0.2.2 activate']);
  assert.deepEqual(parseBgpInstances(RUNNING).get('vbrd-b')!.lines, ['bgp router-id 192.0.2.5']);
});

test('the target is added where missing, made anew for another port, and left alone when right', () => {
  const header = 'router bgp 45104 vrf vbrd-a';
  assert.deepEqual(planBmpTarget(bmpTargetLines(11019), header, 11019), []);
  assert.deepEqual(planBmpTarget(undefined, header, 11019), [header, 'bmp targets vbrd', ...bmpTargetLines(11019), 'exit', 'exit']);
  assert.deepEqual(planBmpTarget(bmpTargetLines(11019), header, 4000), [
    header,
    'no bmp targets vbrd',
    'bmp targets vbrd',
    ...bmpTargetLines(4000),
    'exit',
    'exit',
  ]);
});
