// The contract every Store engine must pass. Engine test files call runStoreContract with a factory
// that opens a fresh, empty store and a way to reopen the same one (to prove durability).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Store } from '../../src/store/store.js';
import type { ResourceRecord } from '../../src/store/record.js';
import { lockKeys } from '../../src/domain/lock-keys.js';

export interface StoreFactory {
  /** A new, empty store, and a function that closes nothing but opens another handle on the same data. */
  fresh(): Promise<{ store: Store; reopen: () => Promise<Store> }>;
}

let n = 0;
function peer(over: Partial<ResourceRecord<Record<string, unknown>>> = {}): ResourceRecord<Record<string, unknown>> {
  n += 1;
  return {
    id: `bgp-${String(n).padStart(21, '0')}`,
    kind: 'BgpPeer',
    accountId: 'acct-1',
    regionId: 'cn-hangzhou',
    parentId: 'bgpg-1',
    vbrId: 'vbr-1',
    status: 'Pending',
    dueAt: null,
    data: { PeerIpAddress: '192.0.2.1', EnableBfd: true, nested: { a: [1, 'x'] } },
    ...over,
  };
}

export function runStoreContract(engine: string, factory: StoreFactory): void {
  const withStore = async (fn: (s: Store, reopen: () => Promise<Store>) => Promise<void>) => {
    const { store, reopen } = await factory.fresh();
    try {
      await fn(store, reopen);
    } finally {
      await store.close();
    }
  };

  test(`${engine}: insert, get, update and delete round-trip every field`, () =>
    withStore(async (s) => {
      const r = peer({ dueAt: 1234 });
      await s.transaction([], (tx) => tx.insert(r));
      assert.deepEqual(await s.get('BgpPeer', r.id), r);
      assert.equal(await s.get('BgpGroup', r.id), undefined, 'kind is part of the key');
      const changed = { ...r, status: 'Available', dueAt: null, data: { ...r.data, EnableBfd: false } };
      await s.transaction([], (tx) => tx.update(changed));
      assert.deepEqual(await s.get('BgpPeer', r.id), changed);
      await s.transaction([], (tx) => tx.delete(r));
      assert.equal(await s.get('BgpPeer', r.id), undefined);
    }));

  test(`${engine}: list filters on the indexed columns, orders by id and pages with a true total`, () =>
    withStore(async (s) => {
      const rows = [
        peer(),
        peer(),
        peer({ vbrId: 'vbr-2', parentId: 'bgpg-2' }),
        peer({ accountId: 'acct-2' }),
        peer({ status: 'Deleting' }),
      ];
      await s.transaction([], async (tx) => {
        for (const r of [...rows].reverse()) await tx.insert(r);
      });
      const all = await s.list({ kind: 'BgpPeer', accountId: 'acct-1' });
      assert.deepEqual(
        all.items.map((r) => r.id),
        [rows[0], rows[1], rows[2], rows[4]].map((r) => r.id),
      );
      assert.equal(all.total, 4);
      const page = await s.list({ kind: 'BgpPeer', accountId: 'acct-1', limit: 2, offset: 2 });
      assert.deepEqual(
        page.items.map((r) => r.id),
        [rows[2].id, rows[4].id],
      );
      assert.equal(page.total, 4);
      const first = await s.list({ kind: 'BgpPeer', accountId: 'acct-1', limit: 1 });
      assert.equal(first.total, 4);
      const beyond = await s.list({ kind: 'BgpPeer', accountId: 'acct-1', limit: 2, offset: 10 });
      assert.deepEqual(beyond.items, []);
      assert.equal(beyond.total, 4);
      assert.equal((await s.list({ kind: 'BgpPeer', vbrId: 'vbr-2' })).total, 1);
      assert.equal((await s.list({ kind: 'BgpPeer', parentId: 'bgpg-1', accountId: 'acct-1' })).total, 3);
      assert.equal((await s.list({ kind: 'BgpPeer', ids: [rows[1].id, rows[3].id, 'bgp-none'] })).total, 2);
      assert.equal((await s.list({ kind: 'BgpPeer', ids: [] })).total, 0);
      assert.equal((await s.list({ kind: 'BgpPeer', statuses: ['Deleting'] })).items[0].id, rows[4].id);
      assert.equal((await s.list({ kind: 'BgpPeer', regionId: 'cn-shanghai' })).total, 0);
    }));

  test(`${engine}: paged totals stay exact through inserts, deletes, rollbacks and within a transaction`, () =>
    withStore(async (s) => {
      const scoped = { kind: 'BgpPeer' as const, accountId: 'acct-1', regionId: 'cn-hangzhou' };
      // A page of 1 from offset 1 makes every total come from the store's count, not from the page.
      const totals = async () =>
        Promise.all([
          s.list({ ...scoped, limit: 1, offset: 1 }),
          s.list({ ...scoped, vbrId: 'vbr-1', limit: 1, offset: 1 }),
          s.list({ ...scoped, parentId: 'bgpg-1', limit: 1, offset: 1 }),
          s.list({ ...scoped, vbrId: 'vbr-9', limit: 1, offset: 1 }),
        ]).then((rs) => rs.map((r) => r.total));
      const rows = [
        peer(),
        peer(),
        peer(),
        peer({ vbrId: 'vbr-9', parentId: 'bgpg-9' }),
        peer({ accountId: 'acct-2' }),
        peer({ regionId: 'cn-shanghai' }),
      ];
      await s.transaction([], async (tx) => {
        for (const r of rows) await tx.insert(r);
      });
      assert.deepEqual(await totals(), [4, 3, 3, 1]);
      await assert.rejects(
        s.transaction([], async (tx) => {
          await tx.insert(peer());
          await tx.delete(rows[0]);
          throw new Error('roll back');
        }),
      );
      assert.deepEqual(await totals(), [4, 3, 3, 1], 'a rolled-back transaction changes no count');
      const inside = await s.transaction([], async (tx) => {
        await tx.delete(rows[0]);
        await tx.delete(rows[3]);
        await tx.delete({ id: 'bgp-missing', vbrId: null });
        await tx.insert(peer());
        return (await tx.list({ ...scoped, limit: 1, offset: 1 })).total;
      });
      assert.equal(inside, 3, 'a transaction sees its own changes in totals');
      assert.deepEqual(await totals(), [3, 3, 3, 0]);
      const real = await s.list({ kind: 'BgpPeer', accountId: 'acct-1', regionId: 'cn-hangzhou' });
      assert.equal(real.items.length, 3);
    }));

  test(`${engine}: an update cannot move a resource to another kind, account, region, parent or VBR`, () =>
    withStore(async (s) => {
      const r = peer();
      await s.transaction([], (tx) => tx.insert(r));
      for (const moved of [{ vbrId: 'vbr-x' }, { parentId: null }, { accountId: 'acct-x' }, { regionId: 'cn-x' }]) {
        await assert.rejects(
          s.transaction([], (tx) => tx.update({ ...r, ...moved })),
          /changed/,
        );
      }
      assert.deepEqual(await s.get('BgpPeer', r.id), r);
    }));

  test(`${engine}: vbrIdsWith names each VBR holding a record of the kinds in the statuses once`, () =>
    withStore(async (s) => {
      await s.transaction([], async (tx) => {
        for (const r of [
          peer({ vbrId: 'vbr-a', status: 'Pending' }),
          peer({ vbrId: 'vbr-a', status: 'Deleting' }),
          peer({ vbrId: 'vbr-b', status: 'Available' }),
          peer({ vbrId: 'vbr-c', kind: 'BgpGroup', status: 'Modifying' }),
          peer({ vbrId: 'vbr-d', kind: 'BgpNetwork', status: 'Pending' }),
          peer({ vbrId: null, status: 'Pending' }),
        ])
          await tx.insert(r);
      });
      assert.deepEqual((await s.vbrIdsWith(['BgpPeer', 'BgpGroup'], ['Pending', 'Modifying', 'Deleting'])).sort(), ['vbr-a', 'vbr-c']);
      assert.deepEqual(await s.vbrIdsWith(['BgpPeer'], ['Available']), ['vbr-b']);
      assert.deepEqual(await s.vbrIdsWith(['BgpPeer'], []), []);
    }));

  test(`${engine}: prune drops expired nonces and day-old ClientTokens, and keeps the rest`, () =>
    withStore(async (s) => {
      const now = Date.now();
      assert.equal(await s.claimNonce('old-nonce', now + 1000), 'claimed');
      assert.equal(await s.claimNonce('live-nonce', now + 3_600_000), 'claimed');
      await s.transaction([], (tx) =>
        tx.putIdempotency('acct-1', 'CreateBgpPeer', 'tok', { paramsHash: 'h', response: { BgpPeerId: 'bgp-1' } }),
      );
      await s.prune(now + 2000);
      assert.ok(await s.getIdempotency('acct-1', 'CreateBgpPeer', 'tok'), 'a token younger than a day stays');
      assert.equal(await s.claimNonce('live-nonce', now + 3_600_000), 'used', 'an unexpired nonce stays used');
      await s.prune(now + 25 * 3600 * 1000);
      assert.equal(await s.getIdempotency('acct-1', 'CreateBgpPeer', 'tok'), undefined, 'a day-old token is dropped');
    }));

  test(`${engine}: BGP status history is kept per peer in time order, survives a reopen and is pruned after a day`, () =>
    withStore(async (s, reopen) => {
      const now = Date.now();
      const change = (peerId: string, time: number, from: string, to: string) => ({ time, accountId: '1', peerId, from, to });
      await s.transaction([], async (tx) => {
        await tx.recordBgpStatus(change('bgp-1', now - 3000, 'Idle', 'Connect'));
        await tx.recordBgpStatus(change('bgp-2', now - 2800, 'Idle', 'Established'));
        await tx.recordBgpStatus(change('bgp-1', now - 2000, 'Connect', 'Established'));
        await tx.recordBgpStatus(change('bgp-1', now - 1000, 'Established', 'Idle'));
      });
      await assert.rejects(
        s.transaction([], async (tx) => {
          await tx.recordBgpStatus(change('bgp-1', now, 'Idle', 'Active'));
          throw new Error('rolled back');
        }),
      );
      const again = await reopen();
      try {
        assert.deepEqual(
          (await again.listBgpStatusHistory({ peerId: 'bgp-1' })).map((c) => `${c.from}>${c.to}`),
          ['Idle>Connect', 'Connect>Established', 'Established>Idle'],
          'in time order, without the rolled-back one',
        );
        assert.deepEqual(await again.listBgpStatusHistory({ peerId: 'bgp-1', since: now - 2000, limit: 1 }), [
          change('bgp-1', now - 1000, 'Established', 'Idle'),
        ]);
        assert.equal((await again.listBgpStatusHistory({ peerId: 'bgp-1', limit: 2 }))[0]!.to, 'Established', 'the latest two');
      } finally {
        await again.close();
      }
      await s.prune(now + 24 * 3600 * 1000 - 2500);
      assert.deepEqual(
        (await s.listBgpStatusHistory({ peerId: 'bgp-1' })).map((c) => c.to),
        ['Established', 'Idle'],
        'changes older than a day are dropped',
      );
      assert.deepEqual(await s.listBgpStatusHistory({ peerId: 'bgp-2' }), []);
    }));

  test(`${engine}: clearing the BGP status history forgets one account's transitions, or everyone's`, () =>
    withStore(async (s) => {
      const change = (accountId: string, peerId: string) => ({ time: Date.now(), accountId, peerId, from: 'Idle', to: 'Established' });
      await s.transaction([], async (tx) => {
        await tx.recordBgpStatus(change('1', 'bgp-a'));
        await tx.recordBgpStatus(change('2', 'bgp-b'));
      });
      await s.clearBgpStatusHistory('1');
      assert.deepEqual(await s.listBgpStatusHistory({ peerId: 'bgp-a' }), [], "account 1's timeline is gone");
      assert.equal((await s.listBgpStatusHistory({ peerId: 'bgp-b' })).length, 1, "account 2's timeline stays");
      await s.clearBgpStatusHistory();
      assert.deepEqual(await s.listBgpStatusHistory({ peerId: 'bgp-b' }), [], 'a whole clear forgets every timeline');
    }));

  test(`${engine}: a failed transaction leaves nothing behind and does not disturb others`, () =>
    withStore(async (s) => {
      const good = peer();
      const bad = peer();
      const results = await Promise.allSettled([
        s.transaction([], async (tx) => {
          await tx.insert(bad);
          throw new Error('domain rule');
        }),
        s.transaction([], (tx) => tx.insert(good)),
      ]);
      assert.equal(results[0].status, 'rejected');
      assert.equal(results[1].status, 'fulfilled');
      assert.equal(await s.get('BgpPeer', bad.id), undefined);
      assert.ok(await s.get('BgpPeer', good.id));
    }));

  test(`${engine}: transactions on one lock key never interleave (read-modify-write stays exact)`, () =>
    withStore(async (s) => {
      const counter = peer({ data: { count: 0 } });
      await s.transaction([], (tx) => tx.insert(counter));
      await Promise.all(
        Array.from({ length: 40 }, () =>
          s.transaction([lockKeys.vbr('vbr-1')], async (tx) => {
            const cur = await tx.get<{ count: number }>('BgpPeer', counter.id);
            await tx.update({ ...cur!, data: { count: cur!.data.count + 1 } });
          }),
        ),
      );
      assert.equal((await s.get<{ count: number }>('BgpPeer', counter.id))!.data.count, 40);
    }));

  test(`${engine}: idempotency entries are kept per account, action and token`, () =>
    withStore(async (s) => {
      await s.transaction([], (tx) =>
        tx.putIdempotency('acct-1', 'CreateBgpPeer', 'tok', { paramsHash: 'h1', response: { BgpPeerId: 'bgp-x' } }),
      );
      assert.deepEqual(await s.getIdempotency('acct-1', 'CreateBgpPeer', 'tok'), { paramsHash: 'h1', response: { BgpPeerId: 'bgp-x' } });
      assert.equal(await s.getIdempotency('acct-2', 'CreateBgpPeer', 'tok'), undefined);
      assert.equal(await s.getIdempotency('acct-1', 'CreateBgpGroup', 'tok'), undefined);
      await assert.rejects(
        s.transaction([], (tx) => tx.putIdempotency('acct-1', 'CreateBgpPeer', 'tok', { paramsHash: 'h2', response: {} })),
      );
    }));

  test(`${engine}: ClientTokens are listed and replaced per account or whole, keeping their age`, () =>
    withStore(async (s) => {
      await s.transaction([], async (tx) => {
        await tx.putIdempotency('acct-1', 'CreateBgpPeer', 'a', { paramsHash: 'h', response: { BgpPeerId: 'bgp-a' } });
        await tx.putIdempotency('acct-2', 'CreateBgpPeer', 'b', { paramsHash: 'h', response: { BgpPeerId: 'bgp-b' } });
      });
      assert.deepEqual(
        (await s.listClientTokens()).map((t) => t.token),
        ['a', 'b'],
      );
      const [mine] = await s.listClientTokens('acct-1');
      assert.equal(mine.action, 'CreateBgpPeer');
      assert.deepEqual(mine.response, { BgpPeerId: 'bgp-a' });
      assert.equal((await s.tableSizes()).clientTokens, 2);
      await s.replaceClientTokens('acct-1', [{ ...mine, token: 'c', createdAt: 5 }]);
      assert.deepEqual(
        (await s.listClientTokens()).map((t) => [t.accountId, t.token, t.createdAt === 5]),
        [
          ['acct-1', 'c', true],
          ['acct-2', 'b', false],
        ],
      );
      await s.replaceClientTokens(undefined, []);
      assert.deepEqual(await s.listClientTokens(), []);
    }));

  test(`${engine}: clearNonces forgets every nonce, also after a reopen`, () =>
    withStore(async (s, reopen) => {
      const now = Date.now();
      assert.equal(await s.claimNonce('c-1', now + 60_000), 'claimed');
      await s.transaction([], async () => undefined);
      assert.equal((await s.tableSizes()).nonces, 1);
      await s.clearNonces();
      assert.equal((await s.tableSizes()).nonces, 0);
      const other = await reopen();
      try {
        assert.equal(await other.claimNonce('c-1', now + 60_000), 'claimed');
      } finally {
        await other.close();
      }
    }));

  test(`${engine}: a nonce is accepted once until it expires, also after a reopen`, () =>
    withStore(async (s, reopen) => {
      const now = Date.now();
      assert.equal(await s.claimNonce('n-1', now + 60_000), 'claimed');
      assert.equal(await s.claimNonce('n-1', now + 60_000), 'used');
      assert.equal(await s.claimNonce('n-old', now - 1), 'claimed');
      assert.equal(await s.claimNonce('n-old', now + 60_000), 'claimed', 'an expired nonce may be used again');
      await s.transaction([], async () => undefined); // the nonce writes ride on a commit
      const other = await reopen();
      try {
        assert.equal(await other.claimNonce('n-1', now + 60_000), 'used');
      } finally {
        await other.close();
      }
    }));

  test(`${engine}: due() returns what the lifecycle must look at, oldest first`, () =>
    withStore(async (s) => {
      const now = Date.now();
      const a = peer({ dueAt: now - 10 });
      const b = peer({ dueAt: now - 20 });
      const later = peer({ dueAt: now + 60_000 });
      await s.transaction([], async (tx) => {
        for (const r of [a, b, later, peer()]) await tx.insert(r);
      });
      assert.deepEqual(
        (await s.due(now, 10)).map((r) => r.id),
        [b.id, a.id],
      );
      assert.deepEqual(
        (await s.due(now, 1)).map((r) => r.id),
        [b.id],
      );
    }));

  test(`${engine}: a lease has one holder until it expires or is released`, () =>
    withStore(async (s) => {
      assert.equal(await s.acquireLease('speaker:sim', 'node-a', 200), true);
      assert.equal(await s.acquireLease('speaker:sim', 'node-b', 200), false);
      assert.equal(await s.acquireLease('speaker:sim', 'node-a', 200), true, 'the holder renews');
      await new Promise((r) => setTimeout(r, 250));
      assert.equal(await s.acquireLease('speaker:sim', 'node-b', 200), true, 'an expired lease passes on');
      await s.releaseLease('speaker:sim', 'node-b');
      assert.equal(await s.acquireLease('speaker:sim', 'node-a', 200), true);
    }));

  test(`${engine}: leaseHolders names the holder of each lease that is held, and none expired or released`, () =>
    withStore(async (s) => {
      assert.deepEqual(await s.leaseHolders(['a', 'b']), new Map());
      assert.equal(await s.acquireLease('a', 'node-a', 200), true);
      assert.equal(await s.acquireLease('b', 'node-b', 10_000), true);
      assert.deepEqual(
        await s.leaseHolders(['a', 'b', 'c']),
        new Map([
          ['a', 'node-a'],
          ['b', 'node-b'],
        ]),
      );
      await new Promise((r) => setTimeout(r, 250));
      assert.deepEqual(await s.leaseHolders(['a', 'b']), new Map([['b', 'node-b']]), 'an expired lease has no holder');
      await s.releaseLease('b', 'node-b');
      assert.deepEqual(await s.leaseHolders(['b']), new Map());
    }));

  test(`${engine}: the audit trail filters by account, action and decision`, () =>
    withStore(async (s) => {
      const base = { principal: 'alice', resource: 'acs:vpc:cn-hangzhou:1:virtualborderrouter/vbr-1', code: 'OK', sourceIp: '127.0.0.1' };
      await s.transaction([], async (tx) => {
        await tx.audit({ ...base, time: 1, accountId: '1', action: 'vpc:CreateBgpPeer', decision: 'Allow', requestId: 'R1' });
        await tx.audit({
          ...base,
          time: 2,
          accountId: '1',
          action: 'vpc:DeleteBgpPeer',
          decision: 'ImplicitDeny',
          code: 'Forbidden.RAM',
          requestId: 'R2',
        });
        await tx.audit({ ...base, time: 3, accountId: '2', action: 'vpc:CreateBgpPeer', decision: 'Allow', requestId: 'R3' });
      });
      assert.deepEqual(
        (await s.listAudit({ accountId: '1' })).map((e) => e.requestId),
        ['R1', 'R2'],
      );
      assert.deepEqual(
        (await s.listAudit({ decision: 'ImplicitDeny' })).map((e) => e.code),
        ['Forbidden.RAM'],
      );
      assert.deepEqual(
        (await s.listAudit({ action: 'vpc:CreateBgpPeer', since: 2 })).map((e) => e.requestId),
        ['R3'],
      );
      assert.deepEqual(
        (await s.listAudit({ limit: 2, latest: true })).map((e) => e.requestId),
        ['R2', 'R3'],
        'the latest two, oldest first',
      );
    }));

  test(`${engine}: quota keys are counted per key and per account and prefix, and follow every write`, () =>
    withStore(async (s) => {
      const bfd = (device: string, over: Partial<ResourceRecord<Record<string, unknown>>> = {}) =>
        peer({ data: { EnableBfd: true, accessDeviceId: device }, ...over });
      const a1 = bfd('dev-a');
      const a2 = bfd('dev-a', { accountId: 'acct-2' });
      const b1 = bfd('dev-b');
      const counts = async (r: Pick<Store, 'countQuotaKey'> = s) => [
        await r.countQuotaKey({ key: 'bfd|dev-a' }),
        await r.countQuotaKey({ key: 'bfd|dev-b' }),
        await r.countQuotaKey({ keyPrefix: 'bfd|', accountId: 'acct-1' }),
        await r.countQuotaKey({ keyPrefix: 'bfd|', accountId: 'acct-2' }),
      ];
      await s.transaction([], async (tx) => {
        for (const r of [
          a1,
          a2,
          b1,
          bfd('dev-a', { status: 'Deleting' }),
          peer({ data: { EnableBfd: false, accessDeviceId: 'dev-a' } }),
          bfd('dev-a', { kind: 'BgpGroup' }),
          bfd('dev-ab'),
        ])
          await tx.insert(r);
        assert.deepEqual(await counts(tx), [2, 1, 3, 1], 'a transaction sees its own writes');
      });
      assert.deepEqual(await counts(), [2, 1, 3, 1], 'only live BFD peers hold a key; "bfd|dev-ab" is not "bfd|dev-a"');
      await s.transaction([], (tx) => tx.update({ ...a1, data: { ...a1.data, EnableBfd: false } }));
      assert.deepEqual(await counts(), [1, 1, 2, 1], 'turning BFD off frees the session');
      await s.transaction([], (tx) => tx.update({ ...b1, status: 'Deleting' }));
      assert.deepEqual(await counts(), [1, 0, 1, 1], 'a peer being deleted holds none');
      await s.transaction([], (tx) => tx.delete(a2));
      assert.deepEqual(await counts(), [0, 0, 1, 0]);
    }));

  test(`${engine}: list finds the records that refer to an id, and follows their updates and deletes`, () =>
    withStore(async (s) => {
      const vbr = (id: string, circuits: string[]) =>
        peer({
          id,
          kind: 'VirtualBorderRouter',
          parentId: 'pc-own',
          vbrId: id,
          data: { associations: circuits.map((c) => ({ PhysicalConnectionId: c, VlanId: 10 })) },
        });
      const a = vbr('vbr-a', ['pc-1', 'pc-2']);
      const b = vbr('vbr-b', ['pc-2']);
      const linked = async (target: string, r: Pick<Store, 'list'> = s) =>
        (await r.list({ kind: 'VirtualBorderRouter', linkedTo: target })).items.map((x) => x.id);
      await s.transaction([], async (tx) => {
        for (const r of [a, b, vbr('vbr-c', []), peer({ data: { associations: [{ PhysicalConnectionId: 'pc-1' }] } })]) await tx.insert(r);
        assert.deepEqual(await linked('pc-2', tx), ['vbr-a', 'vbr-b'], 'a transaction sees its own links');
      });
      assert.deepEqual(await linked('pc-1'), ['vbr-a'], 'only kinds that link are indexed');
      assert.deepEqual(await linked('pc-own'), [], 'the parent is not a link');
      const page = await s.list({ kind: 'VirtualBorderRouter', linkedTo: 'pc-2', limit: 1 });
      assert.deepEqual([page.items.map((x) => x.id), page.total], [['vbr-a'], 2]);
      await s.transaction([], (tx) => tx.update({ ...a, data: { associations: [{ PhysicalConnectionId: 'pc-3', VlanId: 10 }] } }));
      assert.deepEqual([await linked('pc-1'), await linked('pc-2'), await linked('pc-3')], [[], ['vbr-b'], ['vbr-a']]);
      await s.transaction([], (tx) => tx.delete(b));
      assert.deepEqual(await linked('pc-2'), []);
    }));

  test(`${engine}: an acknowledged transaction survives reopening the store`, () =>
    withStore(async (s, reopen) => {
      const r = peer();
      await s.transaction([], (tx) => tx.insert(r));
      const other = await reopen();
      try {
        assert.deepEqual(await other.get('BgpPeer', r.id), r);
      } finally {
        await other.close();
      }
    }));
}
