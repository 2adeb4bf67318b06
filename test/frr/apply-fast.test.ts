// What keeps applying many VBRs fast stays correct: a new VBR's VRF is live in zebra and bgpd when applyVbr
// resolves (no second-long wait for zebra's netns poll), a new session starts with its address families in
// place (no refused OPEN), and the steady-state apply — one read of the namespace, no verify read — still
// repairs drift in the kernel and in bgpd.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  addressCustomerEnd,
  established,
  frrTest,
  group,
  observation,
  peer,
  startCustomer,
  startFixture,
  vbr,
  waitFor,
  type Fixture,
} from './helpers.js';
import { runCommand } from '../../src/speaker/frr/run-command.js';
import { VtyClient } from '../../src/speaker/frr/vty-client.js';
import type { CustomerRouter } from '../../src/lab/customer-router.js';

let f: Fixture | null = null;
let customer: CustomerRouter;
const PEERS = 4; // VLANs 110..113, one VBR each, links 192.0.2.(4i+1)/30

before(async () => {
  f = await startFixture('fast');
  if (!f) return;
  customer = await startCustomer(f, {
    index: 1,
    peerings: Array.from({ length: PEERS }, (_, i) => ({
      name: `vbr${i}`,
      neighborIp: `192.0.2.${4 * i + 1}`,
      localIp: `192.0.2.${4 * i + 2}`,
      neighborAsn: 45104,
      passive: true,
    })),
  });
});
after(async () => f?.cleanup());

const desired = (i: number, peers = [peer(`bgp-f${i}`, `192.0.2.${4 * i + 2}`)]) =>
  vbr(`vbr-fast${i}`, `${f!.prefix}c1`, [group(peers)], {
    vlanId: 110 + i,
    localGatewayIp: `192.0.2.${4 * i + 1}`,
    peerGatewayIp: `192.0.2.${4 * i + 2}`,
    enableIpv6: false,
    networks: [],
  });

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
  for (const d of all) {
    await f!.speaker.applyVbr({ ...d, groups: [group([])] });
    await addressCustomerEnd(customer, d);
  }
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
  const same = JSON.parse(await f!.speaker.show('bgpd', `show bgp vrf ${vrf} neighbors 192.0.2.6 json`))['192.0.2.6'];
  assert.equal(same.connectionsEstablished, before.connectionsEstablished, 'an unchanged apply does not reset the session');

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
