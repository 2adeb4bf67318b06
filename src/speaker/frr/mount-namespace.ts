// The provider's private mount namespace. `zebra -n` turns every entry of /run/netns into a VRF, and bfdd
// then binds its UDP ports in each of them - including customer namespaces and other tests' namespaces,
// where it would steal their BFD packets. So FRR runs in a mount namespace whose /run/netns is a private
// tmpfs listing only the VBR namespaces this speaker exposes. A `sleep` process holds the namespace open;
// its PID file lets a restarted vbrd adopt it.
//
// zebra learns of a new /run/netns entry through inotify (IN_CREATE) and checks it at once; an entry that
// is not yet a namespace (an empty file before its bind mount) is only looked at again a second later.
// So each namespace is bound onto a file in BOUND_DIR first and then published in /run/netns as a
// symlink to it: zebra's first look (it resolves the link with realpath) already finds the namespace.
import { spawn } from 'node:child_process';
import { lstat, readFile, readdir, rm, writeFile, mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './run-command.js';
import { isRunning, readPidFile, signal, waitUntil } from './process-info.js';

/** Inside the private /run/netns; zebra skips directories when it scans /run/netns at start. */
const BOUND_DIR = '.vbrd-bound';

export class ProviderMountNamespace {
  private holderPid: number | null = null;

  constructor(private readonly pidFile: string) {}

  get pid(): number {
    if (this.holderPid === null) throw new Error('provider mount namespace is not started');
    return this.holderPid;
  }

  /** Adopts a live holder from the PID file, or starts a new one. */
  async start(): Promise<void> {
    const existing = await readPidFile(this.pidFile);
    if (existing !== null && (await isRunning(existing, 'sleep'))) {
      this.holderPid = existing;
      return;
    }
    await mkdir('/run/netns', { recursive: true });
    const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sleep', 'infinity'], {
      detached: true,
      stdio: 'ignore',
    });
    child.unref();
    const pid = child.pid;
    if (pid === undefined) throw new Error('could not start unshare for the provider mount namespace');
    // unshare execs sleep in place once the namespace exists; wait for that before using it
    if (!(await waitUntil(() => isRunning(pid, 'sleep'), 5000))) {
      signal(pid, 'SIGKILL');
      throw new Error('unshare --mount did not start (is util-linux installed and are we root?)');
    }
    await runCommand('nsenter', ['-t', String(pid), '-m', 'mount', '-t', 'tmpfs', '-o', 'size=1m,mode=755', 'vbrd-netns', '/run/netns']);
    this.holderPid = pid;
    await mkdir(join(this.netnsDir(), BOUND_DIR)); // before zebra starts, so its inotify never sees it
    await writeFile(this.pidFile, `${pid}\n`);
  }

  /** Names visible to FRR in its /run/netns. */
  async list(): Promise<string[]> {
    return (await readdir(this.netnsDir()).catch(() => [])).filter((n) => n !== BOUND_DIR);
  }

  async isExposed(name: string): Promise<boolean> {
    const mounts = await this.mountPoints();
    if (mounts.has(`/run/netns/${name}`)) return true; // bound in place by an earlier vbrd
    return mounts.has(`/run/netns/${BOUND_DIR}/${name}`) && (await isSymlink(join(this.netnsDir(), name)));
  }

  /** Makes host namespace /run/netns/<name> visible to FRR (zebra then creates VRF <name>). */
  async expose(name: string): Promise<void> {
    const mounts = await this.mountPoints();
    if (mounts.has(`/run/netns/${name}`)) return;
    const entry = join(this.netnsDir(), name);
    if (!mounts.has(`/run/netns/${BOUND_DIR}/${name}`)) {
      // A link without its bound file points at nothing; drop it so zebra sees a fresh IN_CREATE later.
      await rm(entry, { force: true });
      await mkdir(join(this.netnsDir(), BOUND_DIR), { recursive: true }); // a holder from an earlier vbrd
      await writeFile(join(this.netnsDir(), BOUND_DIR, name), '');
      // Enter the target netns via the host path, then bind our own /proc/self/ns/net: binding the host
      // path directly would fail for namespaces created after the holder (private propagation).
      await runCommand('nsenter', [
        `--net=/run/netns/${name}`,
        '-t',
        String(this.pid),
        '-m',
        'mount',
        '--bind',
        '/proc/self/ns/net',
        `/run/netns/${BOUND_DIR}/${name}`,
      ]);
    }
    if (!(await isSymlink(entry))) {
      await rm(entry, { force: true });
      await symlink(`${BOUND_DIR}/${name}`, entry);
    }
  }

  async hide(name: string): Promise<void> {
    // The /run/netns entry goes first: zebra deletes the VRF on its IN_DELETE.
    const mounts = await this.mountPoints();
    if (mounts.has(`/run/netns/${name}`)) {
      await runCommand('nsenter', ['-t', String(this.pid), '-m', 'umount', '-l', `/run/netns/${name}`]);
    }
    await rm(join(this.netnsDir(), name), { force: true });
    if (mounts.has(`/run/netns/${BOUND_DIR}/${name}`)) {
      await runCommand('nsenter', ['-t', String(this.pid), '-m', 'umount', '-l', `/run/netns/${BOUND_DIR}/${name}`]);
    }
    await rm(join(this.netnsDir(), BOUND_DIR, name), { force: true });
  }

  /** Ends the holder; the namespace disappears once the FRR daemons in it have exited too. */
  async stop(): Promise<void> {
    if (this.holderPid !== null && (await isRunning(this.holderPid, 'sleep'))) signal(this.holderPid, 'SIGTERM');
    this.holderPid = null;
    await rm(this.pidFile, { force: true });
  }

  private netnsDir(): string {
    return `/proc/${this.pid}/root/run/netns`;
  }

  /** Mount points of the provider mount namespace (field 5 of mountinfo). */
  private async mountPoints(): Promise<Set<string>> {
    const mountinfo = await readFile(`/proc/${this.pid}/mountinfo`, 'utf8');
    return new Set(mountinfo.split('\n').map((line) => line.split(' ')[4] ?? ''));
  }
}

async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}
