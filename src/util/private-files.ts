// The data directory holds the database (BGP AuthKeys, sealed AccessKey secrets, the audit trail) and
// the sealing key: it is made private to the user vbrd runs as, directory 0700 and files 0600. vbrd's
// own directory or file found with looser modes is tightened rather than refused, so an upgrade from a
// version that made them 0755/0644 needs nothing done. A looser directory that holds other things
// (`--data /tmp`) is refused, not changed under its other users, and so is one vbrd may not change.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export class PrivateFileError extends Error {}

const enforced = process.platform !== 'win32';

/** The files whose presence makes a directory vbrd's own (the database, its claim, the sealing key). */
const OWN_FILES = /^(vbrd\.(db|db-wal|db-shm|lock|pid)|secret\.key)$/;

function tighten(path: string, mode: number, isOwn = true): void {
  const found = statSync(path).mode & 0o777;
  if ((found & ~mode) === 0) return;
  if (!isOwn) {
    throw new PrivateFileError(
      `data directory ${path} is open to other users (mode ${found.toString(8)}) and holds more than vbrd's files: ` +
        `give vbrd a directory of its own, or run chmod 700 ${path}`,
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
 * empty or holds only vbrd's files to that; refuses one open to others that holds anything else.
 */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (enforced)
    tighten(
      dir,
      PRIVATE_DIR_MODE,
      readdirSync(dir).every((f) => OWN_FILES.test(f)),
    );
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
