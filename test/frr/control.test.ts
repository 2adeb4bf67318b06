// The control API on the FRR data plane: a session's state follows the real link between the VBR and
// its BIRD customer, taken down and up (and shaped with netem) in the customer's namespace, so BGP sees
// a real failure; what DescribeBgpPeers shows comes back from FRR as any observation does.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { availableGroup, buildVbr, createPeer, frrTest, isEstablished, startApiFrr, waitPeer, type ApiFrrFixture } from './helpers.js';
import { runCommand, tryCommand } from '../../src/speaker/frr/run-command.js';

const peering = { name: 'vbr1', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104 };
let f: ApiFrrFixture | null = null;
let peerId = '';
before(async () => {
  f = await startApiFrr('ctl', [{ links: [{ vlanId: 100, addresses: ['192.0.2.2/30'] }], peerings: [peering] }]);
  if (!f) return;
  const { vbrId } = await buildVbr(f.h.vpc, { accessPoint: 1, vlanId: 100, localGatewayIp: '192.0.2.1', peerGatewayIp: '192.0.2.2' });
  peerId = await createPeer(f.h.vpc, await availableGroup(f.h.vpc, vbrId), '192.0.2.2');
  await waitPeer(f.h.vpc, peerId, 'Established', isEstablished, 30_000);
});
after(async () => f?.cleanup());

const control = async (method: string, path: string, body: unknown) =>
  (await fetch(`http://${f!.h.endpoint}/_vbrd/${path}`, { method, body: JSON.stringify(body) })).status;

async function customerLinkUp(): Promise<boolean> {
  const { stdout } = await runCommand('ip', ['-j', '-n', `${f!.prefix}c1`, 'link', 'show', 'vlan100']);
  return (JSON.parse(stdout) as { flags: string[] }[])[0]!.flags.includes('UP');
}

frrTest("Idle takes the customer's link down and BGP drops; Established brings it up and the session back", async () => {
  assert.equal(await control('PUT', `peers/${peerId}/session`, { state: 'Idle' }), 204);
  assert.equal(await customerLinkUp(), false);
  // A VLAN taken down on the customer's side leaves the VBR's port up, as on a real circuit: without BFD
  // FRR sees the loss only when its 30 s hold timer expires, so allow that and a busy machine's margin.
  await waitPeer(f!.h.vpc, peerId, 'no longer Established', (p) => p?.bgpStatus !== 'Established', 45_000);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await customerLinkUp(), false, "the lab's link agent leaves a link the control API took down");
  assert.equal(await control('PUT', `peers/${peerId}/session`, { state: 'Established' }), 204);
  await waitPeer(f!.h.vpc, peerId, 'Established again', isEstablished, 30_000);
  assert.equal(await control('PUT', `peers/${peerId}/session`, { state: 'Active' }), 400, 'a real session cannot be held Active');
  assert.equal(await control('PUT', `peers/${peerId}/routes`, { prefixes: ['198.51.100.0/24'] }), 400);
});

frrTest('a flap drops the session and it comes back by itself', async () => {
  assert.equal(await control('POST', `peers/${peerId}/flap`, { downMs: 3000 }), 204);
  await waitPeer(f!.h.vpc, peerId, 'down during the flap', (p) => p?.bgpStatus !== 'Established', 30_000);
  await waitPeer(f!.h.vpc, peerId, 'Established after the flap', isEstablished, 40_000);
});

/** Whether this kernel has netem (sch_netem), probed in a namespace of our own. */
async function hasNetem(): Promise<boolean> {
  const ns = `${f!.prefix}netem`;
  await runCommand('ip', ['netns', 'add', ns]);
  try {
    await runCommand('ip', ['-n', ns, 'link', 'add', 'p0', 'type', 'veth', 'peer', 'name', 'p1']);
    return await tryCommand('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'replace', 'dev', 'p0', 'root', 'netem', 'loss', '1%']);
  } finally {
    await tryCommand('ip', ['netns', 'del', ns]);
  }
}

frrTest('total loss with netem drops the session, and it comes back once the loss is gone', async (t) => {
  if (!(await hasNetem())) {
    // A kernel without sch_netem (as on this project's machines): the call says so.
    assert.equal(await control('PUT', `peers/${peerId}/link`, { lossPercent: 100 }), 400);
    t.skip('this kernel has no netem (sch_netem)');
    return;
  }
  assert.equal(await control('PUT', `peers/${peerId}/link`, { lossPercent: 100, delayMs: 20 }), 204);
  await waitPeer(f!.h.vpc, peerId, 'down under total loss', (p) => p?.bgpStatus !== 'Established', 60_000);
  assert.equal(await control('PUT', `peers/${peerId}/link`, { lossPercent: 0, delayMs: 0 }), 204);
  await waitPeer(f!.h.vpc, peerId, 'Established once the loss is gone', isEstablished, 60_000);
});
