// The data directory holds the database (BGP AuthKeys, sealed AccessKey secrets, the audit trail) and
// the sealing key: it is made private to the user vbrd runs as, directory 0700 and files 0600. vbrd's
// own directory or file found with looser modes is tightened rather than refused, so an upgrade from a
// version that made them 0755/0644 needs nothing done. A looser directory that looks shared (`--data
// /tmp`, a home directory) is refused, not changed under its other users, and so is one vbrd may not change.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export class PrivateFileError extends Error {}

const enforced = process.platform !== 'win32';

/**
 * Whether a directory may be taken as vbrd's own data directory and tightened: owned by this user, not
 * shared (sticky or writable by all, as /tmp is) and holding files only (a seed file beside the database
 * is common; subdirectories are what a home or system directory has, and what vbrd never makes).
 */
function isOwnDataDir(dir: string): boolean {
  const st = statSync(dir);
  if (process.geteuid && st.uid !== process.geteuid()) return false;
  if ((st.mode & 0o1002) !== 0) return false;
  return readdirSync(dir, { withFileTypes: true }).every((e) => !e.isDirectory());
}

function tighten(path: string, mode: number, isOwn = () => true): void {
  const found = statSync(path).mode & 0o777;
  if ((found & ~mode) === 0) return;
  if (!isOwn()) {
    throw new PrivateFileError(
      `data directory ${path} is open to other users (mode ${found.toString(8)}) and looks shared (another owner, ` +
        `sticky or writable by all, or holding directories): give vbrd a directory of its own, or run chmod 700 ${path}`,
    );
  }
  try {
    chmodSync(path, found & mode);
  } catch (e) {
    throw new PrivateFileError(
      `${path} is open to other users (mode ${found.toString(8)}) and vbrd cannot change that (${(e as NodeJS.ErrnoException).code}): ` +
        `run chmod ${(found & mode).toString(8)} ${path} as its owner`,
    );
  }
}

/**
 * Makes dir (and its parents, as mkdir -p does) with mode 0700, or tightens an existing one that is
 * vbrd's own to that; refuses one open to others that looks shared.
 */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (enforced) tighten(dir, PRIVATE_DIR_MODE, () => isOwnDataDir(dir));
}

/**
 * Makes file empty with mode 0600 unless it exists, and tightens it to 0600 if it does. SQLite gives a
 * database's -wal and -shm files the database file's mode, so creating vbrd.db this way covers them.
 */
export function privateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  if (enforced) tighten(file, PRIVATE_FILE_MODE);
}

/** Tightens file to 0600 if it exists (a database's -wal and -shm left by an earlier run). */
export function privateIfPresent(file: string): void {
  if (enforced && existsSync(file)) tighten(file, PRIVATE_FILE_MODE);
}
