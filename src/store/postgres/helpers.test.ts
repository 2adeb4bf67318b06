import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toPositional } from './placeholders.js';
import { parseDatabaseUrl } from './connection.js';
import { advisoryLockIds } from './lock-ids.js';

test('placeholders are numbered in order', () => {
  assert.deepEqual(toPositional('SELECT * FROM t WHERE a = ? AND b IN (?, ?) LIMIT ? OFFSET ?'), {
    text: 'SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4 OFFSET $5',
    count: 5,
  });
  assert.deepEqual(toPositional('SELECT 1'), { text: 'SELECT 1', count: 0 });
});

test('a ? inside literals, identifiers, comments and dollar quotes is text', () => {
  const cases: [string, string, number][] = [
    ["SELECT 'a?b', ? FROM t", "SELECT 'a?b', $1 FROM t", 1],
    ["SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1],
    ["SELECT E'\\' ?', ?", "SELECT E'\\' ?', $1", 1],
    ["SELECT '\\', ?", "SELECT '\\', $1", 1], // a standard string does not escape with backslash
    ['SELECT "col?" FROM t WHERE x = ?', 'SELECT "col?" FROM t WHERE x = $1', 1],
    ['SELECT ? -- why?\n, ?', 'SELECT $1 -- why?\n, $2', 2],
    ['SELECT /* a /* nested? */ b? */ ?', 'SELECT /* a /* nested? */ b? */ $1', 1],
    ['SELECT $$ ? $$, $tag$ ?$$ $tag$, ?', 'SELECT $$ ? $$, $tag$ ?$$ $tag$, $1', 1],
  ];
  for (const [sql, text, count] of cases) assert.deepEqual(toPositional(sql), { text, count }, sql);
});

test('the database URL: schema and options become startup settings; the rest goes to pg', () => {
  const s = parseDatabaseUrl('postgres://u@h:5432/db?schema=vbrd_a&sslmode=disable&options=-c%20statement_timeout%3D5000');
  assert.equal(s.schema, 'vbrd_a');
  assert.equal(s.connectionString, 'postgres://u@h:5432/db?sslmode=disable');
  assert.equal(
    s.options,
    '-c statement_timeout=5000 -c synchronous_commit=on -c idle_in_transaction_session_timeout=15000 -c search_path=vbrd_a',
  );
  const plain = parseDatabaseUrl('postgresql://h/db');
  assert.equal(plain.schema, null);
  assert.equal(plain.options, '-c synchronous_commit=on -c idle_in_transaction_session_timeout=15000');
  assert.equal(s.poolSize, null);
  assert.equal(plain.poolSize, null);
  assert.throws(() => parseDatabaseUrl('postgres://h/db?schema=a;drop'), /invalid schema/);
  assert.throws(() => parseDatabaseUrl('not a url'), /not a valid URL/);
});

test('the database URL: ?pool=N sizes the pool and is not passed on to pg', () => {
  const s = parseDatabaseUrl('postgres://u@h/db?pool=25&schema=vbrd_a&application_name=node-a');
  assert.equal(s.poolSize, 25);
  assert.equal(s.connectionString, 'postgres://u@h/db?application_name=node-a');
  for (const bad of ['0', '-1', '2.5', 'ten', '', '1001', '99999']) {
    assert.throws(() => parseDatabaseUrl(`postgres://h/db?pool=${bad}`), /invalid pool/, bad);
  }
  assert.equal(parseDatabaseUrl('postgres://h/db?pool=1000').poolSize, 1000);
});

test('lock ids: sorted, deduplicated, and scoped by schema', () => {
  const ab = advisoryLockIds('s1', ['vbr:a', 'vbr:b', 'vbr:a']);
  assert.equal(ab.length, 2);
  assert.deepEqual(advisoryLockIds('s1', ['vbr:b', 'vbr:a']), ab, 'order of keys does not matter');
  assert.ok(ab[0] < ab[1]);
  assert.notDeepEqual(advisoryLockIds('s2', ['vbr:a']), advisoryLockIds('s1', ['vbr:a']));
  for (const id of ab) assert.ok(id >= -(2n ** 63n) && id < 2n ** 63n);
});
