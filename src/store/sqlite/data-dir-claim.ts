// One process writes a SQLite data directory: the group commit, the claimed nonces and the resident
// copy of the resources all rely on no one else writing the file. The claim is an exclusive SQLite
// lock on DIR/vbrd.lock, held for as long as the process keeps the store open: the kernel drops it
// when the process ends however it ends, so nothing stale is left behind, and it holds across
// containers that share the directory, where process ids would not tell processes apart.
// DIR/vbrd.pid only names the holder, for the message another process gets.
import Database from 'better-sqlite3';
import { readFileSync, realpathSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataDirInUseError } from './data-dir-in-use-error.js';
import { PRIVATE_FILE_MODE, privateFile, privateIfPresent } from '../../util/private-files.js';

/** This process's claims, per directory: a process may open its own store more than once. */
const held = new Map<string, { lock: Database.Database; count: number }>();

function holder(pidFile: string): string {
  try {
    const pid = readFileSync(pidFile, 'utf8').trim();
    return /^\d+$/.test(pid) ? `process ${pid}` : 'another process';
  } catch {
    return 'another process';
  }
}

/** Claims dir for this process, or throws DataDirInUseError; returns the release. */
export function claimDataDir(dir: string): () => void {
  // One key however the directory is spelled, so that this process's own claims nest.
  const real = realpathSync(dir);
  const pidFile = join(real, 'vbrd.pid');
  let claim = held.get(real);
  if (!claim) {
    privateFile(join(real, 'vbrd.lock'));
    const lock = new Database(join(real, 'vbrd.lock'), { timeout: 0 });
    try {
      // In exclusive locking mode SQLite keeps the lock of the first write transaction until the
      // connection closes; this one is never committed, and writes nothing that needs a journal.
      lock.pragma('journal_mode = MEMORY');
      lock.pragma('locking_mode = EXCLUSIVE');
      lock.exec('BEGIN EXCLUSIVE');
    } catch (e) {
      lock.close();
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
      throw new DataDirInUseError(`data directory ${dir} is in use by another vbrd (${holder(pidFile)})`);
    }
    writeFileSync(pidFile, `${process.pid}\n`, { mode: PRIVATE_FILE_MODE });
    privateIfPresent(pidFile);
    held.set(real, (claim = { lock, count: 0 }));
  }
  claim.count++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--claim.count > 0) return;
    held.delete(real);
    try {
      unlinkSync(pidFile);
    } catch {
      /* already removed */
    }
    claim.lock.close();
  };
}
