// The BGP group's AuthKey is the session's TCP-MD5 key: a wrong one never comes up (the customer's kernel
// drops the VBR's segments, counted in TcpExtTCPMD5Failure) and the API says so; the right one comes up.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc } from '../support/harness.js';
import { frrTest, waitFor } from './helpers.js';
import {
  availableGroup,
  buildVbr,
  createPeer,
  describePeer,
  isEstablished,
  md5Failures,
  REGION,
  startApiFrr,
  waitPeer,
  type ApiFrrFixture,
} from './api-helpers.js';

let f: ApiFrrFixture | null = null;
before(async () => {
  f = await startApiFrr('md5', [
    {
      vlanId: 100,
      addresses: ['192.0.2.2/30'],
      peerings: [{ name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104, password: 'right-key' }],
    },
  ]);
});
after(async () => f?.cleanup());

frrTest("a wrong AuthKey never reaches Established; changing it to the customer's key brings the session up", async () => {
  const { vpc } = f!.h;
  const { vbrId } = await buildVbr(vpc, { accessPoint: 1, vlanId: 100, localGatewayIp: '192.0.2.1', peerGatewayIp: '192.0.2.2' });
  const bgpGroupId = await availableGroup(vpc, vbrId, { authKey: 'wrong-key' });
  const peerId = await createPeer(vpc, bgpGroupId, '192.0.2.2');
  await waitPeer(vpc, peerId, 'Available (configured in FRR)', (p) => p?.status === 'Available', 10_000);

  // Positive evidence that FRR is trying with a key the customer refuses, then the API's view over a while.
  const customerNs = f!.customers.routers[0]!.namespace;
  const failures = await waitFor(
    'MD5 failures at the customer',
    () => md5Failures(customerNs),
    (n) => n >= 2,
    15_000,
    200,
  );
  const seen = new Set<string>();
  const until = Date.now() + 2500;
  while (Date.now() < until) {
    seen.add((await describePeer(vpc, peerId))!.bgpStatus!);
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(`# wrong AuthKey: ${failures}+ segments dropped for MD5, BgpStatus seen ${[...seen].join(', ')}`);
  assert.ok(!seen.has('Established'), `never Established with the wrong key, saw ${[...seen]}`);
  assert.notEqual((await f!.customers.routers[0]!.control.protocols()).get('vbr4')?.bgpState, 'Established');

  await vpc.modifyBgpGroupAttribute(new $Vpc.ModifyBgpGroupAttributeRequest({ regionId: REGION, bgpGroupId, authKey: 'right-key' }));
  const t0 = Date.now();
  const up = await waitPeer(vpc, peerId, 'Established with the right key', isEstablished, 25_000);
  console.log(`# right AuthKey: Established in ${Date.now() - t0} ms`);
  assert.equal(up!.authKey, 'right-key');
  assert.equal((await f!.customers.routers[0]!.control.protocols()).get('vbr4')?.bgpState, 'Established');
});
