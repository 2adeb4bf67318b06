// What could mix VBRs up or stop them, through the API with the FRR data plane: two accounts' VBRs with the
// same peer IP on different circuits stay apart; a SIGKILLed bgpd is restarted and the reconciler re-applies
// everything; a circuit port the inventory gives no far side leaves the BGP configuration Pending with
// VbrdApplyError saying why (and it can still be deleted); a customer whose side vanishes shows in
// VbrdApplyError and in /_vbrd/health until it is back. (How the speaker itself handles a restarted bgpd:
// speaker.test.ts.)
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { $Vpc } from '../support/harness.js';
import { raw } from '../support/express-connect.js';
import {
  availableGroup,
  buildVbr,
  createPeer,
  describeGroup,
  frrTest,
  isEstablished,
  namespacesWithPrefix,
  rawGroup,
  REGION,
  startApiFrr,
  TENANT,
  vrfOf,
  waitFor,
  waitPeer,
  type ApiFrrFixture,
} from './helpers.js';
import { isRunning, readPidFile } from '../../src/speaker/frr/process-info.js';

const peering = { name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104 };
let f: ApiFrrFixture | null = null;
before(async () => {
  f = await startApiFrr(
    'res',
    [
      { links: [{ vlanId: 100, addresses: ['192.0.2.2/30'] }], peerings: [peering], routes: ['198.51.100.0/25'] },
      { links: [{ vlanId: 100, addresses: ['192.0.2.2/30'] }], peerings: [peering], routes: ['198.51.100.128/25'] },
    ],
    { extraPorts: 1 },
  );
});
after(async () => f?.cleanup());

const vbrs: string[] = [];
const peers: string[] = [];

async function vrfPrefixes(vbrId: string): Promise<string[]> {
  const json = await f!.showJson<{ routes?: Record<string, unknown> }>('bgpd', `show bgp vrf ${vrfOf(f!, vbrId)} ipv4 unicast json`);
  return Object.keys(json.routes ?? {}).sort();
}

frrTest("two accounts' VBRs with the same peer IP on different circuits stay apart", async () => {
  const clients = [f!.h.vpc, f!.h.clientFor(TENANT.accessKeyId, TENANT.accessKeySecret)];
  const networks = ['203.0.113.0/25', '203.0.113.128/25'];
  for (const [i, vpc] of clients.entries()) {
    const { vbrId } = await buildVbr(vpc, { accessPoint: i + 1, vlanId: 100, localGatewayIp: '192.0.2.1', peerGatewayIp: '192.0.2.2' });
    vbrs.push(vbrId);
    peers.push(await createPeer(vpc, await availableGroup(vpc, vbrId), '192.0.2.2'));
    await vpc.addBgpNetwork(new $Vpc.AddBgpNetworkRequest({ regionId: REGION, routerId: vbrId, dstCidrBlock: networks[i] }));
  }
  for (const [i, vpc] of clients.entries()) {
    await waitPeer(vpc, peers[i]!, "Established with its customer's route", (p) => isEstablished(p) && p!.receivedRouteCount === 1);
  }
  // Each VBR has its own namespace, whose VRF holds its own customer's route and its own network, nothing of the other.
  const namespaces = await namespacesWithPrefix(f!.prefix);
  for (const vbrId of vbrs) assert.ok(namespaces.includes(vrfOf(f!, vbrId)), `${vbrId} has its namespace`);
  assert.deepEqual(await vrfPrefixes(vbrs[0]!), ['198.51.100.0/25', '203.0.113.0/25']);
  assert.deepEqual(await vrfPrefixes(vbrs[1]!), ['198.51.100.128/25', '203.0.113.128/25']);
  // Each customer receives its own VBR's network only.
  await waitFor(
    'customer 1 table',
    () => f!.customers.routers[0]!.control.bgpRoutes(),
    (r) => r.join() === '203.0.113.0/25',
    10_000,
  );
  await waitFor(
    'customer 2 table',
    () => f!.customers.routers[1]!.control.bgpRoutes(),
    (r) => r.join() === '203.0.113.128/25',
    10_000,
  );
  // And neither account sees the other's peer.
  for (const [i, vpc] of clients.entries()) {
    const listed = (await vpc.describeBgpPeers(new $Vpc.DescribeBgpPeersRequest({ regionId: REGION }))).body!.bgpPeers!.bgpPeer!;
    assert.deepEqual(
      listed.map((p) => p.bgpPeerId),
      [peers[i]],
    );
  }
});

frrTest('a SIGKILLed bgpd is restarted and the reconciler brings every session back, seen through the API', async () => {
  const pidFile = `${f!.frrRunDir}/bgpd.pid`;
  const oldPid = (await readPidFile(pidFile))!;
  assert.ok(await isRunning(oldPid, 'bgpd'));
  const before = await f!.showJson<Record<string, unknown>>('bgpd', 'show bgp vrf all neighbors json');
  assert.equal(Object.keys(before).length, 2);
  process.kill(oldPid, 'SIGKILL');
  const killedAt = Date.now();
  const newPid = await waitFor(
    'bgpd restarted',
    () => readPidFile(pidFile),
    (p) => p !== null && p !== oldPid,
    10_000,
  );
  assert.ok(await isRunning(newPid!, 'bgpd'));
  // Nothing but vbrd's reconciler configures this bgpd: sessions in it mean the desired state was re-applied.
  const vrfs = vbrs.map((v) => vrfOf(f!, v));
  type Neighbors = Record<string, Record<string, { bgpState?: string }>>;
  const neighbors = await waitFor(
    'both sessions Established in the new bgpd',
    () => f!.showJson<Neighbors>('bgpd', 'show bgp vrf all neighbors json'),
    (n) => vrfs.every((vrf) => n[vrf]?.['192.0.2.2']?.bgpState === 'Established'),
    20_000,
  );
  const clients = [f!.h.vpc, f!.h.clientFor(TENANT.accessKeyId, TENANT.accessKeySecret)];
  for (const [i, vpc] of clients.entries()) {
    await waitPeer(vpc, peers[i]!, 'Established after the restart', (p) => isEstablished(p) && p!.receivedRouteCount === 1, 10_000);
  }
  console.log(`# bgpd SIGKILL → restarted, re-applied, both Established in FRR and DescribeBgpPeers after ${Date.now() - killedAt} ms`);
  // The new bgpd holds exactly one instance per VBR, each with exactly its one neighbor.
  const config = await f!.show('bgpd', 'show running-config');
  assert.equal(config.split('\n').filter((l) => l.startsWith('router bgp')).length, 2);
  for (const vrf of vrfs)
    assert.deepEqual(
      Object.keys(neighbors![vrf]!).filter((k) => k.includes('.')),
      ['192.0.2.2'],
    );
});

/** The two fields of /_vbrd/health that tell whether the data plane realises everything. */
async function health(): Promise<{ status: string; dataPlaneFailures: number }> {
  const { status, dataPlaneFailures } = (await (await fetch(`http://${f!.h.endpoint}/_vbrd/health`)).json()) as Record<string, unknown>;
  return { status: String(status), dataPlaneFailures: Number(dataPlaneFailures) };
}

frrTest('a circuit port without a far side: the BGP group stays Pending and VbrdApplyError says why', async () => {
  const { vpc } = f!.h;
  const { vbrId, circuitId } = await buildVbr(vpc, {
    accessPoint: 3,
    vlanId: 200,
    localGatewayIp: '192.0.2.5',
    peerGatewayIp: '192.0.2.6',
  });
  const bgpGroupId = (await vpc.createBgpGroup(new $Vpc.CreateBgpGroupRequest({ regionId: REGION, routerId: vbrId, peerAsn: 65001 }))).body!
    .bgpGroupId!;
  const g = await waitFor(
    'VbrdApplyError on the group',
    () => rawGroup(f!.h, bgpGroupId),
    (x) => typeof x?.VbrdApplyError === 'string',
    10_000,
  );
  assert.equal(g!.Status, 'Pending');
  assert.match(String(g!.VbrdApplyError), new RegExp(`no far-side namespace for ${circuitId}`));
  // The SDK's model is unaffected by the extension field; the group stays Pending (no retry fixes it).
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal((await describeGroup(vpc, bgpGroupId))?.status, 'Pending');
  // A peer cannot be added to a group that was never applied.
  await assert.rejects(
    vpc.createBgpPeer(new $Vpc.CreateBgpPeerRequest({ regionId: REGION, bgpGroupId, peerIpAddress: '192.0.2.6' })),
    /InvalidStatus\.CannotOperate/,
  );
  // The other VBRs are unaffected.
  assert.ok(isEstablished(await waitPeer(vpc, peers[0]!, 'still Established', isEstablished, 5000)));
  // A group the data plane refused can be deleted: removing it needs nothing of the circuit's far side.
  await vpc.deleteBgpGroup(new $Vpc.DeleteBgpGroupRequest({ regionId: REGION, bgpGroupId }));
  await waitFor(
    'the refused group gone',
    () => describeGroup(vpc, bgpGroupId),
    (x) => x === undefined,
    10_000,
  );
  // So can the VBR; with it goes the last thing the data plane could not realise.
  assert.equal((await health()).status, 'degraded');
  await waitFor(
    'the VBR deleted',
    () =>
      vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: REGION, vbrId })).then(
        () => true,
        () => false,
      ),
    (ok) => ok,
    10_000,
    200,
  );
  await waitFor('health ok again', health, (x) => x.status === 'ok' && x.dataPlaneFailures === 0, 10_000);
});

frrTest("the customer's side vanishes: what cannot be realised says so in VbrdApplyError and in health, until it is back", async () => {
  const vpc = f!.h.vpc;
  const [vbrId, peerId] = [vbrs[0]!, peers[0]!];
  assert.deepEqual(await health(), { status: 'ok', dataPlaneFailures: 0 });
  const customer = f!.customers.routers[0]!;
  await customer.stop(); // BIRD and its namespace: the VBR's link goes with it
  await waitPeer(vpc, peerId, 'down with its customer', (p) => p?.bgpStatus !== 'Established', 10_000);
  await vpc.addBgpNetwork(new $Vpc.AddBgpNetworkRequest({ regionId: REGION, routerId: vbrId, dstCidrBlock: '203.0.113.64/26' }));
  const shown = async () => {
    const body = await raw(f!.h, 'DescribeBgpPeers', { RegionId: REGION, BgpPeerId: peerId });
    return ((body.BgpPeers as { BgpPeer?: Record<string, unknown>[] }).BgpPeer ?? [])[0];
  };
  const refused = await waitFor('VbrdApplyError on the peer', shown, (p) => typeof p?.VbrdApplyError === 'string', 15_000);
  assert.match(String(refused!.VbrdApplyError), new RegExp(`far-side namespace "${customer.namespace}" does not exist`));
  const groupId = String(refused!.BgpGroupId);
  assert.match(String((await rawGroup(f!.h, groupId))?.VbrdApplyError), /does not exist/);
  assert.deepEqual(await health(), { status: 'degraded', dataPlaneFailures: 1 });

  await customer.start();
  await waitPeer(vpc, peerId, 'Established again with the customer back', (p) => isEstablished(p) && p!.receivedRouteCount === 1, 45_000);
  await waitFor('VbrdApplyError gone', shown, (p) => p !== undefined && !('VbrdApplyError' in p), 10_000);
  assert.deepEqual(await health(), { status: 'ok', dataPlaneFailures: 0 });
});
