// The resident copy against SQLite itself: the same answers to every query shape, the same view
// inside a batch of transactions, and records no reader can change. (The Store contract runs on the
// resident store through src/store/sqlite/engine.test.ts.)
import { test } from 'node:test';
import { lockKeys } from '../../domain/lock-keys.js';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../sql/migrate.js';
import { SqlStore } from '../sql/sql-store.js';
import { SqliteEngine } from '../sqlite/engine.js';
import type { ListQuery, ResourceKind, ResourceRecord } from '../record.js';
import type { StoreReader } from '../store.js';
import { RecordIndex, storedForm } from './record-index.js';
import { ResidentStore } from './resident-store.js';
import { recordIndexing } from '../../domain/record-indexing.js';

async function sqlStore(): Promise<SqlStore> {
  const engine = new SqliteEngine({ dir: mkdtempSync(join(tmpdir(), 'vbrd-resident-')) });
  await migrate(engine, recordIndexing);
  return new SqlStore(engine, recordIndexing);
}

/** A small deterministic generator, so that a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

test('the resident index answers every query shape, and which VBRs hold records in which statuses, exactly as SQL does, through inserts, updates and deletes', async () => {
  const sql = await sqlStore();
  const index = new RecordIndex();
  const rand = rng(7);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const kinds: ResourceKind[] = ['BgpPeer', 'BgpGroup'];
  const accounts = ['a1', 'a2'];
  const regions = ['cn-hangzhou', 'cn-shanghai'];
  const vbrs = ['vbr-1', 'vbr-2', 'vbr-3'];
  const parents = ['g-1', 'g-2', 'g-3', 'g-4'];
  const statuses = ['Pending', 'Available', 'Deleting'];
  const live: ResourceRecord<unknown>[] = [];
  try {
    for (let round = 0; round < 30; round++) {
      await sql.transaction([], async (tx) => {
        for (let i = 0; i < 20; i++) {
          const roll = rand();
          if (roll < 0.6 || live.length === 0) {
            // Ids out of order too, as two requests of one millisecond may insert them.
            const r: ResourceRecord<unknown> = {
              id: `x-${String(Math.floor(rand() * 1e9)).padStart(9, '0')}-${round}-${i}`,
              kind: pick(kinds),
              accountId: pick(accounts),
              regionId: pick(regions),
              parentId: rand() < 0.2 ? null : pick(parents),
              vbrId: rand() < 0.2 ? null : pick(vbrs),
              status: pick(statuses),
              dueAt: rand() < 0.5 ? null : Math.floor(rand() * 1000),
              data: { n: i, list: [round, 'x'] },
            };
            await tx.insert(r);
            index.put(storedForm(r));
            live.push(r);
          } else if (roll < 0.8) {
            const at = Math.floor(rand() * live.length);
            const r = { ...live[at], status: pick(statuses), data: { changed: round } };
            await tx.update(r);
            index.put(storedForm(r));
            live[at] = r;
          } else {
            const [gone] = live.splice(Math.floor(rand() * live.length), 1);
            await tx.delete(gone);
            index.remove(gone.id);
          }
        }
      });
      for (let qn = 0; qn < 40; qn++) {
        const q: ListQuery = { kind: pick(kinds) };
        if (rand() < 0.6) q.accountId = pick(accounts);
        if (rand() < 0.6) q.regionId = pick(regions);
        if (rand() < 0.4) q.vbrId = pick(vbrs);
        if (rand() < 0.3) q.parentId = pick(parents);
        if (rand() < 0.2) q.statuses = [pick(statuses), pick(statuses)];
        if (rand() < 0.15) q.ids = [pick(live).id, pick(live).id, 'x-missing'];
        if (rand() < 0.5) {
          q.limit = 1 + Math.floor(rand() * 5);
          q.offset = Math.floor(rand() * 8);
        }
        const want = await sql.list(q);
        const got = index.list(q)!;
        assert.deepEqual(got.items, want.items, JSON.stringify(q));
        // SQL leaves the total of a page past the end as the offset; the index always knows it.
        if (want.items.length > 0 || (q.offset ?? 0) === 0) assert.equal(got.total, want.total, JSON.stringify(q));
      }
      // The reconciler's look for VBRs with records in some statuses, counted in memory.
      const wanted: [ResourceKind[], string[]] = [kinds.filter(() => rand() < 0.6), statuses.filter(() => rand() < 0.6)];
      assert.deepEqual(index.vbrIdsWith(...wanted).sort(), (await sql.vbrIdsWith(...wanted)).sort(), JSON.stringify(wanted));
    }
    for (const r of live) assert.deepEqual(index.get(r.kind, r.id), await sql.get(r.kind, r.id));
  } finally {
    await sql.close();
  }
});

test('inside a batch, a transaction sees what the ones committing before it wrote; the copy only what committed', async () => {
  const store = await ResidentStore.open(await sqlStore());
  const peer = (id: string, data: Record<string, unknown> = {}): ResourceRecord<unknown> => ({
    id,
    kind: 'BgpPeer',
    accountId: 'a1',
    regionId: 'cn-hangzhou',
    parentId: 'g-1',
    vbrId: 'vbr-1',
    status: 'Pending',
    dueAt: null,
    data,
  });
  const scope = { kind: 'BgpPeer' as const, accountId: 'a1', regionId: 'cn-hangzhou', vbrId: 'vbr-1' };
  try {
    await store.transaction([], (tx) => tx.insert(peer('bgp-1', { n: 1 })));
    // One event-loop turn: one SQLite batch. Each reads the VBR's peers and the first peer, then writes.
    const seen = await Promise.allSettled([
      store.transaction([lockKeys.vbr('vbr-1')], async (tx) => {
        await tx.insert(peer('bgp-2'));
        await tx.update({ ...peer('bgp-1', { n: 2 }) });
        // Outside the transaction, in the middle of its batch: the last committed state.
        const outside = (await store.list(scope)).items.map((r) => [r.id, r.data]);
        return { inside: (await tx.list(scope)).items.map((r) => r.id), outside };
      }),
      store.transaction([lockKeys.vbr('vbr-1')], async (tx) => {
        await tx.insert(peer('bgp-3'));
        throw new Error('rolled back');
      }),
      store.transaction([lockKeys.vbr('vbr-1')], async (tx) => {
        const before = (await tx.list(scope)).items.map((r) => r.id);
        const first = await tx.get<{ n: number }>('BgpPeer', 'bgp-1');
        await tx.delete({ id: 'bgp-2', vbrId: null });
        return { before, n: first?.data.n, after: (await tx.list(scope)).total };
      }),
    ]);
    assert.deepEqual(
      seen.map((s) => (s.status === 'fulfilled' ? s.value : 'rejected')),
      [{ inside: ['bgp-1', 'bgp-2'], outside: [['bgp-1', { n: 1 }]] }, 'rejected', { before: ['bgp-1', 'bgp-2'], n: 2, after: 1 }],
    );
    assert.deepEqual(
      (await store.list(scope)).items.map((r) => [r.id, r.data]),
      [['bgp-1', { n: 2 }]],
    );
    assert.equal(await store.get('BgpPeer', 'bgp-3'), undefined, 'the rolled-back insert never reaches the copy');
  } finally {
    await store.close();
  }
});

test('under batches of racing transactions, some rolled back, every read inside one sees exactly what committed before it, and the copy ends as SQLite does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vbrd-resident-'));
  const engine = new SqliteEngine({ dir });
  await migrate(engine, recordIndexing);
  const store = await ResidentStore.open(new SqlStore(engine, recordIndexing));
  const rand = rng(11);
  const vbrs = ['vbr-1', 'vbr-2', 'vbr-3'];
  // What has committed so far, per VBR: peer id → its `n`. The engine runs transactions one at a time.
  const model = new Map<string, Map<string, number>>(vbrs.map((v) => [v, new Map()]));
  const scopeOf = (vbrId: string) => ({ kind: 'BgpPeer' as const, accountId: 'a1', regionId: 'r', vbrId });
  let next = 0;
  let mismatches = 0;
  const one = (i: number) => {
    const vbrId = vbrs[Math.floor(rand() * vbrs.length)];
    const fail = rand() < 0.25;
    const op = rand();
    return store
      .transaction([lockKeys.vbr(vbrId)], async (tx) => {
        const mine = model.get(vbrId)!;
        const seen = (await tx.list<{ n: number }>(scopeOf(vbrId))).items;
        if (JSON.stringify(seen.map((r) => [r.id, r.data.n])) !== JSON.stringify([...mine].sort(([a], [b]) => (a < b ? -1 : 1))))
          mismatches++;
        const after = new Map(mine);
        if (op < 0.5 || seen.length === 0) {
          const id = `bgp-${String(next++).padStart(6, '0')}`;
          await tx.insert({
            id,
            kind: 'BgpPeer',
            accountId: 'a1',
            regionId: 'r',
            parentId: `g-${vbrId}`,
            vbrId,
            status: 'Pending',
            dueAt: null,
            data: { n: i },
          });
          after.set(id, i);
        } else if (op < 0.8) {
          const victim = seen[Math.floor(rand() * seen.length)];
          const now = await tx.get<{ n: number }>('BgpPeer', victim.id);
          await tx.update({ ...now!, data: { n: now!.data.n + 1000 } });
          after.set(victim.id, now!.data.n + 1000);
        } else {
          const victim = seen[Math.floor(rand() * seen.length)];
          await tx.delete(victim);
          after.delete(victim.id);
        }
        if (fail) throw new Error('rolled back');
        model.set(vbrId, after);
      })
      .catch((e: Error) => {
        if (e.message !== 'rolled back') throw e;
      });
  };
  try {
    for (let turn = 0; turn < 10; turn++) await Promise.all(Array.from({ length: 30 }, (_, k) => one(turn * 30 + k)));
    assert.equal(mismatches, 0, 'reads inside transactions saw what had committed before them');
    const sql = new SqlStore(new SqliteEngine({ dir, claim: false }), recordIndexing);
    try {
      for (const vbrId of vbrs) {
        const copy = await store.list<{ n: number }>(scopeOf(vbrId));
        assert.deepEqual(copy, await sql.list(scopeOf(vbrId)));
        assert.deepEqual(
          copy.items.map((r) => [r.id, r.data.n]),
          [...model.get(vbrId)!].sort(([a], [b]) => (a < b ? -1 : 1)),
        );
      }
      // Counted per VBR as they committed: the rolled-back inserts and the deletes left no count behind.
      const holding = await store.vbrIdsWith(['BgpPeer'], ['Pending']);
      assert.deepEqual(
        holding.sort(),
        vbrs.filter((v) => model.get(v)!.size > 0),
      );
      assert.deepEqual(holding, (await sql.vbrIdsWith(['BgpPeer'], ['Pending'])).sort());
    } finally {
      await sql.close();
    }
  } finally {
    await store.close();
  }
});

test('inside batches of transactions, some rolled back, every query shape gives what SQLite gives inside the same transaction', async () => {
  const store = await ResidentStore.open(await sqlStore());
  const rand = rng(23);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const kinds: ResourceKind[] = ['BgpPeer', 'BgpGroup'];
  const accounts = ['a1', 'a2'];
  const vbrs = ['vbr-1', 'vbr-2', 'vbr-3'];
  const parents = ['g-1', 'g-2', 'g-3'];
  const statuses = ['Pending', 'Available'];
  const ids: string[] = [];
  let next = 0;
  let compared = 0;
  const query = (): ListQuery => {
    const q: ListQuery = { kind: pick(kinds) };
    if (rand() < 0.5) q.accountId = pick(accounts);
    if (rand() < 0.5) q.regionId = 'r';
    if (rand() < 0.5) q.vbrId = pick(vbrs);
    if (rand() < 0.3) q.parentId = pick(parents);
    if (rand() < 0.2) q.statuses = [pick(statuses)];
    if (rand() < 0.15 && ids.length) q.ids = [pick(ids), pick(ids), 'x-missing'];
    if (rand() < 0.5) {
      q.limit = 1 + Math.floor(rand() * 4);
      q.offset = Math.floor(rand() * 4);
    }
    return q;
  };
  const one = () =>
    store
      .transaction([], async (tx) => {
        // The oracle: SQLite itself, in the same transaction (which holds the batch's earlier writes).
        const sql = (tx as unknown as { sql: StoreReader }).sql;
        for (let w = 0; w < 3; w++) {
          const id = ids.length ? pick(ids) : '';
          const current = id ? ((await tx.get(kinds[0], id)) ?? (await tx.get(kinds[1], id))) : undefined;
          const roll = rand();
          if (roll < 0.5 || !current) {
            const fresh = `x-${String(next++).padStart(5, '0')}`;
            ids.push(fresh);
            await tx.insert({
              id: fresh,
              kind: pick(kinds),
              accountId: pick(accounts),
              regionId: 'r',
              parentId: rand() < 0.2 ? null : pick(parents),
              vbrId: rand() < 0.2 ? null : pick(vbrs),
              status: pick(statuses),
              dueAt: null,
              data: { w },
            });
          } else if (roll < 0.8) {
            await tx.update({ ...current, status: pick(statuses), data: { w, again: true } });
          } else {
            await tx.delete(current);
          }
          for (let r = 0; r < 4; r++) {
            const q = query();
            const want = await sql.list(q);
            const got = await tx.list(q);
            assert.deepEqual(got.items, want.items, JSON.stringify(q));
            if (want.items.length > 0 || (q.offset ?? 0) === 0) assert.equal(got.total, want.total, JSON.stringify(q));
            const probe = pick(ids);
            for (const kind of kinds) assert.deepEqual(await tx.get(kind, probe), await sql.get(kind, probe), `${kind} ${probe}`);
            compared++;
          }
        }
        if (rand() < 0.25) throw new Error('rolled back');
      })
      .catch((e: Error) => {
        if (e.message !== 'rolled back') throw e;
      });
  try {
    for (let batch = 0; batch < 12; batch++) await Promise.all(Array.from({ length: 8 }, one));
    assert.ok(compared > 1000, `${compared} reads compared`);
  } finally {
    await store.close();
  }
});

test('inside a transaction, the queries the copy does not answer (records referring to an id) see its own writes', async () => {
  const store = await ResidentStore.open(await sqlStore());
  try {
    const vbr: ResourceRecord<unknown> = {
      id: 'vbr-1',
      kind: 'VirtualBorderRouter',
      accountId: 'a1',
      regionId: 'r',
      parentId: 'pc-1',
      vbrId: 'vbr-1',
      status: 'active',
      dueAt: null,
      data: { associations: [{ PhysicalConnectionId: 'pc-2' }] },
    };
    const inside = await store.transaction([], async (tx) => {
      await tx.insert(vbr);
      return (await tx.list({ kind: 'VirtualBorderRouter', linkedTo: 'pc-2' })).items.map((r) => r.id);
    });
    assert.deepEqual(inside, ['vbr-1']);
    assert.deepEqual(
      (await store.list({ kind: 'VirtualBorderRouter', linkedTo: 'pc-2' })).items.map((r) => r.id),
      ['vbr-1'],
    );
  } finally {
    await store.close();
  }
});

test('records from the copy cannot be changed by a reader, nor by the writer after it wrote', async () => {
  const store = await ResidentStore.open(await sqlStore());
  try {
    const r: ResourceRecord<{ tags: string[] }> = {
      id: 'bgp-1',
      kind: 'BgpPeer',
      accountId: 'a1',
      regionId: 'r',
      parentId: null,
      vbrId: null,
      status: 'Pending',
      dueAt: null,
      data: { tags: ['a'] },
    };
    await store.transaction([], (tx) => tx.insert(r));
    r.data.tags.push('written after');
    const got = (await store.get<{ tags: string[] }>('BgpPeer', 'bgp-1'))!;
    assert.deepEqual(got.data.tags, ['a']);
    assert.throws(() => got.data.tags.push('b'), TypeError);
    assert.throws(() => {
      (got as { status: string }).status = 'Available';
    }, TypeError);
  } finally {
    await store.close();
  }
});
