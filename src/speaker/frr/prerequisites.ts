// What the FRR speaker (and the lab) need from the machine, checked up front so a missing piece is
// reported as one clear sentence instead of a failure deep inside a daemon start.
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './run-command.js';

export interface PrerequisiteResult {
  ok: boolean;
  /** Empty when ok; otherwise what is missing and how to get it. */
  reason: string;
}

export interface PrerequisiteOptions {
  frrBinDir?: string;
  /** The lab's customer router; the speaker alone does not need it. */
  needBird?: boolean;
}

export const DEFAULT_FRR_BIN_DIR = '/usr/lib/frr';
const INSTALL_HINT = 'apt-get install frr bird2';

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function onPath(name: string): Promise<boolean> {
  for (const dir of (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':')) {
    if (dir && (await executable(join(dir, name)))) return true;
  }
  return executable(join('/usr/sbin', name));
}

export async function frrAvailable(options: PrerequisiteOptions = {}): Promise<PrerequisiteResult> {
  const binDir = options.frrBinDir ?? DEFAULT_FRR_BIN_DIR;
  const missing: string[] = [];
  if (process.getuid?.() !== 0) {
    return { ok: false, reason: 'not running as root: network namespaces and FRR need root (run with sudo)' };
  }
  for (const daemon of ['zebra', 'bfdd', 'bgpd', 'staticd']) {
    if (!(await executable(join(binDir, daemon)))) missing.push(`${join(binDir, daemon)}`);
  }
  if (missing.length > 0) return { ok: false, reason: `FRR is not installed (missing ${missing.join(', ')}): ${INSTALL_HINT}` };
  if (options.needBird !== false && !(await onPath('bird'))) {
    return { ok: false, reason: `BIRD 2 is not installed (no 'bird' on PATH): ${INSTALL_HINT}` };
  }
  for (const tool of ['ip', 'nsenter', 'unshare']) {
    if (!(await onPath(tool))) return { ok: false, reason: `'${tool}' is missing: apt-get install iproute2 util-linux` };
  }
  try {
    await runCommand('ip', ['netns', 'list']);
  } catch (e) {
    return { ok: false, reason: `'ip netns' does not work here: ${(e as Error).message}` };
  }
  return { ok: true, reason: '' };
}
