// The customer's router at the far side of a circuit: BIRD 2 in its own network namespace, peering with
// the VBR. A different BGP implementation from the provider's FRR, so every lab session is real interop.
// Processes are tracked by PID (BIRD's PID file), never by name.
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand, tryCommand } from '../speaker/frr/run-command.js';
import { isRunning, readPidFile, signal, waitUntil } from '../speaker/frr/process-info.js';
import { BirdControl } from './bird-control.js';

export interface CustomerPeering {
  /** BIRD protocol name, [a-z0-9_]. */
  name: string;
  /** The VBR's LocalGatewayIp (or LocalIpv6GatewayIp). */
  neighborIp: string;
  /** The customer's own address on the link (PeerGatewayIp). */
  localIp: string;
  neighborAsn: number;
  /** TCP-MD5 key; must match the BGP group's AuthKey. */
  password?: string;
  bfd?: boolean;
  /** > 1: eBGP multihop with this TTL (and multihop BFD). */
  multihop?: number;
  /** Only accept the VBR's connection, never open one (measurements: BIRD's own retry back-off stays out). */
  passive?: boolean;
}

export interface CustomerRouterSpec {
  namespace: string;
  /** Where its config, control socket, PID file and log live. */
  stateDir: string;
  asn: number;
  routerId: string;
  /** Prefixes the customer advertises to the VBR (static blackhole routes inside BIRD only). */
  routes: string[];
  peerings: CustomerPeering[];
  bfd?: { minTxMs: number; minRxMs: number; multiplier: number };
}

export function renderBirdConfig(spec: CustomerRouterSpec): string {
  const bfd = spec.bfd ?? { minTxMs: 300, minRxMs: 300, multiplier: 3 };
  const bfdTimers = `min rx interval ${bfd.minRxMs} ms; min tx interval ${bfd.minTxMs} ms; multiplier ${bfd.multiplier};`;
  const v4 = spec.routes.filter((r) => !r.includes(':'));
  const v6 = spec.routes.filter((r) => r.includes(':'));
  const lines = [
    `log "${join(spec.stateDir, 'bird.log')}" { info, remote, warning, error, auth, fatal, bug };`,
    `router id ${spec.routerId};`,
    'protocol device { scan time 2; }',
    `protocol static s4 { ipv4; ${v4.map((r) => `route ${r} blackhole;`).join(' ')} }`,
    `protocol static s6 { ipv6; ${v6.map((r) => `route ${r} blackhole;`).join(' ')} }`,
    `protocol bfd { interface "*" { ${bfdTimers} }; multihop { ${bfdTimers} }; }`,
    // BIRD's defaults (connect retry 120 s, error back-off 60-300 s) would make tests wait minutes.
    `template bgp vbr_peer { local as ${spec.asn}; connect retry time 1; connect delay time 1; error wait time 1, 10; error forget time 0; }`,
  ];
  for (const p of spec.peerings) {
    if (!/^[a-z][a-z0-9_]*$/.test(p.name)) throw new Error(`BIRD protocol name "${p.name}" must be [a-z][a-z0-9_]*`);
    const af = p.neighborIp.includes(':') ? 'ipv6' : 'ipv4';
    const body = [
      `local ${p.localIp} as ${spec.asn};`,
      `neighbor ${p.neighborIp} as ${p.neighborAsn};`,
      p.password ? `password "${p.password.replace(/["\\]/g, '')}";` : '',
      (p.multihop ?? 1) > 1 ? `multihop ${p.multihop};` : '',
      p.passive ? 'passive on;' : '',
      `bfd ${p.bfd ? 'on' : 'off'};`,
      `${af} { import all; export where source = RTS_STATIC; };`,
    ].filter((s) => s !== '');
    lines.push(`protocol bgp ${p.name} from vbr_peer { ${body.join(' ')} }`);
  }
  return lines.join('\n') + '\n';
}

export class CustomerRouter {
  readonly control: BirdControl;
  private spec: CustomerRouterSpec;
  private createdNamespace = false;

  constructor(spec: CustomerRouterSpec) {
    this.spec = spec;
    this.control = new BirdControl(join(spec.stateDir, 'bird.ctl'));
  }

  get namespace(): string {
    return this.spec.namespace;
  }

  get configPath(): string {
    return join(this.spec.stateDir, 'bird.conf');
  }

  get pidFile(): string {
    return join(this.spec.stateDir, 'bird.pid');
  }

  /** Creates the namespace (if missing) and starts BIRD in it. Resolves when BIRD answers. */
  async start(): Promise<number> {
    await mkdir(this.spec.stateDir, { recursive: true });
    if (!(await tryCommand('ip', ['netns', 'exec', this.spec.namespace, 'true']))) {
      await runCommand('ip', ['netns', 'add', this.spec.namespace]);
      this.createdNamespace = true;
    }
    await runCommand('ip', ['-n', this.spec.namespace, 'link', 'set', 'lo', 'up']);
    await writeFile(this.configPath, renderBirdConfig(this.spec));
    await rm(this.pidFile, { force: true });
    await runCommand('ip', [
      'netns',
      'exec',
      this.spec.namespace,
      'bird',
      '-c',
      this.configPath,
      '-s',
      this.control.socketPath,
      '-P',
      this.pidFile,
    ]);
    const up = await waitUntil(
      async () => {
        const pid = await readPidFile(this.pidFile);
        if (pid === null || !(await isRunning(pid, 'bird'))) return false;
        return this.control.command('show status').then(
          () => true,
          () => false,
        );
      },
      10_000,
      50,
    );
    if (!up) throw new Error(`BIRD did not start in ${this.spec.namespace} (see ${this.spec.stateDir}/bird.log)`);
    return (await readPidFile(this.pidFile))!;
  }

  async pid(): Promise<number | null> {
    return readPidFile(this.pidFile);
  }

  /** Rewrites BIRD's configuration and makes it re-read it (changed sessions restart, others stay). */
  async reconfigure(change: Partial<Omit<CustomerRouterSpec, 'namespace' | 'stateDir'>>): Promise<void> {
    this.spec = { ...this.spec, ...change };
    await writeFile(this.configPath, renderBirdConfig(this.spec));
    await this.control.configure();
  }

  get peerings(): readonly CustomerPeering[] {
    return this.spec.peerings;
  }

  /** SIGSTOP: the process stays, its TCP sessions stay open, but it stops answering (a hung router). */
  async freeze(): Promise<void> {
    const pid = await this.pid();
    if (pid !== null) signal(pid, 'SIGSTOP');
  }

  async thaw(): Promise<void> {
    const pid = await this.pid();
    if (pid !== null) signal(pid, 'SIGCONT');
  }

  /** Stops BIRD by its PID and removes the namespace if this router created it. */
  async stop(): Promise<void> {
    this.control.close();
    const pid = await this.pid();
    if (pid !== null && (await isRunning(pid, 'bird'))) {
      signal(pid, 'SIGCONT');
      signal(pid, 'SIGTERM');
      if (!(await waitUntil(async () => !(await isRunning(pid, 'bird')), 3000))) signal(pid, 'SIGKILL');
    }
    if (this.createdNamespace) await tryCommand('ip', ['netns', 'del', this.spec.namespace]);
  }
}

/**
 * The customer's side of configuring its end of the circuit: once the VBR's link appears in the customer
 * namespace (as `ifname`), give it the customer's addresses and bring it up. Waits up to `timeoutMs`.
 */
export async function configureCustomerInterface(namespace: string, ifname: string, addresses: string[], timeoutMs = 5000): Promise<void> {
  const present = await waitUntil(() => tryCommand('ip', ['-n', namespace, 'link', 'show', ifname]), timeoutMs, 50);
  if (!present) throw new Error(`interface ${ifname} did not appear in namespace ${namespace}`);
  for (const a of addresses) {
    await runCommand('ip', ['-n', namespace, 'addr', 'replace', a, 'dev', ifname, ...(a.includes(':') ? ['nodad'] : [])]);
  }
  await runCommand('ip', ['-n', namespace, 'link', 'set', ifname, 'up']);
}

/** Starts a detached process and returns its PID (for lab helpers that outlive the CLI call). */
export function spawnDetached(file: string, args: string[], logFile?: string): number {
  const child = spawn(file, args, { detached: true, stdio: 'ignore', env: { ...process.env, VBRD_LAB_LOG: logFile ?? '' } });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  return child.pid;
}
