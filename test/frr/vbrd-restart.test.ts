// vbrd itself dies (SIGKILL) while its FRR daemons keep running: a new vbrd on the same data dir, run dir
// and prefix adopts the daemons from their PID files, re-applies without resetting the sessions, leaves one
// instance per VRF, and keeps driving them. vbrd runs as a child process here, as `vbrd serve` would.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { $Vpc, vpcClient, type VpcClient } from '../support/harness.js';
import { DEV_ROOT } from '../../src/config/server-config.js';
import { isRunning, readPidFile } from '../../src/speaker/frr/process-info.js';
import {
  apiSeed,
  availableGroup,
  buildVbr,
  createPeer,
  Customers,
  frrNeighbors,
  frrPrerequisites,
  frrShell,
  frrTest,
  isEstablished,
  namesFor,
  REGION,
  removeLeftovers,
  vrfOf,
  waitFor,
  waitPeer,
} from './helpers.js';

const MAIN = fileURLToPath(new URL('../../src/cli/vbrd.js', import.meta.url));
const { prefix, runDir } = namesFor('rst');
const frrRunDir = `${runDir}/frr`;
const children: ChildProcess[] = [];
let customers: Customers | null = null;
const frr = frrShell(frrRunDir);

before(async () => {
  if (!(await frrPrerequisites()).ok) return;
  await removeLeftovers(prefix, runDir);
  await mkdir(`${runDir}/data`, { recursive: true });
  await writeFile(`${runDir}/seed.json`, JSON.stringify(apiSeed(prefix, 1)));
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
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await customers?.stop();
  if ((await frrPrerequisites()).ok) await removeLeftovers(prefix, runDir);
});

/** `vbrd serve` with the FRR data plane as a child process; resolves with its endpoint once it serves. */
async function startServer(): Promise<{ child: ChildProcess; vpc: VpcClient }> {
  const env = { ...process.env };
  for (const k of ['VBRD_ACCOUNT_ID', 'VBRD_ACCESS_KEY_ID', 'VBRD_ACCESS_KEY_SECRET']) delete env[k];
  const child = spawn(
    process.execPath,
    [
      MAIN,
      'serve',
      '--port',
      '0',
      '--data',
      `${runDir}/data`,
      '--seed',
      `${runDir}/seed.json`,
      '--data-plane',
      'frr',
      '--frr-run-dir',
      frrRunDir,
      '--frr-namespace-prefix',
      prefix,
      '--log-level',
      'warn',
    ],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  let stderr = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`vbrd did not start within 20 s: ${stderr}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /serving the VPC API on http:\/\/(\S+?)\//.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`vbrd exited with ${code}: ${stderr}`));
    });
  });
  return { child, vpc: vpcClient(endpoint, DEV_ROOT.accessKeyId, DEV_ROOT.accessKeySecret) };
}

const exited = (c: ChildProcess) =>
  new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));
const neighbor = async (vrf: string) => (await frrNeighbors(frr, vrf))['192.0.2.2'];

frrTest('a SIGKILLed vbrd is restarted on the same dirs: it adopts the daemons and the sessions stay up', async () => {
  const first = await startServer();
  await first.vpc.openPhysicalConnectionService(new $Vpc.OpenPhysicalConnectionServiceRequest({ regionId: REGION }));
  const { vbrId } = await buildVbr(first.vpc, { accessPoint: 1, vlanId: 100, localGatewayIp: '192.0.2.1', peerGatewayIp: '192.0.2.2' });
  const peerId = await createPeer(first.vpc, await availableGroup(first.vpc, vbrId), '192.0.2.2');
  await waitPeer(first.vpc, peerId, 'Established', isEstablished);
  const vrf = vrfOf({ prefix }, vbrId);
  const pids = { bgpd: (await readPidFile(`${frrRunDir}/bgpd.pid`))!, zebra: (await readPidFile(`${frrRunDir}/zebra.pid`))! };
  const sessionsBefore = (await neighbor(vrf))!.connectionsEstablished;

  first.child.kill('SIGKILL');
  await exited(first.child);
  assert.ok(await isRunning(pids.bgpd, 'bgpd'), 'bgpd outlives a killed vbrd');

  const second = await startServer();
  const t0 = Date.now();
  // The new node drives the adopted daemons: a change made through it reaches the customer.
  await second.vpc.addBgpNetwork(new $Vpc.AddBgpNetworkRequest({ regionId: REGION, routerId: vbrId, dstCidrBlock: '203.0.113.0/24' }));
  await waitFor(
    'network at the customer via the new vbrd',
    () => customers!.routers[0]!.control.bgpRoutes(),
    (r) => r.includes('203.0.113.0/24'),
    20_000,
  );
  await waitPeer(
    second.vpc,
    peerId,
    'Established, advertising the network',
    (p) => isEstablished(p) && (p!.advertisedRouteCount ?? 0) >= 1,
    10_000,
  );
  console.log(`# restarted vbrd took over the running FRR in ${Date.now() - t0} ms`);
  assert.equal(await readPidFile(`${frrRunDir}/bgpd.pid`), pids.bgpd, 'the same bgpd (adopted, not restarted)');
  assert.equal(await readPidFile(`${frrRunDir}/zebra.pid`), pids.zebra);
  const after = (await neighbor(vrf))!;
  assert.equal(after.bgpState, 'Established');
  assert.equal(after.connectionsEstablished, sessionsBefore, 'the session was never reset');
  const config = await frr.show('bgpd', 'show running-config');
  assert.equal(config.split('\n').filter((l) => l.startsWith('router bgp')).length, 1, config);
  assert.equal(config.split('\n').filter((l) => l.trim() === 'neighbor 192.0.2.2 remote-as 65001').length, 1, config);

  // A graceful stop (SIGTERM) stops the daemons it runs.
  second.child.kill('SIGTERM');
  assert.equal(await exited(second.child), 0);
  assert.equal(await isRunning(pids.bgpd, 'bgpd'), false);
});
