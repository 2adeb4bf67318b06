// The FRR speaker alone, for what only this level can observe (the API tests cover what a user sees): a new
// VBR's VRF is live in zebra and bgpd when applyVbr resolves (no second-long wait for zebra's netns poll), a
// new session starts with its address families in place (no refused OPEN), the steady-state apply — one read
// of the namespace, no verify read — changes nothing yet repairs drift in the kernel and in bgpd, a restarted
// bgpd starts empty until the next apply, and removal (of a peer, of a VBR) leaves nothing behind.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { established, frrTest, group, observation, peer, startSpeaker, vbr, waitFor, type SpeakerFixture } from './helpers.js';
import { isRunning } from '../../src/speaker/frr/process-info.js';
import { runCommand } from '../../src/speaker/frr/run-command.js';
import { VtyClient } from '../../src/speaker/frr/vty-client.js';
import type { CustomerRouter } from '../../src/lab/customer-router.js';
import { IncompleteApplyError, observationOf } from '../../src/speaker/speaker.js';

let f: SpeakerFixture | null = null;
let customer: CustomerRouter;
const PEERS = 4; // VLANs 110..113, one VBR each, links 192.0.2.(4i+1)/30

before(async () => {
  f = await startSpeaker('spk', [
    {
      peerings: Array.from({ length: PEERS }, (_, i) => ({
        name: `vbr${i}`,
        neighborIp: `192.0.2.${4 * i + 1}`,
        localIp: `192.0.2.${4 * i + 2}`,
        neighborAsn: 45104,
        passive: true,
      })),
      links: Array.from({ length: PEERS }, (_, i) => ({ vlanId: 110 + i, addresses: [`192.0.2.${4 * i + 2}/30`] })),
    },
  ]);
  if (f) customer = f.customers.routers[0]!;
});
after(async () => f?.cleanup());

// VBR 1 also advertises a network of each family, so the unchanged apply below compares those lines too.
const desired = (i: number, peers = [peer(`bgp-f${i}`, `192.0.2.${4 * i + 2}`)]) =>
  vbr(`vbr-fast${i}`, customer.namespace, [group(peers)], {
    vlanId: 110 + i,
    localGatewayIp: `192.0.2.${4 * i + 1}`,
    peerGatewayIp: `192.0.2.${4 * i + 2}`,
    enableIpv6: false,
    networks: i === 1 ? ['203.0.113.0/24', '2001:db8:ff00::/48'] : [],
  });
const vbrIds = Array.from({ length: PEERS }, (_, i) => `vbr-fast${i}`);

frrTest('a new VBR is a live VRF in zebra and bgpd as soon as applyVbr resolves', async () => {
  const d = desired(0, []);
  await f!.speaker.applyVbr(d);
  const vrf = f!.speaker.namespaceOf(d.vbrId);
  // zebra polls a /run/netns entry that was not a namespace when it appeared only once a second.
  const t0 = Date.now();
  await waitFor(
    'zebra has the VRF',
    () => f!.speaker.show('zebra', 'show vrf'),
    (out) => out.includes(`vrf ${vrf} `),
    2000,
    10,
  );
  const bgpVrfs = await waitFor(
    'bgpd instance bound to the VRF',
    async () => JSON.parse(await f!.speaker.show('bgpd', 'show bgp vrfs json')) as { vrfs?: Record<string, { vrfId?: number }> },
    (j) => (j.vrfs?.[vrf]?.vrfId ?? -1) >= 0,
    2000,
    10,
  );
  const waited = Date.now() - t0;
  console.log(`# VRF live ${waited} ms after applyVbr resolved`);
  assert.ok(bgpVrfs.vrfs?.[vrf]);
  assert.ok(waited < 500, `the VRF took ${waited} ms to appear after applyVbr (zebra's netns retry is 1000 ms)`);
});

frrTest('new sessions start once, with their address family activated: no refused OPEN', async () => {
  const all = Array.from({ length: PEERS }, (_, i) => desired(i));
  // The links first, addressed at both ends, so each session's first attempt can succeed.
  for (const d of all) await f!.speaker.applyVbr({ ...d, groups: [group([])] });
  await f!.customers.linkNow();
  const t0 = Date.now();
  for (const d of all) await f!.speaker.applyVbr(d);
  for (let i = 0; i < PEERS; i++) await waitFor(`peer ${i} Established`, () => observation(f!, `bgp-f${i}`), established, 15_000);
  console.log(`# ${PEERS} peers applied → all Established in ${Date.now() - t0} ms`);
  // A connect timer pushed before `activate` starts the session without IPv4 unicast; bgpd then refuses
  // the customer's OPEN (and tells it so with a NOTIFICATION).
  const log = await readFile(`${f!.runDir}/frr/bgpd.log`, 'utf8');
  assert.doesNotMatch(log, /do not overlap with received MP capabilities|Unsupported Capability/);
  for (let i = 0; i < PEERS; i++) {
    const n = JSON.parse(
      await f!.speaker.show('bgpd', `show bgp vrf ${f!.speaker.namespaceOf(`vbr-fast${i}`)} neighbors 192.0.2.${4 * i + 2} json`),
    );
    assert.equal(n[`192.0.2.${4 * i + 2}`].connectionsEstablished, 1, `peer ${i} came up on its first session`);
  }
});

frrTest('an apply that finds everything in place changes nothing, and drift in the kernel or in bgpd is repaired', async () => {
  const d = desired(1);
  const vrf = f!.speaker.namespaceOf(d.vbrId);
  await waitFor('peer 1 Established', () => observation(f!, 'bgp-f1'), established, 15_000);
  const before = JSON.parse(await f!.speaker.show('bgpd', `show bgp vrf ${vrf} neighbors 192.0.2.6 json`))['192.0.2.6'];
  await f!.speaker.applyVbr(d);
  await f!.speaker.applyVbr(d);
  const same = JSON.parse(await f!.speaker.show('bgpd', `show bgp vrf ${vrf} neighbors 192.0.2.6 json`))['192.0.2.6'];
  assert.equal(same.connectionsEstablished, before.connectionsEstablished, 'an unchanged apply does not reset the session');
  assert.equal(same.bgpState, 'Established');
  const config = await f!.speaker.show('bgpd', 'show running-config');
  assert.equal(config.split('\n').filter((l) => l.trim() === 'neighbor 192.0.2.6 remote-as 65001').length, 1, 'nothing is added twice');

  // Drift: the link's address removed and lo's tag gone in the kernel; the neighbor removed in bgpd by hand.
  await runCommand('ip', ['-n', vrf, 'addr', 'del', '192.0.2.5/30', 'dev', 'vlan111']);
  await runCommand('ip', ['-n', vrf, 'link', 'set', 'lo', 'alias', 'someone-else']);
  const vty = new VtyClient(`${f!.runDir}/frr/bgpd.vty`);
  try {
    await vty.execOk('configure terminal');
    await vty.execOk(`router bgp 45104 vrf ${vrf}`);
    await vty.execOk('no neighbor 192.0.2.6');
    await vty.execOk('end');
  } finally {
    vty.close();
  }
  assert.doesNotMatch(await f!.speaker.show('bgpd', 'show running-config'), /neighbor 192\.0\.2\.6 /);

  await f!.speaker.applyVbr(d);
  const addrs = JSON.parse((await runCommand('ip', ['-j', '-n', vrf, 'addr', 'show', 'dev', 'vlan111'])).stdout) as {
    addr_info: { local: string }[];
  }[];
  assert.ok(
    addrs[0]!.addr_info.some((a) => a.local === '192.0.2.5'),
    'the link address is back',
  );
  assert.deepEqual(await f!.speaker.listVbrs().then((l) => l.includes(d.vbrId)), true, 'lo carries the VBR id again');
  assert.match(await f!.speaker.show('bgpd', 'show running-config'), /neighbor 192\.0\.2\.6 remote-as 65001/);
  await waitFor('peer 1 Established again', () => observation(f!, 'bgp-f1'), established, 15_000);
});

frrTest('a killed bgpd is restarted empty, and the next applyVbr brings every session back', async () => {
  const oldPid = f!.speaker.supervisor.pidOf('bgpd')!;
  process.kill(oldPid, 'SIGKILL');
  const killedAt = Date.now();
  const newPid = await waitFor(
    'bgpd restarted',
    async () => f!.speaker.supervisor.pidOf('bgpd'),
    (p) => p !== undefined && p !== oldPid,
    10_000,
  );
  assert.ok(await isRunning(newPid!, 'bgpd'));
  // The new bgpd knows nothing: vty-pushed configuration died with the old one (so vbrd re-applies everything).
  for (let i = 0; i < PEERS; i++) assert.equal((await observation(f!, `bgp-f${i}`))?.bgpStatus, 'Idle', `peer ${i}`);
  for (let i = 0; i < PEERS; i++) await f!.speaker.applyVbr(desired(i));
  for (let i = 0; i < PEERS; i++) {
    await waitFor(
      `peer ${i} back with the customer's route`,
      () => observation(f!, `bgp-f${i}`),
      (o) => established(o) && o!.receivedRouteCount === 1,
      20_000,
    );
  }
  console.log(`# bgpd killed → restarted and all ${PEERS} sessions Established again in ${Date.now() - killedAt} ms`);
  const config = await f!.speaker.show('bgpd', 'show running-config');
  assert.equal(config.split('\n').filter((l) => l.startsWith('router bgp')).length, PEERS);
});

frrTest('a VBR whose namespace zebra never sees: applyVbr says so (the rest applied), and observe() shows its peer Idle', async () => {
  const ns = f!.speaker.supervisor.mountNamespace;
  const expose = ns.expose.bind(ns);
  ns.expose = async () => {}; // as when a shadowed mount was taken for the namespace (issue 25)
  const d = desired(5);
  try {
    await assert.rejects(f!.speaker.applyVbr(d), (e: Error) => {
      assert.ok(e instanceof IncompleteApplyError, String(e));
      assert.match(e.message, new RegExp(`zebra has no VRF ${f!.speaker.namespaceOf(d.vbrId)}`));
      return true;
    });
    assert.match(
      await f!.speaker.show('bgpd', 'show running-config'),
      /neighbor 192\.0\.2\.22 remote-as 65001/,
      'the BGP part was applied',
    );
    assert.deepEqual(await observation(f!, 'bgp-f5'), {
      bgpStatus: 'Idle',
      bfdStatus: null,
      receivedRouteCount: 0,
      advertisedRouteCount: 0,
    });
  } finally {
    ns.expose = expose;
    await f!.speaker.removeVbr(d.vbrId);
  }
});

frrTest('a removed peer leaves FRR and the observations; removeVbr leaves no VRF, namespace or link behind, twice over', async () => {
  const vrf2 = f!.speaker.namespaceOf('vbr-fast2');
  await f!.speaker.applyVbr(desired(2, []));
  const neighbors = JSON.parse(await f!.speaker.show('bgpd', `show bgp vrf ${vrf2} neighbors json`));
  assert.equal(neighbors['192.0.2.10'], undefined);
  const obs = await f!.speaker.observe();
  assert.equal(observationOf(obs, 'bgp-f2'), undefined);
  assert.equal(observationOf(obs, 'bgp-f3')?.bgpStatus, 'Established');

  // The VBR ids come from the namespaces (lo's alias), so a speaker that restarted after a crash still finds them.
  assert.deepEqual(await f!.speaker.listVbrs(), vbrIds);
  await f!.speaker.removeVbr('vbr-fast3');
  assert.deepEqual(await f!.speaker.listVbrs(), vbrIds.slice(0, 3));
  assert.equal(observationOf(await f!.speaker.observe(), 'bgp-f3'), undefined);
  for (const vbrId of vbrIds.slice(0, 3)) await f!.speaker.removeVbr(vbrId);
  assert.deepEqual(await f!.speaker.listVbrs(), []);
  assert.doesNotMatch(await f!.speaker.show('bgpd', 'show running-config'), / vrf /);
  await waitFor(
    "the customer's ends of the links gone",
    () => customer.control.protocols(),
    (p) => vbrIds.every((_, i) => p.get(`vbr${i}`)?.bgpState !== 'Established'),
    5000,
  );
  await f!.speaker.removeVbr('vbr-fast3'); // idempotent
  assert.deepEqual(await f!.speaker.listVbrs(), []);
});
