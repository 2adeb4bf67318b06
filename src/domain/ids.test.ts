import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isoSeconds, newId } from './ids.js';

const viaDate = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

test('isoSeconds formats like toISOString without milliseconds, across days, in any order', () => {
  const times = [
    0,
    999,
    1000,
    86_399_999,
    86_400_000,
    -1,
    -86_400_001,
    Date.UTC(2024, 1, 29, 23, 59, 59, 999),
    Date.UTC(2026, 10, 26, 0, 0, 0),
    Date.UTC(1999, 11, 31, 12, 30, 5, 250),
    1795665834718,
  ];
  for (let i = 0; i < 2000; i++) times.push(Math.floor(Math.random() * 4e12) - 1e12);
  for (const ms of [...times, ...times.reverse()]) assert.equal(isoSeconds(ms), viaDate(ms), `for ${ms}`);
});

test('isoSeconds refuses a time that is not one, as Date does', () => {
  assert.throws(() => isoSeconds(NaN), RangeError);
});

test('newId: Alibaba shape, strictly increasing within one process', () => {
  const ids = Array.from({ length: 5000 }, () => newId('bgp'));
  for (const id of ids) assert.match(id, /^bgp-[0-9a-z]{21}$/);
  for (let i = 1; i < ids.length; i++) assert.ok(ids[i - 1] < ids[i], `${ids[i - 1]} < ${ids[i]}`);
});
