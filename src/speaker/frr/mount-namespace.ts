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
//
// A new mount namespace starts as a copy of the host's, with a copy of every named network namespace's
// bind mount (/run/netns/<name>) - the VBR namespaces a graceful stop kept among them. The tmpfs hides
// those copies from zebra, but /proc/<pid>/mountinfo still lists them, and each pins its network namespace
// for as long as the holder lives. Taking them for "exposed" once left a restarted vbrd with VRFs that
// zebra never saw (vrf-id -1, sessions Idle for ever) and a removal whose `umount` found nothing (exit
// 32). So a new holder first detaches every inherited namespace mount, and only mounts stacked on our own
// tmpfs count, each for the namespace it actually binds (compared by inode with the host's entry).
import { spawn } from 'node:child_process';
import { lstat, readFile, readdir, rm, writeFile, mkdir, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand, tryCommand } from './run-command.js';
import { isRunning, readPidFile, signal, waitUntil } from './process-info.js';

/** Inside the private /run/netns; zebra skips directories when it scans /run/netns at start. */
const BOUND_DIR = '.vbrd-bound';
/** The source name of our tmpfs, to tell it from whatever else is mounted at /run/netns. */
const TMPFS_SOURCE = 'vbrd-netns';

/** One line of /proc/<pid>/mountinfo (proc(5)), the fields used here. */
export interface MountEntry {
  id: number;
  parent: number;
  /** For an nsfs mount, the namespace it binds: `net:[<inode>]`. */
  root: string;
  mountPoint: string;
  fsType: string;
  source: string;
}

export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const f = line.split(' ');
    const dash = f.indexOf('-', 6);
    if (f.length < 7 || dash < 0) continue;
    out.push({
      id: Number(f[0]),
      parent: Number(f[1]),
      root: unescapeMountField(f[3]!),
      mountPoint: unescapeMountField(f[4]!),
      fsType: f[dash + 1] ?? '',
      source: unescapeMountField(f[dash + 2] ?? ''),
    });
  }
  return out;
}

/** mountinfo writes space, tab, newline and backslash as octal escapes. */
function unescapeMountField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/**
 * The mounts zebra can see under /run/netns: those stacked on our tmpfs (the topmost one at /run/netns),
 * by mount point, the topmost of each. Empty when no tmpfs of ours is mounted there.
 */
export function visibleNetnsMounts(entries: readonly MountEntry[]): Map<string, MountEntry> {
  const tmpfs = entries.filter((e) => e.mountPoint === '/run/netns' && e.fsType === 'tmpfs' && e.source === TMPFS_SOURCE).at(-1);
  const visible = new Map<string, MountEntry>();
  if (!tmpfs) return visible;
  const onTop = new Set([tmpfs.id]);
  for (const e of entries) {
    if (!onTop.has(e.parent) || !e.mountPoint.startsWith('/run/netns/')) continue;
    onTop.add(e.id);
    visible.set(e.mountPoint, e);
  }
  return visible;
}

/** What an nsfs mount of the host's named namespace shows as its root in mountinfo, or null without one. */
async function hostNamespaceRoot(name: string): Promise<string | null> {
  try {
    return `net:[${(await stat(`/run/netns/${name}`)).ino}]`;
  } catch {
    return null;
  }
}

export class ProviderMountNamespace {
  private holderPid: number | null = null;

  constructor(private readonly pidFile: string) {}

  get pid(): number {
    if (this.holderPid === null) throw new Error('provider mount namespace is not started');
    return this.holderPid;
  }

  /**
   * Adopts a live holder from the PID file (if its /run/netns is ours); else takes over the mount namespace
   * one of `running` (FRR daemons an earlier vbrd left) is in, if it is ours; else starts a new one.
   */
  async start(running: readonly number[] = []): Promise<void> {
    const existing = await readPidFile(this.pidFile);
    if (existing !== null && (await isRunning(existing, 'sleep'))) {
      if (await hasOurTmpfs(existing)) {
        this.holderPid = existing;
        return;
      }
      signal(existing, 'SIGKILL'); // ours (our PID file), but it died before its tmpfs was mounted
    }
    for (const pid of running) {
      if (!(await hasOurTmpfs(pid))) continue;
      // nsenter execs sleep in the daemon's mount namespace, which then has a holder again.
      this.holderPid = await startHolder('nsenter', ['-t', String(pid), '-m', 'sleep', 'infinity']);
      await writeFile(this.pidFile, `${this.holderPid}\n`);
      return;
    }
    await mkdir('/run/netns', { recursive: true });
    const pid = await startHolder('unshare', ['--mount', '--propagation', 'private', 'sleep', 'infinity']);
    try {
      await detachNamespaceMounts(pid);
      await runCommand('nsenter', ['-t', String(pid), '-m', 'mount', '-t', 'tmpfs', '-o', 'size=1m,mode=755', TMPFS_SOURCE, '/run/netns']);
    } catch (e) {
      signal(pid, 'SIGKILL');
      throw e;
    }
    this.holderPid = pid;
    await mkdir(join(this.netnsDir(), BOUND_DIR)); // before zebra starts, so its inotify never sees it
    await writeFile(this.pidFile, `${pid}\n`);
  }

  /** Names visible to FRR in its /run/netns. */
  async list(): Promise<string[]> {
    return (await readdir(this.netnsDir()).catch(() => [])).filter((n) => n !== BOUND_DIR);
  }

  async isExposed(name: string): Promise<boolean> {
    const root = await hostNamespaceRoot(name);
    const mounts = await this.visibleMounts();
    if (root !== null && mounts.get(`/run/netns/${name}`)?.root === root) return true; // bound in place by an earlier vbrd
    return mounts.get(`/run/netns/${BOUND_DIR}/${name}`)?.root === root && root !== null && (await isSymlink(join(this.netnsDir(), name)));
  }

  /** Makes host namespace /run/netns/<name> visible to FRR (zebra then creates VRF <name>). */
  async expose(name: string): Promise<void> {
    const root = await hostNamespaceRoot(name);
    if (root === null) throw new Error(`namespace ${name} does not exist`);
    const mounts = await this.visibleMounts();
    const inPlace = mounts.get(`/run/netns/${name}`);
    if (inPlace?.root === root) return;
    const entry = join(this.netnsDir(), name);
    const boundPath = `/run/netns/${BOUND_DIR}/${name}`;
    const bound = mounts.get(boundPath);
    if (inPlace || bound?.root !== root) {
      // Nothing bound, or a namespace that was deleted and made again under this name: zebra must drop the
      // old VRF (IN_DELETE of the entry) before it sees the new one.
      await rm(entry, { force: true });
      if (inPlace) await this.unmount(`/run/netns/${name}`);
      if (bound) await this.unmount(boundPath);
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
        boundPath,
      ]);
    }
    if (!(await isSymlink(entry))) {
      await rm(entry, { force: true });
      await symlink(`${BOUND_DIR}/${name}`, entry);
    }
  }

  async hide(name: string): Promise<void> {
    // The /run/netns entry goes first: zebra deletes the VRF on its IN_DELETE.
    const mounts = await this.visibleMounts();
    if (mounts.has(`/run/netns/${name}`)) await this.unmount(`/run/netns/${name}`);
    await rm(join(this.netnsDir(), name), { force: true });
    if (mounts.has(`/run/netns/${BOUND_DIR}/${name}`)) await this.unmount(`/run/netns/${BOUND_DIR}/${name}`);
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

  private async visibleMounts(): Promise<Map<string, MountEntry>> {
    return visibleNetnsMounts(parseMountinfo(await readFile(`/proc/${this.pid}/mountinfo`, 'utf8')));
  }

  /** Lazily unmounts a visible mount; one that is gone by the time umount runs is fine too. */
  private async unmount(mountPoint: string): Promise<void> {
    try {
      await runCommand('nsenter', ['-t', String(this.pid), '-m', 'umount', '-l', mountPoint]);
    } catch (e) {
      if ((await this.visibleMounts()).has(mountPoint)) throw e;
    }
  }
}

/** Starts `file args…`, which execs `sleep` once it has entered or made the mount namespace; returns sleep's PID. */
async function startHolder(file: string, args: string[]): Promise<number> {
  const child = spawn(file, args, { detached: true, stdio: 'ignore' });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${file} for the provider mount namespace`);
  if (!(await waitUntil(() => isRunning(pid, 'sleep'), 5000))) {
    signal(pid, 'SIGKILL');
    throw new Error(`${file} did not start the provider mount namespace's holder (is util-linux installed and are we root?)`);
  }
  return pid;
}

async function hasOurTmpfs(pid: number): Promise<boolean> {
  const text = await readFile(`/proc/${pid}/mountinfo`, 'utf8').catch(() => '');
  return parseMountinfo(text).some((e) => e.mountPoint === '/run/netns' && e.fsType === 'tmpfs' && e.source === TMPFS_SOURCE);
}

/**
 * Detaches, inside a fresh copy of the host's mount namespace, every network namespace mount it inherited,
 * so the copy pins none of them. Deepest first; a mount that another detach already took along is fine.
 */
async function detachNamespaceMounts(pid: number): Promise<void> {
  const nsfs = async () =>
    parseMountinfo(await readFile(`/proc/${pid}/mountinfo`, 'utf8'))
      .filter((e) => e.fsType === 'nsfs')
      .map((e) => e.mountPoint);
  for (let pass = 0; pass < 3; pass++) {
    const points = await nsfs();
    if (points.length === 0) return;
    // One umount for all (it goes on past a failure), deepest first.
    await tryCommand('nsenter', ['-t', String(pid), '-m', 'umount', '-l', ...points.reverse()]);
  }
  const left = await nsfs();
  if (left.length > 0) throw new Error(`could not detach inherited namespace mounts in the provider mount namespace: ${left.join(', ')}`);
}

async function isSymlink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false;
  }
}
