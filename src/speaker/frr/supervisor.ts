// Runs FRR's daemons without systemd or watchfrr: zebra (with -n, namespace-backed VRFs), bfdd, bgpd, each
// inside the provider mount namespace and the provider's own "host" network namespace (so nothing binds in
// the machine's root namespace). PID files in the run dir let a restarted vbrd adopt running daemons; a
// watch loop restarts a daemon that died. Only processes this supervisor started or adopted from its own
// PID files are ever signalled.
import { mkdir, readlink, rm, chown, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand, tryCommand } from './run-command.js';
import { isRunning, readPidFile, signal, waitUntil } from './process-info.js';
import { ProviderMountNamespace } from './mount-namespace.js';
import { VtyClient } from './vty-client.js';

export type FrrDaemon = 'zebra' | 'bfdd' | 'bgpd' | 'staticd';

export interface FrrSupervisorOptions {
  /** PID files, vty sockets, zserv.api and logs. Kept short: unix socket paths are limited to 107 bytes. */
  runDir: string;
  frrBinDir: string;
  /** Network namespace the daemons' default VRF lives in; created if missing, removed by stop(). Ours alone. */
  hostNamespace: string;
  /** zebra first: the others connect to its zserv.api. staticd carries the route tables' static routes. */
  daemons?: FrrDaemon[];
  watchIntervalMs?: number;
  onRestart?: (daemon: FrrDaemon, pid: number) => void;
  log?: (message: string) => void;
}

const STARTUP_TIMEOUT_MS = 10_000;

export class FrrSupervisor {
  readonly mountNamespace: ProviderMountNamespace;
  private readonly daemons: FrrDaemon[];
  private readonly pids = new Map<FrrDaemon, number>();
  private watchTimer: NodeJS.Timeout | null = null;
  private watching: Promise<void> | null = null;
  private stopping = false;
  private frrUid = -1;
  private frrGid = -1;
  /** Restarts per daemon, for callers that want to know bgpd lost its configuration. */
  readonly restarts = new Map<FrrDaemon, number>();

  constructor(private readonly options: FrrSupervisorOptions) {
    this.daemons = options.daemons ?? ['zebra', 'bfdd', 'bgpd', 'staticd'];
    this.mountNamespace = new ProviderMountNamespace(join(options.runDir, 'mntns-holder.pid'));
  }

  socketPath(daemon: FrrDaemon): string {
    return join(this.options.runDir, `${daemon}.vty`);
  }

  pidOf(daemon: FrrDaemon): number | undefined {
    return this.pids.get(daemon);
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.prepareRunDir();
    // Daemons an earlier vbrd left running keep their sessions: when their host namespace's name or their
    // mount namespace's holder is gone, both are taken over from them rather than made anew.
    const left = await this.daemonsLeftRunning();
    if (!(await tryCommand('ip', ['netns', 'exec', this.options.hostNamespace, 'true']))) {
      if (!(left.length > 0 && (await this.renameTheirNetworkNamespace(left[0]!)))) {
        await runCommand('ip', ['netns', 'add', this.options.hostNamespace]);
      }
    }
    await runCommand('ip', ['-n', this.options.hostNamespace, 'link', 'set', 'lo', 'up']);
    await this.mountNamespace.start(left);
    for (const daemon of this.daemons) await this.ensureRunning(daemon);
    const interval = this.options.watchIntervalMs ?? 500;
    if (interval > 0) {
      this.watchTimer = setInterval(() => {
        if (this.watching) return;
        this.watching = this.checkDaemons().finally(() => {
          this.watching = null;
        });
      }, interval);
      this.watchTimer.unref();
    }
  }

  /** One pass of the watch loop: restarts any daemon that is no longer running. Exposed for tests. */
  async checkDaemons(): Promise<void> {
    for (const daemon of this.daemons) {
      if (this.stopping) return;
      const pid = this.pids.get(daemon);
      if (pid !== undefined && (await isRunning(pid, daemon))) continue;
      this.options.log?.(`frr: ${daemon} (pid ${pid ?? '?'}) is not running; restarting it`);
      try {
        const newPid = await this.ensureRunning(daemon);
        this.restarts.set(daemon, (this.restarts.get(daemon) ?? 0) + 1);
        this.options.onRestart?.(daemon, newPid);
      } catch (e) {
        this.options.log?.(`frr: restarting ${daemon} failed: ${(e as Error).message}`);
      }
    }
  }

  /**
   * Stops the daemons (by the PIDs it holds), the mount namespace holder and the host namespace, and removes
   * their PID files and sockets: nothing of a stopped speaker is left but the VBR namespaces and the logs.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
    await this.watching;
    for (const daemon of [...this.daemons].reverse()) {
      const pid = this.pids.get(daemon) ?? (await readPidFile(this.pidFile(daemon))) ?? undefined;
      if (pid === undefined || !(await isRunning(pid, daemon))) continue;
      // zebra 8.4 in netns mode dies of SIGSEGV at the end of every stop once a namespace VRF has existed
      // (a use-after-free in its termination, after it has removed its routes): harmless, and not ours.
      await stopProcess(pid, daemon);
    }
    this.pids.clear();
    await this.mountNamespace.stop();
    // Only these daemons ever ran in it (its name carries our prefix), adopted or not.
    await tryCommand('ip', ['netns', 'del', this.options.hostNamespace]);
    await this.removeRuntimeFiles();
  }

  /** The daemons' PID files and sockets, once the processes are gone (FRR leaves them behind). */
  private async removeRuntimeFiles(): Promise<void> {
    const files = ['zserv.api', 'bfdd.sock', ...this.daemons.flatMap((d) => [`${d}.pid`, `${d}.vty`])];
    await Promise.all(files.map((f) => rm(join(this.options.runDir, f), { force: true })));
  }

  private pidFile(daemon: FrrDaemon): string {
    return join(this.options.runDir, `${daemon}.pid`);
  }

  private async prepareRunDir(): Promise<void> {
    await mkdir(this.options.runDir, { recursive: true, mode: 0o755 });
    // The daemons drop to user frr and must create their sockets and PID files here.
    const { stdout } = await runCommand('id', ['-u', 'frr']).catch(() => ({ stdout: '' }));
    if (stdout.trim() === '') throw new Error('user "frr" does not exist: apt-get install frr');
    this.frrUid = Number(stdout.trim());
    this.frrGid = Number((await runCommand('id', ['-g', 'frr'])).stdout.trim());
    await chown(this.options.runDir, this.frrUid, this.frrGid);
  }

  /** Adopts the daemon from its PID file if it runs, else starts it; resolves once its vty answers. */
  private async ensureRunning(daemon: FrrDaemon): Promise<number> {
    const fromFile = await readPidFile(this.pidFile(daemon));
    if (fromFile !== null && (await isRunning(fromFile, daemon))) {
      if (await this.inOurNamespaces(fromFile)) {
        this.pids.set(daemon, fromFile);
        return fromFile;
      }
      // Left running in a mount or host namespace that is no longer ours (its holder or vbrd-host was
      // removed meanwhile): it would never see the VRFs exposed from now on.
      this.options.log?.(`frr: ${daemon} (pid ${fromFile}) runs outside the provider namespaces; restarting it`);
      await stopProcess(fromFile, daemon);
    }
    const run = this.options.runDir;
    await rm(this.pidFile(daemon), { force: true });
    await rm(this.socketPath(daemon), { force: true });
    const args = [
      '-t',
      String(this.mountNamespace.pid),
      '-m',
      `--net=/run/netns/${this.options.hostNamespace}`,
      join(this.options.frrBinDir, daemon),
      '-d',
      '-P',
      '0',
      '-f',
      '/dev/null',
      '--vty_socket',
      run,
      '-z',
      join(run, 'zserv.api'),
      '-i',
      this.pidFile(daemon),
      '--log',
      `file:${join(run, `${daemon}.log`)}`,
    ];
    if (daemon === 'zebra') args.push('-n');
    if (daemon === 'bfdd') args.push('--bfdctl', join(run, 'bfdd.sock'));
    // BMP (RFC 7854): bgpd tells vbrd of every session change the moment it happens (see bmp-collector.ts).
    if (daemon === 'bgpd') args.push('-M', 'bmp');
    await runCommand('nsenter', args);
    let pid: number | null = null;
    const started = await waitUntil(async () => {
      pid = await readPidFile(this.pidFile(daemon));
      return pid !== null && (await isRunning(pid, daemon)) && (await exists(this.socketPath(daemon)));
    }, STARTUP_TIMEOUT_MS);
    if (!started || pid === null) throw new Error(`${daemon} did not start within ${STARTUP_TIMEOUT_MS} ms (see ${run}/${daemon}.log)`);
    if (daemon === 'zebra' && !(await waitUntil(() => exists(join(run, 'zserv.api')), STARTUP_TIMEOUT_MS))) {
      throw new Error(`zebra did not open zserv.api (see ${run}/zebra.log)`);
    }
    await this.waitForVty(daemon);
    this.pids.set(daemon, pid);
    return pid;
  }

  /** PIDs of this run dir's daemons that still run, zebra first. */
  private async daemonsLeftRunning(): Promise<number[]> {
    const out: number[] = [];
    for (const daemon of this.daemons) {
      const pid = await readPidFile(this.pidFile(daemon));
      if (pid !== null && (await isRunning(pid, daemon))) out.push(pid);
    }
    return out;
  }

  /** Names the network namespace a left daemon runs in as the host namespace again (never the one vbrd runs in). */
  private async renameTheirNetworkNamespace(pid: number): Promise<boolean> {
    const [theirs, machine] = await Promise.all([
      readlink(`/proc/${pid}/ns/net`).catch(() => ''),
      readlink('/proc/self/ns/net').catch(() => ''),
    ]);
    if (theirs === '' || theirs === machine) return false;
    if (!(await tryCommand('ip', ['netns', 'attach', this.options.hostNamespace, String(pid)]))) return false;
    this.options.log?.(`frr: ${this.options.hostNamespace} was gone; named the namespace its running daemons use again`);
    return true;
  }

  /** Whether a daemon runs in the holder's mount namespace and in the host network namespace. */
  private async inOurNamespaces(pid: number): Promise<boolean> {
    try {
      const [mnt, holderMnt, net, host] = await Promise.all([
        readlink(`/proc/${pid}/ns/mnt`),
        readlink(`/proc/${this.mountNamespace.pid}/ns/mnt`),
        readlink(`/proc/${pid}/ns/net`),
        stat(`/run/netns/${this.options.hostNamespace}`),
      ]);
      return mnt === holderMnt && net === `net:[${host.ino}]`;
    } catch {
      return false;
    }
  }

  private async waitForVty(daemon: FrrDaemon): Promise<void> {
    const ok = await waitUntil(
      async () => {
        const vty = new VtyClient(this.socketPath(daemon), { commandTimeoutMs: 2000 });
        try {
          return (await vty.exec('show version')).status === 0;
        } catch {
          return false;
        } finally {
          vty.close();
        }
      },
      STARTUP_TIMEOUT_MS,
      50,
    );
    if (!ok) throw new Error(`${daemon} vty did not answer (see ${this.options.runDir}/${daemon}.log)`);
  }
}

/** SIGTERM, then SIGKILL if it has not exited within 3 s. */
async function stopProcess(pid: number, executable: string): Promise<void> {
  signal(pid, 'SIGTERM');
  if (!(await waitUntil(async () => !(await isRunning(pid, executable)), 3000))) signal(pid, 'SIGKILL');
  await waitUntil(async () => !(await isRunning(pid, executable)), 1000);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
