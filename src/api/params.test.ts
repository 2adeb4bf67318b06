import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseParams } from './params.js';
import type { ApiError } from '../errors/api-error.js';

const specs = {
  RegionId: { type: 'string', required: true },
  PageSize: { type: 'integer' },
  Ids: { type: 'strings', maxItems: 3 },
  Filter: { type: 'objects', fields: { Key: 'string', Value: { type: 'strings', maxItems: 5 } }, maxItems: 5 },
} as const;

const parse = (entries: [string, string][]) => parseParams(specs, new Map(entries));

function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    return e as ApiError;
  }
  throw new Error('expected a refusal');
}

test('lists and objects come out in index order, with nested lists', () => {
  const p = parse([
    ['RegionId', 'cn-hangzhou'],
    ['Ids.10', 'c'],
    ['Ids.2', 'b'],
    ['Ids.1', 'a'],
    ['Filter.2.Key', 'Status'],
    ['Filter.2.Value.2', 'terminated'],
    ['Filter.2.Value.1', 'active'],
    ['Filter.1.Key', 'VbrId'],
    ['Filter.1.Value.1', 'vbr-1'],
  ]);
  assert.deepEqual(p.Ids, ['a', 'b', 'c']);
  assert.deepEqual(p.Filter, [
    { Key: 'VbrId', Value: ['vbr-1'] },
    { Key: 'Status', Value: ['active', 'terminated'] },
  ]);
});

test('names that are not N-indexed items, and a list given only as sub-keys, are handled as before', () => {
  const p = parse([
    ['RegionId', 'r'],
    ['Ids.x', 'ignored'],
    ['Filter.1.Other', 'ignored'],
  ]);
  assert.equal(p.Ids, undefined, 'no indexed item: the list is absent');
  assert.deepEqual(p.Filter, [{}], 'an indexed item without known fields is an empty object');
  assert.deepEqual(
    parse([
      ['RegionId', 'r'],
      ['Ids.1.Sub', 'x'],
    ]).Ids,
    [],
    'an index with no value of its own gives an empty list',
  );
});

test('a required parameter missing, or a number that is not one, is refused with its name', () => {
  assert.equal(refusal(() => parse([])).code, 'MissingParameter');
  const e = refusal(() =>
    parse([
      ['RegionId', 'r'],
      ['PageSize', '1x'],
    ]),
  );
  assert.equal(e.code, 'InvalidParameter');
  assert.match(e.message, /PageSize/);
});

test('more items than Alibaba allows are refused before anything else reads them', () => {
  const six = Array.from({ length: 6 }, (_, i): [string, string] => [`Filter.${i + 1}.Key`, 'VbrId']);
  const e = refusal(() => parse([['RegionId', 'r'], ...six]));
  assert.equal(e.code, 'InvalidParameter');
  assert.equal(e.status, 400);
  assert.match(e.message, /Filter\.N.*at most 5/);
  assert.equal(
    refusal(() =>
      parse([
        ['RegionId', 'r'],
        ['Ids.1', 'a'],
        ['Ids.2', 'b'],
        ['Ids.3', 'c'],
        ['Ids.4', 'd'],
      ]),
    ).code,
    'InvalidParameter',
  );
  assert.equal(parse([['RegionId', 'r'], ...six.slice(0, 5)]).Filter?.length, 5);
});

test("a list inside an object has its own cap: one filter's values, Filter.N.Value.M", () => {
  const values = (n: number) => Array.from({ length: n }, (_, i): [string, string] => [`Filter.1.Value.${i + 1}`, `v${i}`]);
  assert.deepEqual(parse([['RegionId', 'r'], ['Filter.1.Key', 'Status'], ...values(5)]).Filter?.[0].Value, ['v0', 'v1', 'v2', 'v3', 'v4']);
  const e = refusal(() => parse([['RegionId', 'r'], ['Filter.1.Key', 'Status'], ...values(6)]));
  assert.equal(e.code, 'InvalidParameter');
  assert.match(e.message, /Filter\.N\.Value\.N.*at most 5/);
});

/** A parameter map that counts how many entries its readers step through. */
class CountingMap extends Map<string, string> {
  steps = 0;
  override *entries(): MapIterator<[string, string]> {
    for (const e of super.entries()) {
      this.steps++;
      yield e;
    }
  }
  override *keys(): MapIterator<string> {
    for (const k of super.keys()) {
      this.steps++;
      yield k;
    }
  }
  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }
}

test('a request repeating a parameter thousands of times is read in one pass over its names', () => {
  // 16,000 values under one filter: reading the names once per value took seconds and held the event loop.
  const all = new CountingMap([
    ['RegionId', 'r'],
    ['Filter.1.Key', 'VbrId'],
  ]);
  for (let i = 1; i <= 16_000; i++) all.set(`Filter.1.Value.${i}`, `vbr-${i}`);
  // Values left uncapped here, so that all of them are read.
  const p = parseParams({ ...specs, Filter: { type: 'objects', fields: { Key: 'string', Value: 'strings' } } } as const, all);
  assert.equal(p.Filter?.[0].Value?.length, 16_000);
  assert.equal(p.Filter?.[0].Value?.[15_999], 'vbr-16000');
  assert.ok(all.steps <= 2 * all.size, `read ${all.steps} entries of ${all.size}`);
});
