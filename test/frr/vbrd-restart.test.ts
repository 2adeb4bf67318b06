// vbrd stops and starts in every way it can, with the FRR data plane, seen through the official SDK: killed
// (SIGKILL) with its FRR daemons left running, stopped (SIGTERM, SIGINT) with its VBR namespaces kept, and with
// FRR's processes or namespaces gone meanwhile. Each time the new vbrd on the same data dir, run dir and prefix
// brings the session back to Established within a few seconds, and DescribeBgpPeers never says Established for
// a session FRR has not had since the new vbrd started. Then everything is deleted through the API after such a
// restart (the namespace goes too), and a stopped vbrd leaves nothing behind. vbrd runs as a child process here,
// as `vbrd serve` would.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import { $Vpc } from '../support/harness.js';
import { isRunning, readPidFile } from '../../src/speaker/frr/process-info.js';
import { runCommand } from '../../src/speaker/frr/run-command.js';
import {
  apiSeed,
  availableGroup,
  buildVbr,
  createPeer,
  customerNamespace,
  Customers,
  describePeer,
  exited,
  frrNeighbors,
  frrPrerequisites,
  frrShell,
  frrTest,
  isEstablished,
  killFrr,
  namesFor,
  namespacesWithPrefix,
  REGION,
  removeLeftovers,
  runtimeFilesLeft,
  spawnVbrd,
  vrfOf,
  waitFor,
  waitPeer,
  type PeerView,
  type VbrdChild,
} from './helpers.js';

const { prefix, runDir } = namesFor('rst');
const frrRunDir = `${runDir}/frr`;
const seedFile = `${runDir}/seed.json`;
const frr = frrShell(frrRunDir);
/** From the start of a new vbrd to both ends Established with the customer's route: "a few seconds", with room for a busy machine. */
const CONVERGE_MS = 12_000;
let customers: Customers | null = null;
let current: VbrdChild | null = null;
const made = { vbrId: '', peerId: '', groupId: '', vrf: '' };

before(async () => {
  if (!(await frrPrerequisites()).ok) return;
  await removeLeftovers(prefix, runDir);
  await mkdir(`${runDir}/data`, { recursive: true });
  await writeFile(seedFile, JSON.stringify(apiSeed(prefix, 1)));
  customers = new Customers(prefix, runDir);
  await customers.start([
    {
      links: [{ vlanId: 100, addresses: ['192.0.2.2/30'] }],
      peerings: [{ name: 'vbr4', neighborIp: '192.0.2.1', localIp: '192.0.2.2', neighborAsn: 45104 }],
    },
  ]);
});
after(async () => {
  frr.close();
  if (current && current.child.exitCode === null && current.child.signalCode === null) current.child.kill('SIGKILL');
  await customers?.stop();
  if ((await frrPrerequisites()).ok) await removeLeftovers(prefix, runDir);
});

const neighbor = async () =>
  (await frrNeighbors(frr, made.vrf))['192.0.2.2'] as (Record<string, unknown> & { bgpState?: string }) | undefined;
const upWithRoute = (p: PeerView | undefined) => isEstablished(p) && p!.receivedRouteCount === 1;

/** The FRR daemons' PIDs and how many times the session came up: unchanged when nothing was restarted. */
async function daemonsAndSession(): Promise<Record<string, unknown>> {
  const pid = async (d: string) => readPidFile(`${frrRunDir}/${d}.pid`);
  return {
    zebra: await pid('zebra'),
    bfdd: await pid('bfdd'),
    bgpd: await pid('bgpd'),
    sessions: (await neighbor())?.connectionsEstablished,
  };
}

/** Whether zebra runs in the mount namespace vbrd's holder keeps and in the network namespace named <prefix>host. */
async function zebraInProviderNamespaces(): Promise<{ mount: boolean; host: boolean }> {
  const zebra = (await readPidFile(`${frrRunDir}/zebra.pid`))!;
  const holder = (await readPidFile(`${frrRunDir}/mntns-holder.pid`))!;
  const [zMnt, hMnt, zNet, host] = await Promise.all([
    readlink(`/proc/${zebra}/ns/mnt`),
    readlink(`/proc/${holder}/ns/mnt`),
    readlink(`/proc/${zebra}/ns/net`),
    stat(`/run/netns/${prefix}host`),
  ]);
  return { mount: zMnt === hMnt, host: zNet === `net:[${host.ino}]` };
}

/** The granularity of bgpd's session uptime. */
const FRR_CLOCK_MS = 1000;

/** Stops the running vbrd with a signal; resolves with its exit code. */
async function stopVbrd(sig: NodeJS.Signals): Promise<number | null> {
  const c = current!;
  current = null;
  c.child.kill(sig);
  return exited(c.child);
}

/**
 * Starts vbrd again and polls DescribeBgpPeers from the moment it serves until the session is Established with
 * the customer's route. With `sessionsNew` (FRR lost the session meanwhile), every answer that says Established
 * must be a session FRR brought up since this vbrd started.
 */
async function restart(what: string, sessionsNew: boolean): Promise<void> {
  const next = await spawnVbrd({ runDir, prefix, seedFile });
  current = next;
  let seen: PeerView | undefined;
  for (;;) {
    seen = await describePeer(next.vpc, made.peerId);
    if (isEstablished(seen) && sessionsNew) {
      const n = await neighbor();
      const upMs = Number(n?.bgpTimerUpMsec ?? Infinity);
      // bgpd counts a session's uptime in whole seconds (its monotonic clock), so it may read up to 1 s ahead.
      assert.ok(
        n?.bgpState === 'Established' && upMs <= Date.now() - next.spawnedAt + FRR_CLOCK_MS,
        `${what}: DescribeBgpPeers said Established ${Date.now() - next.servingAt} ms after start, but FRR has ${JSON.stringify({ state: n?.bgpState, upMs })}`,
      );
    }
    if (upWithRoute(seen)) break;
    if (Date.now() - next.spawnedAt > CONVERGE_MS) {
      assert.fail(
        `${what}: not Established ${CONVERGE_MS} ms after vbrd started; DescribeBgpPeers: ${JSON.stringify(seen)}\n${next.output()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const done = Date.now();
  console.log(
    `# ${what}: serving ${next.servingAt - next.spawnedAt} ms after start; Established with the route ${done - next.servingAt} ms later (${done - next.spawnedAt} ms in all)`,
  );
}

frrTest('SIGKILL with the FRR daemons left running: the new vbrd adopts them and the session is never reset', async () => {
  current = await spawnVbrd({ runDir, prefix, seedFile });
  const vpc = current.vpc;
  await vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: REGION }));
  made.vbrId = (await buildVbr(vpc, { accessPoint: 1, vlanId: 100, localGatewayIp: '192.0.2.1', peerGatewayIp: '192.0.2.2' })).vbrId;
  made.groupId = await availableGroup(vpc, made.vbrId);
  made.peerId = await createPeer(vpc, made.groupId, '192.0.2.2');
  made.vrf = vrfOf({ prefix }, made.vbrId);
  await waitPeer(vpc, made.peerId, 'Established', upWithRoute);
  const pids = { bgpd: (await readPidFile(`${frrRunDir}/bgpd.pid`))!, zebra: (await readPidFile(`${frrRunDir}/zebra.pid`))! };
  const sessionsBefore = (await neighbor())!.connectionsEstablished;

  await stopVbrd('SIGKILL');
  assert.ok(await isRunning(pids.bgpd, 'bgpd'), 'bgpd outlives a killed vbrd');
  await restart('SIGKILL, daemons running', false);
  // The new node drives the adopted daemons: a change made through it reaches the customer.
  await current!.vpc.addBgpNetwork(
    new $Vpc.AddBgpNetworkRequest({ regionId: REGION, routerId: made.vbrId, dstCidrBlock: '203.0.113.0/24' }),
  );
  await waitFor(
    'network at the customer via the new vbrd',
    () => customers!.routers[0]!.control.bgpRoutes(),
    (r) => r.includes('203.0.113.0/24'),
    20_000,
  );
  assert.equal(await readPidFile(`${frrRunDir}/bgpd.pid`), pids.bgpd, 'the same bgpd (adopted, not restarted)');
  assert.equal(await readPidFile(`${frrRunDir}/zebra.pid`), pids.zebra);
  const now = (await neighbor())!;
  assert.equal(now.bgpState, 'Established');
  assert.equal(now.connectionsEstablished, sessionsBefore, 'the session was never reset');
  const config = await frr.show('bgpd', 'show running-config');
  assert.equal(config.split('\n').filter((l) => l.startsWith('router bgp')).length, 1, config);
  assert.equal(config.split('\n').filter((l) => l.trim() === 'neighbor 192.0.2.2 remote-as 65001').length, 1, config);
});

frrTest('SIGKILL, then every FRR daemon and the mount namespace holder killed too: a new vbrd starts FRR afresh', async () => {
  await stopVbrd('SIGKILL');
  await killFrr(frrRunDir, ['bgpd', 'bfdd', 'zebra', 'holder']);
  await restart('SIGKILL, FRR and its holder gone', true);
});

frrTest("SIGKILL, then only the holder killed: the new vbrd takes over the daemons' mount namespace, sessions kept", async () => {
  const before = await daemonsAndSession();
  await stopVbrd('SIGKILL');
  await killFrr(frrRunDir, ['holder']);
  await restart('SIGKILL, holder gone, daemons running', false);
  assert.deepEqual(await daemonsAndSession(), before, 'the same daemons, and the session was never reset');
  // Where it exposes VBR namespaces from now on is where zebra looks.
  assert.deepEqual(await zebraInProviderNamespaces(), { mount: true, host: true });
});

frrTest("SIGTERM, then the VBR's namespace deleted by hand: the next vbrd makes it again", async () => {
  assert.equal(await stopVbrd('SIGTERM'), 0);
  await runCommand('ip', ['netns', 'del', made.vrf]);
  await restart('SIGTERM, namespace gone', true);
});

frrTest("SIGKILL, then the VBR's namespace deleted while FRR runs: the new namespace replaces the old VRF", async () => {
  await stopVbrd('SIGKILL');
  await runCommand('ip', ['netns', 'del', made.vrf]);
  await restart('SIGKILL, namespace gone, daemons running', true);
});

frrTest("SIGKILL, then the daemons' host namespace deleted: the new vbrd names theirs again, sessions kept", async () => {
  const before = await daemonsAndSession();
  await stopVbrd('SIGKILL');
  await runCommand('ip', ['netns', 'del', `${prefix}host`]);
  await restart('SIGKILL, host namespace gone', false);
  assert.deepEqual(await daemonsAndSession(), before, 'the same daemons, and the session was never reset');
  assert.deepEqual(await zebraInProviderNamespaces(), { mount: true, host: true });
});

// Last, so that the deletion below follows the graceful stop and start the issue was found with.
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  frrTest(`${sig}: the daemons stop, the VBR's namespace stays, and the next vbrd brings the session back`, async () => {
    const bgpd = (await readPidFile(`${frrRunDir}/bgpd.pid`))!;
    assert.equal(await stopVbrd(sig), 0);
    assert.equal(await isRunning(bgpd, 'bgpd'), false, 'a graceful stop stops the daemons');
    assert.ok((await namespacesWithPrefix(prefix)).includes(made.vrf), "the VBR's namespace is kept for the next start");
    await restart(`${sig}, namespaces kept`, true);
  });
}

frrTest('after those restarts everything is deleted through the API, and a stopped vbrd leaves nothing behind', async () => {
  const vpc = current!.vpc;
  const logFrom = current!.output().length;
  await vpc.deleteBgpNetwork(new $Vpc.DeleteBgpNetworkRequest({ regionId: REGION, routerId: made.vbrId, dstCidrBlock: '203.0.113.0/24' }));
  await vpc.deleteBgpPeer(new $Vpc.DeleteBgpPeerRequest({ regionId: REGION, bgpPeerId: made.peerId }));
  await waitPeer(vpc, made.peerId, 'gone', (p) => p === undefined, 10_000);
  await vpc.deleteBgpGroup(new $Vpc.DeleteBgpGroupRequest({ regionId: REGION, bgpGroupId: made.groupId }));
  await waitFor(
    'VBR deleted',
    async () => {
      try {
        await vpc.deleteVirtualBorderRouter(new $Vpc.DeleteVirtualBorderRouterRequest({ regionId: REGION, vbrId: made.vbrId }));
        return true;
      } catch (e) {
        return (e as { code?: string }).code === 'InvalidVbrId.NotFound';
      }
    },
    (ok) => ok,
    10_000,
    200,
  );
  await waitFor(
    "the VBR's namespace removed",
    () => namespacesWithPrefix(prefix),
    (names) => !names.includes(made.vrf),
    10_000,
    100,
  );
  // ...and from FRR's private /run/netns, with nothing left mounted for it there.
  const holder = (await readPidFile(`${frrRunDir}/mntns-holder.pid`))!;
  assert.doesNotMatch(await readFile(`/proc/${holder}/mountinfo`, 'utf8'), new RegExp(made.vrf));
  assert.doesNotMatch(current!.output().slice(logFrom), /speaker apply failed/, 'the removal needed no retry');

  assert.equal(await stopVbrd('SIGTERM'), 0);
  assert.deepEqual(await namespacesWithPrefix(prefix), [customerNamespace(prefix, 1)], 'no VBR or host namespace is left');
  assert.deepEqual(await runtimeFilesLeft(frrRunDir), [], 'no PID file or socket is left in the run dir');
  assert.equal(await isRunning(holder, 'sleep'), false);
});
