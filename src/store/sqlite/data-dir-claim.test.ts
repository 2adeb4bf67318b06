import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimDataDir, DataDirInUseError } from './data-dir-claim.js';
import { SqliteEngine } from './engine.js';

const freshDir = () => mkdtempSync(join(tmpdir(), 'vbrd-claim-'));

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
});

test('a directory another running process holds is refused, naming that process', async () => {
  const dir = freshDir();
  const other = spawn('sleep', ['30'], { stdio: 'ignore' });
  try {
    writeFileSync(join(dir, 'vbrd.pid'), `${other.pid}\n`);
    assert.throws(() => claimDataDir(dir), (e: Error) => e instanceof DataDirInUseError && e.message.includes(`in use by process ${other.pid}`));
  } finally {
    other.kill('SIGKILL');
  }
});

test('a pid file left by a process that is gone, or unreadable, is taken over', () => {
  for (const content of [`${spawnSync('true').pid}\n`, 'not a pid\n', '']) {
    const dir = freshDir();
    writeFileSync(join(dir, 'vbrd.pid'), content);
    const release = claimDataDir(dir);
    assert.equal(readFileSync(join(dir, 'vbrd.pid'), 'utf8'), `${process.pid}\n`);
    release();
  }
});

test('a directory whose database cannot be opened is not left claimed', () => {
  const dir = freshDir();
  writeFileSync(join(dir, 'vbrd.db'), 'not a database, but long enough to be read as a header of one. '.repeat(4));
  assert.throws(() => new SqliteEngine({ dir }), /not a database/);
  assert.ok(!existsSync(join(dir, 'vbrd.pid')));
});
