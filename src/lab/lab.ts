// `vbrd lab up|down`: the customer side of a local BGP lab. For each lab circuit (a port of the seed
// inventory) a customer namespace - the circuit's far side - runs BIRD 2 (AS 65001), ready to peer with
// the VBR the walkthrough creates, plus a small agent that configures the customer's end of the VBR link
// when it appears. The provider side (FRR) is vbrd itself with the frr speaker. Everything started is
// recorded (PIDs, namespaces) in the lab state file and labDown removes exactly that.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { frrAvailable } from '../speaker/frr/prerequisites.js';
import { runCommand, tryCommand } from '../speaker/frr/run-command.js';
import { isRunning, signal, waitUntil } from '../speaker/frr/process-info.js';
import { CustomerRouter, spawnDetached } from './customer-router.js';
import type { CustomerLinkSpec } from './customer-link-agent.js';
import { labSeedYaml } from './lab-seed.js';

export interface LabCircuit {
  /** Short name, used in namespace and protocol names: [a-z0-9]. */
  name: string;
  /** The far-side namespace; put the same name as `farSideNamespace` on a port in the seed file. */
  farSideNamespace: string;
  /** The VLAN the walkthrough's VBR will use on this circuit. */
  vlanId: number;
  vbrIp: string;
  customerIp: string;
  prefixLength: number;
  vbrIpv6: string;
  customerIpv6: string;
  prefixLengthV6: number;
  vbrAsn: number;
  customerAsn: number;
  /** Routes the customer advertises. */
  routes: string[];
  /** MD5 key the customer uses (the BGP group's AuthKey must match); empty for none. */
  authKey: string;
  bfd: boolean;
}

export interface LabOptions {
  /** State, configs, logs. Default /tmp/vbrd-lab. */
  stateDir?: string;
  circuits?: LabCircuit[];
  frrBinDir?: string;
}

export interface LabState {
  stateDir: string;
  circuits: LabCircuit[];
  /** What labUp started: labDown stops these PIDs and deletes these namespaces, nothing else. */
  pids: { role: string; pid: number; executable: string }[];
  namespaces: string[];
  /** The seed file for `vbrd serve --data-plane frr --seed …`: the lab circuits' ports and far sides. */
  seedFile: string;
}

export function defaultLabCircuits(): LabCircuit[] {
  return [
    {
      name: 'cust1',
      farSideNamespace: 'vbrd-lab-cust1',
      vlanId: 100,
      vbrIp: '192.0.2.1',
      customerIp: '192.0.2.2',
      prefixLength: 30,
      vbrIpv6: '2001:db8:100::1',
      customerIpv6: '2001:db8:100::2',
      prefixLengthV6: 126,
      vbrAsn: 45104,
      customerAsn: 65001,
      routes: ['198.51.100.0/24', '2001:db8:c000::/48'],
      authKey: '',
      bfd: true,
    },
  ];
}

export class LabError extends Error {
  override name = 'LabError';
}

const stateFile = (dir: string) => join(dir, 'lab.json');

export async function labUp(options: LabOptions = {}): Promise<LabState> {
  const pre = await frrAvailable({ frrBinDir: options.frrBinDir, needBird: true });
  if (!pre.ok) throw new LabError(`vbrd lab needs root, FRR and BIRD: ${pre.reason}`);
  const stateDir = options.stateDir ?? '/tmp/vbrd-lab';
  const existing = await readLabState(stateDir);
  if (existing) throw new LabError(`a lab is already up (state in ${stateFile(stateDir)}); run 'vbrd lab down' first`);
  const circuits = options.circuits ?? defaultLabCircuits();
  const state: LabState = { stateDir, circuits, pids: [], namespaces: [], seedFile: join(stateDir, 'seed.yaml') };
  await mkdir(stateDir, { recursive: true });
  try {
    await writeFile(state.seedFile, labSeedYaml(circuits));
    for (const c of circuits) {
      if (await tryCommand('ip', ['netns', 'exec', c.farSideNamespace, 'true'])) {
        throw new LabError(`namespace ${c.farSideNamespace} already exists; remove it or pick another name`);
      }
      await runCommand('ip', ['netns', 'add', c.farSideNamespace]);
      state.namespaces.push(c.farSideNamespace);
      await saveLabState(state);
      const router = new CustomerRouter({
        namespace: c.farSideNamespace,
        stateDir: join(stateDir, c.name),
        asn: c.customerAsn,
        routerId: c.customerIp,
        routes: c.routes,
        bfd: { minTxMs: 300, minRxMs: 300, multiplier: 3 },
        peerings: [
          { name: 'vbr4', neighborIp: c.vbrIp, localIp: c.customerIp, neighborAsn: c.vbrAsn, password: c.authKey || undefined, bfd: c.bfd },
          {
            name: 'vbr6',
            neighborIp: c.vbrIpv6,
            localIp: c.customerIpv6,
            neighborAsn: c.vbrAsn,
            password: c.authKey || undefined,
            bfd: c.bfd,
          },
        ],
      });
      const pid = await router.start();
      router.control.close(); // an open control connection would keep this process alive
      state.pids.push({ role: `bird ${c.name}`, pid, executable: 'bird' });
      await saveLabState(state);
    }
    const links: CustomerLinkSpec[] = circuits.map((c) => ({
      namespace: c.farSideNamespace,
      ifname: `vlan${c.vlanId}`,
      addresses: [`${c.customerIp}/${c.prefixLength}`, `${c.customerIpv6}/${c.prefixLengthV6}`],
    }));
    const specPath = join(stateDir, 'customer-links.json');
    await writeFile(specPath, JSON.stringify(links, null, 2));
    // Through ../lab/ so that the path also holds from the bundled command in dist/src/cli/.
    const agent = fileURLToPath(new URL('../lab/customer-link-agent.js', import.meta.url));
    const pid = spawnDetached(process.execPath, [agent, specPath]);
    state.pids.push({ role: 'customer link agent', pid, executable: 'node' });
    await saveLabState(state);
    return state;
  } catch (e) {
    await labDown({ stateDir }).catch(() => undefined);
    throw e;
  }
}

/** Stops every process labUp recorded (by PID) and deletes the namespaces it made. Idempotent. */
export async function labDown(options: { stateDir?: string } = {}): Promise<{ stopped: number; namespacesRemoved: number }> {
  const stateDir = options.stateDir ?? '/tmp/vbrd-lab';
  const state = await readLabState(stateDir);
  if (!state) return { stopped: 0, namespacesRemoved: 0 };
  let stopped = 0;
  for (const p of [...state.pids].reverse()) {
    if (!(await isRunning(p.pid, p.executable))) continue;
    signal(p.pid, 'SIGCONT');
    signal(p.pid, 'SIGTERM');
    if (!(await waitUntil(async () => !(await isRunning(p.pid, p.executable)), 3000))) signal(p.pid, 'SIGKILL');
    stopped++;
  }
  let namespacesRemoved = 0;
  for (const ns of state.namespaces) if (await tryCommand('ip', ['netns', 'del', ns])) namespacesRemoved++;
  await rm(stateDir, { recursive: true, force: true });
  return { stopped, namespacesRemoved };
}

export async function readLabState(stateDir: string): Promise<LabState | null> {
  try {
    return JSON.parse(await readFile(stateFile(stateDir), 'utf8')) as LabState;
  } catch {
    return null;
  }
}

async function saveLabState(state: LabState): Promise<void> {
  await writeFile(stateFile(state.stateDir), JSON.stringify(state, null, 2));
}

/** What to do after `vbrd lab up`: start vbrd on the seed file, then the API calls of the walkthrough. */
export function printLabNextSteps(state: Pick<LabState, 'circuits'> & { stateDir?: string; seedFile?: string }): string {
  const dir = state.stateDir ?? '/tmp/vbrd-lab';
  const seedFile = state.seedFile ?? join(dir, 'seed.yaml');
  const lines = [
    'The lab customer side is up.',
    '',
    `1. Start vbrd with the FRR data plane on the lab's seed file (it runs FRR itself; needs root):`,
    `     sudo vbrd serve --data-plane frr --seed ${seedFile}`,
    '   (its circuit ports are the lab circuits below, in order: the first circuit you create gets the first one)',
    '',
  ];
  for (const c of state.circuits) {
    lines.push(
      `Circuit ${c.name}: customer router (BIRD, AS ${c.customerAsn}) in namespace ${c.farSideNamespace}, advertising ${c.routes.join(', ')}.`,
      '2. With the official SDK (node dist/examples/lab.js does all of this; see docs/real-bgp.md):',
      '     CreatePhysicalConnection, ConfirmPhysicalConnection, EnablePhysicalConnection (wait for Enabled), then',
      `     CreateVirtualBorderRouter  VlanId=${c.vlanId} LocalGatewayIp=${c.vbrIp} PeerGatewayIp=${c.customerIp} PeeringSubnetMask=255.255.255.252`,
      `       EnableIpv6=true LocalIpv6GatewayIp=${c.vbrIpv6} PeerIpv6GatewayIp=${c.customerIpv6} PeeringIpv6SubnetMask=${c.customerIpv6.replace(/::2$/, '::')}/${c.prefixLengthV6}`,
      `     CreateBgpGroup  PeerAsn=${c.customerAsn}${c.authKey ? ` AuthKey=${c.authKey}` : ''}   (and one with IpVersion=IPv6)`,
      `     CreateBgpPeer   PeerIpAddress=${c.customerIp}${c.bfd ? ' EnableBfd=true BfdMultiHop=1' : ''}   (and ${c.customerIpv6} in the IPv6 group)`,
      '     AddBgpNetwork   DstCidrBlock=203.0.113.0/24',
      "3. DescribeBgpPeers: BgpStatus reaches Established and ReceivedRouteCount counts the customer's routes.",
      `     The customer's view: birdc -s ${dir}/${c.name}/bird.ctl show protocols`,
      '',
    );
  }
  lines.push(
    'When done, in this order (docs/real-bgp.md, "Cleaning up"):',
    '     node dist/examples/lab.js --cleanup   (deletes what the walkthrough made: peers, groups, network, VBR, circuit)',
    '     stop vbrd (Ctrl-C): it stops its FRR daemons; no VBR namespace is left once the VBRs are deleted',
    `     sudo vbrd lab down${state.stateDir && state.stateDir !== '/tmp/vbrd-lab' ? ` --state-dir ${dir}` : ''}   (stops the processes the lab started, by PID, and deletes its namespaces)`,
  );
  return lines.join('\n');
}

export { CustomerRouter } from './customer-router.js';
export { BirdControl } from './bird-control.js';
