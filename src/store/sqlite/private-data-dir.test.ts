import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../open.js';
import { recordIndexing } from '../../domain/record-indexing.js';
import { PrivateFileError } from '../../util/private-files.js';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Every entry of dir and its mode, as octal strings. */
function modes(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, modeOf(join(dir, f))]));
}

let written = 0;

async function writeSomething(dir: string): Promise<Record<string, string>> {
  const store = await openStore({ indexing: recordIndexing, dataDir: dir });
  try {
    await store.transaction([], async (tx) => {
      await tx.insert({
        id: `x-${++written}`,
        kind: 'RamUser',
        accountId: '1',
        regionId: 'r',
        parentId: null,
        vbrId: null,
        status: 'Available',
        dueAt: null,
        data: {},
      });
    });
    return modes(dir); // while open: the WAL, its index and the claim files exist now
  } finally {
    await store.close();
  }
}

test(
  'a new data directory is 0700 and the database, its -wal and -shm and the claim files are 0600',
  { skip: process.platform === 'win32' },
  async () => {
    const prev = process.umask(0o022); // the usual umask, which used to leave them 0755 and 0644
    try {
      const dir = join(mkdtempSync(join(tmpdir(), 'vbrd-private-')), 'data');
      const files = await writeSomething(dir);
      assert.equal(modeOf(dir), '700');
      assert.deepEqual(files, { 'vbrd.db': '600', 'vbrd.db-wal': '600', 'vbrd.db-shm': '600', 'vbrd.lock': '600', 'vbrd.pid': '600' });
    } finally {
      process.umask(prev);
    }
  },
);

test("an existing data directory of vbrd's with looser modes is tightened", { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-private-'));
  await writeSomething(dir);
  chmodSync(dir, 0o755);
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
  writeFileSync(join(dir, 'vbrd.db-shm'), '', { flag: 'a', mode: 0o666 });
  chmodSync(join(dir, 'vbrd.db-shm'), 0o666);
  const files = await writeSomething(dir);
  assert.equal(modeOf(dir), '700');
  for (const [f, mode] of Object.entries(files)) assert.equal(mode, '600', f);
});

test(
  'a data directory made 0755 with a seed file beside the database is tightened too',
  { skip: process.platform === 'win32' },
  async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'vbrd-private-')), 'data');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'seed.yaml'), 'quotas: {}\n');
    await writeSomething(dir);
    assert.equal(modeOf(dir), '700');
    assert.equal(modeOf(join(dir, 'seed.yaml')), '644', 'vbrd leaves files that are not its own as they are');
  },
);

test(
  'a directory open to others that looks shared (/tmp-like, or holding directories) is refused, not changed',
  { skip: process.platform === 'win32' },
  async () => {
    for (const [mode, entries] of [
      [0o1777, []],
      [0o755, ['projects']],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'vbrd-private-'));
      for (const e of entries) mkdirSync(join(dir, e));
      chmodSync(dir, mode);
      await assert.rejects(
        openStore({ indexing: recordIndexing, dataDir: dir }),
        (e: Error) => e instanceof PrivateFileError && /is open to other users \(mode \d+\) and looks shared.*chmod 700/.test(e.message),
        mode.toString(8),
      );
      assert.equal((statSync(dir).mode & 0o7777).toString(8), mode.toString(8));
      assert.deepEqual(readdirSync(dir), entries, 'nothing written into it');
    }
  },
);
