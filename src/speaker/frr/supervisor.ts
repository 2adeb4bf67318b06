// Runs FRR's daemons without systemd or watchfrr: zebra (with -n, namespace-backed VRFs), bfdd, bgpd, each
// inside the provider mount namespace and the provider's own "host" network namespace (so nothing binds in
// the machine's root namespace). PID files in the run dir let a restarted vbrd adopt running daemons; a
// watch loop restarts a daemon that died. Only processes this supervisor started or adopted from its own
// PID files are ever signalled.
import { mkdir, rm, chown, stat } from 'node:fs/promises';
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
  /** Network namespace the daemons' default VRF lives in; created if missing, removed by stop(). */
  hostNamespace: string;
  /** zebra first: the others connect to its zserv.api. staticd is not needed for connected peers. */
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
  private createdHostNamespace = false;
  private frrUid = -1;
  private frrGid = -1;
  /** Restarts per daemon, for callers that want to know bgpd lost its configuration. */
  readonly restarts = new Map<FrrDaemon, number>();

  constructor(private readonly options: FrrSupervisorOptions) {
    this.daemons = options.daemons ?? ['zebra', 'bfdd', 'bgpd'];
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
    if (!(await tryCommand('ip', ['netns', 'exec', this.options.hostNamespace, 'true']))) {
      await runCommand('ip', ['netns', 'add', this.options.hostNamespace]);
      this.createdHostNamespace = true;
    }
    await runCommand('ip', ['-n', this.options.hostNamespace, 'link', 'set', 'lo', 'up']);
    await this.mountNamespace.start();
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

  /** Stops the daemons (by the PIDs it holds), the mount namespace holder, and the host namespace it made. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = null;
    await this.watching;
    for (const daemon of [...this.daemons].reverse()) {
      const pid = this.pids.get(daemon) ?? (await readPidFile(this.pidFile(daemon))) ?? undefined;
      if (pid === undefined || !(await isRunning(pid, daemon))) continue;
      signal(pid, 'SIGTERM');
      if (!(await waitUntil(async () => !(await isRunning(pid, daemon)), 3000))) signal(pid, 'SIGKILL');
    }
    this.pids.clear();
    await this.mountNamespace.stop();
    if (this.createdHostNamespace) await tryCommand('ip', ['netns', 'del', this.options.hostNamespace]);
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
      this.pids.set(daemon, fromFile);
      return fromFile;
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

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
