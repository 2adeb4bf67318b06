import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimDataDir } from './data-dir-claim.js';
import { DataDirInUseError } from './data-dir-in-use-error.js';
import { SqliteEngine } from './engine.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'vbrd-claim-'));

/** Another process that claims dir and holds it until killed. */
async function otherHolder(dir: string) {
  const module = new URL('./data-dir-claim.js', import.meta.url).href;
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(module)}); m.claimDataDir(${JSON.stringify(dir)}); console.log('held'); setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited (${code})`)));
  });
  return child;
}

test('a claim writes this pid; claims of one process nest (however the path is spelled), and the last release removes the file', () => {
  const dir = freshDir();
  const file = join(dir, 'vbrd.pid');
  const first = claimDataDir(dir);
  assert.equal(readFileSync(file, 'utf8'), `${process.pid}\n`);
  const second = claimDataDir(`${dir}/./`);
  first();
  first();
  assert.ok(existsSync(file), 'still held by the second claim');
  second();
  assert.ok(!existsSync(file));
  claimDataDir(dir)();
});

test('a directory another process holds is refused, naming that process, and is free once that process is killed', async () => {
  const dir = freshDir();
  const other = await otherHolder(dir);
  try {
    assert.throws(
      () => claimDataDir(dir),
      (e: Error) =>
        e instanceof DataDirInUseError && e.message === `data directory ${dir} is in use by another vbrd (process ${other.pid})`,
    );
  } finally {
    other.kill('SIGKILL');
    await new Promise((r) => other.once('exit', r));
  }
  // Killed without a chance to clean up: its pid file is still there, its lock is not.
  assert.equal(readFileSync(join(dir, 'vbrd.pid'), 'utf8'), `${other.pid}\n`);
  const release = claimDataDir(dir);
  assert.equal(readFileSync(join(dir, 'vbrd.pid'), 'utf8'), `${process.pid}\n`);
  release();
});

test('a pid file alone, with no process holding the lock, does not stop a claim', () => {
  const dir = freshDir();
  writeFileSync(join(dir, 'vbrd.pid'), `${process.ppid}\n`);
  claimDataDir(dir)();
});

test('a directory whose database cannot be opened is not left claimed', () => {
  const dir = freshDir();
  writeFileSync(join(dir, 'vbrd.db'), 'not a database, but long enough to be read as a header of one. '.repeat(4));
  assert.throws(() => new SqliteEngine({ dir }), /not a database/);
  assert.ok(!existsSync(join(dir, 'vbrd.pid')));
});
