import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonString, RawJson, stringifyBody } from './raw-json.js';

const AWKWARD = [
  '',
  'plain',
  'cn-hangzhou',
  'Established',
  'a b.c:d/e@f+g-h_i',
  'say "hi"',
  'back\\slash',
  'line\nbreak',
  'tab\there',
  '\u0000\u001f\u007f',
  '中文描述',
  'emoji ✓ 🚀',
  'lone \ud800 surrogate',
  '\udc00',
  '</script>',
  "it's",
  'a\u2028b',
  '%41',
];

test('jsonString gives what JSON.stringify gives, for plain and awkward strings', () => {
  for (const s of AWKWARD) assert.equal(jsonString(s), JSON.stringify(s), s);
  for (let i = 0; i < 2000; i++) {
    const s = String.fromCharCode(...Array.from({ length: 1 + (i % 12) }, () => Math.floor(Math.random() * (i % 3 ? 128 : 0x10000))));
    assert.equal(jsonString(s), JSON.stringify(s), JSON.stringify(s));
  }
});

test('stringifyBody writes RawJson values as they are and everything else as JSON.stringify would', () => {
  const inner = { BgpPeer: AWKWARD.map((s, i) => ({ Description: s, n: i, ok: i % 2 === 0 })) };
  const body = {
    RequestId: 'F6A1B0C2-AAAA-4BBB-8CCC-000000000000',
    TotalCount: 3,
    Missing: undefined,
    Peers: new RawJson(JSON.stringify(inner)),
    Tail: ['x', null],
  };
  const text = stringifyBody(body);
  assert.equal(text, JSON.stringify({ ...body, Peers: inner }));
  // Anywhere else a RawJson still serializes to its value.
  assert.equal(JSON.stringify(body), text);
  assert.equal(stringifyBody({ a: 1, b: 'two' }), '{"a":1,"b":"two"}');
});
