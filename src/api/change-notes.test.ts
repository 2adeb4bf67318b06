import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noteChanges, type Changes } from './change-notes.js';
import type { ResourceRecord } from '../store/record.js';
import type { StoreTx } from '../store/store.js';

const rec = (id: string, vbrId: string | null, dueAt: number | null): ResourceRecord => ({
  id,
  kind: vbrId ? 'BgpPeer' : 'PhysicalConnection',
  accountId: 'a',
  regionId: 'r',
  parentId: null,
  vbrId,
  status: 'Pending',
  dueAt,
  data: {},
});

test('every write is passed on, and what it touches is noted: VBRs, and the earliest due time', async () => {
  const writes: string[] = [];
  const tx = {
    insert: async (r: ResourceRecord) => void writes.push(`insert ${r.id}`),
    update: async (r: ResourceRecord) => void writes.push(`update ${r.id}`),
    delete: async (r: Pick<ResourceRecord, 'id'>) => void writes.push(`delete ${r.id}`),
  } as unknown as StoreTx;
  const changes: Changes = { vbrIds: new Set() };
  const noted = noteChanges(tx, changes);
  await noted.insert(rec('c1', null, 5000));
  await noted.update(rec('p1', 'vbr-1', null));
  await noted.update(rec('c2', null, 3000));
  await noted.insert(rec('c3', null, 4000));
  await noted.delete(rec('p2', 'vbr-2', null));
  assert.deepEqual(writes, ['insert c1', 'update p1', 'update c2', 'insert c3', 'delete p2']);
  assert.deepEqual([...changes.vbrIds], ['vbr-1', 'vbr-2']);
  assert.equal(changes.dueAt, 3000);
});
