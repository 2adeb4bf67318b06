// One process writes a SQLite data directory: the group commit, the claimed nonces and the resident
// copy of the resources all rely on no one else writing the file. DIR/vbrd.pid names that process
// while it runs. A file left behind by a process that is gone (a crash, kill -9) is taken over.
import { closeSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {}

/** Claims held by this process, per pid file: a process may open its own store more than once. */
const held = new Map<string, number>();

function isRunning(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claims dir for this process, or throws DataDirInUseError; returns the release. */
export function claimDataDir(dir: string): () => void {
  // One key however the directory is spelled, so that this process's own claims nest.
  const file = join(realpathSync(dir), 'vbrd.pid');
  if (!held.has(file)) {
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o644);
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        break;
      } catch (e) {
        // Two processes taking over the same stale file: the loser finds the winner's pid next time.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === 3) throw e;
      }
      let owner = NaN;
      try {
        owner = Number(readFileSync(file, 'utf8').trim());
      } catch { /* gone meanwhile: try again */ }
      if (owner !== process.pid && isRunning(owner)) {
        throw new DataDirInUseError(`data directory ${dir} is in use by process ${owner} (if no vbrd runs there, remove ${file})`);
      }
      try {
        unlinkSync(file);
      } catch { /* another process took it over first */ }
    }
  }
  held.set(file, (held.get(file) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = held.get(file)! - 1;
    if (n > 0) { held.set(file, n); return; }
    held.delete(file);
    try {
      unlinkSync(file);
    } catch { /* already removed */ }
  };
}
